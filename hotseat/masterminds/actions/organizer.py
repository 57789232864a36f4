"""An organizer's (or an operator's) fixes: move someone to another group, take someone out of theirs,
merge two forming groups, end a group. The admin calls these too: it never writes a seat itself."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from hotseat.masterminds.actions.common import _seats_changed
from hotseat.masterminds.actions.next_steps import sync_cohort_ending
from hotseat.masterminds.actions.seats import _seat, _vacate, refresh_state
from hotseat.masterminds.errors import BoardError
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.masterminds.seats import active_memberships, open_seat_count
from hotseat.programs.board_cache import bump_board
from hotseat.programs.models import Signup


@transaction.atomic
def move_person(membership: Membership, to: Mastermind, *, now: datetime | None = None) -> Membership:
    """Move someone to another mastermind of the same cohort, as a member."""
    now = now or timezone.now()
    to = Mastermind.objects.lock().select_related("cohort__program").get(pk=to.pk)
    membership = Membership.objects.select_for_update(of=("self",)).select_related("user").get(pk=membership.pk)
    if membership.left_at is not None:
        raise BoardError(gettext("That seat is no longer taken."))
    if to.cohort_id != membership.cohort_id:
        raise BoardError(gettext("People can only move between masterminds of the same cohort."))
    if to.pk == membership.mastermind_id:
        raise BoardError(
            gettext("%(person)s is already in %(mastermind)s.") % {"person": membership.user, "mastermind": to}
        )
    if not to.is_open:
        raise BoardError(
            gettext("%(mastermind)s is %(state)s and takes no new members.")
            % {"mastermind": to, "state": to.get_state_display().lower()}
        )
    if open_seat_count(to, now) <= 0:
        raise BoardError(
            gettext("%(mastermind)s is full (%(capacity)s seats). Raise its capacity first.")
            % {"mastermind": to, "capacity": to.capacity}
        )
    user = membership.user
    bump_board(to.cohort_id)
    _vacate(membership, now)
    signup = Signup.objects.select_for_update().get(cohort=to.cohort, user=user)
    new = _seat(to, user, Membership.Role.MEMBER, signup, now=now)
    refresh_state(to, now)
    _seats_changed(to, now)
    return new


@transaction.atomic
def merge_masterminds(into: Mastermind, other: Mastermind, *, now: datetime | None = None) -> Mastermind:
    """Fold a forming group into another forming group; its leader becomes a member."""
    now = now or timezone.now()
    pair = {m.pk: m for m in Mastermind.objects.lock().filter(pk__in=[into.pk, other.pk])}
    into, other = pair[into.pk], pair[other.pk]
    if into.pk == other.pk:
        raise BoardError(gettext("Pick two different masterminds to merge."))
    if into.cohort_id != other.cohort_id:
        raise BoardError(gettext("Only masterminds of the same cohort can merge."))
    if into.state != Mastermind.State.FORMING or other.state != Mastermind.State.FORMING:
        raise BoardError(gettext("Only forming masterminds can merge."))
    bump_board(into.cohort_id)
    moving = active_memberships(other)
    staying = active_memberships(into)
    held = Signup.objects.filter(offer_mastermind__in=[into, other], offer_expires_at__gt=now).count()
    total = len(moving) + len(staying)
    program = into.cohort.program
    if total + held > program.max_group_size:
        values = {"total": total, "held": held, "max": program.max_group_size}
        if held:
            message = ngettext(
                "Together they would be %(total)s and %(held)s seat held for the waitlist, "
                "above the program's maximum of %(max)s.",
                "Together they would be %(total)s and %(held)s seats held for the waitlist, "
                "above the program's maximum of %(max)s.",
                held,
            )
        else:
            message = gettext("Together they would be %(total)s, above the program's maximum of %(max)s.")
        raise BoardError(message % values)
    Membership.objects.filter(pk__in=[m.pk for m in moving]).update(left_at=now)
    Membership.objects.bulk_create(
        [Membership(mastermind=into, cohort=into.cohort, user=m.user, role=Membership.Role.MEMBER) for m in moving]
    )
    into.capacity = max(into.capacity, total + held)
    into.save(update_fields=["capacity"])
    other.state = Mastermind.State.DISBANDED
    other.save(update_fields=["state"])
    Signup.objects.filter(waitlist_mastermind=other).update(waitlist_mastermind=into)
    # Seats held in the group that goes away are held, with the same deadline, in the merged one.
    Signup.objects.filter(offer_mastermind=other, offer_expires_at__gt=now).update(offer_mastermind=into)
    Signup.objects.filter(offer_mastermind=other).update(offer_mastermind=None, offer_expires_at=None)
    refresh_state(into, now)
    _seats_changed(other, now)
    _seats_changed(into, now)
    return into


@transaction.atomic
def remove_person(membership: Membership, *, now: datetime | None = None) -> Mastermind:
    """Take someone out of their group (support, moderation): the seat is given back as if they had left."""
    now = now or timezone.now()
    membership = Membership.objects.select_for_update(of=("self",)).select_related("user").get(pk=membership.pk)
    if membership.left_at is not None:
        raise BoardError(
            gettext("%(person)s already left %(mastermind)s.")
            % {"person": membership.user, "mastermind": membership.mastermind}
        )
    bump_board(membership.cohort_id)
    return _vacate(membership, now)


ENDINGS = (Mastermind.State.FINISHED, Mastermind.State.DISBANDED)


@transaction.atomic
def end_mastermind(mastermind: Mastermind, state: str, *, now: datetime | None = None) -> Mastermind:
    """Mark a group finished (it met to the end) or disbanded (it stopped): no more calls, reminders or seats.

    Its members keep their seats as history; its waitlist and held seats are let go, and the calls,
    hot seat turns and reminders of the apps above follow through ``seats_changed``.
    """
    now = now or timezone.now()
    if state not in ENDINGS:
        raise BoardError(gettext("A group ends as finished or disbanded."))
    mastermind = Mastermind.objects.lock().select_related("cohort__program").get(pk=mastermind.pk)
    if mastermind.state in ENDINGS:
        raise BoardError(
            gettext("%(mastermind)s is already %(state)s.")
            % {"mastermind": mastermind, "state": mastermind.get_state_display().lower()}
        )
    bump_board(mastermind.cohort_id)
    mastermind.state = state
    mastermind.save(update_fields=["state"])
    Signup.objects.filter(offer_mastermind=mastermind).update(offer_mastermind=None, offer_expires_at=None)
    Signup.objects.filter(waitlist_mastermind=mastermind).update(waitlist_mastermind=None)
    sync_cohort_ending(mastermind, now=now)  # a finished group is still asked what next; a disbanded one is not
    _seats_changed(mastermind, now)
    return mastermind
