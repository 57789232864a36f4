"""How one weekly slot works out for each member over a cohort, week by week."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from typing import Literal

from hotseat.scheduling.availability import Member, check_members
from hotseat.scheduling.clock import MINUTES_PER_DAY, day_of, format_minute, parse_wall_time
from hotseat.scheduling.coverage import Cover, MemberCover, build_cover
from hotseat.scheduling.errors import SchedulingError
from hotseat.scheduling.slots import (
    Occurrence,
    Slot,
    build_occurrences,
    check_cohort,
    check_duration,
    occurrence_starts,
)
from hotseat.scheduling.zones import Resolution, Timeline

MissReason = Literal["not available", "holiday"]
"""Why a member misses a call: outside their windows, or on a date they marked as away."""


@dataclass(frozen=True)
class LocalTime:
    """When one call starts for one member: their own ``date`` and ``time`` (``'HH:MM'``) and zone abbreviation.

    ``occurrence`` is the cohort date of the call (in the anchor zone), which ``date`` may
    differ from: an evening call in New York is the next morning in Kolkata.
    """

    occurrence: date
    date: date
    time: str
    abbreviation: str


@dataclass(frozen=True)
class Miss:
    """A call a member cannot make: the cohort ``date`` of the call and the ``reason``."""

    date: date
    reason: MissReason


@dataclass(frozen=True)
class MemberEvaluation:
    """One member's view of a slot over the cohort.

    ``attends`` and ``misses`` hold cohort dates (anchor zone). ``local_times`` has one
    entry per call, attended or not. ``usual_time`` is the local time the call starts at
    most often (the earliest call's breaks a tie); ``moved`` lists the calls starting at
    another local time (the weeks between two zones' clock changes). ``penalty`` sums
    :func:`~hotseat.scheduling.coverage.penalty_table` over the calls they attend.
    """

    member_id: str
    zone: str
    attends: tuple[date, ...]
    misses: tuple[Miss, ...]
    local_times: tuple[LocalTime, ...]
    usual_time: str
    moved: tuple[LocalTime, ...]
    penalty: int

    @property
    def every_week(self) -> bool:
        """True when the member can make every call of the cohort."""
        return not self.misses


@dataclass(frozen=True)
class SlotEvaluation:
    """A slot over a whole cohort: its calls, each member's view, and the three ranking scores.

    Ranking is by ``members_every_week`` (more is better), then ``member_occurrences``
    (calls attended, summed over members; more is better), then ``penalty`` (hours outside
    07:00-21:00 local, summed; less is better); see :attr:`rank_key`.
    """

    slot: Slot
    duration_minutes: int
    occurrences: tuple[Occurrence, ...]
    members: tuple[MemberEvaluation, ...]
    members_every_week: int
    member_occurrences: int
    penalty: int
    everyone_every_week: bool

    @property
    def rank_key(self) -> tuple[int, int, int, int, int]:
        """The sort key of :func:`~hotseat.scheduling.search.rank_slots`; the slot's weekday and time break ties."""
        return (-self.members_every_week, -self.member_occurrences, self.penalty, self.slot.weekday, self.slot.minute)

    def member(self, member_id: str) -> MemberEvaluation:
        """The evaluation of the member with this id (``KeyError`` if there is none)."""
        for evaluation in self.members:
            if evaluation.member_id == member_id:
                return evaluation
        raise KeyError(member_id)


def _local_times(line: Timeline, starts: list[tuple[date, int, Resolution]]) -> tuple[LocalTime, ...]:
    found = []
    for day, utc, _ in starts:
        segment = line.segment(utc)
        local = utc + line.offsets[segment]
        found.append(LocalTime(day, day_of(local), format_minute(local % MINUTES_PER_DAY), line.names[segment]))
    return tuple(found)


def _member_evaluation(
    cover: Cover,
    member_cover: MemberCover,
    starts: list[tuple[date, int, Resolution]],
    local_times: tuple[LocalTime, ...],
) -> MemberEvaluation:
    grid, needed = cover.grid, cover.cells_needed
    attends: list[date] = []
    misses: list[Miss] = []
    penalty = 0
    for day, utc, _ in starts:
        cell = grid.cell_of(utc)
        if member_cover.reach[cell] >= cell + needed:
            attends.append(day)
            penalty += cover.penalties[member_cover.local_minute[cell]]
            continue
        without = member_cover.reach_without_holidays
        reason: MissReason = "holiday" if without is not None and without[cell] >= cell + needed else "not available"
        misses.append(Miss(day, reason))
    # most_common keeps first-seen order among equal counts, so the earliest call breaks a tie.
    usual = Counter(local_time.time for local_time in local_times).most_common(1)[0][0]
    return MemberEvaluation(
        member_id=member_cover.member.id,
        zone=member_cover.timeline.zone,
        attends=tuple(attends),
        misses=tuple(misses),
        local_times=local_times,
        usual_time=usual,
        moved=tuple(local_time for local_time in local_times if local_time.time != usual),
        penalty=penalty,
    )


def describe(cover: Cover, slot: Slot, starts: list[tuple[date, int, Resolution]]) -> SlotEvaluation:
    """The full :class:`SlotEvaluation` of ``slot`` on a prepared ``cover`` (``starts`` from ``occurrence_starts``)."""
    by_zone: dict[str, tuple[LocalTime, ...]] = {}
    members = []
    for member_cover in cover.members:
        line = member_cover.timeline
        if line.zone not in by_zone:
            by_zone[line.zone] = _local_times(line, starts)
        members.append(_member_evaluation(cover, member_cover, starts, by_zone[line.zone]))
    every_week = sum(1 for member in members if member.every_week)
    return SlotEvaluation(
        slot=slot,
        duration_minutes=cover.duration_minutes,
        occurrences=tuple(build_occurrences(starts, cover.anchor, cover.duration_minutes)),
        members=tuple(members),
        members_every_week=every_week,
        member_occurrences=sum(len(member.attends) for member in members),
        penalty=sum(member.penalty for member in members),
        everyone_every_week=every_week == len(members),
    )


def evaluate(
    slot: Slot, members: Iterable[Member], start: date, weeks: int, duration_minutes: int = 60
) -> SlotEvaluation:
    """How ``slot`` works out for ``members`` over ``weeks`` weekly calls from the week of ``start``.

    Each call is placed per date in the slot's zone (a gap or fold wall time follows the
    rule in :mod:`hotseat.scheduling.zones` and is marked on its :class:`Occurrence`), then
    checked against every member's windows and holidays on their own clock. Raises
    :class:`SchedulingError` on bad input.
    """
    found = check_members(members)
    check_cohort(start, weeks)
    check_duration(duration_minutes)
    if not isinstance(slot, Slot):
        raise SchedulingError(f"{slot!r} is not a Slot.")
    cover = build_cover(found, start, weeks, duration_minutes, anchor_zone=slot.zone, slot_minutes=[slot.minute])
    return describe(cover, slot, occurrence_starts(slot, start, weeks))


def check_slot(
    members: Iterable[Member],
    start: date,
    weeks: int,
    duration_minutes: int = 60,
    *,
    weekday: int,
    wall_time: str | time,
    zone: str,
) -> SlotEvaluation:
    """Evaluate a slot the leader typed by hand: ``wall_time`` is ``'HH:MM'`` (or a ``time``) on ``zone``'s clock.

    Everything is checked and reported as a :class:`SchedulingError` with a plain message.
    A wall time that does not exist on some cohort date (the spring-forward gap) is not
    refused, since it is one week out of many: that :class:`Occurrence` has
    ``resolution == "gap"`` and its ``wall_time`` says when the call really is
    ("02:30 does not exist in Europe/Paris on 28 March 2027; the call is at 03:30 that week").
    """
    slot = Slot(weekday=weekday, minute=parse_wall_time(wall_time), zone=zone)
    return evaluate(slot, members, start, weeks, duration_minutes)
