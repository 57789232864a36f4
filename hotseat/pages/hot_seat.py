"""The rotation's buttons on the group page: swap, answer a swap, can't make it, opt out, the leader's order.

Thin: access, read the posted ids, call an action. A refused change shows the group page
again with the reason inside the rotation panel (status 409); a done one redirects back.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from hotseat.accounts.models import User
from hotseat.accounts.requests import Request, viewer_zone_key
from hotseat.masterminds.access import get_led_mastermind_or_404, get_mastermind_or_404
from hotseat.masterminds.models import Mastermind
from hotseat.meetings.actions import hot_seat
from hotseat.meetings.errors import HotSeatError
from hotseat.meetings.models import TurnSwap
from hotseat.meetings.panels.hot_seat import hot_seat_panel
from hotseat.pages.group import render_group
from hotseat.typed_input import posted_int


def _member_of(request: Request, mastermind_id: int) -> tuple[Mastermind, User]:
    """The mastermind and the viewer, if the viewer sits in it (organizers have no turns: 404)."""
    mastermind, role = get_mastermind_or_404(request.user, mastermind_id)
    if not role.is_member or not isinstance(request.user, User):
        raise Http404
    return mastermind, request.user


def _posted_id(request: Request, name: str) -> int:
    number = posted_int(request.POST.get(name, ""))
    if number is None:
        raise HotSeatError(gettext("Pick a call from the rotation."), field=name)
    return number


def _panel(
    request: Request,
    mastermind: Mastermind,
    *,
    status: int = 200,
    done: str = "",
    reordering: bool = False,
    error: HotSeatError | None = None,
) -> HttpResponse:
    """Just the hot seat panel, for htmx to swap in place (the leader's order stays open while they use it)."""
    panel = hot_seat_panel(request, mastermind, error=error)
    if panel is not None:
        panel |= {"done": done, "partial": True, "reordering": reordering}
    context = {"hot_seat": panel, "mastermind": mastermind, "viewer_zone": viewer_zone_key(request)}
    return render(request, "meetings/_hot_seat.html", context, status=status)


def _refused(request: Request, mastermind: Mastermind, error: HotSeatError) -> HttpResponse:
    if request.htmx:
        return _panel(request, mastermind, status=409, error=error)
    return render_group(request, mastermind, status=409, hot_seat_error=error)


def _done(request: Request, mastermind: Mastermind, message: str, *, reordering: bool = False) -> HttpResponse:
    if request.htmx:
        return _panel(request, mastermind, done=message, reordering=reordering)
    messages.success(request, message)
    return redirect(reverse("group", args=[mastermind.pk]) + "#rotation")


@require_POST
def ask_swap(request: Request, mastermind_id: int) -> HttpResponse:
    mastermind, user = _member_of(request, mastermind_id)
    try:
        swap = hot_seat.ask_swap(
            mastermind, user, mine=_posted_id(request, "mine"), theirs=_posted_id(request, "theirs")
        )
    except HotSeatError as exc:
        return _refused(request, mastermind, exc)
    return _done(
        request,
        mastermind,
        gettext(
            "%(name)s is asked to take your week %(yours)s for their week %(theirs)s. You'll hear when they answer."
        )
        % {"name": swap.asked.name, "yours": swap.from_meeting.number, "theirs": swap.to_meeting.number},
    )


@require_POST
def answer_swap(request: Request, mastermind_id: int, swap_id: int) -> HttpResponse:
    mastermind, user = _member_of(request, mastermind_id)
    if not TurnSwap.objects.filter(pk=swap_id, from_meeting__mastermind=mastermind, asked=user).exists():
        raise Http404
    answer = request.POST.get("answer", "")
    if answer not in ("accept", "decline"):
        return _refused(request, mastermind, HotSeatError(gettext("Accept or decline the swap.")))
    try:
        swap = hot_seat.answer_swap(mastermind, swap_id, user, accept=answer == "accept")
    except HotSeatError as exc:
        return _refused(request, mastermind, exc)
    if swap.state == TurnSwap.State.ACCEPTED:
        return _done(
            request,
            mastermind,
            gettext("Swapped: you present in week %(number)s now.") % {"number": swap.from_meeting.number},
        )
    return _done(request, mastermind, gettext("You declined; %(name)s is told.") % {"name": swap.requested_by.name})


@require_POST
def cancel_swap(request: Request, mastermind_id: int, swap_id: int) -> HttpResponse:
    mastermind, user = _member_of(request, mastermind_id)
    if not TurnSwap.objects.filter(pk=swap_id, from_meeting__mastermind=mastermind, requested_by=user).exists():
        raise Http404
    try:
        hot_seat.cancel_swap(mastermind, swap_id, user)
    except HotSeatError as exc:
        return _refused(request, mastermind, exc)
    return _done(request, mastermind, gettext("Your swap request is called off."))


@require_POST
def defer(request: Request, mastermind_id: int) -> HttpResponse:
    mastermind, user = _member_of(request, mastermind_id)
    try:
        meeting_id = _posted_id(request, "meeting")
        later = hot_seat.defer_turn(mastermind, meeting_id, user)
    except HotSeatError as exc:
        return _refused(request, mastermind, exc)
    message = gettext("The rotation moves on; you present in week %(number)s instead. The group is told.") % {
        "number": later.number
    }
    if request.POST.get("back") == "week":
        number = mastermind.meetings.filter(pk=meeting_id).values_list("number", flat=True).get()
        messages.success(request, message)
        return redirect(reverse("week", args=[mastermind.pk, number]) + "#call")
    return _done(request, mastermind, message)


@require_POST
def presenting(request: Request, mastermind_id: int) -> HttpResponse:
    mastermind, user = _member_of(request, mastermind_id)
    presents = request.POST.get("presents", "")
    if presents not in ("yes", "no"):
        return _refused(request, mastermind, HotSeatError(gettext("Say whether you take turns in the hot seat.")))
    try:
        hot_seat.set_presenting(mastermind, user, presents=presents == "yes")
    except HotSeatError as exc:
        return _refused(request, mastermind, exc)
    if presents == "yes":
        return _done(
            request, mastermind, gettext("You take turns in the hot seat again; your turns are in the rotation.")
        )
    return _done(request, mastermind, gettext("You have opted out of presenting this cohort; the rotation skips you."))


@require_POST
def move(request: Request, mastermind_id: int) -> HttpResponse:
    mastermind, _role = get_led_mastermind_or_404(request.user, mastermind_id)
    step = {"up": -1, "down": 1}.get(request.POST.get("step", ""))
    try:
        if step is None:
            raise HotSeatError(gettext("Move someone up or down."))
        hot_seat.move_turn(mastermind, _posted_id(request, "user"), step)
    except HotSeatError as exc:
        return _refused(request, mastermind, exc)
    return _done(
        request, mastermind, gettext("The rotation follows the new order from the next call on."), reordering=True
    )
