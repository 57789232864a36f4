"""Arrange helpers for proposal tests: a crowd of accepted people with zones and weekly hours."""

from __future__ import annotations

from collections.abc import Sequence

from allauth.account.models import EmailAddress

from hotseat.accounts.models import User, WeeklyAvailability
from hotseat.programs.models import Cohort, Signup
from tests.factories import SignupFactory, UserFactory

WEEKDAYS = (0, 1, 2, 3, 4)
# Two zones that share 12:00-14:00 New York (18:00-20:00 Paris) on weekdays.
NEW_YORK = ("America/New_York", (9, 14))
PARIS = ("Europe/Paris", (15, 20))
# Hours nobody else shares: 02:00-04:00 in Kolkata is the middle of the night in New York and Paris.
KOLKATA_NIGHT = ("Asia/Kolkata", (2, 4))


def person(
    cohort: Cohort,
    name: str,
    where: tuple[str, tuple[int, int]] | None,
    *,
    leads: bool = False,
    weekdays: Sequence[int] = WEEKDAYS,
    zone: str = "Europe/Paris",
) -> User:
    """An accepted person in `cohort` who can log in; `where` = (zone, (from hour, to hour)) or None (no hours)."""
    user = UserFactory(
        email=f"{name.lower().replace(' ', '.')}@example.com",
        display_name=name,
        time_zone=where[0] if where else zone,
    )
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    if where is not None:
        start, end = where[1]
        WeeklyAvailability.objects.update_or_create(
            user=user, defaults={"zone": where[0], "windows": [[d, start * 60, end * 60] for d in weekdays]}
        )
    SignupFactory(
        cohort=cohort,
        user=user,
        status=Signup.Status.ACCEPTED,
        role=Signup.Role.LEADER if leads else Signup.Role.MEMBER,
    )
    return user


def crowd(cohort: Cohort, groups: int, *, size: int = 4, prefix: str = "P") -> list[User]:
    """`groups` x `size` people who can all meet (half in New York, half in Paris), one volunteer leader per group."""
    people = []
    for g in range(groups):
        for i in range(size):
            where = NEW_YORK if (g * size + i) % 2 == 0 else PARIS
            people.append(person(cohort, f"{prefix}{g + 1}-{i + 1}", where, leads=i == 0))
    return people
