from datetime import date

import pytest

from hotseat.scheduling.coverage import build_cover, join_intervals, minute_cost, penalty_table
from tests.scheduling.people import member


@pytest.mark.parametrize(
    ("hhmm", "cost"),
    [((7, 0), 0), ((20, 59), 0), ((21, 0), 1), ((6, 59), 1), ((23, 0), 121), ((2, 0), 300), ((4, 0), 180)],
)
def test_minute_cost_grows_with_distance_from_seven_to_twenty_one(hhmm, cost):
    assert minute_cost(hhmm[0] * 60 + hhmm[1]) == cost


def test_penalty_table_sums_the_minutes_of_the_call():
    table = penalty_table(60)

    assert table[9 * 60] == 0
    assert table[20 * 60] == 0
    assert table[21 * 60] == sum(range(1, 61))
    assert table[22 * 60] == sum(range(61, 121))
    assert table[6 * 60] == sum(range(1, 61))
    assert table[6 * 60 + 30] == sum(range(1, 31))


def test_penalty_table_wraps_past_midnight():
    table = penalty_table(120)

    assert table[23 * 60 + 30] == sum(minute_cost(m % 1440) for m in range(23 * 60 + 30, 25 * 60 + 30))


def test_build_cover_cells_are_fine_enough_for_quarter_hour_zones():
    members = [member("alice", "09:00-17:00"), member("ktm", "19:00-21:00", zone="Asia/Kathmandu")]

    cover = build_cover(members, date(2027, 3, 1), 10, 60, anchor_zone="America/New_York", slot_minutes=[30])

    assert cover.grid.cell == 15
    assert cover.cells_needed == 4


def test_build_cover_cells_follow_odd_minutes_exactly():
    members = [member("alice", "09:07-17:00")]

    cover = build_cover(members, date(2027, 3, 1), 2, 50, anchor_zone="America/New_York", slot_minutes=[30])

    assert cover.grid.cell == 1


@pytest.mark.parametrize(
    ("intervals", "joined"),
    [
        ([], []),
        ([(0, 60)], [(0, 60)]),
        ([(0, 60), (60, 120)], [(0, 120)]),
        ([(0, 90), (60, 120), (100, 110)], [(0, 120)]),
        ([(0, 60), (61, 120)], [(0, 60), (61, 120)]),
    ],
)
def test_join_intervals_joins_those_that_touch_or_overlap(intervals, joined):
    assert join_intervals(iter(intervals)) == joined
