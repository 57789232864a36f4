"""Arrange helpers for scheduling tests: a group of personas in a cohort, and their weekly availability."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from hotseat.accounts.models import User, WeeklyAvailability
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.programs.models import Program
from tests.factories import CohortFactory, MastermindFactory, seat

TUESDAY, THURSDAY = 1, 3
NOON = 12 * 60


def group_of(
    program: Program,
    leader: User,
    members: Iterable[User],
    *,
    starts_on: date = date(2027, 3, 2),
    weeks: int = 10,
    state: str = Mastermind.State.FORMED,
    title: str = "Growing a forum",
) -> Mastermind:
    """A mastermind in a cohort of its own: `leader` leads it, `members` sit in it."""
    cohort = CohortFactory(program=program, starts_on=starts_on, weeks=weeks)
    mastermind = MastermindFactory(cohort=cohort, title=title, state=state, capacity=8)
    seat(mastermind, leader, role=Membership.Role.LEADER)
    for member in members:
        seat(mastermind, member)
    return mastermind


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
