from datetime import UTC, date, datetime, time

import pytest

from hotseat.scheduling import SchedulingError
from hotseat.scheduling.clock import day_of, day_start, format_minute, parse_wall_time, utc_datetime


def test_day_start_and_day_of_round_trip():
    day = date(2027, 3, 28)

    assert day_of(day_start(day)) == day
    assert day_of(day_start(day) + 1439) == day
    assert day_of(day_start(day) - 1) == date(2027, 3, 27)


def test_utc_datetime_is_aware_utc():
    assert utc_datetime(day_start(date(2027, 3, 28)) + 90) == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)


@pytest.mark.parametrize(("minute", "text"), [(0, "00:00"), (570, "09:30"), (1125, "18:45"), (1440, "24:00")])
def test_format_minute_pads_hours_and_minutes(minute, text):
    assert format_minute(minute) == text


@pytest.mark.parametrize(("typed", "minute"), [("02:30", 150), ("9:05", 545), (" 18:45 ", 1125), (time(23, 59), 1439)])
def test_parse_wall_time_accepts_hours_and_minutes(typed, minute):
    assert parse_wall_time(typed) == minute


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("24:00", "not a time of day: hours go from 00 to 23"),
        ("12:60", "not a time of day: hours go from 00 to 23"),
        ("2:30pm", "not a time of day: write it as HH:MM"),
        ("", "not a time of day: write it as HH:MM"),
        (time(9, 0, 30), "not a whole minute"),
        (time(9, 0, tzinfo=UTC), "carries a time zone"),
    ],
)
def test_parse_wall_time_refuses_with_the_reason(typed, message):
    with pytest.raises(SchedulingError, match=message):
        parse_wall_time(typed)
