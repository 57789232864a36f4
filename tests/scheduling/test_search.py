from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotseat.scheduling import Miss, SchedulingError, Slot, evaluate, rank_slots
from tests.scheduling.people import member
from tests.scheduling.strategies import PROPERTY, cohort_starts, groups, zones

MARCH_2027 = date(2027, 3, 1)


def test_rank_slots_finds_a_time_for_everyone_in_humane_hours():
    members = [
        member("alice", "08:00-18:00", range(5)),
        member("bob", "08:00-18:00", range(5)),
        member("chloe", "09:00-21:00", range(5)),
        member("dev", "09:00-21:00", range(5)),
    ]

    ranked = rank_slots(members, MARCH_2027, 10, anchor_zone="America/New_York")

    best = ranked[0]
    assert best.everyone_every_week
    # Bob from 08:00 Los Angeles is 11:00 New York; Chloe until 21:00 Paris is 15:00 New York (16:00 in the gap weeks).
    assert best.slot == Slot(0, 11 * 60, "America/New_York")
    assert best.penalty == 0
    assert len(ranked) == 10
    assert [e.rank_key for e in ranked] == sorted(e.rank_key for e in ranked)


def test_rank_slots_prefers_humane_hours_among_slots_everyone_makes():
    members = [member("alice"), member("erin")]  # free at every hour

    ranked = rank_slots(members, MARCH_2027, 10, anchor_zone="America/New_York", limit=None)

    assert all(e.everyone_every_week for e in ranked)
    assert ranked[0].penalty == 0
    assert ranked[-1].penalty > ranked[0].penalty
    assert len(ranked) == 5 * 48


def test_rank_slots_with_no_common_hour_still_lists_the_best_partial_options():
    # 09:00-10:00 in Los Angeles and 09:00-10:00 in Kolkata never meet.
    members = [member("bob", "09:00-10:00", range(5)), member("erin", "09:00-10:00", range(5))]

    ranked = rank_slots(members, MARCH_2027, 4, anchor_zone="America/New_York")

    assert not any(e.everyone_every_week for e in ranked)
    best = ranked[0]
    assert best.members_every_week == 1
    assert best.member_occurrences == 4
    missing = [m for m in best.members if not m.every_week]
    assert len(missing) == 1
    assert [m.date for m in missing[0].misses] == [o.date for o in best.occurrences]
    assert {m.reason for m in missing[0].misses} == {"not available"}


def test_rank_slots_partial_options_say_who_misses_which_dates():
    chloe = member("chloe", "09:00-20:00", range(5), holidays=[date(2027, 3, 10)])
    bob = member("bob", "09:00-12:00", range(5))

    ranked = rank_slots([bob, chloe], MARCH_2027, 3, anchor_zone="America/New_York", weekdays=[2], limit=1)

    best = ranked[0]
    assert best.members_every_week == 1
    assert best.member("chloe").misses == (Miss(date(2027, 3, 10), "holiday"),)
    assert best.member("bob").every_week


def test_rank_slots_weekend_slot_in_the_gap_is_flagged():
    chloe = member("chloe", "00:00-24:00", [6])

    ranked = rank_slots([chloe], date(2027, 3, 15), 3, anchor_zone="Europe/Paris", weekdays=[6], limit=None)

    at_half_past_two = next(e for e in ranked if e.slot == Slot(6, 150, "Europe/Paris"))
    assert [(o.resolution, o.wall_time) for o in at_half_past_two.occurrences] == [
        ("exact", "02:30"),
        ("gap", "03:30"),
        ("exact", "02:30"),
    ]
    assert at_half_past_two.everyone_every_week


@pytest.mark.parametrize(
    ("zone", "start"),
    [
        ("Europe/Paris", date(2027, 3, 22)),
        ("America/New_York", date(2027, 11, 1)),
        ("America/Santiago", date(2027, 4, 1)),
    ],
)
def test_rank_slots_agrees_with_evaluate_on_the_days_clocks_change(zone, start):
    members = [
        member("alice", "00:00-01:30", [6]),
        member("chloe", "01:00-04:00", [5, 6]),
        member("erin", "06:00-12:00"),
    ]

    ranked = rank_slots(members, start, 2, 60, anchor_zone=zone, weekdays=[5, 6], limit=None)

    assert len(ranked) == 2 * 48
    for evaluation in ranked:
        assert evaluation == evaluate(evaluation.slot, members, start, 2, 60)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"step_minutes": 7}, "must divide a day"),
        ({"step_minutes": 0}, "must divide a day"),
        ({"weekdays": []}, "at least one weekday"),
        ({"weekdays": [0, 9]}, "not 9"),
        ({"limit": 0}, "at least 1"),
        ({"anchor_zone": "Europe/Atlantis"}, "Unknown time zone 'Europe/Atlantis'"),
        ({"duration_minutes": 241}, "at most 4 hours"),
        ({"weeks": 0}, "1 to 104 weeks"),
        ({"members": []}, "no members"),
        ({"members": [member("bob"), member("bob")]}, "'bob' appears twice"),
    ],
)
def test_rank_slots_refuses_with_a_plain_message(arguments, message):
    given = {
        "members": [member("alice")],
        "start": MARCH_2027,
        "weeks": 10,
        "anchor_zone": "America/New_York",
        **arguments,
    }

    with pytest.raises(SchedulingError, match=message):
        rank_slots(**given)


@PROPERTY
@given(
    members=groups(max_size=4),
    anchor=zones,
    start=cohort_starts,
    weeks=st.integers(1, 10),
    duration=st.sampled_from([30, 45, 60, 90]),
    weekdays=st.sets(st.integers(0, 6), min_size=1, max_size=3),
    step=st.sampled_from([30, 60, 90]),
    limit=st.integers(1, 12),
)
def test_rank_slots_sorted_by_the_key_and_equal_to_evaluate(
    members, anchor, start, weeks, duration, weekdays, step, limit
):
    ranked = rank_slots(
        members, start, weeks, duration, anchor_zone=anchor, weekdays=weekdays, step_minutes=step, limit=limit
    )

    keys = [e.rank_key for e in ranked]
    assert keys == sorted(keys)
    assert len(ranked) == min(limit, len(weekdays) * 1440 // step)
    for evaluation in ranked:
        assert evaluation.slot.weekday in weekdays
        assert evaluation.slot.minute % step == 0
        assert evaluation == evaluate(evaluation.slot, members, start, weeks, duration)


@PROPERTY
@given(
    members=groups(min_size=2, max_size=4),
    anchor=zones,
    start=cohort_starts,
    weeks=st.integers(1, 6),
    order=st.randoms(use_true_random=False),
)
def test_rank_slots_does_not_depend_on_member_order(members, anchor, start, weeks, order):
    shuffled = list(members)
    order.shuffle(shuffled)

    first = rank_slots(members, start, weeks, anchor_zone=anchor, step_minutes=60, limit=5)
    second = rank_slots(shuffled, start, weeks, anchor_zone=anchor, step_minutes=60, limit=5)

    assert [(e.slot, e.rank_key) for e in first] == [(e.slot, e.rank_key) for e in second]
