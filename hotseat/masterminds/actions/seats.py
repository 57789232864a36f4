"""Seats: lead a new mastermind, take a seat, leave it, change the capacity, withdraw from the cohort."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from hotseat.accounts.models import User
from hotseat.masterminds.actions.common import _check_capacity, _ensure_no_seat, _locked_signup, _seats_changed
from hotseat.masterminds.actions.next_steps import sync_cohort_ending
from hotseat.masterminds.actions.waitlist import offer_open_seats
from hotseat.masterminds.errors import BoardError
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.masterminds.seats import active_memberships, open_seat_count
from hotseat.masterminds.signals import mastermind_formed
from hotseat.notify.actions import notify
from hotseat.programs.board_cache import bump_board
from hotseat.programs.models import Cohort, Signup


def _seat(mastermind: Mastermind, user: User, role: str, signup: Signup, *, now: datetime | None = None) -> Membership:
    now = now or timezone.now()
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                mastermind=mastermind, cohort=mastermind.cohort, user=user, role=role, joined_at=now
            )
    except IntegrityError:
        raise BoardError(gettext("You already have a seat in this cohort: one seat per cohort.")) from None
    # A seat held for them in another group is theirs no more: it goes to the next in line.
    held_elsewhere = (
        signup.offer_mastermind if signup.holds_offer(now) and signup.offer_mastermind_id != mastermind.pk else None
    )
    signup.leave_queue(Signup.Status.PLACED)
    signup.save(update_fields=Signup.QUEUE_FIELDS)
    if held_elsewhere is not None:
        offer_open_seats(held_elsewhere, now)
    return membership


def refresh_state(mastermind: Mastermind, now: datetime) -> None:
    """Forming ⇄ formed by head count; tells everybody when the group forms."""
    bump_board(mastermind.cohort_id)
    members = active_memberships(mastermind)
    threshold = mastermind.cohort.program.min_to_start
    if mastermind.state == Mastermind.State.FORMING and len(members) >= threshold:
        mastermind.state = Mastermind.State.FORMED
        mastermind.formed_at = now
        mastermind.save(update_fields=["state", "formed_at"])
        for m in members:
            notify(
                "mastermind_formed",
                m.user,
                key=f"mastermind_formed:m{mastermind.pk}:u{m.user_id}",
                now=now,
                mastermind=mastermind,
            )
        mastermind_formed.send(sender=Mastermind, mastermind=mastermind, now=now)
    elif mastermind.state == Mastermind.State.FORMED and len(members) < threshold:
        mastermind.state = Mastermind.State.FORMING
        mastermind.save(update_fields=["state"])
    sync_cohort_ending(mastermind, now=now)  # each member is asked, near the end, what they want next


@transaction.atomic
def lead_mastermind(
    cohort: Cohort,
    user: User,
    *,
    title: str,
    focus: str = "",
    preferred_times: str = "",
    capacity: int | None = None,
    now: datetime | None = None,
) -> Mastermind:
    now = now or timezone.now()
    bump_board(cohort.pk)
    # Lock the cohort row so two new groups never get the same number; before the signup,
    # in the order publishing a proposal takes them (hotseat/proposals/actions.py). Why lock() is
    # FOR NO KEY UPDATE: hotseat/row_locks.py.
    Cohort.objects.lock().filter(pk=cohort.pk).first()
    signup = _locked_signup(cohort, user)
    if not cohort.signup_open(now):
        raise BoardError(gettext("Sign-up for this cohort is closed."))
    _ensure_no_seat(cohort, user)
    capacity = cohort.program.group_size if capacity is None else capacity
    _check_capacity(cohort, capacity)
    number = (cohort.masterminds.aggregate(n=Max("number"))["n"] or 0) + 1
    mastermind = Mastermind.objects.create(
        cohort=cohort,
        number=number,
        title=title,
        focus=focus,
        preferred_times=preferred_times,
        capacity=capacity,
        created_at=now,
    )
    _seat(mastermind, user, Membership.Role.LEADER, signup, now=now)
    refresh_state(mastermind, now)
    return mastermind


@transaction.atomic
def take_seat(mastermind: Mastermind, user: User, *, now: datetime | None = None) -> Membership:
    now = now or timezone.now()
    # The mastermind row lock serialises everybody going for its seats.
    mastermind = Mastermind.objects.lock().select_related("cohort__program").get(pk=mastermind.pk)
    cohort = mastermind.cohort
    bump_board(cohort.pk)
    signup = _locked_signup(cohort, user)
    _ensure_no_seat(cohort, user)
    if not mastermind.is_open:
        raise BoardError(
            gettext("%(mastermind)s is %(state)s and takes no new members.")
            % {"mastermind": mastermind, "state": mastermind.get_state_display().lower()}
        )
    holds_here = signup.holds_offer(now) and signup.offer_mastermind_id == mastermind.pk
    if not holds_here:
        if not cohort.signup_open(now):
            raise BoardError(gettext("Sign-up for this cohort is closed."))
        if open_seat_count(mastermind, now) <= 0:
            raise BoardError(
                gettext("Sorry, the last seat in %(mastermind)s was just taken. You can join its waitlist.")
                % {"mastermind": mastermind},
                offer_waitlist=True,
            )
    membership = _seat(mastermind, user, Membership.Role.MEMBER, signup, now=now)
    refresh_state(mastermind, now)
    _seats_changed(mastermind, now)
    return membership


def _vacate(membership: Membership, now: datetime) -> Mastermind:
    """Give a seat back; the longest-seated member takes over if the leader leaves."""
    mastermind = Mastermind.objects.lock().get(pk=membership.mastermind_id)
    membership.left_at = now
    membership.save(update_fields=["left_at"])
    Signup.objects.filter(cohort=membership.cohort, user=membership.user, status=Signup.Status.PLACED).update(
        status=Signup.Status.ACCEPTED
    )
    remaining = active_memberships(mastermind)
    if membership.is_leader and remaining:
        successor = remaining[0]
        successor.role = Membership.Role.LEADER
        successor.save(update_fields=["role"])
    if not remaining and mastermind.is_open:
        mastermind.state = Mastermind.State.DISBANDED
        mastermind.save(update_fields=["state"])
        Signup.objects.filter(offer_mastermind=mastermind).update(offer_mastermind=None, offer_expires_at=None)
        Signup.objects.filter(waitlist_mastermind=mastermind).update(waitlist_mastermind=None)
        sync_cohort_ending(mastermind, now=now)  # nobody left to ask
    else:
        refresh_state(mastermind, now)
        offer_open_seats(mastermind, now)
    _seats_changed(mastermind, now)  # their call reminders are called off, their hot seat turns go to the others
    return mastermind


@transaction.atomic
def leave_seat(cohort: Cohort, user: User, *, now: datetime | None = None) -> Mastermind:
    now = now or timezone.now()
    membership = Membership.objects.seated().select_for_update().filter(cohort=cohort, user=user).first()
    if membership is None:
        raise BoardError(gettext("You have no seat in this cohort."))
    bump_board(cohort.pk)
    return _vacate(membership, now)


@transaction.atomic
def set_capacity(mastermind: Mastermind, capacity: int, *, now: datetime | None = None) -> Mastermind:
    now = now or timezone.now()
    mastermind = Mastermind.objects.lock().select_related("cohort__program").get(pk=mastermind.pk)
    if not mastermind.is_open:
        raise BoardError(
            gettext("%(mastermind)s is %(state)s; its seats can no longer change.")
            % {"mastermind": mastermind, "state": mastermind.get_state_display().lower()}
        )
    _check_capacity(mastermind.cohort, capacity)
    bump_board(mastermind.cohort_id)
    taken = mastermind.memberships.seated().count()
    held = mastermind.capacity - taken - open_seat_count(mastermind, now)
    if capacity < taken + held:
        raise BoardError(
            ngettext(
                "%(mastermind)s already has %(count)s seat taken or held; capacity cannot go lower.",
                "%(mastermind)s already has %(count)s seats taken or held; capacity cannot go lower.",
                taken + held,
            )
            % {"mastermind": mastermind, "count": taken + held}
        )
    mastermind.capacity = capacity
    mastermind.save(update_fields=["capacity"])
    offer_open_seats(mastermind, now)
    return mastermind


@transaction.atomic
def withdraw_signup(signup: Signup, *, now: datetime | None = None) -> Signup:
    """Someone withdraws from a cohort: their seat goes back (a held one to the next in line), then the queue."""
    now = now or timezone.now()
    signup = Signup.objects.select_for_update(of=("self",)).select_related("cohort").get(pk=signup.pk)
    if signup.status == Signup.Status.WITHDRAWN:
        return signup
    membership = Membership.objects.seated().select_for_update().filter(cohort=signup.cohort, user=signup.user).first()
    if membership is not None:
        _vacate(membership, now)
        signup.refresh_from_db()
    held = signup.offer_mastermind if signup.holds_offer(now) else None
    signup.leave_queue(Signup.Status.WITHDRAWN)
    signup.save(update_fields=Signup.QUEUE_FIELDS)
    bump_board(signup.cohort_id)
    if held is not None:
        offer_open_seats(held, now)
    return signup
