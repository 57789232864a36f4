"""Candidate weekly slots for a group, told in plain words: who can come, when it is for each, which weeks differ.

The scheduling core ranks and evaluates slots; this module gathers the group's
availability from the database for it and turns its results into what the scheduling
page says: "Bob 09:00 PST/PDT", "misses 16 March (holiday)", "On 16 and 23 March the call
is at 17:00 CET for Chloé, not 18:00: New York changed its clocks on 14 March, Paris changes
them on 28 March" (the group page's words, from meetings.clock.explain).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from django.core.exceptions import ObjectDoesNotExist
from django.utils import dateformat
from django.utils.translation import gettext, pgettext

from hotseat.accounts.models import User
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.meetings.clock import abbreviation, dates_in_words, explain, hhmm, planned_changes, weekday_name
from hotseat.scheduling import (
    Availability,
    Member,
    MemberEvaluation,
    Miss,
    Occurrence,
    SchedulingError,
    Slot,
    SlotEvaluation,
    evaluate,
    occurrences,
    rank_slots,
)
from hotseat.scheduling.clock import format_minute
from hotseat.scheduling.zones import known_zones

ALL_WEEKDAYS = (0, 1, 2, 3, 4, 5, 6)


@dataclass(frozen=True)
class Person:
    """A seated member as the scheduling page sees them; ``problem`` says why their availability is left out.

    ``problem`` is "missing" (never entered), "empty" (no free time marked) or "unreadable"; the
    page words each case.
    """

    user: User
    is_leader: bool
    availability: Availability | None
    problem: str = ""

    @property
    def member_id(self) -> str:
        return str(self.user.pk)


@dataclass(frozen=True)
class Group:
    """A mastermind's people and cohort, ready for the scheduling core."""

    mastermind: Mastermind
    people: tuple[Person, ...]
    anchor_zone: str
    start: date
    weeks: int

    @property
    def members(self) -> tuple[Member, ...]:
        return tuple(Member(p.member_id, p.availability) for p in self.people if p.availability is not None)

    @property
    def missing(self) -> tuple[Person, ...]:
        return tuple(p for p in self.people if p.availability is None)

    @property
    def leader(self) -> Person | None:
        return next((p for p in self.people if p.is_leader), None)

    def person(self, member_id: str) -> Person:
        return next(p for p in self.people if p.member_id == member_id)


def _person(seat: Membership) -> Person:
    is_leader = seat.role == Membership.Role.LEADER
    try:
        stored = seat.user.availability
    except ObjectDoesNotExist:
        return Person(seat.user, is_leader, None, "missing")
    if not stored.windows:
        return Person(seat.user, is_leader, None, "empty")
    try:
        return Person(seat.user, is_leader, stored.as_core())
    except (SchedulingError, TypeError, ValueError):
        return Person(seat.user, is_leader, None, "unreadable")


def group_of(mastermind: Mastermind) -> Group:
    """The group's seated people (leader first) with their availability: one query."""
    seats = (
        Membership.objects.seated()
        .filter(mastermind=mastermind)
        .select_related("user__availability")
        .order_by("joined_at", "pk")
    )
    people = sorted((_person(seat) for seat in seats), key=lambda p: not p.is_leader)
    leader = next((p for p in people if p.is_leader), None)
    zone = leader.user.time_zone if leader else "UTC"
    cohort = mastermind.cohort
    return Group(
        mastermind=mastermind,
        people=tuple(people),
        anchor_zone=zone if zone in known_zones() else "UTC",
        start=cohort.starts_on,
        weeks=cohort.weeks,
    )


@dataclass(frozen=True)
class MemberLine:
    """One person's side of a slot: their usual local time, the calls they miss, the weeks it moves."""

    person: Person
    time: str
    abbreviations: str
    weekday: str  # their local weekday when it is not the slot's own (an evening call is tomorrow in Asia)
    misses: tuple[Miss, ...]
    notes: tuple[str, ...]

    @property
    def every_week(self) -> bool:
        return not self.misses

    @property
    def misses_in_words(self) -> str:
        by_reason: dict[str, list[date]] = {}
        for miss in self.misses:
            by_reason.setdefault(miss.reason, []).append(miss.date)
        return "; ".join(
            gettext("%(dates)s (%(reason)s)") % {"dates": dates_in_words(days), "reason": _miss_reason(reason)}
            for reason, days in by_reason.items()
        )


def _miss_reason(reason: str) -> str:
    """Why a call is missed, as the scheduling core says it ("holiday", "not available"), in words."""
    if reason == "holiday":
        return pgettext("a missed call", "holiday")
    if reason == "not available":
        return pgettext("a missed call", "not available")
    return reason


@dataclass(frozen=True)
class SlotOption:
    """A slot over the cohort, in words. Without anyone's availability, ``lines`` is empty."""

    slot: Slot
    duration: int
    occurrences: tuple[Occurrence, ...]
    lines: tuple[MemberLine, ...]
    anchor_notes: tuple[str, ...]
    evaluation: SlotEvaluation | None = None

    @property
    def weekday_name(self) -> str:
        return weekday_name(self.slot.weekday)

    @property
    def time(self) -> str:
        return format_minute(self.slot.minute)

    @property
    def everyone_every_week(self) -> bool:
        return self.evaluation is not None and self.evaluation.everyone_every_week

    @property
    def missing_lines(self) -> tuple[MemberLine, ...]:
        return tuple(line for line in self.lines if line.misses)

    @property
    def notes(self) -> tuple[str, ...]:
        """Every member's weeks at another local time, in one list."""
        return tuple(note for line in self.lines for note in line.notes)

    @property
    def calls(self) -> int:
        return len(self.occurrences)

    @property
    def key(self) -> str:
        """Names the slot and length, to tell the current weekly time among the candidates."""
        return f"{self.slot.weekday}-{self.slot.minute}-{self.slot.zone}-{self.duration}"


def _day(day: date) -> str:
    return dateformat.format(day, "l j F Y")


def _anchor_notes(slot: Slot, found: tuple[Occurrence, ...]) -> tuple[str, ...]:
    notes = []
    wall = format_minute(slot.minute)
    for occurrence in found:
        if occurrence.resolution == "gap":
            notes.append(
                gettext(
                    "%(time)s does not exist in %(zone)s on %(date)s: the clocks go forward"
                    " that night. That week the call is at %(wall_time)s."
                )
                % {"time": wall, "zone": slot.zone, "date": _day(occurrence.date), "wall_time": occurrence.wall_time}
            )
        elif occurrence.resolution == "fold":
            first = occurrence.start.astimezone(ZoneInfo(slot.zone)).tzname()
            notes.append(
                gettext(
                    "%(time)s happens twice in %(zone)s on %(date)s: the clocks go back"
                    " that night. The call is at the first one, %(time)s %(abbreviation)s."
                )
                % {"time": wall, "zone": slot.zone, "date": _day(occurrence.date), "abbreviation": first}
            )
    return tuple(notes)


def _line(person: Person, evaluation: MemberEvaluation, slot: SlotEvaluation) -> MemberLine:
    """One person's side: the time in force at the first call, and each change of it in words (clock.explain)."""
    starts = [occurrence.start for occurrence in slot.occurrences]
    changes = planned_changes(starts, slot.duration_minutes, slot.slot.zone, evaluation.zone) if starts else []
    local = [start.astimezone(ZoneInfo(evaluation.zone)) for start in starts]
    first = local[:1]
    # The abbreviations of the calls at the first time, until the first lasting change.
    lasting = next((change.meetings[0].start for change in changes if change.lasting), None)
    shifted = {call.start for change in changes if not change.lasting for call in change.meetings}
    usual = [t for t in local if (lasting is None or t < lasting) and t not in shifted]
    abbreviations = "/".join(dict.fromkeys(abbreviation(t) for t in usual))
    weekday = first[0].weekday() if first else slot.slot.weekday
    return MemberLine(
        person=person,
        time=hhmm(first[0]) if first else evaluation.usual_time,
        abbreviations=abbreviations,
        weekday=weekday_name(weekday) if weekday != slot.slot.weekday else "",
        misses=evaluation.misses,
        notes=tuple(explain(change, who=person.user.name) for change in changes),
    )


def describe(group: Group, evaluation: SlotEvaluation) -> SlotOption:
    lines = tuple(_line(group.person(e.member_id), e, evaluation) for e in evaluation.members)
    return SlotOption(
        slot=evaluation.slot,
        duration=evaluation.duration_minutes,
        occurrences=evaluation.occurrences,
        lines=lines,
        anchor_notes=_anchor_notes(evaluation.slot, evaluation.occurrences),
        evaluation=evaluation,
    )


def ranked(group: Group, duration: int, limit: int = 10) -> list[SlotOption]:
    """The best slots on the anchor zone's clock for everyone with availability; [] when nobody has any."""
    members = group.members
    if not members:
        return []
    found = rank_slots(
        members, group.start, group.weeks, duration, anchor_zone=group.anchor_zone, weekdays=ALL_WEEKDAYS, limit=limit
    )
    return [describe(group, evaluation) for evaluation in found]


def check(group: Group, slot: Slot, duration: int) -> SlotOption:
    """One hand-typed slot, evaluated the same way (raises SchedulingError on bad input)."""
    if group.members:
        return describe(group, evaluate(slot, group.members, group.start, group.weeks, duration))
    found = tuple(occurrences(slot, group.start, group.weeks, duration))
    return SlotOption(slot, duration, found, (), _anchor_notes(slot, found))
