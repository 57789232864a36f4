"""How a weekly call lands on one person's clock, call after call, and why it moves.

A weekly call keeps its wall time on the anchor zone's clock (the leader's). On another
person's clock it moves when either zone changes its clocks: for good when only one of
them does (Kolkata never changes, so a New York call is an hour earlier there from the US
change on), or for a week or two when both do on different dates (London and New York).
And it moves when someone moves one call by hand, or picks a new weekly time.

:func:`shifts_on_clock` reads the calls in order on the person's clock and cuts them into
runs of the same weekday and time. Against the time in force (the first run's at first):

* a run followed by a return to that time is a **temporary** shift;
* a run that stays (to the end, or to another change) is a **lasting** one, and its time
  is in force from then on.

Each shift is explained by what happened between the calls on either side of it: the
clock changes of the anchor zone and of the person's zone (:class:`ClockChange`, zone
and instant), or, when the call's wall time on the anchor's clock changed too, a move
(``reason == "moved"``). A one-off move (one call moved, the next back on the weekly
time) is found first, on the anchor's clock, so it never splits a run.

Pure: no Django; the zones come from ``zoneinfo`` through :mod:`hotseat.scheduling.zones`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import Literal

from hotseat.scheduling.clock import format_minute, utc_datetime
from hotseat.scheduling.errors import SchedulingError
from hotseat.scheduling.zones import load_zone, timeline

Reason = Literal["clocks", "moved"]
"""Why a call is at another time on a person's clock: a zone changed its clocks, or the call itself moved."""

Wall = tuple[int, int]
"""A weekday (0 = Monday) and a minute of the day on some clock."""


@dataclass(frozen=True)
class ClockChange:
    """One zone changing its clocks: at the instant ``at`` (UTC), from ``before`` to ``after`` minutes east of UTC."""

    zone: str
    at: datetime
    before: int
    after: int

    @property
    def day(self) -> date:
        """The date the zone's own clock read when it changed (the night of the change)."""
        return (self.at + timedelta(minutes=self.after)).date()

    @property
    def place(self) -> str:
        """The zone's place in words: ``'New York'`` for America/New_York, ``'Kolkata'`` for Asia/Kolkata."""
        return self.zone.rsplit("/", 1)[-1].replace("_", " ")

    @property
    def forward(self) -> bool:
        return self.after > self.before


def clock_changes(zone: str, start: datetime, end: datetime) -> tuple[ClockChange, ...]:
    """The changes of ``zone``'s UTC offset after the instant ``start``, up to and including ``end``."""
    if start.tzinfo is None or end.tzinfo is None:
        raise SchedulingError("clock_changes takes aware instants.")
    if end <= start:
        return ()
    low, high = start.astimezone(UTC), end.astimezone(UTC)
    line = timeline(zone, low.date() - timedelta(days=1), high.date() + timedelta(days=2))
    low_minutes = int((low - utc_datetime(0)).total_seconds() // 60)
    high_minutes = int((high - utc_datetime(0)).total_seconds() // 60)
    found = []
    for index in range(1, len(line.starts)):
        moment = line.starts[index]
        if low_minutes < moment <= high_minutes and line.offsets[index] != line.offsets[index - 1]:
            found.append(ClockChange(zone, utc_datetime(moment), line.offsets[index - 1], line.offsets[index]))
    return tuple(found)


@dataclass(frozen=True)
class LocalCall:
    """One call on the person's clock: ``start`` is aware, in their zone (fold-aware, so its tzname is right).

    ``usual`` is the weekday and minute in force for the person at this call; ``shift`` the
    index of the :class:`Shift` that puts it elsewhere (or that starts with it), if any.
    """

    position: int
    start: datetime
    usual: Wall
    shift: int | None

    @property
    def wall(self) -> Wall:
        return self.start.weekday(), self.start.hour * 60 + self.start.minute

    @property
    def time(self) -> str:
        return format_minute(self.wall[1])

    @property
    def usual_time(self) -> str:
        return format_minute(self.usual[1])

    @property
    def differs(self) -> bool:
        """True when this call is not at the time in force (a temporary shift or a one-off move)."""
        return self.wall != self.usual


@dataclass(frozen=True)
class Shift:
    """A change of the call's time on one person's clock, and why.

    ``positions`` are the calls at the new time (for a lasting shift: until the next lasting
    one). ``was`` is the weekday and minute in force before. ``changes`` are the clock
    changes between the calls on either side, in order; empty when ``reason`` is "moved".
    """

    lasting: bool
    reason: Reason
    positions: tuple[int, ...]
    wall: Wall
    was: Wall
    changes: tuple[ClockChange, ...]

    @property
    def time(self) -> str:
        return format_minute(self.wall[1])

    @property
    def was_time(self) -> str:
        return format_minute(self.was[1])

    @property
    def other_weekday(self) -> bool:
        return self.wall[0] != self.was[0]


@dataclass(frozen=True)
class CallTimes:
    """Every call on one person's clock, and the shifts of its time, in order."""

    zone: str
    anchor_zone: str
    calls: tuple[LocalCall, ...]
    shifts: tuple[Shift, ...]

    def span_of(self, position: int) -> tuple[LocalCall, ...]:
        """The calls next to call ``position`` under the same time in force (from one lasting change to the next)."""
        usual = self.calls[position].usual
        low, high = position, position
        while low > 0 and self.calls[low - 1].usual == usual:
            low -= 1
        while high + 1 < len(self.calls) and self.calls[high + 1].usual == usual:
            high += 1
        return self.calls[low : high + 1]


def _wall(moment: datetime) -> Wall:
    return moment.weekday(), moment.hour * 60 + moment.minute


def _runs(walls: Sequence[Wall], positions: Sequence[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for position in positions:
        if runs and walls[runs[-1][-1]] == walls[position]:
            runs[-1].append(position)
        else:
            runs.append([position])
    return runs


def _one_off_moves(anchor_walls: Sequence[Wall]) -> set[int]:
    """Calls moved alone on the anchor's clock: a run of the anchor's wall times between two equal ones."""
    runs = _runs(anchor_walls, range(len(anchor_walls)))
    moved: set[int] = set()
    for index in range(1, len(runs) - 1):
        if anchor_walls[runs[index - 1][0]] == anchor_walls[runs[index + 1][0]]:
            moved.update(runs[index])
    return moved


@dataclass
class _Reading:
    """The calls of one person on two clocks, while :func:`shifts_on_clock` cuts them into shifts."""

    starts: Sequence[datetime]
    anchor_zone: str
    zone: str
    walls: list[Wall]
    anchor_walls: list[Wall]
    shifts: list[Shift] = field(default_factory=list)
    usual: dict[int, Wall] = field(default_factory=dict)
    shift_of: dict[int, int] = field(default_factory=dict)

    def between(self, first: int, second: int) -> tuple[ClockChange, ...]:
        """The clock changes of both zones between calls ``first`` and ``second`` (none if the call moved)."""
        if self.anchor_walls[first] != self.anchor_walls[second]:
            return ()
        zones = dict.fromkeys((self.anchor_zone, self.zone))
        found = [c for name in zones for c in clock_changes(name, self.starts[first], self.starts[second])]
        return tuple(sorted(found, key=lambda change: (change.at, change.zone)))

    def add(self, shift: Shift) -> None:
        self.shifts.append(shift)
        self.shift_of.update(dict.fromkeys(shift.positions, len(self.shifts) - 1))

    def runs(self, kept: Sequence[int]) -> None:
        """The shifts of the calls kept (one-off moves aside), against the time in force."""
        runs = _runs(self.walls, kept)
        level = self.walls[runs[0][0]] if runs else (0, 0)
        for index, run in enumerate(runs):
            wall = self.walls[run[0]]
            if index > 0 and wall != level:
                returns = index + 1 < len(runs) and self.walls[runs[index + 1][0]] == level
                boundaries = [(runs[index - 1][-1], run[0])]
                if returns:
                    boundaries.append((run[-1], runs[index + 1][0]))
                changes = tuple(change for first, second in boundaries for change in self.between(first, second))
                clocks = bool(changes) and all(self.anchor_walls[a] == self.anchor_walls[b] for a, b in boundaries)
                self.add(Shift(not returns, "clocks" if clocks else "moved", tuple(run), wall, level, changes))
                if not returns:
                    level = wall
            self.usual.update(dict.fromkeys(run, level))

    def one_offs(self, moved: Iterable[int], kept: Sequence[int]) -> None:
        """Each call moved alone: a temporary shift of its own, against the time in force around it."""
        for position in sorted(moved):
            previous = [p for p in kept if p < position]
            following = [p for p in kept if p > position]
            if previous:
                in_force = self.usual[previous[-1]]
            elif following:
                in_force = self.usual[following[0]]
            else:
                in_force = self.walls[position]
            self.usual[position] = in_force
            if self.walls[position] != in_force:
                self.add(Shift(False, "moved", (position,), self.walls[position], in_force, ()))


def shifts_on_clock(starts: Sequence[datetime], anchor_zone: str, zone: str, *, moved: Iterable[int] = ()) -> CallTimes:
    """The calls starting at ``starts`` (aware instants, in order) on ``zone``'s clock, cut into runs and explained.

    ``anchor_zone`` is the zone whose wall time the weekly call keeps. ``moved`` are the
    positions of calls known to be moved alone (say, the last call, which no later call
    shows to be a one-off); others are found on the anchor's clock. Raises
    :class:`SchedulingError` for an unknown zone or naive or unordered instants.
    """
    person, anchor = load_zone(zone), load_zone(anchor_zone)
    if any(start.tzinfo is None for start in starts):
        raise SchedulingError("shifts_on_clock takes aware instants.")
    if any(later < earlier for earlier, later in pairwise(starts)):
        raise SchedulingError("shifts_on_clock takes the calls in order.")
    local = [start.astimezone(person) for start in starts]
    reading = _Reading(
        starts, anchor_zone, zone, [_wall(m) for m in local], [_wall(s.astimezone(anchor)) for s in starts]
    )
    one_offs = _one_off_moves(reading.anchor_walls) | {p for p in moved if 0 <= p < len(starts)}
    kept = [position for position in range(len(starts)) if position not in one_offs]
    reading.runs(kept)
    reading.one_offs(one_offs, kept)
    order = sorted(range(len(reading.shifts)), key=lambda k: reading.shifts[k].positions[0])
    renumber = {old: new for new, old in enumerate(order)}
    calls = tuple(
        LocalCall(
            position,
            local[position],
            reading.usual[position],
            renumber[reading.shift_of[position]] if position in reading.shift_of else None,
        )
        for position in range(len(starts))
    )
    return CallTimes(zone, anchor_zone, calls, tuple(reading.shifts[k] for k in order))
