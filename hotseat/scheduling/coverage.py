"""The cohort as a grid of equal UTC cells, with every member's free time laid over it.

A search turns each member's windows into the instants they cover, over the whole
cohort, once; testing a candidate call is then one list look-up per member and week.
A cell is as long as the greatest common divisor of every minute count involved
(window edges, slot times, the meeting length, the zones' offsets and change instants),
usually 15 or 30 minutes, so nothing is ever rounded.

A window is the set of instants whose *local wall time* falls inside it on that local
date. So on the night clocks go forward a window loses the hour that does not exist,
and on the night they go back it holds the repeated hour twice. (Only a slot, a single
wall time that must become one instant, needs the gap/fold rule of
:mod:`hotseat.scheduling.zones`.) Defined this way, adding a window can only add instants.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from hotseat.scheduling.availability import Availability, Member
from hotseat.scheduling.clock import MINUTES_PER_DAY, day_start
from hotseat.scheduling.zones import Timeline, cohort_days, timeline

HUMANE_START = 7 * 60
HUMANE_END = 21 * 60


def minute_cost(minute: int) -> int:
    """The cost of the local minute ``[minute, minute+1)`` of a call: how far it reaches outside 07:00-21:00.

    Zero inside the band; 1 for 21:00-21:01 or 06:59-07:00, growing by one a minute up to
    300 around 02:00, whichever edge of the band is nearer.
    """
    minute %= MINUTES_PER_DAY
    if HUMANE_START <= minute < HUMANE_END:
        return 0
    after_end = (minute + 1 - HUMANE_END) % MINUTES_PER_DAY
    before_start = (HUMANE_START - minute) % MINUTES_PER_DAY
    return min(after_end, before_start)


@lru_cache(maxsize=256)
def penalty_table(duration_minutes: int) -> tuple[int, ...]:
    """The penalty of a call of this length for each local starting minute of the day (0..1439).

    A call's penalty is the sum of :func:`minute_cost` over its minutes, so an hour from
    21:00 costs 1+2+…+60 = 1830 and an hour from 22:00 costs 5430: the further out, the dearer.
    """
    costs = [minute_cost(m) for m in range(MINUTES_PER_DAY)]
    running = [0]
    for cost in costs + costs:
        running.append(running[-1] + cost)
    return tuple(running[m + duration_minutes] - running[m] for m in range(MINUTES_PER_DAY))


@dataclass(frozen=True)
class Grid:
    """``count`` cells of ``cell`` minutes each, cell 0 starting at UTC minute ``base`` (a UTC midnight)."""

    base: int
    cell: int
    count: int

    def cell_of(self, utc: int) -> int:
        """The cell starting at the instant ``utc`` (which lies on the grid by construction)."""
        return (utc - self.base) // self.cell

    def utc_of(self, cell: int) -> int:
        """The instant, in UTC minutes, at which ``cell`` starts."""
        return self.base + cell * self.cell


@dataclass(frozen=True)
class MemberCover:
    """One member over the grid.

    ``reach[c]`` is the cell where the member's free run holding cell ``c`` ends, or 0 when
    ``c`` is not free: a call of ``n`` cells starting at ``c`` suits them iff
    ``reach[c] >= c + n``. ``reach_without_holidays`` is the same ignoring holidays (None
    when there are none), to tell "holiday" from "not available". ``local_minute[c]``
    is the minute of the day their clock reads when cell ``c`` starts.
    """

    member: Member
    timeline: Timeline
    reach: list[int]
    reach_without_holidays: list[int] | None
    local_minute: list[int]


@dataclass(frozen=True)
class Cover:
    """Everything a search needs, precomputed: the grid, the anchor's timeline, each member's cover."""

    grid: Grid
    anchor: Timeline
    members: tuple[MemberCover, ...]
    duration_minutes: int
    cells_needed: int
    penalties: tuple[int, ...]

    def tally(self, cells: Sequence[int]) -> tuple[int, int, int]:
        """For a call starting at each of ``cells``: members who make all of them, member-calls, penalty."""
        needed, penalties = self.cells_needed, self.penalties
        everyone, total, penalty = 0, 0, 0
        weeks = len(cells)
        for cover in self.members:
            reach, local_minute = cover.reach, cover.local_minute
            attended = 0
            for c in cells:
                if reach[c] >= c + needed:
                    attended += 1
                    penalty += penalties[local_minute[c]]
            total += attended
            if attended == weeks:
                everyone += 1
        return everyone, total, penalty


def join_intervals(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Half-open ``(low, high)`` intervals, given sorted by ``low``, with those that touch or overlap joined into one.

    Free time that runs on across a boundary (a window ending at 24:00 and the next day's
    starting at 00:00) is one stretch: a call may run through it.
    """
    joined: list[tuple[int, int]] = []
    for low, high in intervals:
        if joined and joined[-1][1] >= low:
            if high > joined[-1][1]:
                joined[-1] = (joined[-1][0], high)
        else:
            joined.append((low, high))
    return joined


def _local_free(availability: Availability, first: date, last: date) -> list[tuple[int, int]]:
    # Local-minute intervals of every window from the week of `first` to that of `last`,
    # windows that touch joined across midnight too (Monday 23:30-24:00 and Tuesday
    # 00:00-00:30 make one hour), and across the week's end.
    week = join_intervals(
        (w.weekday * MINUTES_PER_DAY + w.start_minute, w.weekday * MINUTES_PER_DAY + w.end_minute)
        for w in sorted(availability.windows)
    )
    monday = day_start(first - timedelta(days=first.weekday()))
    mondays = range(monday, day_start(last) + MINUTES_PER_DAY, 7 * MINUTES_PER_DAY)
    return join_intervals((start + low, start + high) for start in mondays for low, high in week)


def _without_days(free: list[tuple[int, int]], days: Iterable[date]) -> list[tuple[int, int]]:
    # The local intervals with the whole of each of `days` cut out.
    for day in sorted(days):
        cut_low = day_start(day)
        cut_high = cut_low + MINUTES_PER_DAY
        kept = []
        for low, high in free:
            if high <= cut_low or low >= cut_high:
                kept.append((low, high))
                continue
            if low < cut_low:
                kept.append((low, cut_low))
            if high > cut_high:
                kept.append((cut_high, high))
        free = kept
    return free


def _to_utc(free: list[tuple[int, int]], line: Timeline, low: int, high: int) -> list[tuple[int, int]]:
    # Within one segment of the timeline the clock runs steadily, so an interval of local wall
    # time maps to one interval of instants; a wall time that never shows maps to nothing.
    local_lows = [interval[0] for interval in free]
    local_highs = [interval[1] for interval in free]
    spans: list[tuple[int, int]] = []
    for changed, next_change, offset in zip(line.starts, (*line.starts[1:], high), line.offsets, strict=True):
        seg_start, seg_end = max(changed, low), min(next_change, high)
        if seg_start >= seg_end:
            continue
        first = bisect.bisect_right(local_highs, seg_start + offset)
        stop = bisect.bisect_left(local_lows, seg_end + offset)
        # Segments come in order, so joining with the last span is enough.
        for local_low, local_high in free[first:stop]:
            start, end = max(local_low - offset, seg_start), min(local_high - offset, seg_end)
            if spans and spans[-1][1] >= start:
                spans[-1] = (spans[-1][0], max(spans[-1][1], end))
            else:
                spans.append((start, end))
    return spans


def _reach(spans: list[tuple[int, int]], grid: Grid) -> list[int]:
    reach = [0] * grid.count
    for start, end in spans:
        first, stop = grid.cell_of(start), grid.cell_of(end)
        reach[first:stop] = [stop] * (stop - first)
    return reach


def _local_minutes(line: Timeline, grid: Grid) -> list[int]:
    per_day = MINUTES_PER_DAY // grid.cell
    minutes: list[int] = []
    ends = (*line.starts[1:], grid.utc_of(grid.count))
    for seg_start, seg_end, offset in zip(line.starts, ends, line.offsets, strict=True):
        first = min(max(-(-(seg_start - grid.base) // grid.cell), 0), grid.count)
        stop = min(max(-(-(seg_end - grid.base) // grid.cell), 0), grid.count)
        if first >= stop:
            continue
        # The grid starts at a UTC midnight, so the pattern of a day repeats cell for cell.
        pattern = [(i * grid.cell + offset) % MINUTES_PER_DAY for i in range(per_day)]
        phase = first % per_day
        repeats = (stop - first + phase) // per_day + 1
        minutes.extend((pattern * repeats)[phase : phase + stop - first])
    return minutes


def build_cover(
    members: Sequence[Member],
    start: date,
    weeks: int,
    duration_minutes: int,
    *,
    anchor_zone: str,
    slot_minutes: Iterable[int],
) -> Cover:
    """Lay ``members``' availability over a grid fine enough for every slot minute in ``slot_minutes``.

    Inputs are assumed valid (the public functions check them first).
    """
    days = cohort_days(start, weeks)
    anchor = timeline(anchor_zone, *days)
    lines = {m.availability.zone: timeline(m.availability.zone, *days) for m in members}
    low = day_start(start - timedelta(days=2))
    high = day_start(start + timedelta(days=7 * weeks + 3))
    edges = [MINUTES_PER_DAY, duration_minutes, *slot_minutes, *anchor.offsets]
    for line in lines.values():
        edges.extend(line.offsets)
        edges.extend(change - low for change in line.starts)
    for member in members:
        for window in member.availability.windows:
            edges.extend((window.start_minute, window.end_minute))
    cell = math.gcd(*edges)
    grid = Grid(base=low, cell=cell, count=(high - low) // cell)

    first_local, last_local = start - timedelta(days=4), start + timedelta(days=7 * weeks + 4)
    local_minutes = {zone: _local_minutes(line, grid) for zone, line in lines.items()}
    covers = []
    for member in members:
        availability, line = member.availability, lines[member.availability.zone]
        free = _local_free(availability, first_local, last_local)
        everything = _reach(_to_utc(free, line, low, high), grid)
        reach, without_holidays = everything, None
        if availability.holidays:
            away = _without_days(free, (day for day in availability.holidays if first_local <= day <= last_local))
            reach, without_holidays = _reach(_to_utc(away, line, low, high), grid), everything
        covers.append(MemberCover(member, line, reach, without_holidays, local_minutes[availability.zone]))
    return Cover(
        grid=grid,
        anchor=anchor,
        members=tuple(covers),
        duration_minutes=duration_minutes,
        cells_needed=duration_minutes // cell,
        penalties=penalty_table(duration_minutes),
    )
