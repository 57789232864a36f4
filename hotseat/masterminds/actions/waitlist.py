"""The waitlist: join and leave it, hold open seats for the next in line, pass lapsed holds on."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from hotseat.accounts.models import User
from hotseat.masterminds.actions.common import _ensure_no_seat, _locked_signup
from hotseat.masterminds.errors import BoardError
from hotseat.masterminds.models import Mastermind
from hotseat.masterminds.seats import open_seat_count
from hotseat.notify.actions import notify
from hotseat.programs.board_cache import bump_board
from hotseat.programs.models import Cohort, Signup

OFFER_HOURS = getattr(settings, "SEAT_OFFER_HOURS", 48)


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
            mastermind = Mastermind.objects.lock().select_related("cohort__program").get(pk=mastermind_id)
            made += len(offer_open_seats(mastermind, now))
    return made


@transaction.atomic
def join_waitlist(
    cohort: Cohort, user: User, mastermind: Mastermind | None = None, *, now: datetime | None = None
) -> Signup:
    now = now or timezone.now()
    # Judge (and lock, in take_seat's order) the group as it is now: its last person may just have left.
    current = None
    if mastermind is not None:
        current = Mastermind.objects.lock().filter(pk=mastermind.pk).first()
    signup = _locked_signup(cohort, user)
    if not cohort.signup_open(now):
        raise BoardError(gettext("Sign-up for this cohort is closed."))
    _ensure_no_seat(cohort, user)
    if mastermind is not None and (current is None or current.cohort_id != cohort.pk or not current.is_open):
        raise BoardError(gettext("That mastermind does not take a waitlist."))
    mastermind = current
    bump_board(cohort.pk)
    signup.status = Signup.Status.WAITLISTED
    signup.waitlist_mastermind = mastermind
    signup.waitlisted_at = signup.waitlisted_at or now
    signup.save(update_fields=["status", "waitlist_mastermind", "waitlisted_at"])
    return signup


@transaction.atomic
def leave_waitlist(cohort: Cohort, user: User, *, now: datetime | None = None) -> Signup:
    signup = _locked_signup(cohort, user)
    if signup.status != Signup.Status.WAITLISTED:
        raise BoardError(gettext("You are not on the waitlist."))
    bump_board(cohort.pk)
    now = now or timezone.now()
    held = signup.offer_mastermind if signup.holds_offer(now) else None
    signup.leave_queue(Signup.Status.ACCEPTED)
    signup.save(update_fields=Signup.QUEUE_FIELDS)
    if held is not None:
        offer_open_seats(held, now)
    return signup
