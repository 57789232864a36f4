from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotseat.scheduling import SchedulingError
from hotseat.scheduling.clock import day_start, utc_datetime
from hotseat.scheduling.zones import known_zones, load_zone, timeline
from tests.scheduling.strategies import PROPERTY, zones


def resolve(zone: str, day: date, minute: int) -> tuple[datetime, str, str]:
    line = timeline(zone, day - timedelta(days=3), day + timedelta(days=4))
    utc, resolution = line.to_utc(day_start(day) + minute)
    return utc_datetime(utc), resolution, line.abbreviation(utc)


def test_to_utc_gap_reads_with_offset_before_the_jump():
    # Paris 28 March 2027: 02:00 CET jumps to 03:00 CEST.
    start, resolution, abbreviation = resolve("Europe/Paris", date(2027, 3, 28), 2 * 60 + 30)

    assert start == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    assert resolution == "gap"
    assert start.astimezone(ZoneInfo("Europe/Paris")).time() == time(3, 30)
    assert abbreviation == "CEST"


def test_to_utc_fold_takes_the_first_of_two():
    # New York 7 November 2027: 02:00 EDT falls back to 01:00 EST.
    start, resolution, abbreviation = resolve("America/New_York", date(2027, 11, 7), 60 + 30)

    assert start == datetime(2027, 11, 7, 5, 30, tzinfo=UTC)
    assert resolution == "fold"
    assert abbreviation == "EDT"


@pytest.mark.parametrize(
    ("zone", "day", "hhmm", "expected"),
    [
        ("Europe/Paris", date(2027, 3, 28), (1, 59), "exact"),
        ("Europe/Paris", date(2027, 3, 28), (3, 0), "exact"),
        ("America/New_York", date(2027, 11, 7), (0, 59), "exact"),
        ("America/New_York", date(2027, 11, 7), (2, 0), "exact"),
        ("Australia/Sydney", date(2027, 10, 3), (2, 15), "gap"),
        ("Australia/Sydney", date(2027, 4, 4), (2, 15), "fold"),
        ("Australia/Lord_Howe", date(2027, 10, 3), (2, 15), "gap"),
        ("Australia/Lord_Howe", date(2027, 10, 3), (2, 30), "exact"),
        ("Asia/Kathmandu", date(2027, 3, 28), (2, 30), "exact"),
    ],
)
def test_to_utc_edges_of_gap_and_fold(zone, day, hhmm, expected):
    _, resolution, _ = resolve(zone, day, hhmm[0] * 60 + hhmm[1])

    assert resolution == expected


def test_timeline_abbreviation_of_quarter_hour_zone():
    _, _, abbreviation = resolve("Asia/Kathmandu", date(2027, 3, 3), 12 * 60)

    assert abbreviation == "+0545"


def test_load_zone_unknown_names_the_zone():
    with pytest.raises(SchedulingError, match="Unknown time zone 'Europe/Pariss'"):
        load_zone("Europe/Pariss")


@pytest.mark.parametrize("name", ["", "Europe", "localtime", "../etc/passwd", "Europe/Paris\x00", "CEST"])
def test_load_zone_refuses_names_that_are_no_iana_zone(name):
    with pytest.raises(SchedulingError, match="Unknown time zone"):
        load_zone(name)


def test_timeline_refuses_offsets_that_are_not_whole_minutes():
    # Paris kept its local mean time (+00:09:21) until 1911.
    with pytest.raises(SchedulingError, match="not a whole number of minutes"):
        timeline("Europe/Paris", date(1900, 1, 1), date(1900, 2, 1))


@PROPERTY
@given(
    zone=st.sampled_from(sorted(known_zones())),
    day=st.dates(min_value=date(1990, 1, 1), max_value=date(2037, 12, 31)),
    minute=st.integers(0, 1439),
)
def test_to_utc_matches_zoneinfo_fold_zero(zone, day, minute):
    start, resolution, abbreviation = resolve(zone, day, minute)

    wall = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=ZoneInfo(zone))
    assert start == wall.astimezone(UTC)
    round_trip = start.astimezone(ZoneInfo(zone))
    assert abbreviation == round_trip.tzname()
    in_gap = round_trip.replace(tzinfo=None) != wall.replace(tzinfo=None)
    in_fold = not in_gap and wall.replace(fold=1).astimezone(UTC) != start
    assert resolution == ("gap" if in_gap else "fold" if in_fold else "exact")


@PROPERTY
@given(
    zone=zones, day=st.dates(min_value=date(2000, 1, 1), max_value=date(2037, 12, 31)), minute=st.integers(0, 3 * 1440)
)
def test_timeline_offset_matches_zoneinfo_at_every_instant(zone, day, minute):
    line = timeline(zone, day - timedelta(days=1), day + timedelta(days=4))
    instant = day_start(day) + minute

    expected = utc_datetime(instant).astimezone(ZoneInfo(zone))
    offset = expected.utcoffset()
    assert offset is not None
    assert line.offset(instant) == offset.total_seconds() // 60
    assert line.abbreviation(instant) == expected.tzname()
