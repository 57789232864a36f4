"""The DESIGN.md personas as scheduling members, and a way to write windows as readable hours."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from hotseat.scheduling import Availability, Member, Window

ZONES = {
    "alice": "America/New_York",
    "bob": "America/Los_Angeles",
    "chloe": "Europe/Paris",
    "dev": "Europe/London",
    "erin": "Asia/Kolkata",
}
WEEKDAYS = range(5)
WHOLE_WEEK = range(7)


def minute(hhmm: str) -> int:
    """'18:45' -> 1125; '24:00' -> 1440."""
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def windows(hours: str, days: Iterable[int] = WEEKDAYS) -> tuple[Window, ...]:
    """The same 'HH:MM-HH:MM' window on each of `days`."""
    start, end = hours.split("-")
    return tuple(Window(day, minute(start), minute(end)) for day in days)


def member(
    name: str,
    hours: str = "00:00-24:00",
    days: Iterable[int] = WHOLE_WEEK,
    *,
    zone: str | None = None,
    holidays: Iterable[date] = (),
) -> Member:
    """A member free `hours` on `days` of their own clock; personas get their DESIGN.md zone."""
    return Member(name, Availability(zone or ZONES[name], windows(hours, days), frozenset(holidays)))
