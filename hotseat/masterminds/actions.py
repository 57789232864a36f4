"""Every change to masterminds and seats. One transaction each, rows locked where people race."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from hotseat.accounts.models import User
from hotseat.masterminds.errors import BoardError
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.masterminds.next_steps import sync_cohort_ending
from hotseat.masterminds.seats import active_memberships, open_seat_count
from hotseat.masterminds.signals import seats_changed
from hotseat.notify.actions import notify
from hotseat.programs.board_cache import bump_board
from hotseat.programs.models import Cohort, Signup

OFFER_HOURS = getattr(settings, "SEAT_OFFER_HOURS", 48)


def _seats_changed(mastermind: Mastermind, now: datetime) -> None:
    """Tell the apps above (calls, hot seat, homework reminders) once the action has changed who sits here."""
    seats_changed.send(sender=Mastermind, mastermind=mastermind, now=now)


def _locked_signup(cohort: Cohort, user: User) -> Signup:
    signup = Signup.objects.select_for_update().filter(cohort=cohort, user=user).first()
    if signup is None:
        raise BoardError("Sign up for this cohort first.")
    if signup.status == Signup.Status.PENDING:
        raise BoardError("Your signup is waiting for an organizer's review.")
    if not signup.can_use_board:
        raise BoardError("Your signup is not active in this cohort.")
    return signup


def _active_seat(cohort: Cohort, user: User) -> Membership | None:
    return (
        Membership.objects.filter(cohort=cohort, user=user, left_at__isnull=True).select_related("mastermind").first()
    )


def _ensure_no_seat(cohort: Cohort, user: User) -> None:
    seat = _active_seat(cohort, user)
    if seat is not None:
        raise BoardError(f"You already have a seat in {seat.mastermind}. Leave it first: one seat per cohort.")


def _check_capacity(cohort: Cohort, capacity: int) -> None:
    program = cohort.program
    if capacity > program.max_group_size:
        raise BoardError(f"A mastermind in this program has at most {program.max_group_size} seats.")
    if capacity < program.min_to_start:
        raise BoardError(f"A mastermind needs at least {program.min_to_start} seats to start.")


def _seat(mastermind: Mastermind, user: User, role: str, signup: Signup, *, now: datetime | None = None) -> Membership:
    now = now or timezone.now()
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                mastermind=mastermind, cohort=mastermind.cohort, user=user, role=role, joined_at=now
            )
    except IntegrityError:
        raise BoardError("You already have a seat in this cohort: one seat per cohort.") from None
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
    elif mastermind.state == Mastermind.State.FORMED and len(members) < threshold:
        mastermind.state = Mastermind.State.FORMING
        mastermind.save(update_fields=["state"])
    sync_cohort_ending(mastermind, now=now)  # each member is asked, near the end, what they want next


def offer_open_seats(mastermind: Mastermind, now: datetime) -> list[Signup]:
    """Hold each open seat for the next waitlisted person (this group's or "any group"), in order."""
    if not mastermind.is_open:
        return []
    bump_board(mastermind.cohort_id)  # pass_on_lapsed_holds changes the board through here
    # A hold that lapsed goes to the next person; its holder stays waiting, at the back.
    Signup.objects.filter(offer_mastermind=mastermind, offer_expires_at__lte=now).update(
        offer_mastermind=None, offer_expires_at=None, waitlisted_at=now
    )
    offered: list[Signup] = []
    free = open_seat_count(mastermind, now)
    if free <= 0:
        return offered
    queue = (
        Signup.objects.select_for_update()
        .filter(cohort=mastermind.cohort, status=Signup.Status.WAITLISTED)
        .filter(Q(waitlist_mastermind=mastermind) | Q(waitlist_mastermind__isnull=True))
        # Someone already holding a seat elsewhere is not offered a second one.
        .filter(Q(offer_mastermind__isnull=True) | Q(offer_expires_at__lte=now))
        .select_related("user")
        .order_by("waitlisted_at", "pk")
    )
    expires_at = now + timedelta(hours=OFFER_HOURS)
    for signup in queue[:free]:
        signup.offer_mastermind = mastermind
        signup.offer_expires_at = expires_at
        signup.save(update_fields=["offer_mastermind", "offer_expires_at"])
        notify(
            "seat_offered",
            signup.user,
            key=f"seat_offered:s{signup.pk}:m{mastermind.pk}:{expires_at:%Y%m%dT%H%M%S.%f}",
            now=now,
            mastermind=mastermind,
            expires_at=expires_at,
        )
        offered.append(signup)
    return offered


def pass_on_lapsed_holds(now: datetime) -> int:
    """Give every seat whose hold lapsed to the next person waiting. Idempotent; run it often.

    Returns how many new holds were made.
    """
    lapsed = (
        Signup.objects.filter(offer_mastermind__isnull=False, offer_expires_at__lte=now)
        .values_list("offer_mastermind_id", flat=True)
        .distinct()
    )
    made = 0
    for mastermind_id in list(lapsed):
        with transaction.atomic():
            mastermind = (
                Mastermind.objects.select_for_update(no_key=True, of=("self",))
                .select_related("cohort__program")
                .get(pk=mastermind_id)
            )
            made += len(offer_open_seats(mastermind, now))
    return made


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
    # in the order publishing a proposal takes them (hotseat/proposals/actions.py). Row locks on
    # cohorts and masterminds are FOR NO KEY UPDATE (and never spill onto joined rows: of=self)
    # because inserting a seat or a meeting takes KEY SHARE on the rows it points to: a plain
    # FOR UPDATE there made take_seat and publish deadlock on PostgreSQL (tests/proposals/test_race.py).
    Cohort.objects.select_for_update(no_key=True).filter(pk=cohort.pk).first()
    signup = _locked_signup(cohort, user)
    if not cohort.signup_open(now):
        raise BoardError("Sign-up for this cohort is closed.")
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
    mastermind = (
        Mastermind.objects.select_for_update(no_key=True, of=("self",))
        .select_related("cohort__program")
        .get(pk=mastermind.pk)
    )
    cohort = mastermind.cohort
    bump_board(cohort.pk)
    signup = _locked_signup(cohort, user)
    _ensure_no_seat(cohort, user)
    if not mastermind.is_open:
        raise BoardError(f"{mastermind} is {mastermind.get_state_display().lower()} and takes no new members.")
    holds_here = signup.holds_offer(now) and signup.offer_mastermind_id == mastermind.pk
    if not holds_here:
        if not cohort.signup_open(now):
            raise BoardError("Sign-up for this cohort is closed.")
        if open_seat_count(mastermind, now) <= 0:
            raise BoardError(
                f"Sorry, the last seat in {mastermind} was just taken. You can join its waitlist.",
                offer_waitlist=True,
            )
    membership = _seat(mastermind, user, Membership.Role.MEMBER, signup, now=now)
    refresh_state(mastermind, now)
    _seats_changed(mastermind, now)
    return membership


def _vacate(membership: Membership, now: datetime) -> Mastermind:
    """Give a seat back; the longest-seated member takes over if the leader leaves."""
    mastermind = Mastermind.objects.select_for_update(no_key=True).get(pk=membership.mastermind_id)
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
def leave_seat(cohort: Cohort, user: User) -> Mastermind:
    now = timezone.now()
    membership = Membership.objects.select_for_update().filter(cohort=cohort, user=user, left_at__isnull=True).first()
    if membership is None:
        raise BoardError("You have no seat in this cohort.")
    bump_board(cohort.pk)
    return _vacate(membership, now)


@transaction.atomic
def set_capacity(mastermind: Mastermind, capacity: int) -> Mastermind:
    now = timezone.now()
    mastermind = (
        Mastermind.objects.select_for_update(no_key=True, of=("self",))
        .select_related("cohort__program")
        .get(pk=mastermind.pk)
    )
    if not mastermind.is_open:
        raise BoardError(f"{mastermind} is {mastermind.get_state_display().lower()}; its seats can no longer change.")
    _check_capacity(mastermind.cohort, capacity)
    bump_board(mastermind.cohort_id)
    taken = mastermind.memberships.filter(left_at__isnull=True).count()
    held = mastermind.capacity - taken - open_seat_count(mastermind, now)
    if capacity < taken + held:
        raise BoardError(f"{mastermind} already has {taken + held} seats taken or held; capacity cannot go lower.")
    mastermind.capacity = capacity
    mastermind.save(update_fields=["capacity"])
    offer_open_seats(mastermind, now)
    return mastermind


@transaction.atomic
def join_waitlist(cohort: Cohort, user: User, mastermind: Mastermind | None = None) -> Signup:
    now = timezone.now()
    # Judge (and lock, in take_seat's order) the group as it is now: its last person may just have left.
    current = None
    if mastermind is not None:
        current = Mastermind.objects.select_for_update(no_key=True).filter(pk=mastermind.pk).first()
    signup = _locked_signup(cohort, user)
    if not cohort.signup_open(now):
        raise BoardError("Sign-up for this cohort is closed.")
    _ensure_no_seat(cohort, user)
    if mastermind is not None and (current is None or current.cohort_id != cohort.pk or not current.is_open):
        raise BoardError("That mastermind does not take a waitlist.")
    mastermind = current
    bump_board(cohort.pk)
    signup.status = Signup.Status.WAITLISTED
    signup.waitlist_mastermind = mastermind
    signup.waitlisted_at = signup.waitlisted_at or now
    signup.save(update_fields=["status", "waitlist_mastermind", "waitlisted_at"])
    return signup


@transaction.atomic
def leave_waitlist(cohort: Cohort, user: User) -> Signup:
    signup = _locked_signup(cohort, user)
    if signup.status != Signup.Status.WAITLISTED:
        raise BoardError("You are not on the waitlist.")
    bump_board(cohort.pk)
    now = timezone.now()
    held = signup.offer_mastermind if signup.holds_offer(now) else None
    signup.leave_queue(Signup.Status.ACCEPTED)
    signup.save(update_fields=Signup.QUEUE_FIELDS)
    if held is not None:
        offer_open_seats(held, now)
    return signup


# Organizer tools -------------------------------------------------------------------


@transaction.atomic
def move_person(membership: Membership, to: Mastermind) -> Membership:
    """Move someone to another mastermind of the same cohort, as a member."""
    now = timezone.now()
    to = Mastermind.objects.select_for_update(no_key=True, of=("self",)).select_related("cohort__program").get(pk=to.pk)
    membership = Membership.objects.select_for_update(of=("self",)).select_related("user").get(pk=membership.pk)
    if membership.left_at is not None:
        raise BoardError("That seat is no longer taken.")
    if to.cohort_id != membership.cohort_id:
        raise BoardError("People can only move between masterminds of the same cohort.")
    if to.pk == membership.mastermind_id:
        raise BoardError(f"{membership.user} is already in {to}.")
    if not to.is_open:
        raise BoardError(f"{to} is {to.get_state_display().lower()} and takes no new members.")
    if open_seat_count(to, now) <= 0:
        raise BoardError(f"{to} is full ({to.capacity} seats). Raise its capacity first.")
    user = membership.user
    bump_board(to.cohort_id)
    _vacate(membership, now)
    signup = Signup.objects.select_for_update().get(cohort=to.cohort, user=user)
    new = _seat(to, user, Membership.Role.MEMBER, signup, now=now)
    refresh_state(to, now)
    _seats_changed(to, now)
    return new


@transaction.atomic
def merge_masterminds(into: Mastermind, other: Mastermind) -> Mastermind:
    """Fold a forming group into another forming group; its leader becomes a member."""
    now = timezone.now()
    pair = {m.pk: m for m in Mastermind.objects.select_for_update(no_key=True).filter(pk__in=[into.pk, other.pk])}
    into, other = pair[into.pk], pair[other.pk]
    if into.pk == other.pk:
        raise BoardError("Pick two different masterminds to merge.")
    if into.cohort_id != other.cohort_id:
        raise BoardError("Only masterminds of the same cohort can merge.")
    if into.state != Mastermind.State.FORMING or other.state != Mastermind.State.FORMING:
        raise BoardError("Only forming masterminds can merge.")
    bump_board(into.cohort_id)
    moving = active_memberships(other)
    staying = active_memberships(into)
    held = Signup.objects.filter(offer_mastermind__in=[into, other], offer_expires_at__gt=now).count()
    total = len(moving) + len(staying)
    program = into.cohort.program
    if total + held > program.max_group_size:
        waiting = f" and {held} seat{'s' if held != 1 else ''} held for the waitlist" if held else ""
        raise BoardError(
            f"Together they would be {total}{waiting}, above the program's maximum of {program.max_group_size}."
        )
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
def withdraw_signup(signup: Signup, *, now: datetime | None = None) -> Signup:
    """Someone withdraws from a cohort: their seat goes back (a held one to the next in line), then the queue."""
    now = now or timezone.now()
    signup = Signup.objects.select_for_update(of=("self",)).select_related("cohort").get(pk=signup.pk)
    if signup.status == Signup.Status.WITHDRAWN:
        return signup
    membership = (
        Membership.objects.select_for_update()
        .filter(cohort=signup.cohort, user=signup.user, left_at__isnull=True)
        .first()
    )
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
