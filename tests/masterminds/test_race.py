"""People racing for the same seat, in real threads with their own database connections."""

from __future__ import annotations

import pytest
from django.core import mail

from hotseat.masterminds import actions
from hotseat.masterminds.errors import BoardError
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.programs.models import Cohort, Signup
from tests.factories import CohortFactory, SignupFactory, UserFactory
from tests.racing import race

ROUNDS = 10

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("racing_database")]


def group_with_one_open_seat(cohort: Cohort) -> Mastermind:
    leader, *members = (UserFactory() for _ in range(3))
    for person in (leader, *members):
        SignupFactory(cohort=cohort, user=person)
    mastermind = actions.lead_mastermind(cohort, leader, title="Growing a forum")
    for member in members:
        actions.take_seat(mastermind, member)
    return mastermind


def test_take_seat_gives_the_last_seat_to_exactly_one_of_two_people(program, dev, erin):
    for _ in range(ROUNDS):
        cohort = CohortFactory(program=program)
        mastermind = group_with_one_open_seat(cohort)
        SignupFactory(cohort=cohort, user=dev)
        SignupFactory(cohort=cohort, user=erin)
        mail.outbox.clear()

        results = race(lambda m=mastermind: actions.take_seat(m, dev), lambda m=mastermind: actions.take_seat(m, erin))

        seated = [r for r in results if isinstance(r, Membership)]
        refused = [r for r in results if isinstance(r, BoardError)]
        assert len(seated) == 1, results
        assert len(refused) == 1, results
        assert refused[0].offer_waitlist is True
        assert refused[0].message == (
            "Sorry, the last seat in Group 1: Growing a forum was just taken. You can join its waitlist."
        )
        winner = seated[0].user
        loser = erin if winner == dev else dev
        assert Membership.objects.filter(mastermind=mastermind, left_at__isnull=True).count() == 4
        assert Signup.objects.get(cohort=cohort, user=winner).status == Signup.Status.PLACED
        assert Signup.objects.get(cohort=cohort, user=loser).status == Signup.Status.ACCEPTED
        mastermind.refresh_from_db()
        assert mastermind.state == Mastermind.State.FORMED
        assert len(mail.outbox) == 4  # the group formed once: one email per member, none twice


def test_take_seat_gives_one_person_clicking_two_groups_at_once_only_one_seat(program, dev):
    for _ in range(ROUNDS):
        cohort = CohortFactory(program=program)
        first, second = group_with_one_open_seat(cohort), group_with_one_open_seat(cohort)
        SignupFactory(cohort=cohort, user=dev)

        results = race(lambda m=first: actions.take_seat(m, dev), lambda m=second: actions.take_seat(m, dev))

        seated = [r for r in results if isinstance(r, Membership)]
        refused = [r for r in results if isinstance(r, BoardError)]
        assert len(seated) == 1, results
        assert len(refused) == 1, results
        assert "one seat per cohort" in refused[0].message
        assert Membership.objects.filter(cohort=cohort, user=dev, left_at__isnull=True).count() == 1
        other = second if seated[0].mastermind_id == first.pk else first
        assert Membership.objects.filter(mastermind=other, left_at__isnull=True).count() == 3


def test_lead_mastermind_gives_two_groups_led_at_once_different_numbers(program, alice, bob):
    for _ in range(ROUNDS):
        cohort = CohortFactory(program=program)
        SignupFactory(cohort=cohort, user=alice)
        SignupFactory(cohort=cohort, user=bob)

        results = race(
            lambda c=cohort: actions.lead_mastermind(c, alice, title="Alice's"),
            lambda c=cohort: actions.lead_mastermind(c, bob, title="Bob's"),
        )

        assert all(isinstance(r, Mastermind) for r in results), results
        assert sorted(cohort.masterminds.values_list("number", flat=True)) == [1, 2]
