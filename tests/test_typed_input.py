"""The bounds of typed input: one date window, one parser of posted numbers, one-line text."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django import forms
from django.utils import translation

from hotseat.typed_input import (
    DATE_WINDOW_MESSAGE,
    LARGEST_INT,
    SingleLineField,
    WindowDateField,
    WindowDateTimeField,
    posted_int,
    printable_line,
)


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("0", 0),
        ("42", 42),
        (str(LARGEST_INT), LARGEST_INT),
        ("²", None),  # "²".isdigit() is True, int("²") raises
        ("١٢", None),  # Arabic-Indic digits: int() reads them, an id never has them
        ("9" * 5000, None),  # past Python's int-string limit
        (str(LARGEST_INT + 1), None),  # past the database's integer range
        ("-1", None),
        (" 1", None),
        ("", None),
        (None, None),
    ],
)
def test_posted_int_reads_ascii_digits_within_the_database_range(raw, number):
    assert posted_int(raw) == number


def test_posted_int_with_a_smaller_bound_refuses_above_it():
    assert posted_int("1441", largest=1440) is None


@pytest.mark.parametrize("typed", ["9999-12-31", "0001-01-01", "1999-12-31", "2101-01-01"])
def test_window_date_field_refuses_a_far_date_naming_the_bounds(typed):
    field = WindowDateField()

    with pytest.raises(forms.ValidationError) as refused:
        field.clean(typed)

    assert refused.value.messages == [DATE_WINDOW_MESSAGE]


def test_window_date_field_takes_a_date_in_the_window():
    assert WindowDateField().clean("2100-12-31") == date(2100, 12, 31)


@pytest.mark.parametrize("typed", ["9999-12-31 23:59", "0001-01-01 00:00"])
def test_window_datetime_field_refuses_a_far_time(settings, typed):
    settings.TIME_ZONE = "UTC"

    with pytest.raises(forms.ValidationError) as refused:
        WindowDateTimeField().clean(typed)

    assert DATE_WINDOW_MESSAGE in refused.value.messages


def test_window_datetime_field_takes_a_time_in_the_window(settings):
    settings.TIME_ZONE = "UTC"

    assert WindowDateTimeField().clean("2027-03-02 12:00") == datetime(2027, 3, 2, 12, tzinfo=UTC)


def test_single_line_field_turns_line_breaks_into_spaces():
    assert SingleLineField().clean("Growing\r\na forum\tfast\u2028now") == "Growing a forum fast now"


@pytest.mark.parametrize("typed", ["a\x00b", "bell\x07"])
def test_single_line_field_refuses_control_characters_with_one_message(typed):
    with pytest.raises(forms.ValidationError) as refused:
        SingleLineField().clean(typed)
    assert refused.value.messages == [
        "Remove the invisible control characters from this text (they were pasted in with it)."
    ]


def test_printable_line_drops_every_control_character():
    assert printable_line("a\r\nb\x00c\x1bd") == "a bcd"


def test_the_bounds_and_the_control_characters_are_told_in_french_and_in_english():
    def refusal(field: forms.Field, typed: str) -> list[str]:
        with pytest.raises(forms.ValidationError) as refused:
            field.clean(typed)
        return refused.value.messages  # words the lazy message in the active language

    with translation.override("fr"):
        assert refusal(WindowDateField(), "2101-01-01") == [
            "Choisissez une date entre le 1er janvier 2000 et le 31 décembre 2100."
        ]
        assert refusal(SingleLineField(), "Cohorte\x00de janvier") == [
            "Retirez de ce texte les caractères de contrôle invisibles (ils ont été collés avec lui)."
        ]
    with translation.override("en"):
        assert refusal(WindowDateField(), "2101-01-01") == ["Pick a date from 1 January 2000 to 31 December 2100."]
