"""The leader's tools on the group page: skip a call, move one call, move every call from a week on.

Thin: form, access, action. A refused change shows the group page again with the reason next
to the form and the leader's typing kept (422 for a bad form, 409 for a refused change).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from hotseat.accounts.requests import Request
from hotseat.masterminds.access import get_led_mastermind_or_404
from hotseat.masterminds.models import Mastermind
from hotseat.meetings.actions import schedule as actions
from hotseat.meetings.errors import ScheduleError
from hotseat.meetings.forms import MoveFromForm, MoveMeetingForm, SkipForm
from hotseat.meetings.models import Meeting
from hotseat.pages.group import render_group


def _add_error(form: forms.Form, error: ScheduleError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _upcoming(mastermind: Mastermind) -> list[Meeting]:
    return list(Meeting.objects.upcoming(timezone.now()).filter(mastermind=mastermind).order_by("number"))


def _meeting(mastermind: Mastermind, number: int) -> Meeting:
    return Meeting.objects.select_related("mastermind").get(mastermind=mastermind, number=number)


def _leader_change(request: Request, mastermind: Mastermind, name: str, form: forms.Form, act: Any) -> HttpResponse:
    """Run a leader's change from a valid form; on refusal the group page shows why, next to the form."""
    if not form.is_valid():
        return render_group(request, mastermind, status=422, bound=(name, form))
    try:
        done = act(form.cleaned_data)
    except ScheduleError as exc:
        _add_error(form, exc)
        return render_group(request, mastermind, status=409, bound=(name, form), error=exc)
    messages.success(request, done)
    return redirect("group", mastermind.pk)


@require_POST
def skip(request: Request, mastermind_id: int) -> HttpResponse:
    mastermind, _role = get_led_mastermind_or_404(request.user, mastermind_id)
    form = SkipForm(request.POST, meetings=_upcoming(mastermind), prefix="skip")

    def act(data: dict[str, Any]) -> str:
        meeting = _meeting(mastermind, data["number"])
        added = actions.skip_meeting(meeting, extend_cohort=data["extend_cohort"])
        if added:
            return gettext("Week %(number)s is skipped; everyone is emailed. The group gains a week: %(when)s.") % {
                "number": meeting.number,
                "when": actions.when(added.starts_at),
            }
        return gettext("Week %(number)s is skipped; everyone is emailed.") % {"number": meeting.number}

    return _leader_change(request, mastermind, "skip_form", form, act)


@require_POST
def move(request: Request, mastermind_id: int) -> HttpResponse:
    mastermind, _role = get_led_mastermind_or_404(request.user, mastermind_id)
    form = MoveMeetingForm(request.POST, meetings=_upcoming(mastermind), prefix="move")

    def act(data: dict[str, Any]) -> str:
        meeting = actions.move_meeting(_meeting(mastermind, data["number"]), data["starts_at"])
        return gettext("Week %(number)s moves to %(when)s; everyone is emailed.") % {
            "number": meeting.number,
            "when": actions.when(meeting.starts_at),
        }

    return _leader_change(request, mastermind, "move_form", form, act)


@require_POST
def move_from(request: Request, mastermind_id: int) -> HttpResponse:
    mastermind, _role = get_led_mastermind_or_404(request.user, mastermind_id)
    form = MoveFromForm(request.POST, meetings=_upcoming(mastermind), prefix="from")

    def act(data: dict[str, Any]) -> str:
        moved = actions.move_from(
            mastermind,
            data["number"],
            weekday=data["weekday"],
            minute=data["time"],
            zone=data["zone"],
            duration=data["duration_minutes"],
        )
        return ngettext(
            "From week %(number)s on, %(count)s call moves to the new time; everyone is emailed.",
            "From week %(number)s on, %(count)s calls move to the new time; everyone is emailed.",
            len(moved),
        ) % {"number": data["number"], "count": len(moved)}

    return _leader_change(request, mastermind, "move_from_form", form, act)
