"""The heat map: who is free in a typical cohort week, on the viewer's clock, clock changes included."""

from __future__ import annotations

from datetime import date

from hotseat.meetings.heatmap import heat_map, level
from hotseat.scheduling import Availability, Window

TUESDAY, SUNDAY = 1, 6


def cells(heat, weekday: int) -> dict[str, int]:
    return {row.time: row.cells[weekday].count for row in heat.rows}


def test_heat_map_new_yorker_seen_from_paris_shows_the_usual_weeks():
    # Free 09:00-17:00 New York: 15:00-23:00 in Paris most weeks, 14:00-22:00 between the two spring changes.
    alice = Availability("America/New_York", (Window(TUESDAY, 9 * 60, 17 * 60),))

    heat = heat_map([("Alice", alice)], 1, "Europe/Paris", date(2027, 3, 2), 10)

    tuesday = cells(heat, TUESDAY)
    free = [time for time, count in tuesday.items() if count]
    assert free[0] == "15:00"
    assert free[-1] == "22:30"
    assert len(free) == 16
    assert heat.rows[0].time == "07:00"  # nobody earlier: the quiet hours are left out
    assert heat.quiet_before == "07:00"
    assert heat.quiet_after == "23:00"


def test_heat_map_day_of_a_clock_change_is_counted_instant_by_instant():
    # Sunday 28 March 2027 both Paris and London spring forward; Dev is free all Sunday on his clock.
    dev = Availability("Europe/London", (Window(SUNDAY, 0, 24 * 60),))

    heat = heat_map([("Dev", dev)], 1, "Europe/Paris", date(2027, 3, 22), 1)

    sunday = cells(heat, SUNDAY)
    assert (sunday["00:00"], sunday["00:30"], sunday["01:00"], sunday["23:30"]) == (0, 0, 1, 1)


def test_heat_map_counts_out_of_the_whole_group():
    bob = Availability("America/Los_Angeles", (Window(TUESDAY, 8 * 60, 12 * 60),))
    chloe = Availability("Europe/Paris", (Window(TUESDAY, 17 * 60, 20 * 60),))

    heat = heat_map([("Bob", bob), ("Chloe", chloe)], 3, "Europe/Paris", date(2027, 4, 6), 4)

    row = next(r for r in heat.rows if r.time == "17:00")
    assert (row.cells[TUESDAY].count, row.cells[TUESDAY].names) == (2, ("Bob", "Chloe"))
    assert not row.cells[TUESDAY].everyone
    assert [count for count, _ in heat.legend] == [0, 1, 2, 3]


def test_level_steps_up_to_everyone():
    assert [level(n, 4) for n in range(5)] == [0, 2, 3, 4, 5]
    assert [level(n, 8) for n in (1, 4, 7, 8)] == [1, 3, 5, 5]
    assert level(0, 0) == 0
