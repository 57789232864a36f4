"""The hot seat part of the group page: who presents when, "you're in the hot seat next week", swaps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from hotseat.accounts.models import User
from hotseat.accounts.requests import Request
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.meetings.actions.hot_seat import still_possible, turn_seats
from hotseat.meetings.calendar import schedule_of
from hotseat.meetings.clock import weekly_time
from hotseat.meetings.errors import HotSeatError
from hotseat.meetings.models import Meeting, TurnSwap
from hotseat.programs.access import is_organizer
from hotseat.typed_input import posted_int

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Turn:
    meeting: Meeting
    start: datetime  # on the viewer's clock
    presenter: User | None
    past: bool
    skipped: bool
    is_next: bool
    is_yours: bool
    moved: bool = False
    differs: bool = False  # a clock change elsewhere puts this call at another time on the viewer's clock
    usual: str = ""  # the viewer's usual time then, when it differs

    @property
    def upcoming(self) -> bool:
        return not self.past and not self.skipped


@dataclass(frozen=True)
class SwapRow:
    swap: TurnSwap
    possible: bool


@dataclass(frozen=True)
class Banner:
    text: str
    turn: Turn


def _banner(turns: list[Turn], now: datetime) -> Banner | None:
    """'You're in the hot seat this week' (or next week) when the viewer presents at one of the next two calls."""
    ahead = [t for t in turns if t.upcoming]
    for position, turn in enumerate(ahead[:2]):
        if not turn.is_yours:
            continue
        away = turn.meeting.starts_at - now
        if position == 0:
            return Banner(
                gettext("You're in the hot seat this week")
                if away <= WEEK
                else gettext("You're in the hot seat at the next call"),
                turn,
            )
        return Banner(
            gettext("You're in the hot seat next week")
            if away <= 2 * WEEK
            else gettext("You're in the hot seat after the next call"),
            turn,
        )
    return None


def _picked(request: Request) -> dict[str, int | None]:
    """The turns a refused swap request named, so the form shows them picked again."""
    if request.method != "POST":
        return {"mine": None, "theirs": None}
    return {name: posted_int(request.POST.get(name, "")) for name in ("mine", "theirs")}


def _refusal(error: HotSeatError | None) -> dict[str, str]:
    """Why a rotation change was refused: next to the swap form when it is about the turns picked there."""
    if error is None:
        return {"error": "", "swap_error": ""}
    if error.field in ("mine", "theirs"):
        return {"error": "", "swap_error": error.message}
    return {"error": error.message, "swap_error": ""}


def hot_seat_panel(
    request: Request, mastermind: Mastermind, *, error: HotSeatError | None = None
) -> dict[str, Any] | None:
    """Context for meetings/_hot_seat.html (None: nothing to show); ``error`` says why a change was just refused."""
    meetings = list(
        Meeting.objects.filter(mastermind=mastermind).select_related("presenter").order_by("starts_at", "number")
    )
    if not meetings:
        return None
    now = timezone.now()
    viewer_id = request.user.pk if request.user.is_authenticated else None
    seats = turn_seats(mastermind)
    mine: Membership | None = next((s for s in seats if s.user_id == viewer_id), None)
    can_lead = (mine is not None and mine.is_leader) or is_organizer(request.user, mastermind.cohort.program)
    upcoming = [m for m in meetings if m.starts_at > now and m.state != Meeting.State.SKIPPED]
    next_id = upcoming[0].pk if upcoming else None
    viewer_zone = str(getattr(getattr(request, "viewer_zone", None), "key", "UTC"))
    weekly = weekly_time(meetings, viewer_zone, schedule=schedule_of(mastermind), now=now)
    usual = {call.meeting.pk: call.usual for call in weekly.differing} if weekly else {}
    turns = [
        Turn(
            meeting=m,
            start=timezone.localtime(m.starts_at),
            presenter=m.presenter,
            past=m.starts_at <= now,
            skipped=m.state == Meeting.State.SKIPPED,
            is_next=m.pk == next_id,
            is_yours=viewer_id is not None and m.presenter_id == viewer_id,
            moved=m.state == Meeting.State.MOVED,
            differs=m.state == Meeting.State.SCHEDULED and m.pk in usual,
            usual=usual.get(m.pk, ""),
        )
        for m in meetings
    ]
    swaps: list[SwapRow] = []
    if mine is not None:
        pending = (
            TurnSwap.objects.filter(from_meeting__mastermind=mastermind, state=TurnSwap.State.PENDING)
            .filter(Q(asked_id=viewer_id) | Q(requested_by_id=viewer_id))
            .select_related("from_meeting", "to_meeting", "requested_by", "asked")
            .order_by("created_at", "pk")
        )
        swaps = [SwapRow(swap, still_possible(swap, now)) for swap in pending]
    my_turns = [t for t in turns if t.is_yours and t.upcoming]
    swappable = [t for t in turns if t.upcoming and t.presenter is not None and not t.is_yours]
    refusal = _refusal(error)
    if refusal["swap_error"] and not (my_turns and swappable):  # no swap form to show it next to
        refusal = {"error": refusal["swap_error"], "swap_error": ""}
    return {
        "turns": turns,
        "seats": seats,
        "banner": _banner(turns, now),
        "mine": mine,
        "my_turns": my_turns,
        "swappable": swappable,
        "picked": _picked(request),
        "asked_of_me": [row for row in swaps if row.swap.asked_id == viewer_id],
        "asked_by_me": [row for row in swaps if row.swap.requested_by_id == viewer_id],
        "can_lead": can_lead,
        "nobody_presents": bool(seats) and not any(s.presents for s in seats),
        **refusal,
    }
