"""Every change to who presents when: the rotation kept up to date, reordered, opted out of, swapped, deferred.

One transaction each, the mastermind row locked first (the same lock the call changes and
the seat changes take), so two people changing the rotation at once take turns. The fair
assignment itself is pure logic in ``turns.py``; this module reads the group's calls
and seats, asks it, and writes the presenters and the notifications.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hotseat.accounts.models import User
from hotseat.core_messages import in_language
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.meetings import turns
from hotseat.meetings.errors import HotSeatError
from hotseat.meetings.models import Attendance, Meeting, TurnSwap
from hotseat.meetings.notices.hot_seat import HOT_SEAT_CHANGED, TURN_SWAP, sync_nudges
from hotseat.notify.actions import notify

_ENDED = (Mastermind.State.FINISHED, Mastermind.State.DISBANDED)


def lock(mastermind: Mastermind | int) -> Mastermind:
    pk = mastermind if isinstance(mastermind, int) else mastermind.pk
    return Mastermind.objects.lock().select_related("cohort__program").get(pk=pk)


def turn_seats(mastermind: Mastermind) -> list[Membership]:
    """The seated members in turn order: the leader's order where set, then joining order."""
    seats = list(Membership.objects.seated().filter(mastermind=mastermind).select_related("user").order_by("pk"))
    seats.sort(key=lambda s: (s.turn_order is None, s.turn_order or 0, s.joined_at, s.pk))
    return seats


def _is_upcoming(meeting: Meeting, now: datetime) -> bool:
    return meeting.starts_at > now and meeting.state != Meeting.State.SKIPPED


def refresh_turns(mastermind: Mastermind, now: datetime, *, rederive: bool = False) -> list[Meeting]:
    """Give every call still to come its presenter; call it inside the change's transaction.

    Calls already started keep theirs (they are the history). By default the presenters
    already planned keep their order (a skipped call's presenter takes the next turn,
    somebody who left or opted out drops out and the rest move up, added weeks are filled
    fairly); ``rederive`` plans the upcoming turns afresh from the turn order (a reorder,
    a new member, somebody opting back in). The hot seat nudges follow. Returns the calls
    whose presenter changed.
    """
    meetings = list(
        Meeting.objects.select_for_update(of=("self",))
        .filter(mastermind=mastermind)
        .select_related("presenter")
        .order_by("starts_at", "number")
    )
    past = [m for m in meetings if m.starts_at <= now and m.state != Meeting.State.SKIPPED]
    upcoming = [m for m in meetings if m.starts_at > now]
    held = [m for m in upcoming if m.state != Meeting.State.SKIPPED]
    seats = turn_seats(mastermind)
    order = [seat.user_id for seat in seats]
    opted_out = {seat.user_id for seat in seats if not seat.presents}
    since = {seat.user_id: sum(1 for m in past if m.starts_at < seat.joined_at) for seat in seats}
    history = [m.presenter_id for m in past]
    if mastermind.state in _ENDED:
        plan: list[int | None] = [None] * len(held)
    elif rederive:
        plan = turns.assign(order, history, len(held), opted_out=opted_out, since=since)
    else:
        queue = [m.presenter_id for m in upcoming]
        plan = turns.carry(order, history, queue, len(held), opted_out=opted_out, since=since)
    users = {seat.user_id: seat.user for seat in seats}
    changed = []
    for meeting, who in zip(held, plan, strict=True):
        if meeting.presenter_id != who:
            meeting.presenter = users[who] if who is not None else None
            changed.append(meeting)
    for meeting in upcoming:
        if meeting.state == Meeting.State.SKIPPED and meeting.presenter_id is not None:
            meeting.presenter = None
            changed.append(meeting)
    if changed:
        Meeting.objects.bulk_update(changed, ["presenter"])
    sync_nudges(mastermind, meetings, now)
    return changed


def replan_turns(mastermind: Mastermind, now: datetime) -> None:
    """Somebody joined or left ``mastermind`` (its row locked by the caller): plan its upcoming turns again."""
    if Meeting.objects.filter(mastermind_id=mastermind.pk).exists():
        refresh_turns(mastermind, now, rederive=True)


# The leader's order -----------------------------------------------------------------------


@transaction.atomic
def move_turn(mastermind: Mastermind, user_id: int, step: int, *, now: datetime | None = None) -> list[Membership]:
    """Move a member ``step`` places earlier (negative) or later (positive) in the turn order.

    The upcoming turns are planned again from the new order; calls already held keep
    their presenter. Returns the seats in the new order.
    """
    now = now or timezone.now()
    mastermind = lock(mastermind)
    seats = turn_seats(mastermind)
    index = next((i for i, seat in enumerate(seats) if seat.user_id == user_id), None)
    if index is None:
        raise HotSeatError(gettext("That person is not in this group."))
    target = index + step
    if not 0 <= target < len(seats):
        name = {"name": seats[index].user.name}
        if step < 0:
            raise HotSeatError(gettext("%(name)s is already first in the rotation.") % name)
        raise HotSeatError(gettext("%(name)s is already last in the rotation.") % name)
    seats.insert(target, seats.pop(index))
    for position, seat in enumerate(seats):
        seat.turn_order = position
    Membership.objects.bulk_update(seats, ["turn_order"])
    refresh_turns(mastermind, now, rederive=True)
    return seats


@transaction.atomic
def set_presenting(mastermind: Mastermind, user: User, *, presents: bool, now: datetime | None = None) -> Membership:
    """A member opts out of presenting this cohort (the rotation skips them), or back in."""
    now = now or timezone.now()
    mastermind = lock(mastermind)
    seat = Membership.objects.seated().filter(mastermind=mastermind, user=user).first()
    if seat is None:
        raise HotSeatError(gettext("You are not in this group."))
    if seat.presents == presents:
        raise HotSeatError(
            gettext("You already take turns in the hot seat.")
            if presents
            else gettext("You have already opted out of presenting.")
        )
    seat.presents = presents
    seat.save(update_fields=["presents"])
    # Opting back in plans the turns afresh so the returning member gets a fair turn.
    refresh_turns(mastermind, now, rederive=presents)
    return seat


# Swaps -------------------------------------------------------------------------------------


def _turn(mastermind: Mastermind, meeting_id: int, now: datetime, *, field: str) -> Meeting:
    meeting = Meeting.objects.select_related("presenter").filter(mastermind=mastermind, pk=meeting_id).first()
    if meeting is None:
        raise HotSeatError(gettext("That call is not one of this group's."), field=field)
    if not _is_upcoming(meeting, now):
        raise HotSeatError(
            gettext("Week %(number)s is not a call to come: only turns still ahead can swap.")
            % {"number": meeting.number},
            field=field,
        )
    return meeting


def _ended(mastermind: Mastermind) -> HotSeatError:
    return HotSeatError(
        gettext("%(mastermind)s is %(state)s.")
        % {"mastermind": mastermind, "state": mastermind.get_state_display().lower()}
    )


@transaction.atomic
def ask_swap(mastermind: Mastermind, by: User, *, mine: int, theirs: int, now: datetime | None = None) -> TurnSwap:
    """``by`` asks the presenter of call ``theirs`` to take ``by``'s turn at call ``mine`` instead."""
    now = now or timezone.now()
    mastermind = lock(mastermind)
    if mastermind.state in _ENDED:
        raise _ended(mastermind)
    own = _turn(mastermind, mine, now, field="mine")
    other = _turn(mastermind, theirs, now, field="theirs")
    if own.presenter_id != by.pk:
        raise HotSeatError(gettext("Week %(number)s is not your turn.") % {"number": own.number}, field="mine")
    if other.presenter is None or other.presenter_id == by.pk:
        raise HotSeatError(
            gettext("Week %(number)s has nobody else in the hot seat to swap with.") % {"number": other.number},
            field="theirs",
        )
    if TurnSwap.objects.filter(from_meeting=own, to_meeting=other, state=TurnSwap.State.PENDING).exists():
        raise HotSeatError(
            gettext("You have already asked %(name)s for this swap.") % {"name": other.presenter.name},
            field="theirs",
        )
    swap = TurnSwap.objects.create(from_meeting=own, to_meeting=other, requested_by=by, asked=other.presenter)
    notify(
        TURN_SWAP, other.presenter, key=f"{TURN_SWAP}:s{swap.pk}:asked", mastermind=mastermind, swap=swap, event="asked"
    )
    return swap


def _pending_swap(mastermind: Mastermind, swap_id: int) -> TurnSwap:
    swap = (
        TurnSwap.objects.select_for_update(of=("self",))
        .select_related("from_meeting", "to_meeting", "requested_by", "asked")
        .filter(pk=swap_id, from_meeting__mastermind=mastermind)
        .first()
    )
    if swap is None:
        raise HotSeatError(gettext("There is no such swap in this group."))
    if swap.state != TurnSwap.State.PENDING:
        raise HotSeatError(gettext("This swap was already %(state)s.") % {"state": swap.get_state_display().lower()})
    return swap


def still_possible(swap: TurnSwap, now: datetime) -> bool:
    """Both turns are still the two people's and still ahead (a swap, a deferral or time may have moved them)."""
    return (
        swap.from_meeting.presenter_id == swap.requested_by_id
        and swap.to_meeting.presenter_id == swap.asked_id
        and _is_upcoming(swap.from_meeting, now)
        and _is_upcoming(swap.to_meeting, now)
    )


@transaction.atomic
def answer_swap(
    mastermind: Mastermind, swap_id: int, by: User, *, accept: bool, now: datetime | None = None
) -> TurnSwap:
    """The person asked accepts (the two turns are exchanged) or declines; the asker is told."""
    now = now or timezone.now()
    mastermind = lock(mastermind)
    swap = _pending_swap(mastermind, swap_id)
    if swap.asked_id != by.pk:
        raise HotSeatError(gettext("This swap was not asked of you."))
    if accept:
        pair = {
            m.pk: m
            for m in Meeting.objects.select_for_update().filter(pk__in=[swap.from_meeting_id, swap.to_meeting_id])
        }
        swap.from_meeting, swap.to_meeting = pair[swap.from_meeting_id], pair[swap.to_meeting_id]
        if not still_possible(swap, now):
            raise HotSeatError(
                gettext(
                    "This swap no longer fits: one of the two turns has changed hands or is no longer ahead."
                    " Nothing was changed; ask again from the rotation if you still want to swap."
                )
            )
        swap.from_meeting.presenter_id, swap.to_meeting.presenter_id = swap.asked_id, swap.requested_by_id
        Meeting.objects.bulk_update([swap.from_meeting, swap.to_meeting], ["presenter"])
    swap.state = TurnSwap.State.ACCEPTED if accept else TurnSwap.State.DECLINED
    swap.answered_at = now
    swap.save(update_fields=["state", "answered_at"])
    notify(
        TURN_SWAP,
        swap.requested_by,
        key=f"{TURN_SWAP}:s{swap.pk}:{swap.state}",
        mastermind=mastermind,
        swap=swap,
        event=swap.state,
    )
    if accept:
        refresh_turns(mastermind, now)
    return swap


@transaction.atomic
def cancel_swap(mastermind: Mastermind, swap_id: int, by: User, *, now: datetime | None = None) -> TurnSwap:
    """The asker takes their request back."""
    mastermind = lock(mastermind)
    swap = _pending_swap(mastermind, swap_id)
    if swap.requested_by_id != by.pk:
        raise HotSeatError(gettext("Only the person who asked can call this swap off."))
    swap.state = TurnSwap.State.CANCELLED
    swap.answered_at = now or timezone.now()
    swap.save(update_fields=["state", "answered_at"])
    return swap


# "I can't make it" ----------------------------------------------------------------------


@transaction.atomic
def defer_turn(mastermind: Mastermind, meeting_id: int, by: User, *, now: datetime | None = None) -> Meeting:
    """The presenter cannot make it: the next person presents this call, they take that person's turn.

    Their RSVP for the call becomes "can't make it" and the group is told. Returns the
    call they present instead.
    """
    now = now or timezone.now()
    mastermind = lock(mastermind)
    if mastermind.state in _ENDED:
        raise _ended(mastermind)
    meeting = _turn(mastermind, meeting_id, now, field="meeting")
    if meeting.presenter_id != by.pk:
        raise HotSeatError(gettext("You are not in the hot seat in week %(number)s.") % {"number": meeting.number})
    held = [
        m
        for m in Meeting.objects.select_for_update(of=("self",))
        .filter(mastermind=mastermind)
        .select_related("presenter")
        .order_by("starts_at", "number")
        if _is_upcoming(m, now)
    ]
    index = next(i for i, m in enumerate(held) if m.pk == meeting.pk)
    try:
        plan = turns.defer([m.presenter_id for m in held], index)
    except turns.TurnError as exc:
        raise HotSeatError(in_language(exc)) from None
    changed = [m for m, who in zip(held, plan, strict=True) if m.presenter_id != who]
    by_id = {m.presenter_id: m.presenter for m in held if m.presenter is not None}
    for m, who in zip(held, plan, strict=True):
        m.presenter = by_id[who] if who is not None else None
    Meeting.objects.bulk_update(changed, ["presenter"])
    Attendance.objects.update_or_create(
        meeting=meeting, user=by, defaults={"rsvp": Attendance.Rsvp.CANT_MAKE_IT, "recorded_by": by}
    )
    later = next(m for m in changed if m.pk != meeting.pk)
    stamp = f"{now:%Y%m%dT%H%M%S.%f}"
    for seat in turn_seats(mastermind):
        notify(
            HOT_SEAT_CHANGED,
            seat.user,
            key=f"{HOT_SEAT_CHANGED}:m{mastermind.pk}:c{meeting.pk}:u{seat.user_id}:{stamp}",
            mastermind=mastermind,
            meeting=meeting,
            deferred_by=by,
            later=later,
        )
    refresh_turns(mastermind, now)
    return later
