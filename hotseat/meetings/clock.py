"""Meetings on a person's own clock: the usual weekly time, the weeks that differ, and "in 2 days".

A weekly call keeps its wall time in the anchor zone (the leader's), so for someone in
another zone it lands an hour early or late in the weeks between two zones' clock
changes. Everything here works per meeting, from the stored UTC instants, so one-off
moves show up the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from hotseat.accounts.timezones import zone
from hotseat.meetings.models import Meeting
from hotseat.scheduling.clock import WEEKDAY_NAMES


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
    """One meeting on one person's clock."""

    meeting: Meeting
    start: datetime
    differs: bool

    @property
    def time(self) -> str:
        return hhmm(self.start)

    @property
    def abbreviation(self) -> str:
        return abbreviation(self.start)


@dataclass(frozen=True)
class WeeklyTime:
    """When a group's calls fall for one person: the usual weekday and time, and the calls that differ.

    ``meetings`` holds every meeting that is not skipped, in order. ``abbreviations`` are the
    zone's names at the usual time across the cohort (``('CET', 'CEST')`` when it spans a
    clock change).
    """

    zone: str
    weekday: int
    time: str
    abbreviations: tuple[str, ...]
    meetings: tuple[LocalMeeting, ...]

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

    def notes(self, upcoming_after: datetime | None = None) -> list[str]:
        """Plain sentences for the calls at another time: 'On 16 and 23 March it is at 17:00 CET, not 18:00.'"""
        groups: dict[tuple[str, str, str], list[date]] = {}
        for local in self.differing:
            if upcoming_after is not None and local.meeting.ends_at <= upcoming_after:
                continue
            weekday = "" if local.start.weekday() == self.weekday else WEEKDAY_NAMES[local.start.weekday()]
            groups.setdefault((weekday, local.time, local.abbreviation), []).append(local.start.date())
        notes = []
        for (weekday, time, abbr), days in groups.items():
            on = f"{weekday} {dates_in_words(days)}" if weekday else dates_in_words(days)
            notes.append(f"On {on} it is at {time} {abbr}, not {self.time}.")
        return notes


def weekly_time(meetings: Iterable[Meeting], zone_name: str) -> WeeklyTime | None:
    """The usual weekday and time of ``meetings`` (skipped ones aside) in ``zone_name``; None without any."""
    tz = zone(zone_name)
    ordered = sorted((m for m in meetings if m.state != Meeting.State.SKIPPED), key=lambda m: m.starts_at)
    if not ordered:
        return None
    starts = [m.starts_at.astimezone(tz) for m in ordered]
    # most_common keeps first-seen order among equals, so the earliest call breaks a tie.
    (weekday, time), _ = Counter((s.weekday(), hhmm(s)) for s in starts).most_common(1)[0]
    on_clock = tuple(
        LocalMeeting(meeting, start, (start.weekday(), hhmm(start)) != (weekday, time))
        for meeting, start in zip(ordered, starts, strict=True)
    )
    abbreviations = tuple(dict.fromkeys(local.abbreviation for local in on_clock if not local.differs))
    return WeeklyTime(zone=zone_name, weekday=weekday, time=time, abbreviations=abbreviations, meetings=on_clock)


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
