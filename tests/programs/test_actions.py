"""Signups and sign-up windows: submit, review, withdraw, close, reopen."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hotseat.masterminds import actions as board
from hotseat.programs import actions
from hotseat.programs.errors import SignupError
from hotseat.programs.models import Cohort, Program, Signup
from tests.factories import CohortFactory, ProgramFactory, SignupFactory, UserFactory
from tests.groups import full_group

ANSWERS = [{"question": "Which community do you run?", "answer": "A Discourse forum for potters"}]


def signup_of(cohort, person) -> Signup:
    return Signup.objects.get(cohort=cohort, user=person)


# submit_signup ---------------------------------------------------------------------------


def test_submit_signup_waits_for_review_when_organizers_review(cohort, bob, outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        signup = actions.submit_signup(cohort, bob, role=Signup.Role.LEADER, answers=ANSWERS, notes="Evenings only")

    signup.refresh_from_db()
    assert signup.status == Signup.Status.PENDING
    assert (signup.role, signup.answers, signup.notes) == (Signup.Role.LEADER, ANSWERS, "Evenings only")
    assert outbox == []


def test_submit_signup_accepts_straight_away_and_emails_when_review_is_automatic(
    bob, outbox, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(program=ProgramFactory(review=Program.Review.AUTO))

    with django_capture_on_commit_callbacks(execute=True):
        signup = actions.submit_signup(cohort, bob, role=Signup.Role.MEMBER, answers=ANSWERS)

    assert signup_of(cohort, bob).status == Signup.Status.ACCEPTED
    (message,) = outbox
    assert message.to == ["bob@example.com"]
    assert message.subject == f"[hotseat] You're in: {cohort}"
    assert cohort.get_absolute_url() in message.body
    assert signup.pk is not None


def test_submit_signup_refuses_a_second_signup(cohort, bob):
    actions.submit_signup(cohort, bob, role=Signup.Role.MEMBER, answers=ANSWERS)

    with pytest.raises(SignupError, match="already signed up"):
        actions.submit_signup(cohort, bob, role=Signup.Role.LEADER, answers=[])

    assert signup_of(cohort, bob).role == Signup.Role.MEMBER


def test_submit_signup_after_withdrawing_starts_over(cohort, organizer, bob):
    first = actions.submit_signup(cohort, bob, role=Signup.Role.MEMBER, answers=ANSWERS)
    actions.review_signup(first, organizer, decision=Signup.Status.ACCEPTED, message="Welcome")
    board.withdraw_signup(first)

    again = actions.submit_signup(cohort, bob, role=Signup.Role.LEADER, answers=[], notes="Back")

    again.refresh_from_db()
    assert again.pk == first.pk
    assert (again.status, again.role, again.notes, again.organizer_message) == (
        Signup.Status.PENDING,
        Signup.Role.LEADER,
        "Back",
        "",
    )


def test_submit_signup_refuses_a_closed_cohort(cohort, bob):
    cohort = actions.close_signup(cohort)

    with pytest.raises(SignupError, match="closed"):
        actions.submit_signup(cohort, bob, role=Signup.Role.MEMBER, answers=ANSWERS)

    assert not Signup.objects.filter(user=bob).exists()


def test_submit_signup_refuses_before_the_window_opens(program, bob):
    cohort = CohortFactory(program=program, signup_opens_at=timezone.now() + timedelta(hours=1))

    with pytest.raises(SignupError, match="closed"):
        actions.submit_signup(cohort, bob, role=Signup.Role.MEMBER, answers=ANSWERS)


# review_signup ---------------------------------------------------------------------------


def test_review_signup_accepts_and_emails_the_organizers_message(
    cohort, organizer, bob, outbox, django_capture_on_commit_callbacks
):
    pending = SignupFactory(cohort=cohort, user=bob, status=Signup.Status.PENDING)

    with django_capture_on_commit_callbacks(execute=True):
        actions.review_signup(pending, organizer, decision=Signup.Status.ACCEPTED, message="Welcome, Bob!")

    reviewed = signup_of(cohort, bob)
    assert (reviewed.status, reviewed.reviewed_by, reviewed.organizer_message) == (
        Signup.Status.ACCEPTED,
        organizer,
        "Welcome, Bob!",
    )
    assert reviewed.reviewed_at is not None
    (message,) = outbox
    assert message.to == ["bob@example.com"]
    assert "You're in" in message.subject
    assert "was accepted" in message.body
    assert "A message from the organizers:\n\nWelcome, Bob!" in message.body
    assert "Welcome, Bob!" in message.alternatives[0].content


def test_review_signup_waitlists_and_puts_the_person_in_the_queue(
    cohort, organizer, erin, outbox, django_capture_on_commit_callbacks
):
    pending = SignupFactory(cohort=cohort, user=erin, status=Signup.Status.PENDING)

    with django_capture_on_commit_callbacks(execute=True):
        actions.review_signup(pending, organizer, decision=Signup.Status.WAITLISTED, message="Groups are full")

    reviewed = signup_of(cohort, erin)
    assert reviewed.status == Signup.Status.WAITLISTED
    assert reviewed.waitlisted_at is not None
    assert reviewed.waitlist_mastermind is None
    (message,) = outbox
    assert "waitlist" in message.subject
    assert "Groups are full" in message.body


def test_review_signup_declines_with_a_message(cohort, organizer, dev, outbox, django_capture_on_commit_callbacks):
    pending = SignupFactory(cohort=cohort, user=dev, status=Signup.Status.PENDING)

    with django_capture_on_commit_callbacks(execute=True):
        actions.review_signup(pending, organizer, decision=Signup.Status.DECLINED, message="This one is for forums.")

    assert signup_of(cohort, dev).status == Signup.Status.DECLINED
    (message,) = outbox
    assert message.subject == f"[hotseat] About your signup for {cohort}"
    assert "was not accepted this time" in message.body
    assert "This one is for forums." in message.body


def test_review_signup_without_a_message_says_nothing_about_one(
    cohort, organizer, bob, outbox, django_capture_on_commit_callbacks
):
    pending = SignupFactory(cohort=cohort, user=bob, status=Signup.Status.PENDING)

    with django_capture_on_commit_callbacks(execute=True):
        actions.review_signup(pending, organizer, decision=Signup.Status.ACCEPTED)

    (message,) = outbox
    assert "message from the organizers" not in message.body


def test_review_signup_refuses_an_unknown_decision(cohort, organizer, bob, outbox, django_capture_on_commit_callbacks):
    pending = SignupFactory(cohort=cohort, user=bob, status=Signup.Status.PENDING)

    with (
        pytest.raises(SignupError, match="accept, waitlist or decline"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        actions.review_signup(pending, organizer, decision=Signup.Status.PLACED)

    assert signup_of(cohort, bob).status == Signup.Status.PENDING
    assert outbox == []


@pytest.mark.parametrize("status", [Signup.Status.PLACED, Signup.Status.WITHDRAWN])
def test_review_signup_refuses_a_seated_or_withdrawn_person(cohort, organizer, bob, status):
    signup = SignupFactory(cohort=cohort, user=bob, status=status)

    with pytest.raises(SignupError, match="nothing to review"):
        actions.review_signup(signup, organizer, decision=Signup.Status.DECLINED)

    assert signup_of(cohort, bob).status == status


def test_review_signup_declining_someone_holding_a_seat_passes_it_on(cohort, organizer, alice, bob, chloe, dev, erin):
    mastermind = full_group(cohort, alice, bob, chloe, dev)
    frank = UserFactory()
    for person in (erin, frank):
        SignupFactory(cohort=cohort, user=person)
        board.join_waitlist(cohort, person)
    board.leave_seat(cohort, bob)
    assert signup_of(cohort, erin).offer_mastermind == mastermind

    actions.review_signup(signup_of(cohort, erin), organizer, decision=Signup.Status.DECLINED)

    declined = signup_of(cohort, erin)
    assert (declined.offer_mastermind, declined.offer_expires_at) == (None, None)
    assert signup_of(cohort, frank).offer_mastermind == mastermind


# close_signup / reopen_signup ------------------------------------------------------------


def test_close_signup_closes_the_window_now(cohort):
    before = timezone.now()

    closed = actions.close_signup(cohort)

    assert closed.signup_closes_at is not None
    assert before <= closed.signup_closes_at <= timezone.now()
    assert not Cohort.objects.get(pk=cohort.pk).signup_open(timezone.now())


def test_close_signup_keeps_an_earlier_closing_time(program):
    earlier = timezone.now() - timedelta(days=2)
    cohort = CohortFactory(program=program, signup_closes_at=earlier)

    closed = actions.close_signup(cohort)

    assert closed.signup_closes_at == earlier


def test_close_signup_brings_forward_a_planned_closing_time(program):
    cohort = CohortFactory(program=program, signup_closes_at=timezone.now() + timedelta(days=7))

    closed = actions.close_signup(cohort)

    assert closed.signup_closes_at is not None
    assert closed.signup_closes_at <= timezone.now()


def test_close_signup_before_the_window_opens_keeps_the_window_valid(program):
    cohort = CohortFactory(program=program, signup_opens_at=timezone.now() + timedelta(days=1))

    closed = actions.close_signup(cohort)

    closed.refresh_from_db()
    assert closed.signup_opens_at is None
    assert not closed.signup_open(timezone.now())


def test_reopen_signup_opens_the_window_again(cohort, bob):
    actions.close_signup(cohort)

    reopened = actions.reopen_signup(cohort)

    assert reopened.signup_closes_at is None
    assert reopened.signup_open(timezone.now())
    actions.submit_signup(reopened, bob, role=Signup.Role.MEMBER, answers=ANSWERS)
    assert signup_of(cohort, bob).status == Signup.Status.PENDING


# create_program / create_cohort ----------------------------------------------------------


def test_create_program_makes_the_creator_an_organizer(organizer):
    program = actions.create_program(
        organizer, name="Moderators Mastermind", slug="mods", sponsor="Acme", group_size=5, min_to_start=3
    )

    assert list(program.organizers.all()) == [organizer]
    assert (program.group_size, program.min_to_start, program.max_group_size) == (5, 3, 8)


def test_create_cohort_refuses_a_window_that_closes_before_it_opens(program):
    now = timezone.now()

    with pytest.raises(Exception, match="Sign-up must open before it closes"):
        actions.create_cohort(
            program,
            name="Spring",
            slug="spring",
            starts_on=now.date(),
            signup_opens_at=now,
            signup_closes_at=now - timedelta(days=1),
        )

    assert not program.cohorts.exists()
