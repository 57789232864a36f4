"""Who can take a call when: weekly windows on a person's own wall clock, plus holidays.

A window is a weekday and a span of minutes of that local day, ``0 <= start < end <= 1440``
(1440 is "24:00", the end of the day). A window never crosses midnight: a person free
from 22:00 on Tuesday to 01:00 enters two windows, Tuesday 22:00-24:00 and Wednesday
00:00-01:00, and the search joins windows that touch, so a call may run across them.
Minutes are free (the 30-minute cells are the UI's grid, not the core's).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import pairwise

from hotseat.scheduling.clock import MINUTES_PER_DAY, WEEKDAY_NAMES, format_minute
from hotseat.scheduling.errors import SchedulingError, gettext_noop
from hotseat.scheduling.zones import load_zone


def _check_weekday(weekday: object, what: str) -> int:
    if not isinstance(weekday, int) or isinstance(weekday, bool) or not 0 <= weekday <= 6:
        raise SchedulingError(f"{what}: weekday {weekday!r} is not 0 (Monday) to 6 (Sunday).")
    return weekday


@dataclass(frozen=True, order=True)
class Window:
    """A weekly span of a person's local wall clock: ``weekday`` 0=Monday..6=Sunday, minutes 0..1440."""

    weekday: int
    start_minute: int
    end_minute: int

    def __post_init__(self) -> None:
        _check_weekday(self.weekday, "A window")
        start, end = self.start_minute, self.end_minute
        if not 0 <= start < MINUTES_PER_DAY:
            raise SchedulingError.worded(
                gettext_noop("A {weekday} window starts at minute {start}: a day has minutes 0 to 1439."),
                weekday=self.weekday,
                start=start,
            )
        if not 0 <= end <= MINUTES_PER_DAY:
            raise SchedulingError.worded(
                gettext_noop("A {weekday} window ends at minute {end}: a window ends at 24:00 at the latest."),
                weekday=self.weekday,
                end=end,
            )
        if end == start:
            raise SchedulingError.worded(
                gettext_noop("{weekday} {start}–{end} is empty."),
                weekday=self.weekday,
                start=format_minute(start),
                end=format_minute(end),
            )
        if end < start:
            if end == 0:
                raise SchedulingError.worded(
                    gettext_noop("{weekday} {start}–{end} crosses midnight: end it at 24:00 instead."),
                    weekday=self.weekday,
                    start=format_minute(start),
                    end=format_minute(end),
                )
            raise SchedulingError.worded(
                gettext_noop(
                    "{weekday} {start}–{end} crosses midnight: enter {weekday} {start}–24:00"
                    " and {next_weekday} 00:00–{end}."
                ),
                weekday=self.weekday,
                next_weekday=(self.weekday + 1) % 7,
                start=format_minute(start),
                end=format_minute(end),
            )

    def __str__(self) -> str:
        return f"{WEEKDAY_NAMES[self.weekday]} {format_minute(self.start_minute)}–{format_minute(self.end_minute)}"


@dataclass(frozen=True)
class Availability:
    """A person's weekly windows on the wall clock of ``zone`` (an IANA name), and dates they are away.

    ``holidays`` are dates of the person's own calendar: a holiday removes that local date's
    windows, so any call that would touch the date is missed (reason ``"holiday"``).
    Windows of one weekday must not overlap; windows that merely touch are fine.
    """

    zone: str
    windows: tuple[Window, ...] = ()
    holidays: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        load_zone(self.zone)
        # Accept any iterable from a caller (a form, a list) but keep the value hashable and frozen.
        object.__setattr__(self, "windows", tuple(self.windows))
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        for window in self.windows:
            if not isinstance(window, Window):
                raise SchedulingError(f"{window!r} is not a Window.")
        for holiday in self.holidays:
            if isinstance(holiday, datetime) or not isinstance(holiday, date):
                raise SchedulingError(f"Holiday {holiday!r} is not a date.")
        ordered = sorted(self.windows)
        for before, after in pairwise(ordered):
            if before.weekday == after.weekday and before.end_minute > after.start_minute:
                raise SchedulingError.worded(
                    gettext_noop(
                        "{weekday} {start}–{end} overlaps {weekday} {later_start}–{later_end}:"
                        " join them into one window or move one."
                    ),
                    weekday=before.weekday,
                    start=format_minute(before.start_minute),
                    end=format_minute(before.end_minute),
                    later_start=format_minute(after.start_minute),
                    later_end=format_minute(after.end_minute),
                )

    def windows_on(self, weekday: int) -> tuple[Window, ...]:
        """This weekday's windows, earliest first."""
        return tuple(sorted(w for w in self.windows if w.weekday == weekday))


@dataclass(frozen=True)
class Member:
    """A person in a mastermind, as the scheduling core sees them: an opaque ``id`` and an availability."""

    id: str
    availability: Availability

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise SchedulingError(f"A member id must be a non-empty string, not {self.id!r}.")
        if not isinstance(self.availability, Availability):
            raise SchedulingError(f"Member {self.id!r} has no Availability.")


def check_members(members: Iterable[Member]) -> tuple[Member, ...]:
    """The members as a tuple, after checking there is at least one and no id appears twice."""
    found = tuple(members)
    if not found:
        raise SchedulingError.worded(gettext_noop("There are no members to find a time for."))
    seen: set[str] = set()
    for member in found:
        if not isinstance(member, Member):
            raise SchedulingError(f"{member!r} is not a Member.")
        if member.id in seen:
            raise SchedulingError(f"Member id {member.id!r} appears twice.")
        seen.add(member.id)
    return found
