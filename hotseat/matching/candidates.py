"""For every candidate slot of a cohort, who can make every call: the table formation works from.

A *candidate* is a weekly slot written in some anchor zone, but two slots whose calls fall on
the same UTC instants every week are the same candidate (12:00 in Paris and in Berlin; also
06:00 in New York whenever the zones change clocks together), so candidates are keyed by
their tuple of call instants and remember every way of writing them (:class:`Candidate`).

Whether someone makes every call of a candidate is decided exactly as the scheduling core's
:func:`~hotseat.scheduling.evaluate` does (the tests check it slot by slot), but for
thousands of people at once:

* A person's windows are joined into *runs* of free local time, repeated every week (across
  midnight and the week's end too). A call starting at local weekly minute ``x`` fits when a
  run holds ``[x, x + duration)``: so each person has a few *start intervals* of the week.
* For each zone, each candidate's calls land on a handful of local weekly minutes, one per
  week, usually one or two distinct values (more when the anchor and the zone change clocks
  on different dates). Call these the candidate's *positions* in that zone.
* Sweeping the sorted positions of a zone gives, for each position, the set of the zone's
  people who can start a call there (a bitset). A candidate's attendees in the zone are the
  AND over its positions, less people on holiday on a touched date.
* The other way round, a person's candidates are those with no position outside the
  person's start intervals: one OR over each gap between start intervals, answered by a
  segment tree of the zone's positions.
* A call during which the person's zone changes clocks (rare: a night call on the night of
  the change) is checked piece by piece on each side of the change, person by person.

People are numbered in the order of :attr:`Attendance.members`, grouped by zone.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from hotseat.scheduling import Member, Slot, cohort_dates
from hotseat.scheduling.availability import Availability
from hotseat.scheduling.clock import MINUTES_PER_DAY, day_start
from hotseat.scheduling.coverage import join_intervals, penalty_table
from hotseat.scheduling.slots import occurrence_starts
from hotseat.scheduling.zones import Timeline, cohort_days, timeline

WEEK = 7 * MINUTES_PER_DAY
# 1970-01-05, the first Monday after the epoch: weekly minute 0 is Monday 00:00.
_MONDAY = 4 * MINUTES_PER_DAY


@dataclass(frozen=True)
class Candidate:
    """One candidate slot: the UTC minute at which each weekly call starts, and every way to write it.

    ``slots`` lists each (anchor zone, weekday, wall time) that gives exactly these instants.
    """

    instants: tuple[int, ...]
    slots: tuple[Slot, ...]

    def slot_in(self, zone: str) -> Slot | None:
        """This candidate written on ``zone``'s clock, or None when that zone cannot write it."""
        for slot in self.slots:
            if slot.zone == zone:
                return slot
        return None


@dataclass(frozen=True)
class Attendance:
    """Who makes every call of which candidate, both ways round, with the unsocial-hours penalties.

    ``attendees[c]`` is a bitset of person numbers (bit ``i`` for ``members[i]``),
    ``options[i]`` a bitset of candidate numbers. ``penalty[c][z]`` is the scheduling core's
    penalty for someone in ``zones[z]`` making every call of candidate ``c``;
    ``zone_of[i]`` is the zone number of person ``i``. ``anchored[zone]`` is the bitset of
    candidates that zone can write (the anchor zones asked for, and those of extra slots).
    """

    members: tuple[Member, ...]
    candidates: tuple[Candidate, ...]
    attendees: tuple[int, ...]
    options: tuple[int, ...]
    zones: tuple[str, ...]
    zone_of: tuple[int, ...]
    penalty: tuple[tuple[int, ...], ...]
    anchored: dict[str, int]

    def penalty_of(self, candidate: int, person: int) -> int:
        """The unsocial-hours penalty of ``person`` making every call of ``candidate``."""
        return self.penalty[candidate][self.zone_of[person]]

    def candidate_of(self, slot: Slot) -> int | None:
        """The number of the candidate ``slot`` writes, or None if it is not one of them."""
        for number, candidate in enumerate(self.candidates):
            if slot in candidate.slots:
                return number
        return None


def free_runs(availability: Availability) -> list[tuple[int, int]]:
    """The person's free local time as weekly-minute runs over three weeks (-1 week .. 2 weeks).

    Windows that touch are joined, across midnight and the week's end, so a run may reach
    past a week's edge; three copies of the week make every call of week 0 fit in one run
    whenever the windows allow it.
    """
    week = sorted(
        (w.weekday * MINUTES_PER_DAY + w.start_minute, w.weekday * MINUTES_PER_DAY + w.end_minute)
        for w in availability.windows
    )
    return join_intervals((low + k * WEEK, high + k * WEEK) for k in (-1, 0, 1) for low, high in week)


def _start_intervals(runs: list[tuple[int, int]], duration: int) -> list[tuple[int, int]]:
    # Weekly minutes [first, last] at which a call of `duration` fits in a run.
    found = []
    for low, high in runs:
        first, last = max(low, 0), min(high - duration, WEEK - 1)
        if first <= last:
            found.append((first, last))
    return found


def _fits(runs: list[tuple[int, int]], away: frozenset[int], pieces: list[tuple[int, int]]) -> bool:
    # Every piece [x, y) of local minutes lies in one run and on no day off (days as epoch-day numbers).
    for low, high in pieces:
        if any(day in away for day in range(low // MINUTES_PER_DAY, (high - 1) // MINUTES_PER_DAY + 1)):
            return False
        weekly = (low - _MONDAY) % WEEK
        if not any(start <= weekly and weekly + high - low <= end for start, end in runs):
            return False
    return True


def _pieces(line: Timeline, utc: int, duration: int) -> list[tuple[int, int]]:
    # The call [utc, utc + duration) as local-minute pieces, one per offset of the zone it spans.
    found = []
    segment = line.segment(utc)
    moment, end = utc, utc + duration
    while moment < end:
        stop = min(line.starts[segment + 1], end) if segment + 1 < len(line.starts) else end
        found.append((moment + line.offsets[segment], stop + line.offsets[segment]))
        moment, segment = stop, segment + 1
    return found


class _OrTree:
    # A segment tree answering "OR of masks[i] for lo <= i < hi" in O(log n) big-int ORs.
    def __init__(self, masks: list[int]) -> None:
        self.size = len(masks)
        self.tree = [0] * self.size + masks
        for node in range(self.size - 1, 0, -1):
            self.tree[node] = self.tree[2 * node] | self.tree[2 * node + 1]

    def union(self, low: int, high: int) -> int:
        """The OR of ``masks[low:high]``."""
        found = 0
        low += self.size
        high += self.size
        while low < high:
            if low & 1:
                found |= self.tree[low]
                low += 1
            if high & 1:
                high -= 1
                found |= self.tree[high]
            low //= 2
            high //= 2
        return found


def _candidates(
    start: date,
    weeks: int,
    *,
    anchor_zones: Iterable[str],
    weekdays: Sequence[int],
    step_minutes: int,
    extra_slots: Iterable[Slot],
) -> list[Candidate]:
    days = cohort_days(start, weeks)
    number: dict[tuple[int, ...], int] = {}
    instants: list[tuple[int, ...]] = []
    ways: list[list[Slot]] = []

    def add(slot: Slot, times: tuple[int, ...]) -> None:
        found = number.setdefault(times, len(instants))
        if found == len(instants):
            instants.append(times)
            ways.append([])
        if slot not in ways[found]:
            ways[found].append(slot)

    for zone in sorted(set(anchor_zones)):
        line = timeline(zone, *days)
        for weekday in weekdays:
            midnights = [day_start(day) for day in cohort_dates(start, weeks, weekday)]
            for minute in range(0, MINUTES_PER_DAY, step_minutes):
                add(Slot(weekday, minute, zone), tuple(line.to_utc(midnight + minute)[0] for midnight in midnights))
    for slot in extra_slots:
        add(slot, tuple(utc for _, utc, _ in occurrence_starts(slot, start, weeks)))
    return [Candidate(times, tuple(slots)) for times, slots in zip(instants, ways, strict=True)]


@dataclass
class _Zone:
    # One zone's people (numbered consecutively from `first`) and its view of every candidate.
    line: Timeline
    positions: list[tuple[int, ...]]  # per candidate: distinct local weekly start minutes (empty: straddles)
    touched: list[tuple[int, ...]]  # per candidate: local days (epoch-day numbers) of calls, if anyone is away then
    penalty: list[int]
    people: list[int]
    runs: dict[int, list[tuple[int, int]]]
    away: dict[int, frozenset[int]]
    duration: int

    @property
    def first(self) -> int:
        return self.people[0]


def _zone_view(
    line: Timeline, candidates: list[Candidate], members: tuple[Member, ...], people: list[int], duration: int
) -> _Zone:
    table = penalty_table(duration)
    away = {i: frozenset(day_start(day) // MINUTES_PER_DAY for day in members[i].availability.holidays) for i in people}
    away_days = frozenset().union(*away.values())
    starts, offsets = line.starts, line.offsets
    positions: list[tuple[int, ...]] = []
    touched: list[tuple[int, ...]] = []
    penalties: list[int] = []
    for candidate in candidates:
        segment = line.segment(candidate.instants[0])
        seen: set[int] = set()
        days: set[int] = set()
        penalty = 0
        straddles = False
        for utc in candidate.instants:
            while segment + 1 < len(starts) and starts[segment + 1] <= utc:
                segment += 1
            if segment + 1 < len(starts) and starts[segment + 1] < utc + duration:
                straddles = True
            local = utc + offsets[segment]
            seen.add((local - _MONDAY) % WEEK)
            penalty += table[local % MINUTES_PER_DAY]
            if away_days:
                first, last = local // MINUTES_PER_DAY, (local + duration - 1) // MINUTES_PER_DAY
                days.update(day for day in (first, last) if day in away_days)
        positions.append(() if straddles else tuple(sorted(seen)))
        touched.append(tuple(sorted(days)))
        penalties.append(penalty)
    runs = {i: free_runs(members[i].availability) for i in people}
    return _Zone(line, positions, touched, penalties, people, runs, away, duration)


def build_attendance(
    members: Sequence[Member],
    start: date,
    weeks: int,
    duration_minutes: int,
    *,
    anchor_zones: Iterable[str],
    weekdays: Sequence[int],
    step_minutes: int,
    extra_slots: Iterable[Slot] = (),
) -> Attendance:
    """The candidates of a cohort and who can make every one of their calls.

    Candidates are every ``step_minutes`` of ``weekdays`` on each of ``anchor_zones``' clocks,
    plus ``extra_slots`` (a fixed mastermind's slot, say). Inputs are assumed valid (distinct
    ids, a valid cohort and duration); the result numbers people in its own order,
    :attr:`Attendance.members`.
    """
    extra = tuple(extra_slots)
    candidates = _candidates(
        start, weeks, anchor_zones=anchor_zones, weekdays=weekdays, step_minutes=step_minutes, extra_slots=extra
    )
    ordered = tuple(sorted(members, key=lambda member: member.availability.zone))
    zone_names = tuple(sorted({member.availability.zone for member in ordered}))
    zone_number = {zone: index for index, zone in enumerate(zone_names)}
    days = cohort_days(start, weeks)
    count = len(candidates)
    attendees = [0] * count
    options = [0] * len(ordered)
    penalty_rows: list[list[int]] = [[0] * len(zone_names) for _ in range(count)]

    for zone_index, zone in enumerate(zone_names):
        people = [i for i, member in enumerate(ordered) if member.availability.zone == zone]
        view = _zone_view(timeline(zone, *days), candidates, ordered, people, duration_minutes)
        for c, penalty in enumerate(view.penalty):
            penalty_rows[c][zone_index] = penalty
        _sweep(view, attendees, options)
        _straddling(view, candidates, attendees, options)

    anchored: dict[str, int] = {}
    for number, candidate in enumerate(candidates):
        for slot in candidate.slots:
            anchored[slot.zone] = anchored.get(slot.zone, 0) | 1 << number
    return Attendance(
        members=ordered,
        candidates=tuple(candidates),
        attendees=tuple(attendees),
        options=tuple(options),
        zones=zone_names,
        zone_of=tuple(zone_number[member.availability.zone] for member in ordered),
        penalty=tuple(tuple(row) for row in penalty_rows),
        anchored=anchored,
    )


def _sweep(view: _Zone, attendees: list[int], options: list[int]) -> None:
    # Calls that keep one offset: positions swept (attendees) and range-ORed (options).
    grid = sorted({position for found in view.positions for position in found})
    index = {position: number for number, position in enumerate(grid)}
    requires = [0] * len(grid)  # per position: candidates with a call there
    every = 0
    for c, found in enumerate(view.positions):
        if found:
            every |= 1 << c
            for position in found:
                requires[index[position]] |= 1 << c
    able = _by_position(view, grid, _OrTree(requires), every, options)
    on_day: dict[int, int] = {}  # local day -> people of the zone away then (local bits)
    for person in view.people:
        for day in view.away[person]:
            on_day[day] = on_day.get(day, 0) | 1 << (person - view.first)
    day_candidates: dict[int, int] = {}  # local day -> candidates with a call touching it
    for c, found in enumerate(view.positions):
        if not found:
            continue
        here = able[index[found[0]]]
        for position in found[1:]:
            here &= able[index[position]]
        for day in view.touched[c]:
            here &= ~on_day[day]
            day_candidates[day] = day_candidates.get(day, 0) | 1 << c
        attendees[c] |= here << view.first
    for person in view.people:
        for day in view.away[person]:
            options[person] &= ~day_candidates.get(day, 0)


def _by_position(view: _Zone, grid: list[int], tree: _OrTree, every: int, options: list[int]) -> list[int]:
    """Each person's candidates (into ``options``), and per position the zone's people who can start a call there."""
    size = len(grid)
    toggles = [0] * (size + 1)
    for person in view.people:
        bit = 1 << (person - view.first)
        excluded, cursor = 0, 0
        for low, high in _start_intervals(view.runs[person], view.duration):
            lo, hi = bisect.bisect_left(grid, low), bisect.bisect_right(grid, high)
            if lo < hi:
                toggles[lo] ^= bit
                toggles[hi] ^= bit
                excluded |= tree.union(cursor, lo)
                cursor = hi
        excluded |= tree.union(cursor, size)
        options[person] = every & ~excluded
    able = []
    running = 0
    for toggle in toggles[:size]:
        running ^= toggle
        able.append(running)
    return able


def _straddling(view: _Zone, candidates: list[Candidate], attendees: list[int], options: list[int]) -> None:
    # Candidates with a call during which the zone changes clocks: checked person by person.
    for c, found in enumerate(view.positions):
        if found:
            continue
        calls = [_pieces(view.line, utc, view.duration) for utc in candidates[c].instants]
        for person in view.people:
            if all(_fits(view.runs[person], view.away[person], pieces) for pieces in calls):
                attendees[c] |= 1 << person
                options[person] |= 1 << c
