"""The waitlist and held seats (hotseat/masterminds/actions/waitlist.py).

Who is offered a freed seat, holds, joining and leaving the waitlist.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hotseat.masterminds import actions
from hotseat.masterminds.errors import BoardError
from hotseat.programs.actions import close_signup
from hotseat.programs.models import Signup
from tests.factories import CohortFactory, UserFactory
from tests.groups import full_group
from tests.masterminds.seating import accept, active_names, mails_to, signup_of

# Waitlist and held seats -----------------------------------------------------------------


def test_leave_seat_holds_the_freed_seat_for_the_first_waitlisted_person(
    cohort, alice, bob, chloe, dev, erin, outbox, django_capture_on_commit_callbacks
):
    mastermind = full_group(cohort, alice, bob, chloe, dev)
    accept(cohort, erin)
    actions.join_waitlist(cohort, erin)
    before = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        actions.leave_seat(cohort, bob)

    offer = signup_of(cohort, erin)
    assert offer.offer_mastermind == mastermind
    assert offer.offer_expires_at is not None
    assert offer.offer_expires_at >= before + timedelta(hours=actions.OFFER_HOURS)
    (offered,) = [m for m in mails_to(outbox, erin) if "seat opened" in m.subject]
    assert "Group 1: Growing a forum" in offered.subject
    assert "held for you until" in offered.body


def test_held_seat_goes_to_a_group_waitlist_entry_before_a_later_any_group_entry(cohort, alice, bob, chloe, dev, erin):
    mastermind = full_group(cohort, alice, bob, chloe, dev)
    frank = UserFactory(display_name="Frank")
    accept(cohort, erin, frank)
    actions.join_waitlist(cohort, frank, mastermind)
    actions.join_waitlist(cohort, erin)

    actions.leave_seat(cohort, bob)

    assert signup_of(cohort, frank).offer_mastermind == mastermind
    assert signup_of(cohort, erin).offer_mastermind is None


def test_held_seat_goes_to_an_earlier_any_group_entry_before_a_group_waitlist_entry(
    cohort, alice, bob, chloe, dev, erin
):
    mastermind = full_group(cohort, alice, bob, chloe, dev)
    frank = UserFactory(display_name="Frank")
    accept(cohort, frank, erin)
    actions.join_waitlist(cohort, erin)
    actions.join_waitlist(cohort, frank, mastermind)

    actions.leave_seat(cohort, bob)

    assert signup_of(cohort, erin).offer_mastermind == mastermind
    assert signup_of(cohort, frank).offer_mastermind is None


def test_held_seat_skips_people_waiting_for_another_group(cohort, alice, bob, chloe, dev, erin):
    mastermind = full_group(cohort, alice, bob, chloe, dev)
    frank, grace = UserFactory(display_name="Frank"), UserFactory(display_name="Grace")
    other = full_group(cohort, frank)
    accept(cohort, erin, grace)
    actions.join_waitlist(cohort, erin, other)
    actions.join_waitlist(cohort, grace)

    actions.leave_seat(cohort, bob)

    assert signup_of(cohort, grace).offer_mastermind == mastermind
    assert signup_of(cohort, erin).offer_mastermind is None


def test_held_seat_can_only_be_taken_by_its_holder(cohort, alice, bob, chloe, dev, erin):
    mastermind = full_group(cohort, alice, bob, chloe, dev)
    accept(cohort, erin)
    actions.join_waitlist(cohort, erin)
    actions.leave_seat(cohort, bob)

    with pytest.raises(BoardError, match="last seat") as refused:
        actions.take_seat(mastermind, bob)
    assert refused.value.offer_waitlist is True

    actions.take_seat(mastermind, erin)

    assert active_names(mastermind) == ["Alice", "Chloe", "Dev", "Erin"]
    erin_signup = signup_of(cohort, erin)
    assert erin_signup.status == Signup.Status.PLACED
    assert (erin_signup.offer_mastermind, erin_signup.offer_expires_at, erin_signup.waitlisted_at) == (None, None, None)


def test_holder_seated_elsewhere_passes_their_held_seat_to_the_next_person(
    cohort, alice, bob, chloe, dev, erin, outbox, django_capture_on_commit_callbacks
):
    first = full_group(cohort, alice, bob, chloe, dev)
    frank = UserFactory(display_name="Frank")
    accept(cohort, erin, frank)
    actions.join_waitlist(cohort, erin)
    actions.join_waitlist(cohort, frank)
    actions.leave_seat(cohort, bob)
    second = full_group(cohort, UserFactory())

    with django_capture_on_commit_callbacks(execute=True):
        actions.take_seat(second, erin)

    assert signup_of(cohort, erin).offer_mastermind is None
    assert signup_of(cohort, frank).offer_mastermind == first
    assert [m.to for m in outbox] == [[frank.email]]


def test_held_seat_can_be_taken_by_its_holder_after_signup_closes(cohort, alice, bob, chloe, dev, erin):
    mastermind = full_group(cohort, alice, bob, chloe, dev)
    accept(cohort, erin)
    actions.join_waitlist(cohort, erin)
    actions.leave_seat(cohort, bob)
    close_signup(cohort)

    actions.take_seat(mastermind, erin)

    assert "Erin" in active_names(mastermind)


def test_expired_hold_lets_someone_else_take_the_seat(cohort, alice, bob, chloe, dev, erin):
    mastermind = full_group(cohort, alice, bob, chloe, dev)
    accept(cohort, erin)
    actions.join_waitlist(cohort, erin)
    actions.leave_seat(cohort, bob)
    Signup.objects.filter(cohort=cohort, user=erin).update(offer_expires_at=timezone.now() - timedelta(minutes=1))

    actions.take_seat(mastermind, bob)

    assert active_names(mastermind) == ["Alice", "Chloe", "Dev", "Bob"]
    with pytest.raises(BoardError, match="last seat"):
        actions.take_seat(mastermind, erin)


def test_expired_hold_does_not_block_the_waitlist_for_other_groups(cohort, alice, bob, chloe, dev, erin):
    first = full_group(cohort, alice, bob, chloe, dev)
    accept(cohort, erin)
    actions.join_waitlist(cohort, erin)
    actions.leave_seat(cohort, bob)
    Signup.objects.filter(cohort=cohort, user=erin).update(offer_expires_at=timezone.now() - timedelta(minutes=1))
    frank, grace, hana, ivan = (UserFactory() for _ in range(4))
    second = full_group(cohort, frank, grace, hana, ivan)

    actions.leave_seat(cohort, grace)

    offer = signup_of(cohort, erin)
    assert offer.offer_mastermind == second
    assert offer.holds_offer(timezone.now())
    assert first.pk != second.pk


def test_someone_holding_a_seat_is_not_offered_a_second_one(cohort, alice, bob, chloe, dev, erin):
    full_group(cohort, alice, bob, chloe, dev)
    frank, grace, hana, ivan = (UserFactory() for _ in range(4))
    full_group(cohort, frank, grace, hana, ivan)
    accept(cohort, erin)
    actions.join_waitlist(cohort, erin)
    actions.leave_seat(cohort, bob)
    first_offer = signup_of(cohort, erin).offer_mastermind

    actions.leave_seat(cohort, grace)

    assert signup_of(cohort, erin).offer_mastermind == first_offer


def test_join_waitlist_for_any_group(cohort, alice, bob):
    full_group(cohort, alice)
    accept(cohort, bob)

    signup = actions.join_waitlist(cohort, bob)

    signup.refresh_from_db()
    assert signup.status == Signup.Status.WAITLISTED
    assert signup.waitlist_mastermind is None
    assert signup.waitlisted_at is not None


def test_join_waitlist_for_a_specific_group_keeps_the_arrival_time(cohort, alice, bob):
    mastermind = full_group(cohort, alice)
    accept(cohort, bob)
    arrived = actions.join_waitlist(cohort, bob).waitlisted_at

    signup = actions.join_waitlist(cohort, bob, mastermind)

    signup.refresh_from_db()
    assert signup.waitlist_mastermind == mastermind
    assert signup.waitlisted_at == arrived


def test_join_waitlist_refuses_someone_with_a_seat(cohort, alice):
    full_group(cohort, alice)

    with pytest.raises(BoardError, match="already have a seat"):
        actions.join_waitlist(cohort, alice)

    assert signup_of(cohort, alice).status == Signup.Status.PLACED


def test_join_waitlist_refuses_a_disbanded_group(cohort, alice, bob):
    mastermind = full_group(cohort, alice)
    actions.leave_seat(cohort, alice)
    accept(cohort, bob)

    with pytest.raises(BoardError, match="does not take a waitlist"):
        actions.join_waitlist(cohort, bob, mastermind)


def test_join_waitlist_refuses_a_group_of_another_cohort(program, cohort, alice, bob):
    elsewhere = full_group(CohortFactory(program=program), alice)
    accept(cohort, bob)

    with pytest.raises(BoardError, match="does not take a waitlist"):
        actions.join_waitlist(cohort, bob, elsewhere)

    assert signup_of(cohort, bob).status == Signup.Status.ACCEPTED


def test_join_waitlist_refuses_when_signup_is_closed(cohort, bob):
    accept(cohort, bob)
    cohort = close_signup(cohort)

    with pytest.raises(BoardError, match="closed"):
        actions.join_waitlist(cohort, bob)


def test_leave_waitlist_makes_the_signup_accepted_again(cohort, alice, bob):
    mastermind = full_group(cohort, alice)
    accept(cohort, bob)
    actions.join_waitlist(cohort, bob, mastermind)

    actions.leave_waitlist(cohort, bob)

    signup = signup_of(cohort, bob)
    assert signup.status == Signup.Status.ACCEPTED
    assert (signup.waitlist_mastermind, signup.waitlisted_at) == (None, None)


def test_leave_waitlist_refuses_someone_not_on_it(cohort, bob):
    accept(cohort, bob)

    with pytest.raises(BoardError, match="not on the waitlist"):
        actions.leave_waitlist(cohort, bob)


def test_leave_waitlist_passes_a_held_seat_to_the_next_person(cohort, alice, bob, chloe, dev, erin):
    mastermind = full_group(cohort, alice, bob, chloe, dev)
    frank = UserFactory()
    accept(cohort, erin, frank)
    actions.join_waitlist(cohort, erin)
    actions.join_waitlist(cohort, frank)
    actions.leave_seat(cohort, bob)
    assert signup_of(cohort, erin).offer_mastermind == mastermind

    actions.leave_waitlist(cohort, erin)

    assert signup_of(cohort, erin).offer_mastermind is None
    assert signup_of(cohort, frank).offer_mastermind == mastermind
