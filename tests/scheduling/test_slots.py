from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotseat.scheduling import SchedulingError, Slot, cohort_dates, occurrences
from tests.scheduling.strategies import PROPERTY, cohort_starts, weekdays, zones


def test_cohort_dates_one_per_week_from_start():
    # 3 March 2027 is a Wednesday; the cohort starts on Monday 1 March.
    assert cohort_dates(date(2027, 3, 1), 3, 2) == [date(2027, 3, 3), date(2027, 3, 10), date(2027, 3, 17)]


def test_cohort_dates_weekday_before_start_falls_in_the_first_week():
    # Starting on a Thursday, the first Monday of the cohort is the following Monday.
    assert cohort_dates(date(2027, 3, 4), 2, 0) == [date(2027, 3, 8), date(2027, 3, 15)]


def test_cohort_dates_start_itself_counts():
    assert cohort_dates(date(2027, 3, 4), 1, 3) == [date(2027, 3, 4)]


def test_occurrences_new_york_noon_moves_in_utc_with_us_clocks():
    found = occurrences(Slot(2, 12 * 60, "America/New_York"), date(2027, 3, 1), 3, 90)

    assert [(o.number, o.date, o.start, o.end, o.wall_time, o.resolution) for o in found] == [
        (
            1,
            date(2027, 3, 3),
            datetime(2027, 3, 3, 17, tzinfo=UTC),
            datetime(2027, 3, 3, 18, 30, tzinfo=UTC),
            "12:00",
            "exact",
        ),
        (
            2,
            date(2027, 3, 10),
            datetime(2027, 3, 10, 17, tzinfo=UTC),
            datetime(2027, 3, 10, 18, 30, tzinfo=UTC),
            "12:00",
            "exact",
        ),
        (
            3,
            date(2027, 3, 17),
            datetime(2027, 3, 17, 16, tzinfo=UTC),
            datetime(2027, 3, 17, 17, 30, tzinfo=UTC),
            "12:00",
            "exact",
        ),
    ]


def test_occurrences_spring_forward_gap_moves_the_call_later_by_the_gap():
    # Sunday 28 March 2027, Paris: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist.
    found = occurrences(Slot(6, 2 * 60 + 30, "Europe/Paris"), date(2027, 3, 15), 3)

    assert [(o.date, o.start, o.wall_time, o.resolution) for o in found] == [
        (date(2027, 3, 21), datetime(2027, 3, 21, 1, 30, tzinfo=UTC), "02:30", "exact"),
        (date(2027, 3, 28), datetime(2027, 3, 28, 1, 30, tzinfo=UTC), "03:30", "gap"),
        (date(2027, 4, 4), datetime(2027, 4, 4, 0, 30, tzinfo=UTC), "02:30", "exact"),
    ]


def test_occurrences_fall_back_fold_takes_the_first_one_thirty():
    # Sunday 7 November 2027, New York: 01:30 happens at 05:30 UTC (EDT), then at 06:30 UTC (EST).
    found = occurrences(Slot(6, 60 + 30, "America/New_York"), date(2027, 11, 1), 2)

    assert [(o.date, o.start, o.wall_time, o.resolution) for o in found] == [
        (date(2027, 11, 7), datetime(2027, 11, 7, 5, 30, tzinfo=UTC), "01:30", "fold"),
        (date(2027, 11, 14), datetime(2027, 11, 14, 6, 30, tzinfo=UTC), "01:30", "exact"),
    ]


@pytest.mark.parametrize(
    ("weekday", "minute", "zone", "message"),
    [
        (7, 600, "UTC", "weekday is 0 \\(Monday\\) to 6 \\(Sunday\\), not 7"),
        (0, 1440, "UTC", "minute of the day is 0 to 1439, not 1440"),
        (0, -1, "UTC", "not -1"),
        (0, 600, "America/NewYork", "Unknown time zone 'America/NewYork'"),
    ],
)
def test_slot_refuses_bad_values(weekday, minute, zone, message):
    with pytest.raises(SchedulingError, match=message):
        Slot(weekday, minute, zone)


@pytest.mark.parametrize(
    ("weeks", "duration", "message"),
    [
        (0, 60, "1 to 104 weeks, not 0"),
        (105, 60, "1 to 104 weeks, not 105"),
        (10, 0, "at least a minute, not 0"),
        (10, -30, "at least a minute, not -30"),
        (10, 241, "at most 4 hours \\(240 minutes\\), not 241"),
    ],
)
def test_occurrences_refuse_bad_weeks_and_lengths(weeks, duration, message):
    with pytest.raises(SchedulingError, match=message):
        occurrences(Slot(0, 600, "UTC"), date(2027, 3, 1), weeks, duration)


@pytest.mark.parametrize("start", [date(1969, 12, 31), date(2200, 1, 1), date.max])
def test_cohort_dates_refuse_a_start_out_of_range(start):
    with pytest.raises(SchedulingError, match="A cohort starts between 1970 and 2199"):
        cohort_dates(start, 10, 0)


def test_cohort_dates_refuse_a_datetime_start():
    with pytest.raises(SchedulingError, match="starts on a date"):
        cohort_dates(datetime(2027, 3, 1, tzinfo=UTC), 10, 0)


@PROPERTY
@given(
    zone=zones,
    weekday=weekdays,
    minute=st.integers(0, 1439),
    start=cohort_starts,
    weeks=st.integers(1, 30),
)
def test_occurrences_keep_the_wall_time_except_in_the_gap(zone, weekday, minute, start, weeks):
    tz = ZoneInfo(zone)

    found = occurrences(Slot(weekday, minute, zone), start, weeks)

    for occurrence in found:
        local = occurrence.start.astimezone(tz)
        wall = datetime.combine(occurrence.date, time(minute // 60, minute % 60))
        assert occurrence.start.tzinfo is UTC
        assert occurrence.end - occurrence.start == timedelta(minutes=60)
        assert occurrence.wall_time == local.strftime("%H:%M")
        if occurrence.resolution == "gap":
            # The rule: read with the offset before the jump, i.e. zoneinfo's fold=0.
            assert local.replace(tzinfo=None) > wall
            assert occurrence.start == wall.replace(tzinfo=tz).astimezone(UTC)
        else:
            assert local.replace(tzinfo=None) == wall
        if occurrence.resolution == "fold":
            assert occurrence.start < wall.replace(tzinfo=tz, fold=1).astimezone(UTC)


@PROPERTY
@given(zone=zones, weekday=weekdays, minute=st.integers(0, 1439), start=cohort_starts, weeks=st.integers(1, 30))
def test_occurrences_are_seven_days_apart_on_the_anchor_calendar(zone, weekday, minute, start, weeks):
    found = occurrences(Slot(weekday, minute, zone), start, weeks)

    assert len(found) == weeks
    assert [o.number for o in found] == list(range(1, weeks + 1))
    assert start <= found[0].date < start + timedelta(days=7)
    for before, after in pairwise(found):
        assert after.date - before.date == timedelta(days=7)
    assert {o.date.weekday() for o in found} == {weekday}
