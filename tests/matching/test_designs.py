import pytest

from hotseat.matching.designs import affine_plane, construction, partial_spread, round_robin, transversal
from tests.matching.test_golfer import assert_valid


@pytest.mark.parametrize("order", [2, 3, 4, 5, 7, 8])
def test_the_affine_plane_gives_order_plus_one_rounds(order):
    schedule = affine_plane(order)

    assert schedule is not None
    assert len(schedule) == order + 1
    assert_valid(schedule, order, order)


def test_there_is_no_affine_plane_of_order_six_here():
    assert affine_plane(6) is None


@pytest.mark.parametrize("groups", [1, 2, 5, 8])
def test_a_round_robin_pairs_everyone_once(groups):
    schedule = round_robin(groups)

    assert len(schedule) == 2 * groups - 1
    assert_valid(schedule, groups, 2)


@pytest.mark.parametrize(("dimension", "rounds"), [(4, 5), (5, 9), (6, 21)])
def test_a_partial_spread_gives_disjoint_planes(dimension, rounds):
    schedule = partial_spread(dimension)

    assert len(schedule) == rounds
    assert_valid(schedule, 2 ** (dimension - 2), 4)


@pytest.mark.parametrize(("groups", "size"), [(5, 4), (7, 4), (9, 4), (9, 9), (8, 3)])
def test_a_transversal_design_gives_one_round_per_slope(groups, size):
    schedule = transversal(groups, size)

    assert schedule is not None
    assert len(schedule) == groups
    assert_valid(schedule, groups, size)


def test_a_transversal_design_needs_a_field_and_small_groups():
    assert transversal(6, 4) is None
    assert transversal(5, 6) is None


def test_construction_takes_the_longest_design():
    spread = construction(8, 4)
    lines = construction(7, 4)

    assert spread is not None
    assert (spread[0], len(spread[1])) == ("partial spread", 9)
    assert lines is not None
    assert (lines[0], len(lines[1])) == ("transversal design", 7)
    assert construction(6, 4) is None
