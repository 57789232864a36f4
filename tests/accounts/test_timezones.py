from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import timezone

from hotseat.accounts.timezones import on_clock, validate_time_zone, zone, zone_names


@pytest.mark.parametrize("name", ["Europe/Paris", "America/New_York", "Asia/Kathmandu", "Australia/Lord_Howe", "UTC"])
def test_validate_time_zone_accepts_iana_names(name):
    validate_time_zone(name)


@pytest.mark.parametrize("name", ["", "Paris", "Europe/Pari", "CEST", "+02:00", "../../etc/passwd", "Europe/Paris\x00"])
def test_validate_time_zone_refuses_unknown(name):
    with pytest.raises(ValidationError):
        validate_time_zone(name)


def test_zone_names_hide_legacy_aliases():
    names = zone_names()
    assert "Europe/Paris" in names
    assert "US/Pacific" not in names
    assert "EST5EDT" not in names


@pytest.mark.parametrize("name", ["EST", "EST5EDT", "US/Pacific", "GMT"])
def test_validate_time_zone_refuses_names_without_a_place(name):
    with pytest.raises(ValidationError):
        validate_time_zone(name)


# The fall-back night: 01:30 happens twice in New York on Sunday 7 November 2027.
FIRST_0130, SECOND_0130 = datetime(2027, 11, 7, 5, 30, tzinfo=UTC), datetime(2027, 11, 7, 6, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "words"), [(FIRST_0130, "Sunday 7 November, 01:30 EDT"), (SECOND_0130, "Sunday 7 November, 01:30 EST")]
)
def test_on_clock_names_the_abbreviation_of_each_of_the_two_ambiguous_hours(moment, words):
    assert on_clock(moment, "l j F, H:i", zone("America/New_York")) == words


def test_on_clock_uses_the_active_zone_and_an_offset_where_the_zone_has_no_letters():
    with timezone.override(zone("Asia/Kathmandu")):
        assert on_clock(SECOND_0130, "H:i") == "12:15 +0545"


def test_zoned_filter_prints_the_abbreviation_in_the_fold_on_the_viewers_clock():
    template = Template('{% load zones %}{{ first|zoned:"l j F, H:i" }} / {{ second|zoned:"H:i" }}')

    with timezone.override(zone("America/New_York")):
        rendered = template.render(Context({"first": FIRST_0130, "second": SECOND_0130}))

    assert rendered == "Sunday 7 November, 01:30 EDT / 01:30 EST"
