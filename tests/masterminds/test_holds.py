"""Seats held for the waitlist: lapsing, passing on, surviving a merge."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from hotseat.masterminds import actions
from hotseat.masterminds.errors import BoardError
from hotseat.masterminds.models import Mastermind
from hotseat.programs.models import Signup
from tests.factories import SignupFactory, UserFactory
from tests.groups import full_group
from tests.masterminds.seating import accept, signup_of


def _lapse(signup: Signup) -> None:
    Signup.objects.filter(pk=signup.pk).update(offer_expires_at=timezone.now() - timedelta(minutes=1))


def test_pass_on_lapsed_holds_offers_the_seat_to_the_next_person(cohort, alice, bob, chloe, dev, erin):
    mastermind = full_group(cohort, alice, bob, chloe, dev)
    frank = UserFactory(display_name="Frank")
    accept(cohort, erin, frank)
    actions.join_waitlist(cohort, erin)
    actions.join_waitlist(cohort, frank)
    actions.leave_seat(cohort, dev)
    assert signup_of(cohort, erin).offer_mastermind_id == mastermind.pk
    _lapse(signup_of(cohort, erin))

    made = actions.pass_on_lapsed_holds(timezone.now())

    assert made == 1
    erin_signup, frank_signup = signup_of(cohort, erin), signup_of(cohort, frank)
    assert frank_signup.offer_mastermind_id == mastermind.pk
    assert erin_signup.offer_mastermind_id is None
    assert erin_signup.status == Signup.Status.WAITLISTED
    # Erin waits on, now behind Frank.
    assert erin_signup.waitlisted_at > frank_signup.waitlisted_at


def test_pass_on_lapsed_holds_is_idempotent(cohort, alice, bob, chloe, dev, erin):
    full_group(cohort, alice, bob, chloe, dev)
    accept(cohort, erin)
    actions.join_waitlist(cohort, erin)
    actions.leave_seat(cohort, dev)
    _lapse(signup_of(cohort, erin))
    now = timezone.now()

    first = actions.pass_on_lapsed_holds(now)
    second = actions.pass_on_lapsed_holds(now)

    # Erin is the only one waiting: the seat is held for her again, once.
    assert (first, second) == (1, 0)
    assert signup_of(cohort, erin).holds_offer(now)


def test_pass_on_holds_command_reports_what_it_did(cohort, alice, bob, chloe, dev, erin, capsys):
    full_group(cohort, alice, bob, chloe, dev)
    accept(cohort, erin)
    actions.join_waitlist(cohort, erin)
    actions.leave_seat(cohort, dev)
    _lapse(signup_of(cohort, erin))

    call_command("pass_on_holds")

    assert "1 seat offered" in capsys.readouterr().out


def test_set_capacity_refuses_a_group_that_is_running(cohort, alice, bob, chloe, dev):
    mastermind = full_group(cohort, alice, bob, chloe, dev)
    Mastermind.objects.filter(pk=mastermind.pk).update(state=Mastermind.State.RUNNING)
    with pytest.raises(BoardError, match="running"):
        actions.set_capacity(mastermind, 6)


def test_merge_keeps_seats_held_in_the_group_that_goes_away(cohort, alice, bob, chloe, dev, erin):
    accept(cohort, alice, bob, chloe, dev, erin)
    first = actions.lead_mastermind(cohort, alice, title="One")
    second = actions.lead_mastermind(cohort, bob, title="Two")
    actions.take_seat(second, chloe)
    actions.join_waitlist(cohort, erin, second)
    actions.leave_seat(cohort, chloe)
    assert signup_of(cohort, erin).offer_mastermind_id == second.pk

    merged = actions.merge_masterminds(first, second)

    assert signup_of(cohort, erin).offer_mastermind_id == merged.pk
    actions.take_seat(merged, erin)
    assert signup_of(cohort, erin).status == Signup.Status.PLACED


def test_merge_counts_held_seats_against_the_maximum(cohort, alice, bob, erin):
    cohort.program.max_group_size = 4
    cohort.program.save()
    people = [UserFactory() for _ in range(3)]
    accept(cohort, alice, bob, erin, *people)
    first = actions.lead_mastermind(cohort, alice, title="One")
    actions.take_seat(first, people[0])
    second = actions.lead_mastermind(cohort, bob, title="Two")
    actions.take_seat(second, people[1])
    actions.take_seat(second, people[2])
    actions.join_waitlist(cohort, erin, second)
    actions.leave_seat(cohort, people[2])

    with pytest.raises(BoardError, match="1 seat held for the waitlist"):
        actions.merge_masterminds(first, second)


def test_seat_offered_email_names_the_deadline(
    cohort, alice, bob, chloe, dev, erin, mailoutbox, django_capture_on_commit_callbacks
):
    full_group(cohort, alice, bob, chloe, dev)
    SignupFactory(cohort=cohort, user=erin)
    actions.join_waitlist(cohort, erin)
    with django_capture_on_commit_callbacks(execute=True):
        actions.leave_seat(cohort, dev)
    (mail,) = [m for m in mailoutbox if m.to == [erin.email]]
    deadline = signup_of(cohort, erin).offer_expires_at.astimezone(timezone.get_fixed_timezone(330))
    assert deadline.strftime("%H:%M") in mail.body
    assert "IST" in mail.body
