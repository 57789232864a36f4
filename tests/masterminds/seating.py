"""Seat people on the board for a test: accepted signups, a full mastermind; who sits there, who was mailed."""

from __future__ import annotations

from hotseat.masterminds import actions
from hotseat.masterminds.models import Mastermind
from hotseat.programs.models import Signup
from tests.factories import SignupFactory


def accept(cohort, *people):
    for person in people:
        SignupFactory(cohort=cohort, user=person)


def signup_of(cohort, person) -> Signup:
    return Signup.objects.get(cohort=cohort, user=person)


def full_group(cohort, leader, *members, capacity: int = 4) -> Mastermind:
    accept(cohort, leader, *members)
    mastermind = actions.lead_mastermind(cohort, leader, title="Growing a forum", capacity=capacity)
    for member in members:
        actions.take_seat(mastermind, member)
    return mastermind


def active_names(mastermind: Mastermind) -> list[str]:
    return [m.user.name for m in mastermind.memberships.filter(left_at__isnull=True).order_by("joined_at", "pk")]


def mails_to(outbox, person) -> list:
    return [m for m in outbox if m.to == [person.email]]


def group_led_by(cohort, leader, *members) -> Mastermind:
    for person in (leader, *members):
        SignupFactory(cohort=cohort, user=person)
    mastermind = actions.lead_mastermind(cohort, leader, title=f"Led by {leader.name}")
    for member in members:
        actions.take_seat(mastermind, member)
    return mastermind
