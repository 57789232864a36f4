"""Invitations to a seat: what an organizer's sheet gives people not yet in the program; they accept or decline.

Nobody is seated without saying yes. Accepting takes the seat through the seat actions' own steps
(one seat per cohort, an open group, a free seat), so the board is as if they had taken it themselves.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hotseat.accounts.models import User
from hotseat.masterminds.actions.common import _ensure_no_seat, _seats_changed
from hotseat.masterminds.actions.seats import _seat, refresh_state
from hotseat.masterminds.errors import BoardError
from hotseat.masterminds.models import Mastermind, Membership, SeatInvitation
from hotseat.masterminds.seats import open_seat_count
from hotseat.programs.board_cache import bump_board
from hotseat.programs.models import Signup

# A signup the organizer's invitation stands in for: the organizer chose this person.
REVIEWED_BY_INVITING = (Signup.Status.PENDING, Signup.Status.DECLINED, Signup.Status.WITHDRAWN)


def _pending(invitation_id: int, user: User) -> SeatInvitation:
    invitation = (
        SeatInvitation.objects.select_for_update(of=("self",))
        .select_related("cohort__program")
        .filter(pk=invitation_id, user=user)
        .first()
    )
    if invitation is None:
        raise BoardError(gettext("This invitation is not yours, or no longer exists."))
    if not invitation.is_pending:
        raise BoardError(
            gettext("You already answered this invitation (%(status)s).")
            % {"status": invitation.get_status_display().lower()}
        )
    return invitation


def _signup_for(invitation: SeatInvitation, user: User, now: datetime) -> Signup:
    role = Signup.Role.MEMBER if invitation.role == SeatInvitation.Role.WAITLIST else invitation.role
    signup = Signup.objects.select_for_update().filter(cohort=invitation.cohort, user=user).first()
    if signup is None:
        return Signup.objects.create(
            cohort=invitation.cohort,
            user=user,
            role=role,
            notes=invitation.notes,
            status=Signup.Status.ACCEPTED,
            created_at=now,
        )
    if signup.status in REVIEWED_BY_INVITING:
        signup.status = Signup.Status.ACCEPTED
        signup.notes = signup.notes or invitation.notes
        signup.save(update_fields=["status", "notes"])
    return signup


@transaction.atomic
def accept_invitation(invitation_id: int, user: User, *, now: datetime | None = None) -> SeatInvitation:
    """Action: say yes. The seat (or the place on the waitlist) is theirs if it is still free; else nothing changes."""
    now = now or timezone.now()
    invitation = _pending(invitation_id, user)
    cohort = invitation.cohort
    bump_board(cohort.pk)
    mastermind = None
    if invitation.mastermind_id is not None:
        # The mastermind row lock serialises everybody going for its seats, as in take_seat.
        mastermind = Mastermind.objects.lock().select_related("cohort__program").get(pk=invitation.mastermind_id)
    _ensure_no_seat(cohort, user)
    if mastermind is not None and not mastermind.is_open:
        raise BoardError(
            gettext("%(mastermind)s is %(state)s and takes no new members.")
            % {"mastermind": mastermind, "state": mastermind.get_state_display().lower()}
        )
    signup = _signup_for(invitation, user, now)
    if invitation.role == SeatInvitation.Role.WAITLIST:
        signup.status = Signup.Status.WAITLISTED
        signup.waitlist_mastermind = mastermind
        signup.waitlisted_at = now
        signup.save(update_fields=Signup.QUEUE_FIELDS)
    else:
        assert mastermind is not None  # a database constraint: a seat's invitation names its group
        if open_seat_count(mastermind, now) <= 0:
            raise BoardError(
                gettext(
                    "Sorry, the seats in %(mastermind)s are all taken now. Ask the organizers of "
                    "%(program)s for another group, or decline."
                )
                % {"mastermind": mastermind, "program": cohort.program}
            )
        leads = invitation.role == SeatInvitation.Role.LEADER and not mastermind.memberships.leaders().exists()
        _seat(mastermind, user, Membership.Role.LEADER if leads else Membership.Role.MEMBER, signup, now=now)
        refresh_state(mastermind, now)
        _seats_changed(mastermind, now)
    invitation.status = SeatInvitation.Status.ACCEPTED
    invitation.answered_at = now
    invitation.save(update_fields=["status", "answered_at"])
    return invitation


@transaction.atomic
def decline_invitation(invitation_id: int, user: User, *, now: datetime | None = None) -> SeatInvitation:
    """Action: say no. Nothing else changes; the organizer's next sheet may invite them again."""
    now = now or timezone.now()
    invitation = _pending(invitation_id, user)
    invitation.status = SeatInvitation.Status.DECLINED
    invitation.answered_at = now
    invitation.save(update_fields=["status", "answered_at"])
    return invitation
