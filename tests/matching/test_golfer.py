from itertools import combinations

import pytest

from hotseat.matching import MatchingError
from hotseat.matching.golfer import golfer_bound, social_golfer


def assert_valid(schedule: list[list[list[int]]], groups: int, size: int) -> None:
    met = set()
    for round_ in schedule:
        assert len(round_) == groups
        assert all(len(group) == size for group in round_)
        assert sorted(player for group in round_ for player in group) == list(range(groups * size))
        for group in round_:
            for pair in combinations(sorted(group), 2):
                assert pair not in met, f"{pair} meet twice"
                met.add(pair)


@pytest.mark.parametrize(
    ("groups", "size", "bound"), [(8, 4, 10), (5, 3, 7), (4, 4, 5), (3, 4, 1), (2, 4, 1), (1, 4, 1), (6, 2, 11)]
)
def test_the_bound_counts_the_new_partners_a_round_brings(groups, size, bound):
    assert golfer_bound(groups, size) == bound


# Step budgets, never a time limit: a test's outcome must not depend on the machine's speed.
# Each is several times what the search needs (8 x 4 x 10: 1,622 swaps from the partial
# spread, its third of 20,000; Kirkman: 2,938).
STEPS = 20_000


def test_eight_groups_of_four_start_from_nine_rounds_of_a_partial_spread():
    schedule = social_golfer(8, 4, 9, seconds=None, steps=1)

    assert len(schedule) == 9
    assert_valid(schedule, 8, 4)


def test_the_original_problem_reaches_ten_rounds():
    # 32 golfers in 8 groups of 4: the local search extends 9 rounds of a partial spread.
    schedule = social_golfer(8, 4, 10, seconds=None, steps=STEPS, seed=1)

    assert len(schedule) == 10
    assert_valid(schedule, 8, 4)


def test_kirkmans_schoolgirls_walk_seven_days():
    schedule = social_golfer(5, 3, 7, seconds=None, steps=STEPS, seed=1)

    assert len(schedule) == 7
    assert_valid(schedule, 5, 3)


@pytest.mark.parametrize(("groups", "size", "rounds"), [(6, 3, 5), (4, 3, 4), (8, 4, 6), (3, 2, 5), (10, 4, 6)])
def test_local_search_schedules_are_valid(groups, size, rounds):
    schedule = social_golfer(groups, size, rounds, seconds=None, steps=STEPS, seed=3)

    assert len(schedule) == rounds
    assert_valid(schedule, groups, size)


def test_asking_past_the_bound_returns_the_bound_at_most():
    schedule = social_golfer(4, 4, 9, seconds=None, steps=STEPS, seed=1)

    assert len(schedule) == 5
    assert_valid(schedule, 4, 4)


def test_with_fewer_groups_than_the_group_size_one_round_is_all():
    assert social_golfer(3, 4, 3, seconds=None, steps=1) == [[[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]]


def test_groups_of_one_never_meet():
    assert len(social_golfer(3, 1, 4, seconds=None, steps=1)) == 4


def test_a_small_step_budget_returns_the_longest_schedule_completed():
    # 100 swaps cannot extend the partial spread's 9 rounds to 10.
    schedule = social_golfer(8, 4, 10, seconds=None, steps=100, seed=1)

    assert len(schedule) == 9
    assert_valid(schedule, 8, 4)


def test_the_same_seed_and_step_budget_give_the_same_schedule():
    first = social_golfer(6, 3, 5, seconds=None, steps=STEPS, seed=5)

    assert social_golfer(6, 3, 5, seconds=None, steps=STEPS, seed=5) == first


@pytest.mark.parametrize(
    ("args", "message"), [((0, 4, 3), "groups"), ((8, 0, 3), "size"), ((8, 4, -1), "rounds"), ((8, 4, True), "rounds")]
)
def test_bad_sizes_are_refused(args, message):
    with pytest.raises(MatchingError, match=message):
        social_golfer(*args, seconds=None, steps=1)


def test_a_time_limit_must_be_positive():
    with pytest.raises(MatchingError, match="positive"):
        social_golfer(8, 4, 3, seconds=0)


@pytest.mark.parametrize("steps", [0, -5, 2.5, True])
def test_a_step_budget_must_be_a_whole_number_of_at_least_one(steps):
    with pytest.raises(MatchingError, match="step budget"):
        social_golfer(8, 4, 3, seconds=None, steps=steps)


def test_a_search_without_any_limit_is_refused():
    with pytest.raises(MatchingError, match="needs a time limit"):
        social_golfer(8, 4, 3, seconds=None)
