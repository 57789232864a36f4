"""The scheduling core's errors in the reader's language: a template and params, worded by hotseat.core_messages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from hotseat.core_messages import in_language
from hotseat.scheduling import SchedulingError, Window
from hotseat.scheduling.availability import Availability
from hotseat.scheduling.clock import parse_wall_time
from hotseat.scheduling.errors import gettext_noop
from hotseat.scheduling.slots import check_cohort, check_duration
from hotseat.scheduling.zones import load_zone

NBSP = "\u00a0"


def refusal(make) -> SchedulingError:
    with pytest.raises(SchedulingError) as raised:
        make()
    return raised.value


def in_french(error: Exception) -> str:
    with translation.override("fr"):
        return in_language(error)


def test_gettext_noop_marks_and_returns_its_argument():
    assert gettext_noop("A meeting must last at least a minute, not {minutes}.") == (
        "A meeting must last at least a minute, not {minutes}."
    )


def test_a_time_of_day_that_does_not_parse():
    error = refusal(lambda: parse_wall_time("18h30"))

    assert str(error) == "'18h30' is not a time of day: write it as HH:MM, e.g. 18:30."
    assert error.params == {"value": "18h30"}
    assert in_french(error) == f"'18h30' n'est pas une heure{NBSP}: écrivez-la sous la forme HH:MM, par exemple 18:30."
    with translation.override("en"):
        assert in_language(error) == str(error)


def test_a_time_with_seconds_in_french():
    error = refusal(lambda: parse_wall_time(dt.time(18, 30, 15)))

    assert str(error) == "18:30:15 is not a whole minute: give hours and minutes only."
    assert in_french(error) == (
        f"18:30:15 n'est pas une minute entière{NBSP}: indiquez seulement les heures et les minutes."
    )


def test_a_window_across_midnight_names_both_weekdays_in_french():
    error = refusal(lambda: Window(1, 22 * 60, 2 * 60))

    assert str(error) == "Tuesday 22:00–02:00 crosses midnight: enter Tuesday 22:00–24:00 and Wednesday 00:00–02:00."
    assert error.params["weekday"] == 1
    assert error.params["next_weekday"] == 2
    assert in_french(error) == (
        f"La plage du mardi 22:00–02:00 passe minuit{NBSP}: saisissez mardi 22:00–24:00 et mercredi 00:00–02:00."
    )


def test_overlapping_and_empty_windows_in_french():
    overlap = refusal(lambda: Availability("Europe/Paris", (Window(4, 540, 720), Window(4, 660, 780))))
    empty = refusal(lambda: Window(6, 600, 600))

    assert str(overlap) == "Friday 09:00–12:00 overlaps Friday 11:00–13:00: join them into one window or move one."
    assert in_french(overlap) == (
        f"La plage du vendredi 09:00–12:00 chevauche celle du vendredi 11:00–13:00{NBSP}:"
        " réunissez-les en une seule plage ou déplacez-en une."
    )
    assert str(empty) == "Sunday 10:00–10:00 is empty."
    assert in_french(empty) == "La plage du dimanche 10:00–10:00 est vide."


def test_an_unknown_time_zone_with_its_suggestion_in_french():
    error = refusal(lambda: load_zone("Europe/Pariss"))

    assert in_french(error) == (
        f"Fuseau horaire inconnu 'Europe/Pariss'{NBSP}: utilisez un nom IANA comme Europe/Paris ou America/New_York."
    )


@pytest.mark.parametrize(
    ("make", "english", "french"),
    [
        (lambda: check_cohort(dt.date(2026, 1, 5), 0), "not 0.", "Une cohorte dure de 1 à"),
        (lambda: check_duration(0), "at least a minute, not 0.", "Un appel doit durer au moins une minute, pas 0."),
        (lambda: check_duration(300), "not 300.", "Un appel dure au plus 4 heures (240 minutes), pas 300."),
    ],
)
def test_weeks_and_durations_out_of_range_in_french(make, english, french):
    error = refusal(make)

    assert str(error).endswith(english)
    assert in_french(error).startswith(french)


def test_a_programmers_error_has_no_template_and_stays_english():
    error = refusal(lambda: Availability("Europe/Paris", ("lundi",)))

    assert error.template is None
    assert in_french(error) == str(error)
