"""A weekly call on one person's clock: runs of the same time, temporary and lasting shifts, and their clock changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from hotseat.scheduling.errors import SchedulingError
from hotseat.scheduling.shifts import clock_changes, shifts_on_clock

NEW_YORK = "America/New_York"


def tuesdays(wall: time = time(12), zone: str = NEW_YORK, weeks: int = 10) -> list[datetime]:
    """Tuesday calls at ``wall`` in ``zone`` from 2 March 2027 (the US changes on 14 March, Europe on 28)."""
    first = date(2027, 3, 2)
    return [
        datetime.combine(first + timedelta(weeks=k), wall, tzinfo=ZoneInfo(zone)).astimezone(UTC) for k in range(weeks)
    ]


def test_clock_changes_names_the_zone_the_instant_and_its_own_date():
    (change,) = clock_changes(NEW_YORK, datetime(2027, 3, 1, tzinfo=UTC), datetime(2027, 4, 1, tzinfo=UTC))

    assert (change.zone, change.place, change.day, change.forward) == (NEW_YORK, "New York", date(2027, 3, 14), True)
    assert change.at == datetime(2027, 3, 14, 7, tzinfo=UTC)
    assert (change.before, change.after) == (-300, -240)


def test_clock_changes_of_a_zone_that_keeps_its_clock_are_none():
    assert clock_changes("Asia/Kolkata", datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC)) == ()


def test_shifts_two_weeks_between_the_us_and_uk_changes_are_a_temporary_shift():
    times = shifts_on_clock(tuesdays(), NEW_YORK, "Europe/London")

    (shift,) = times.shifts
    assert (shift.lasting, shift.reason, shift.positions) == (False, "clocks", (2, 3))
    assert (shift.time, shift.was_time) == ("16:00", "17:00")
    assert [(c.place, c.day) for c in shift.changes] == [("New York", date(2027, 3, 14)), ("London", date(2027, 3, 28))]
    assert [c.differs for c in times.calls] == [False, False, True, True, False, False, False, False, False, False]


@pytest.mark.parametrize(
    ("zone", "before", "after"),
    [("Asia/Kolkata", "22:30", "21:30"), ("Asia/Kathmandu", "22:45", "21:45"), ("America/Sao_Paulo", "14:00", "13:00")],
)
def test_shifts_a_zone_without_clock_changes_moves_once_for_good(zone, before, after):
    times = shifts_on_clock(tuesdays(), NEW_YORK, zone)

    (shift,) = times.shifts
    assert (shift.lasting, shift.positions[0], shift.was_time, shift.time) == (True, 2, before, after)
    assert [c.place for c in shift.changes] == ["New York"]
    assert not any(call.differs for call in times.calls)  # the first calls are not "another time"
    assert [call.usual_time for call in times.calls] == [before] * 2 + [after] * 8


def test_shifts_a_zone_changing_the_other_way_moves_twice():
    times = shifts_on_clock(tuesdays(), NEW_YORK, "Australia/Sydney")

    assert [(s.lasting, s.positions[0], s.time, [c.place for c in s.changes]) for s in times.shifts] == [
        (True, 2, "03:00", ["New York"]),
        (True, 5, "02:00", ["Sydney"]),
    ]


def test_shifts_same_zone_as_the_anchor_never_shift():
    assert shifts_on_clock(tuesdays(), NEW_YORK, NEW_YORK).shifts == ()


def test_shifts_a_call_moved_alone_is_a_temporary_move_that_does_not_split_the_run():
    starts = tuesdays()
    starts[3] = datetime(2027, 3, 25, 16, tzinfo=UTC)  # week 4 on Thursday, 12:00 New York

    times = shifts_on_clock(starts, NEW_YORK, "Europe/London")

    assert [(s.lasting, s.reason, s.positions) for s in times.shifts] == [
        (False, "clocks", (2,)),
        (False, "moved", (3,)),
    ]
    assert times.shifts[1].other_weekday


def test_shifts_a_new_weekly_time_is_a_lasting_move():
    starts = tuesdays()[:5] + tuesdays(time(14))[5:]

    (shift,) = shifts_on_clock(starts, NEW_YORK, NEW_YORK).shifts

    assert (shift.lasting, shift.reason, shift.positions[0], shift.changes) == (True, "moved", 5, ())


def test_shifts_refuse_naive_or_unordered_instants():
    with pytest.raises(SchedulingError):
        shifts_on_clock([datetime(2027, 3, 2, 12)], NEW_YORK, "Europe/London")  # noqa: DTZ001 (naive on purpose)
    with pytest.raises(SchedulingError):
        shifts_on_clock(list(reversed(tuesdays())), NEW_YORK, "Europe/London")
