"""Meetings on a person's own clock: the weekly time in force, its changes in words, and "in 2 days".

A weekly call keeps its wall time in the anchor zone (the leader's), so for someone in
another zone it lands an hour early or late in the weeks between two zones' clock
changes, or moves for good when only one of the zones changes its clocks. Everything here
works per meeting, from the stored UTC instants, so one-off moves show up the same way;
the runs and their reasons come from the scheduling core (:mod:`hotseat.scheduling.shifts`),
and :func:`explain` words them, the same sentence on every page and in every email.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Protocol

from hotseat.accounts.timezones import zone
from hotseat.meetings.models import Meeting, Schedule
from hotseat.scheduling.clock import WEEKDAY_NAMES, format_minute
from hotseat.scheduling.shifts import Shift, shifts_on_clock
from hotseat.scheduling.zones import known_zones


def hhmm(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def abbreviation(moment: datetime) -> str:
    return moment.tzname() or moment.strftime("%z")


def dates_in_words(dates: Sequence[date]) -> str:
    """'2, 9 and 16 March', '30 March and 6 April': the month is said once per run of dates."""
    words: list[str] = []
    for index, day in enumerate(dates):
        following = dates[index + 1] if index + 1 < len(dates) else None
        same_month = following is not None and (following.year, following.month) == (day.year, day.month)
        words.append(str(day.day) if same_month else f"{day.day} {day:%B}")
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


@dataclass(frozen=True)
class LocalMeeting:
    """One meeting on one person's clock; ``usual`` is the time in force for them at this meeting."""

    meeting: Meeting
    start: datetime
    differs: bool
    usual: str = ""
    change: TimeChange | None = None

    @property
    def time(self) -> str:
        return hhmm(self.start)

    @property
    def abbreviation(self) -> str:
        return abbreviation(self.start)

    @property
    def ends_at(self) -> datetime:
        return self.meeting.ends_at


@dataclass(frozen=True)
class PlannedCall:
    """A call of a candidate weekly time (no meeting row yet) on one person's clock."""

    start: datetime
    ends_at: datetime

    @property
    def abbreviation(self) -> str:
        return abbreviation(self.start)


class OnClock(Protocol):
    """A call on one person's clock: its start there (aware, in their zone) and when it ends."""

    @property
    def start(self) -> datetime: ...
    @property
    def ends_at(self) -> datetime: ...
    @property
    def abbreviation(self) -> str: ...


@dataclass(frozen=True)
class TimeChange:
    """Why the call is at another time on one person's clock for some meetings: the explanation people read.

    ``shift`` is the scheduling core's (temporary or lasting, and the clock changes, zone and
    date, that cause it); ``meetings`` are the meetings at the other time, on the person's clock.
    One function words it, :func:`explain`, wherever it is shown.
    """

    shift: Shift
    meetings: tuple[OnClock, ...]

    @property
    def lasting(self) -> bool:
        return self.shift.lasting

    def upcoming(self, after: datetime | None) -> tuple[OnClock, ...]:
        """The meetings still to come after ``after`` this change is about (all of them without ``after``).

        A lasting change is about its first meeting only: from then on its time is the usual one.
        """
        about = self.meetings[:1] if self.lasting else self.meetings
        return tuple(local for local in about if after is None or local.ends_at > after)


def _day_month(day: date) -> str:
    return f"{day.day} {day:%B}"


def _reasons(change: TimeChange) -> str:
    shift = change.shift
    if shift.reason == "moved":
        return "the group's weekly time changed" if shift.lasting else "this call was moved"
    first = change.meetings[0].start
    parts = []
    for index, clock in enumerate(shift.changes):
        verb = "changed" if clock.at <= first else "changes"
        parts.append(f"{clock.place} {verb} {'its clocks' if index == 0 else 'them'} on {_day_month(clock.day)}")
    return ", ".join(parts)


def explain(change: TimeChange, *, who: str = "", after: datetime | None = None) -> str:
    """The sentence for a change, for ``who`` (a name; the reader when empty), about the meetings after ``after``.

    'On 16 and 23 March the call is at 16:00 GMT for you, not 17:00: New York changed its clocks
    on 14 March, London changes them on 28 March.' (temporary) or 'From 16 March your call is at
    21:30 IST, not 22:30: New York changed its clocks on 14 March.' (lasting). '' when none of
    its meetings is still to come.
    """
    meetings = change.upcoming(after)
    if not meetings:
        return ""
    shift = change.shift
    abbreviations = "/".join(dict.fromkeys(local.abbreviation for local in meetings))
    at, was = f"at {shift.time} {abbreviations}", shift.was_time
    if shift.other_weekday:
        plural = "s" if shift.lasting else ""
        at = f"on {WEEKDAY_NAMES[shift.wall[0]]}{plural} {at}"
        was = f"{WEEKDAY_NAMES[shift.was[0]]}{plural} at {was}"
    reasons = _reasons(change)
    if shift.lasting:
        whose = f"{who}'s" if who else "your"
        return f"From {_day_month(meetings[0].start.date())} {whose} call is {at}, not {was}: {reasons}."
    days = dates_in_words([local.start.date() for local in meetings])
    return f"On {days} the call is {at} for {who or 'you'}, not {was}: {reasons}."


@dataclass(frozen=True)
class WeeklyTime:
    """When a group's calls fall for one person: the weekday and time in force, and the changes of it.

    ``meetings`` holds every meeting that is not skipped, in order. ``weekday`` and ``time`` are
    those in force at the first meeting still to come (when the WeeklyTime was built with
    ``now``; else at the first). ``abbreviations`` are the zone's names at that time across the
    meetings it holds for (``('CET', 'CEST')`` when they span a clock change). ``changes`` are
    the temporary and lasting shifts, each explained (:func:`explain`).
    """

    zone: str
    weekday: int
    time: str
    abbreviations: tuple[str, ...]
    meetings: tuple[LocalMeeting, ...]
    changes: tuple[TimeChange, ...] = ()

    @property
    def weekday_name(self) -> str:
        return WEEKDAY_NAMES[self.weekday]

    @property
    def label(self) -> str:
        return f"{self.weekday_name}s at {self.time} {'/'.join(self.abbreviations)}"

    @property
    def differing(self) -> tuple[LocalMeeting, ...]:
        return tuple(local for local in self.meetings if local.differs)

    def local(self, meeting: Meeting) -> LocalMeeting | None:
        return next((local for local in self.meetings if local.meeting.pk == meeting.pk), None)

    def notes(self, upcoming_after: datetime | None = None, *, who: str = "") -> list[str]:
        """One sentence per change still to come after ``upcoming_after`` (every change without it)."""
        sentences = (explain(change, who=who, after=upcoming_after) for change in self.changes)
        return [sentence for sentence in sentences if sentence]

    def note_for(self, meeting: Meeting, upcoming_after: datetime | None = None) -> str:
        """The sentence about ``meeting``: the change that puts it at another time, or that starts with it; else ''."""
        local = self.local(meeting)
        if local is None or local.change is None:
            return ""
        change = local.change
        if change.lasting and change.meetings[0].start != local.start:
            return ""
        return explain(change, after=upcoming_after)


def planned_changes(starts: Sequence[datetime], duration: int, anchor_zone: str, zone_name: str) -> list[TimeChange]:
    """The changes of a candidate weekly time on ``zone_name``'s clock, its calls starting at ``starts`` (in order)."""
    times = shifts_on_clock(starts, anchor_zone, zone_name)
    calls = [
        PlannedCall(call.start, start + timedelta(minutes=duration))
        for call, start in zip(times.calls, starts, strict=True)
    ]
    return [TimeChange(shift, tuple(calls[position] for position in shift.positions)) for shift in times.shifts]


def _moved_alone(meeting: Meeting, schedule: Schedule | None) -> bool:
    """A call moved by hand, off the weekly time (a move of calls from a week on puts them on it)."""
    if meeting.state != Meeting.State.MOVED or schedule is None or schedule.zone not in known_zones():
        return False
    local = meeting.starts_at.astimezone(zone(schedule.zone))
    return (local.weekday(), local.hour * 60 + local.minute) != (schedule.weekday, schedule.minute)


def weekly_time(
    meetings: Iterable[Meeting], zone_name: str, *, schedule: Schedule | None, now: datetime | None = None
) -> WeeklyTime | None:
    """``meetings`` (skipped ones aside) on ``zone_name``'s clock, for the weekly call ``schedule`` keeps.

    The wall time is kept on the schedule zone's clock (the anchor; without a schedule, the
    person's own). The time in force is the one at the first meeting still to come at ``now``
    (without ``now``, at the first meeting; when every meeting is over, at the last). Skipped
    weeks still count for telling a temporary shift from a lasting one (their time is the
    weekly time's), but nothing is said about them. None without any meeting held.
    """
    every = sorted(meetings, key=lambda m: (m.starts_at, m.number))
    held = [position for position, meeting in enumerate(every) if meeting.state != Meeting.State.SKIPPED]
    if not held:
        return None
    # A name the zone database does not know (an old cookie, a removed zone) reads as UTC, as zone() does.
    zone_name = zone_name if zone_name in known_zones() else "UTC"
    anchor_zone = schedule.zone if schedule is not None and schedule.zone in known_zones() else zone_name
    times = shifts_on_clock(
        [m.starts_at for m in every],
        anchor_zone,
        zone_name,
        moved=[position for position, meeting in enumerate(every) if _moved_alone(meeting, schedule)],
    )
    calls = times.calls
    # Two passes: the changes hold their meetings, then the meetings name their change.
    plain = {
        position: LocalMeeting(
            every[position], calls[position].start, calls[position].differs, calls[position].usual_time
        )
        for position in held
    }
    changes = [TimeChange(shift, tuple(plain[p] for p in shift.positions if p in plain)) for shift in times.shifts]
    on_clock = [
        LocalMeeting(
            local.meeting,
            local.start,
            local.differs,
            local.usual,
            changes[index] if (index := calls[position].shift) is not None else None,
        )
        for position, local in plain.items()
    ]
    position = held[0]
    if now is not None:
        position = next((p for p in held if every[p].ends_at > now), held[-1])
    span = [call for call in times.span_of(position) if call.position in plain]
    weekday, minute = calls[position].usual
    abbreviations = tuple(dict.fromkeys(abbreviation(call.start) for call in span if not call.differs))
    return WeeklyTime(
        zone=zone_name,
        weekday=weekday,
        time=format_minute(minute),
        abbreviations=abbreviations or (abbreviation(calls[position].start),),
        meetings=tuple(on_clock),
        changes=tuple(change for change in changes if change.meetings),
    )


def _count(n: int, unit: str) -> str:
    return f"{n} {unit}{'' if n == 1 else 's'}"


def relative(value: datetime, now: datetime, tz: tzinfo) -> str:
    """'in 3 hours', 'tomorrow', 'in 2 days', '2 days ago': how far ``value`` is from ``now``.

    Under half a day it counts minutes or hours; beyond, calendar days on the clock of
    ``tz`` (so 'tomorrow' means the viewer's tomorrow), then weeks from two weeks on.
    """
    seconds = (value - now).total_seconds()
    future = seconds >= 0
    span = abs(seconds)
    days = (value.astimezone(tz).date() - now.astimezone(tz).date()).days
    if span < 60:
        return "now"
    if span < 3600:
        words = _count(int(span // 60), "minute")
    elif span < 12 * 3600 or days == 0:
        words = _count(int(span // 3600), "hour")
    elif days == 1:
        return "tomorrow"
    elif days == -1:
        return "yesterday"
    elif abs(days) < 14:
        words = _count(abs(days), "day")
    else:
        words = _count(abs(days) // 7, "week")
    return f"in {words}" if future else f"{words} ago"
