"""The pure hot seat rotation: fairness at every prefix, opt-outs, swaps, deferrals, people joining and leaving."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotseat.meetings.turns import TurnError, assign, carry, counts, credits, defer, swap

people = st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=8, unique=True)
turns = st.integers(min_value=0, max_value=24)


def spread(tally: dict[int, int]) -> int:
    return max(tally.values()) - min(tally.values()) if tally else 0


def fair_at_every_prefix(
    order: Sequence[int], history: Sequence[int | None], assigned: Sequence[int | None], since: dict[int, int]
) -> bool:
    """Counts (credits included) among presenting members differ by at most one after every assigned turn."""
    done = list(history)
    for who in assigned:
        done.append(who)
        if spread(credits(order, done, since)) > 1:
            return False
    return True


@given(people, turns)
def test_assign_fair_at_every_prefix_from_the_start(order, n):
    assigned = assign(order, [], n)

    assert len(assigned) == n
    assert fair_at_every_prefix(order, [], assigned, {})


@given(people, turns)
def test_assign_everybody_once_before_anybody_twice(order, n):
    assigned = assign(order, [], n)

    first_round = assigned[: len(order)]
    assert len(set(first_round)) == len(first_round)


@given(people, turns, st.data())
def test_assign_never_gives_a_turn_to_someone_opted_out(order, n, data):
    opted_out = data.draw(st.sets(st.sampled_from(order)))

    assigned = assign(order, [], n, opted_out=opted_out)

    presenting = [m for m in order if m not in opted_out]
    if presenting:
        assert set(assigned) <= set(presenting)
        assert fair_at_every_prefix(presenting, [], assigned, {})
    else:
        assert assigned == [None] * n


@given(people, turns, turns, st.data())
def test_assign_continues_fairly_after_a_history_and_a_reorder(order, held, n, data):
    history = assign(order, [], held)
    reordered = data.draw(st.permutations(order))

    assigned = assign(reordered, history, n)

    assert fair_at_every_prefix(reordered, history, assigned, {})


@given(people, turns, turns, st.data())
def test_assign_stays_fair_when_members_leave_mid_cohort(order, held, n, data):
    history = assign(order, [], held)
    leaving = data.draw(st.sets(st.sampled_from(order), max_size=len(order) - 1))
    staying = [m for m in order if m not in leaving]

    assigned = assign(staying, history, n)

    assert set(assigned) <= set(staying)
    assert fair_at_every_prefix(staying, history, assigned, {})


@given(people, st.integers(min_value=1, max_value=20), turns, st.integers(min_value=41, max_value=50))
def test_assign_latecomer_joins_the_round_in_progress(order, held, n, newcomer):
    history = assign(order, [], held)
    since = {newcomer: held}

    assigned = assign([*order, newcomer], history, n, since=since)

    assert fair_at_every_prefix([*order, newcomer], history, assigned, since)
    # Never two turns in a row to catch up while others wait.
    assert all(not (a == b == newcomer) for a, b in pairwise(assigned))


def test_assign_latecomer_presents_after_the_current_round():
    # Alice (1), Bob (2), Chloe (3) presented once, Alice twice; Dev (4) joins now.
    history = [1, 2, 3, 1]

    assigned = assign([1, 2, 3, 4], history, 4, since={4: 4})

    assert assigned == [2, 3, 4, 1]


def test_assign_follows_the_turn_order_among_equals():
    assert assign([3, 1, 2], [], 5) == [3, 1, 2, 3, 1]


def test_assign_skips_nobody_turns_in_history():
    assert assign([1, 2], [None, 1, None], 3) == [2, 1, 2]


def test_assign_negative_turns_refused():
    with pytest.raises(ValueError, match="negative"):
        assign([1], [], -1)


@given(people, turns, turns)
def test_carry_keeps_a_fair_plan_as_it_is(order, held, n):
    history = assign(order, [], held)
    planned = assign(order, history, n)

    assert carry(order, history, planned, n) == planned


@given(people, turns, turns, st.data())
def test_carry_drops_people_who_left_and_the_rest_move_up(order, held, n, data):
    history = assign(order, [], held)
    planned = assign(order, history, n)
    leaving = data.draw(st.sets(st.sampled_from(order)))
    staying = [m for m in order if m not in leaving]

    carried = carry(order, history, planned, n, opted_out=leaving)

    assert len(carried) == n
    assert not set(carried) & leaving
    kept = [who for who in planned if who not in leaving]
    assert carried[: len(kept)] == kept
    if staying:
        assert None not in carried


def test_carry_skipped_call_presenter_takes_the_next_turn():
    # Four turns planned (A B C D); the first call is skipped: three turns are left.
    carried = carry([1, 2, 3, 4], [], [1, 2, 3, 4], 3)

    assert carried == [1, 2, 3]


def test_carry_fills_turns_added_at_the_end_fairly():
    carried = carry([1, 2, 3], [], [2, 1], 4)

    assert carried == [2, 1, 3, 1]


@given(people, turns, st.data())
def test_swap_keeps_everyones_count(order, n, data):
    planned = assign(order, [], max(n, 1))
    first = data.draw(st.integers(min_value=0, max_value=len(planned) - 1))
    second = data.draw(st.integers(min_value=0, max_value=len(planned) - 1))

    swapped = swap(planned, first, second)

    assert counts(swapped) == counts(planned)
    assert swapped[first] == planned[second]
    assert swapped[second] == planned[first]


def test_swap_outside_the_turns_refused():
    with pytest.raises(TurnError):
        swap([1, 2], 0, 2)


@given(people, st.integers(min_value=2, max_value=24), st.data())
def test_defer_keeps_counts_and_puts_the_person_on_a_later_turn(order, n, data):
    planned = assign(order, [], n)
    index = data.draw(st.integers(min_value=0, max_value=n - 1))
    who = planned[index]
    if all(other in (None, who) for other in planned[index + 1 :]):
        with pytest.raises(TurnError):
            defer(planned, index)
        return

    deferred = defer(planned, index)

    assert counts(deferred) == counts(planned)
    assert deferred[index] != who
    assert who in deferred[index + 1 :]
    # The rotation moves on: the next person presents this week, and turns before it stay put.
    assert deferred[index] == next(p for p in planned[index + 1 :] if p != who)
    assert deferred[:index] == planned[:index]


def test_defer_the_next_person_moves_up():
    assert defer([3, 4, 1, 2], 0) == [4, 3, 1, 2]


def test_defer_the_last_turn_refused():
    with pytest.raises(TurnError, match="no later turn"):
        defer([1, 2, 3], 2)


def test_defer_nobody_refused():
    with pytest.raises(TurnError):
        defer([None, 1], 0)


def test_counts_ignores_nobody():
    assert counts([1, None, 1, 2]) == Counter({1: 2, 2: 1})
