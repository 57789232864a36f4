"""Every change to programs, cohorts and signups."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hotseat.accounts.models import User
from hotseat.notify.actions import notify
from hotseat.programs.board_cache import bump_board
from hotseat.programs.errors import SignupError
from hotseat.programs.models import Cohort, Program, Signup
from hotseat.programs.signals import seat_hold_released


@transaction.atomic
def create_program(organizer: User, **fields: object) -> Program:
    program = Program(**fields)
    program.full_clean()
    program.save()
    program.organizers.add(organizer)
    return program


@transaction.atomic
def create_cohort(program: Program, **fields: object) -> Cohort:
    cohort = Cohort(program=program, **fields)
    cohort.full_clean()
    cohort.save()
    return cohort


@transaction.atomic
def submit_signup(
    cohort: Cohort,
    user: User,
    *,
    role: str,
    answers: list[dict[str, str]],
    notes: str = "",
    now: datetime | None = None,
) -> Signup:
    now = now or timezone.now()
    if not cohort.signup_open(now):
        raise SignupError(gettext("Sign-up for this cohort is closed."))
    signup = Signup.objects.select_for_update().filter(cohort=cohort, user=user).first()
    if signup is not None and signup.status != Signup.Status.WITHDRAWN:
        raise SignupError(gettext("You have already signed up for this cohort."))
    auto = cohort.program.review == cohort.program.Review.AUTO
    status = Signup.Status.ACCEPTED if auto else Signup.Status.PENDING
    if signup is None:
        signup = Signup(cohort=cohort, user=user)
    signup.role, signup.answers, signup.notes, signup.status = role, answers, notes, status
    signup.organizer_message = ""
    signup.save()
    bump_board(cohort.pk)
    if auto:
        notify(
            "signup_reviewed",
            user,
            key=f"signup_reviewed:s{signup.pk}:{now:%Y%m%dT%H%M%S.%f}",
            now=now,
            signup=signup,
        )
    return signup


@transaction.atomic
def review_signup(
    signup: Signup, reviewer: User, *, decision: str, message: str = "", now: datetime | None = None
) -> Signup:
    """An organizer accepts, waitlists or declines a signup, with an optional message."""
    signup = Signup.objects.select_for_update(of=("self",)).select_related("cohort__program", "user").get(pk=signup.pk)
    allowed = {Signup.Status.ACCEPTED, Signup.Status.WAITLISTED, Signup.Status.DECLINED}
    if decision not in allowed:
        raise SignupError(gettext("Choose accept, waitlist or decline."))
    if signup.status == Signup.Status.PLACED:
        raise SignupError(gettext("%(person)s is seated; nothing to review.") % {"person": signup.user})
    if signup.status == Signup.Status.WITHDRAWN:
        raise SignupError(gettext("%(person)s is withdrawn; nothing to review.") % {"person": signup.user})
    now = now or timezone.now()
    # A declined person can no longer take a seat held for them: it goes to the next in line.
    held = signup.offer_mastermind if decision == Signup.Status.DECLINED and signup.holds_offer(now) else None
    signup.status = decision
    signup.organizer_message = message
    signup.reviewed_by = reviewer
    signup.reviewed_at = now
    if decision == Signup.Status.WAITLISTED:
        signup.waitlisted_at = signup.waitlisted_at or now
    else:
        signup.waitlisted_at = None
        signup.waitlist_mastermind = None
    if decision == Signup.Status.DECLINED:
        signup.offer_mastermind = None
        signup.offer_expires_at = None
    signup.save()
    bump_board(signup.cohort_id)
    if held is not None:
        seat_hold_released.send(sender=Signup, signup=signup, mastermind=held, now=now)
    notify(
        "signup_reviewed",
        signup.user,
        key=f"signup_reviewed:s{signup.pk}:{now:%Y%m%dT%H%M%S.%f}",
        now=now,
        signup=signup,
    )
    return signup


@transaction.atomic
def close_signup(cohort: Cohort, *, now: datetime | None = None) -> Cohort:
    now = now or timezone.now()
    cohort = Cohort.objects.lock().get(pk=cohort.pk)
    if cohort.signup_closes_at is None or cohort.signup_closes_at > now:
        cohort.signup_closes_at = now
        if cohort.signup_opens_at and cohort.signup_opens_at >= now:
            cohort.signup_opens_at = None
        cohort.save(update_fields=["signup_closes_at", "signup_opens_at"])
    bump_board(cohort.pk)
    return cohort


@transaction.atomic
def reopen_signup(cohort: Cohort) -> Cohort:
    cohort = Cohort.objects.lock().get(pk=cohort.pk)
    cohort.signup_closes_at = None
    cohort.save(update_fields=["signup_closes_at"])
    bump_board(cohort.pk)
    return cohort
