"""Seat people on the board for a test: accepted signups, a full mastermind."""

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
