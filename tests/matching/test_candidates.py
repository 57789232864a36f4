from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from hotseat.matching.candidates import build_attendance, free_runs
from hotseat.scheduling import Availability, Member, Slot, Window, evaluate, rank_slots
from tests.matching.strategies import PROPERTY
from tests.scheduling.strategies import availabilities, cohort_starts, zones

durations = st.sampled_from([30, 60, 90, 120])


@st.composite
def members(draw: st.DrawFn, start: date, weeks: int) -> list[Member]:
    found = []
    for index in range(draw(st.integers(1, 3))):
        availability = draw(availabilities())
        days = st.integers(-1, 7 * weeks + 1).map(lambda offset: start + timedelta(days=offset))
        holidays = frozenset(draw(st.sets(days, max_size=3)))
        found.append(Member(f"m{index}", Availability(availability.zone, availability.windows, holidays)))
    return found


@PROPERTY
@given(
    data=st.data(),
    anchors=st.lists(zones, min_size=1, max_size=2, unique=True),
    start=cohort_starts,
    weeks=st.integers(1, 5),
    duration=durations,
    step=st.sampled_from([30, 60]),
)
def test_attendance_matches_the_scheduling_core_for_every_slot(data, anchors, start, weeks, duration, step):
    crowd = data.draw(members(start, weeks))
    weekdays = (0, 1, 2, 3, 4, 5, 6)

    table = build_attendance(crowd, start, weeks, duration, anchor_zones=anchors, weekdays=weekdays, step_minutes=step)

    number = {member.id: i for i, member in enumerate(table.members)}
    for anchor in anchors:
        for evaluation in rank_slots(
            crowd, start, weeks, duration, anchor_zone=anchor, weekdays=weekdays, step_minutes=step, limit=None
        ):
            candidate = table.candidate_of(evaluation.slot)
            assert candidate is not None
            for seen in evaluation.members:
                person = number[seen.member_id]
                assert bool(table.attendees[candidate] >> person & 1) == seen.every_week, (evaluation.slot, seen)
                assert bool(table.options[person] >> candidate & 1) == seen.every_week
                if seen.every_week:
                    assert table.penalty_of(candidate, person) == seen.penalty


def test_attendance_merges_slots_with_the_same_calls():
    paris = Member("chloe", Availability("Europe/Paris", (Window(0, 9 * 60, 17 * 60),)))

    table = build_attendance(
        [paris],
        date(2027, 3, 1),
        10,
        60,
        anchor_zones=["Europe/Paris", "Europe/Berlin"],
        weekdays=(0,),
        step_minutes=60,
    )

    noon = table.candidate_of(Slot(0, 12 * 60, "Europe/Paris"))
    assert noon is not None
    assert Slot(0, 12 * 60, "Europe/Berlin") in table.candidates[noon].slots
    assert len(table.candidates) == 24


def test_attendance_checks_a_call_across_the_night_clocks_change():
    # New York's clocks go forward on Sunday 14 March 2027 at 02:00; a 01:30-02:30 call
    # that night is only half an hour of wall time, 01:30-02:00 then 03:00-03:30.
    night = Member("alice", Availability("America/New_York", (Window(6, 60, 4 * 60),)))
    short = Member("bob", Availability("America/New_York", (Window(6, 60, 2 * 60),)))
    start, slot = date(2027, 3, 8), Slot(6, 6 * 60 + 30, "UTC")

    table = build_attendance([night, short], start, 2, 60, anchor_zones=["UTC"], weekdays=(6,), step_minutes=30)

    candidate = table.candidate_of(slot)
    assert candidate is not None
    expected = evaluate(slot, [night, short], start, 2, 60)
    for i, member in enumerate(table.members):
        assert bool(table.attendees[candidate] >> i & 1) == expected.member(member.id).every_week


def test_free_runs_join_windows_across_midnight_and_the_week_end():
    availability = Availability("UTC", (Window(6, 23 * 60, 24 * 60), Window(0, 0, 60)))

    runs = free_runs(availability)

    week = 7 * 24 * 60
    assert (week - 60, week + 60) in runs
