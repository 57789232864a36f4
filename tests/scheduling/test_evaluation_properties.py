"""Properties of evaluate(), checked against a minute-by-minute reading of zoneinfo."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from hotseat.scheduling import Availability, Member, Slot, Window, evaluate
from hotseat.scheduling.coverage import penalty_table
from tests.scheduling.strategies import PROPERTY, availabilities, cohort_starts, groups, weekdays, zones

durations = st.sampled_from([15, 30, 45, 60, 90, 120])
slot_minutes = st.one_of(st.integers(0, 95).map(lambda quarter: quarter * 15), st.integers(0, 1439))


def free_on_own_clock(availability: Availability, start: datetime, minutes: int) -> bool:
    """The definition, minute by minute: each minute's local wall time lies in a window of its local weekday."""
    zone = ZoneInfo(availability.zone)
    for step in range(minutes):
        local = (start + timedelta(minutes=step)).astimezone(zone)
        if local.date() in availability.holidays:
            return False
        minute = local.hour * 60 + local.minute
        day_windows = availability.windows_on(local.weekday())
        if not any(w.start_minute <= minute < w.end_minute for w in day_windows):
            return False
    return True


@st.composite
def holidays_near(draw: st.DrawFn, start: date, weeks: int) -> frozenset[date]:
    days = st.integers(-1, 7 * weeks + 1).map(lambda offset: start + timedelta(days=offset))
    return frozenset(draw(st.sets(days, max_size=4)))


@PROPERTY
@given(
    data=st.data(),
    anchor=zones,
    weekday=weekdays,
    minute=slot_minutes,
    start=cohort_starts,
    weeks=st.integers(1, 6),
    duration=durations,
)
def test_evaluate_matches_the_minute_by_minute_definition(data, anchor, weekday, minute, start, weeks, duration):
    members = [
        Member(m.id, Availability(m.availability.zone, m.availability.windows, data.draw(holidays_near(start, weeks))))
        for m in data.draw(groups(max_size=3))
    ]

    evaluation = evaluate(Slot(weekday, minute, anchor), members, start, weeks, duration)

    table = penalty_table(duration)
    for person, result in zip(members, evaluation.members, strict=True):
        zone = ZoneInfo(person.availability.zone)
        attends = []
        penalty = 0
        for occurrence, local_time in zip(evaluation.occurrences, result.local_times, strict=True):
            local = occurrence.start.astimezone(zone)
            assert (local_time.occurrence, local_time.date, local_time.time, local_time.abbreviation) == (
                occurrence.date,
                local.date(),
                local.strftime("%H:%M"),
                local.tzname(),
            )
            if free_on_own_clock(person.availability, occurrence.start, duration):
                attends.append(occurrence.date)
                penalty += table[local.hour * 60 + local.minute]
        assert result.attends == tuple(attends)
        assert [m.date for m in result.misses] == [o.date for o in evaluation.occurrences if o.date not in attends]
        assert result.penalty == penalty
        assert result.every_week == (len(attends) == weeks)
    assert evaluation.members_every_week == sum(1 for m in evaluation.members if m.every_week)
    assert evaluation.member_occurrences == sum(len(m.attends) for m in evaluation.members)
    assert evaluation.everyone_every_week == all(m.every_week for m in evaluation.members)


@PROPERTY
@given(
    data=st.data(),
    zone=zones,
    anchor=zones,
    weekday=weekdays,
    minute=slot_minutes,
    start=cohort_starts,
    weeks=st.integers(1, 12),
    duration=durations,
)
def test_evaluate_whole_week_member_attends_every_call_off_holidays(
    data, zone, anchor, weekday, minute, start, weeks, duration
):
    holidays = data.draw(holidays_near(start, weeks))
    always = Member("ava", Availability(zone, tuple(Window(day, 0, 1440) for day in range(7)), holidays))

    evaluation = evaluate(Slot(weekday, minute, anchor), [always], start, weeks, duration)

    tz = ZoneInfo(zone)
    for occurrence in evaluation.occurrences:
        touched = {(occurrence.start + timedelta(minutes=m)).astimezone(tz).date() for m in range(duration)}
        assert (occurrence.date in evaluation.member("ava").attends) == touched.isdisjoint(holidays)
    assert {m.reason for m in evaluation.member("ava").misses} <= {"holiday"}


@PROPERTY
@given(
    data=st.data(),
    zone=zones,
    anchor=zones,
    weekday=weekdays,
    minute=slot_minutes,
    start=cohort_starts,
    weeks=st.integers(1, 12),
    duration=durations,
)
def test_evaluate_more_availability_never_means_fewer_calls(
    data, zone, anchor, weekday, minute, start, weeks, duration
):
    smaller = data.draw(availabilities(zone=zone))
    extra = data.draw(availabilities(zone=zone))
    cells = {
        (w.weekday, c) for a in (smaller, extra) for w in a.windows for c in range(w.start_minute, w.end_minute, 30)
    }
    larger = Availability(zone, tuple(Window(day, c, c + 30) for day, c in sorted(cells)))
    slot = Slot(weekday, minute, anchor)

    before = evaluate(slot, [Member("m", smaller)], start, weeks, duration).member("m")
    after = evaluate(slot, [Member("m", larger)], start, weeks, duration).member("m")

    assert set(before.attends) <= set(after.attends)


@PROPERTY
@given(
    members=groups(min_size=2, max_size=5),
    anchor=zones,
    weekday=weekdays,
    minute=slot_minutes,
    start=cohort_starts,
    weeks=st.integers(1, 10),
    duration=durations,
    order=st.randoms(use_true_random=False),
)
def test_evaluate_does_not_depend_on_member_order(members, anchor, weekday, minute, start, weeks, duration, order):
    shuffled = list(members)
    order.shuffle(shuffled)
    slot = Slot(weekday, minute, anchor)

    first = evaluate(slot, members, start, weeks, duration)
    second = evaluate(slot, shuffled, start, weeks, duration)

    assert {m.member_id: m for m in first.members} == {m.member_id: m for m in second.members}
    assert first.rank_key == second.rank_key
    assert first.everyone_every_week == second.everyone_every_week
    assert first.occurrences == second.occurrences
