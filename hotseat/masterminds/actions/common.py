"""What the seat, waitlist and organizer actions share: the checks they make, the signal they send."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext

from hotseat.accounts.models import User
from hotseat.masterminds.errors import BoardError
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.masterminds.signals import seats_changed
from hotseat.programs.models import Cohort, Signup


def _seats_changed(mastermind: Mastermind, now: datetime) -> None:
    """Tell the apps above (calls, hot seat, homework reminders) once the action has changed who sits here."""
    seats_changed.send(sender=Mastermind, mastermind=mastermind, now=now)


def _locked_signup(cohort: Cohort, user: User) -> Signup:
    signup = Signup.objects.select_for_update().filter(cohort=cohort, user=user).first()
    if signup is None:
        raise BoardError(gettext("Sign up for this cohort first."))
    if signup.status == Signup.Status.PENDING:
        raise BoardError(gettext("Your signup is waiting for an organizer's review."))
    if not signup.can_use_board:
        raise BoardError(gettext("Your signup is not active in this cohort."))
    return signup


def _active_seat(cohort: Cohort, user: User) -> Membership | None:
    return Membership.objects.seated().filter(cohort=cohort, user=user).select_related("mastermind").first()


def _ensure_no_seat(cohort: Cohort, user: User) -> None:
    seat = _active_seat(cohort, user)
    if seat is not None:
        raise BoardError(
            gettext("You already have a seat in %(mastermind)s. Leave it first: one seat per cohort.")
            % {"mastermind": seat.mastermind}
        )


def _check_capacity(cohort: Cohort, capacity: int) -> None:
    program = cohort.program
    if capacity > program.max_group_size:
        raise BoardError(
            gettext("A mastermind in this program has at most %(max)s seats.") % {"max": program.max_group_size}
        )
    if capacity < program.min_to_start:
        raise BoardError(gettext("A mastermind needs at least %(min)s seats to start.") % {"min": program.min_to_start})
