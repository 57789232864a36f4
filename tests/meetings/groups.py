"""Arrange helpers for scheduling tests: weekdays, noon, weekly availability, instants. The groups: tests/groups.py."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from hotseat.accounts.models import User, WeeklyAvailability

TUESDAY, THURSDAY = 1, 3
NOON = 12 * 60


def free(
    user: User,
    hours: tuple[int, int],
    *,
    weekdays: Sequence[int] = (TUESDAY, THURSDAY),
    holidays: Iterable[str] = (),
    zone: str | None = None,
) -> WeeklyAvailability:
    """`user` is free from hours[0]:00 to hours[1]:00 on their own clock, on `weekdays`."""
    start, end = hours
    return WeeklyAvailability.objects.update_or_create(
        user=user,
        defaults={
            "zone": zone or user.time_zone,
            "windows": [[day, start * 60, end * 60] for day in weekdays],
            "holidays": list(holidays),
        },
    )[0]


def at(day: date, wall: time, zone: str) -> datetime:
    """The UTC instant of a wall-clock time on a date in a zone."""
    return datetime.combine(day, wall, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)
