"""Seat people on the board for a test: accepted signups; who sits there, who was mailed. Groups: tests/groups.py."""

from __future__ import annotations

from hotseat.masterminds.models import Mastermind
from hotseat.programs.models import Signup
from tests.factories import SignupFactory


def accept(cohort, *people):
    for person in people:
        SignupFactory(cohort=cohort, user=person)


def signup_of(cohort, person) -> Signup:
    return Signup.objects.get(cohort=cohort, user=person)


def active_names(mastermind: Mastermind) -> list[str]:
    return [m.user.name for m in mastermind.memberships.filter(left_at__isnull=True).order_by("joined_at", "pk")]


def mails_to(outbox, person) -> list:
    return [m for m in outbox if m.to == [person.email]]
