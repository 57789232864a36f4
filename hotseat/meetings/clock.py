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

from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy

from hotseat.accounts.timezones import zone
from hotseat.meetings.models import Meeting, Schedule
from hotseat.scheduling.clock import format_minute
from hotseat.scheduling.shifts import Shift, shifts_on_clock
from hotseat.scheduling.zones import known_zones


def hhmm(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def abbreviation(moment: datetime) -> str:
    return moment.tzname() or moment.strftime("%z")


# "Tuesdays" in "Tuesdays at 12:00 EST", "on Tuesdays at 12:00": the weekly weekday, 0 = Monday.
EVERY_WEEKDAY = (
    pgettext_lazy("every week", "Mondays"),
    pgettext_lazy("every week", "Tuesdays"),
    pgettext_lazy("every week", "Wednesdays"),
    pgettext_lazy("every week", "Thursdays"),
    pgettext_lazy("every week", "Fridays"),
    pgettext_lazy("every week", "Saturdays"),
    pgettext_lazy("every week", "Sundays"),
)


def weekday_name(weekday: int) -> str:
    """The weekday's name in the active language (0 is Monday): 'Tuesday', « mardi »."""
    return str(WEEKDAYS[weekday])


def weekly_label(weekday: int, time: str, zones: str) -> str:
    """'Tuesdays at 12:00 EST' (« le mardi à 12:00 CET »): a weekly time in words."""
    return pgettext("every week", "%(weekdays)s at %(time)s %(zones)s") % {
        "weekdays": EVERY_WEEKDAY[weekday],
        "time": time,
        "zones": zones,
    }


def day_month(day: date) -> str:
    """'16 March' (« 16 mars »), in the active language."""
    return date_format(day, "j F")


def dates_in_words(dates: Sequence[date]) -> str:
    """'2, 9 and 16 March', '30 March and 6 April': the month is said once per run of dates."""
    words: list[str] = []
    for index, day in enumerate(dates):
        following = dates[index + 1] if index + 1 < len(dates) else None
        same_month = following is not None and (following.year, following.month) == (day.year, day.month)
        words.append(str(day.day) if same_month else day_month(day))
    if len(words) <= 1:
        return "".join(words)
    return str(get_text_list(words, gettext("and")))


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


def _clock_change(place: str, day: date, *, past: bool, first: bool) -> str:
    """'New York changed its clocks on 14 March', 'London changes them on 28 March'."""
    values = {"place": place, "date": day_month(day)}
    if first:
        if past:
            return gettext("%(place)s changed its clocks on %(date)s") % values
        return gettext("%(place)s changes its clocks on %(date)s") % values
    if past:
        return gettext("%(place)s changed them on %(date)s") % values
    return gettext("%(place)s changes them on %(date)s") % values


def _reasons(change: TimeChange) -> str:
    shift = change.shift
    if shift.reason == "moved":
        return gettext("the group's weekly time changed") if shift.lasting else gettext("this call was moved")
    first = change.meetings[0].start
    parts = [
        _clock_change(clock.place, clock.day, past=clock.at <= first, first=index == 0)
        for index, clock in enumerate(shift.changes)
    ]
    return ", ".join(parts)


def _lasting(values: dict[str, str], *, who: str, other_weekday: bool) -> str:
    if other_weekday:
        if who:
            return (
                gettext(
                    "From %(date)s %(who)s's call is on %(weekdays)s at %(time)s %(zones)s,"
                    " not %(was_weekdays)s at %(was)s: %(reasons)s."
                )
                % values
            )
        return (
            gettext(
                "From %(date)s your call is on %(weekdays)s at %(time)s %(zones)s,"
                " not %(was_weekdays)s at %(was)s: %(reasons)s."
            )
            % values
        )
    if who:
        return gettext("From %(date)s %(who)s's call is at %(time)s %(zones)s, not %(was)s: %(reasons)s.") % values
    return gettext("From %(date)s your call is at %(time)s %(zones)s, not %(was)s: %(reasons)s.") % values


def _temporary(values: dict[str, str], count: int, *, who: str, other_weekday: bool) -> str:
    """The sentence of a temporary change over ``count`` calls (the same English for one or several)."""
    if other_weekday:
        if who:
            return (
                ngettext(
                    "On %(dates)s the call is on %(weekday)s at %(time)s %(zones)s for %(who)s,"
                    " not %(was_weekday)s at %(was)s: %(reasons)s.",
                    "On %(dates)s the call is on %(weekday)s at %(time)s %(zones)s for %(who)s,"
                    " not %(was_weekday)s at %(was)s: %(reasons)s.",
                    count,
                )
                % values
            )
        return (
            ngettext(
                "On %(dates)s the call is on %(weekday)s at %(time)s %(zones)s for you,"
                " not %(was_weekday)s at %(was)s: %(reasons)s.",
                "On %(dates)s the call is on %(weekday)s at %(time)s %(zones)s for you,"
                " not %(was_weekday)s at %(was)s: %(reasons)s.",
                count,
            )
            % values
        )
    if who:
        return (
            ngettext(
                "On %(dates)s the call is at %(time)s %(zones)s for %(who)s, not %(was)s: %(reasons)s.",
                "On %(dates)s the call is at %(time)s %(zones)s for %(who)s, not %(was)s: %(reasons)s.",
                count,
            )
            % values
        )
    return (
        ngettext(
            "On %(dates)s the call is at %(time)s %(zones)s for you, not %(was)s: %(reasons)s.",
            "On %(dates)s the call is at %(time)s %(zones)s for you, not %(was)s: %(reasons)s.",
            count,
        )
        % values
    )


def explain(change: TimeChange, *, who: str = "", after: datetime | None = None) -> str:
    """The sentence for a change, for ``who`` (a name; the reader when empty), about the meetings after ``after``.

    'On 16 and 23 March the call is at 16:00 GMT for you, not 17:00: New York changed its clocks
    on 14 March, London changes them on 28 March.' (temporary) or 'From 16 March your call is at
    21:30 IST, not 22:30: New York changed its clocks on 14 March.' (lasting). '' when none of
    its meetings is still to come. Worded in the active language, one whole sentence per case.
    """
    meetings = change.upcoming(after)
    if not meetings:
        return ""
    shift = change.shift
    values = {
        "who": who,
        "time": shift.time,
        "zones": "/".join(dict.fromkeys(local.abbreviation for local in meetings)),
        "was": shift.was_time,
        "weekday": weekday_name(shift.wall[0]),
        "was_weekday": weekday_name(shift.was[0]),
        "weekdays": str(EVERY_WEEKDAY[shift.wall[0]]),
        "was_weekdays": str(EVERY_WEEKDAY[shift.was[0]]),
        "reasons": _reasons(change),
    }
    if shift.lasting:
        values["date"] = day_month(meetings[0].start.date())
        return _lasting(values, who=who, other_weekday=shift.other_weekday)
    values["dates"] = dates_in_words([local.start.date() for local in meetings])
    return _temporary(values, len(meetings), who=who, other_weekday=shift.other_weekday)


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
        return weekday_name(self.weekday)

    @property
    def label(self) -> str:
        """'Tuesdays at 12:00 EST/EDT' in the active language (« le mardi à 12:00 EST/EDT »)."""
        return weekly_label(self.weekday, self.time, "/".join(self.abbreviations))

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


# "in 3 hours", "3 hours ago": one whole phrase per unit and direction, so each language words it its own way.
_AHEAD = {
    "minute": lambda n: ngettext("in %(count)d minute", "in %(count)d minutes", n),
    "hour": lambda n: ngettext("in %(count)d hour", "in %(count)d hours", n),
    "day": lambda n: ngettext("in %(count)d day", "in %(count)d days", n),
    "week": lambda n: ngettext("in %(count)d week", "in %(count)d weeks", n),
}
_AGO = {
    "minute": lambda n: ngettext("%(count)d minute ago", "%(count)d minutes ago", n),
    "hour": lambda n: ngettext("%(count)d hour ago", "%(count)d hours ago", n),
    "day": lambda n: ngettext("%(count)d day ago", "%(count)d days ago", n),
    "week": lambda n: ngettext("%(count)d week ago", "%(count)d weeks ago", n),
}


def relative(value: datetime, now: datetime, tz: tzinfo) -> str:
    """'in 3 hours', 'tomorrow', 'in 2 days', '2 days ago': how far ``value`` is from ``now``.

    Under half a day it counts minutes or hours; beyond, calendar days on the clock of
    ``tz`` (so 'tomorrow' means the viewer's tomorrow), then weeks from two weeks on.
    In the active language.
    """
    seconds = (value - now).total_seconds()
    span = abs(seconds)
    days = (value.astimezone(tz).date() - now.astimezone(tz).date()).days
    if span < 60:
        return gettext("now")
    if span < 3600:
        unit, count = "minute", int(span // 60)
    elif span < 12 * 3600 or days == 0:
        unit, count = "hour", int(span // 3600)
    elif abs(days) == 1:
        return gettext("tomorrow") if days == 1 else gettext("yesterday")
    elif abs(days) < 14:
        unit, count = "day", abs(days)
    else:
        unit, count = "week", abs(days) // 7
    words = _AHEAD if seconds >= 0 else _AGO
    return words[unit](count) % {"count": count}
