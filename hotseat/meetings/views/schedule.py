"""The scheduling page and the leader's changes to the calls. Thin: form, access, action, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from hotseat.accounts.requests import Request, viewer_zone_key
from hotseat.core_messages import in_language
from hotseat.masterminds.access import get_led_mastermind_or_404, get_mastermind_or_404
from hotseat.masterminds.models import Mastermind
from hotseat.meetings.actions import schedule as actions
from hotseat.meetings.clock import weekly_label
from hotseat.meetings.errors import ScheduleError
from hotseat.meetings.forms import SlotForm
from hotseat.meetings.heatmap import heat_map
from hotseat.meetings.models import Schedule
from hotseat.meetings.slot_options import SlotOption, check, group_of, ranked
from hotseat.programs.access import is_organizer
from hotseat.scheduling import SchedulingError, Slot
from hotseat.scheduling.clock import format_minute
from hotseat.typed_input import posted_int

DEFAULT_DURATION = 60


def _duration(request: Request, schedule: Schedule | None) -> int:
    asked = posted_int(request.GET.get("duration", ""))
    if asked is not None and actions.MIN_DURATION <= asked <= actions.MAX_DURATION:
        return asked
    return schedule.duration_minutes if schedule else DEFAULT_DURATION


def _slot_initial(schedule: Schedule | None, zone: str, duration: int) -> dict[str, Any]:
    initial: dict[str, Any] = {"zone": zone, "duration_minutes": duration}
    if schedule is not None:
        initial |= {"weekday": schedule.weekday, "time": format_minute(schedule.minute), "zone": schedule.zone}
    return initial


def _add_error(form: forms.Form, error: ScheduleError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def render_schedule(
    request: Request,
    mastermind: Mastermind,
    *,
    status: int = 200,
    form: SlotForm | None = None,
    checked: SlotOption | None = None,
) -> HttpResponse:
    group = group_of(mastermind)
    schedule = Schedule.objects.filter(mastermind=mastermind).first()
    duration = _duration(request, schedule)
    leader = group.leader
    can_pick = (leader is not None and leader.user.pk == request.user.pk) or is_organizer(
        request.user, mastermind.cohort.program
    )
    zone = viewer_zone_key(request)
    available = [(p.user.name, p.availability) for p in group.people if p.availability is not None]
    slot_options = ranked(group, duration)
    current = ""
    if schedule is not None:
        current = f"{schedule.weekday}-{schedule.minute}-{schedule.zone}-{schedule.duration_minutes}"
    context = {
        "mastermind": mastermind,
        "cohort": mastermind.cohort,
        "group": group,
        "schedule": schedule,
        "schedule_label": (
            weekly_label(schedule.weekday, format_minute(schedule.minute), schedule.zone) if schedule else ""
        ),
        "current": current,
        "can_pick": can_pick,
        "viewer_zone": zone,
        "heat": heat_map(available, len(group.people), zone, group.start, group.weeks),
        "slot_options": slot_options,
        "everyone_fits": bool(slot_options) and slot_options[0].everyone_every_week,
        "duration": duration,
        "form": form or SlotForm(initial=_slot_initial(schedule, group.anchor_zone, duration)),
        "checked": checked,
    }
    template = "meetings/schedule.html#check" if request.htmx and (checked or form) else "meetings/schedule.html"
    return render(request, template, context, status=status)


def schedule(request: Request, mastermind_id: int) -> HttpResponse:
    mastermind, _role = get_mastermind_or_404(request.user, mastermind_id)
    return render_schedule(request, mastermind)


@require_POST
def schedule_check(request: Request, mastermind_id: int) -> HttpResponse:
    """Evaluate a hand-typed slot like the ranked ones, before anyone picks it (members may look too)."""
    mastermind, _role = get_mastermind_or_404(request.user, mastermind_id)
    form = SlotForm(request.POST)
    if not form.is_valid():
        return render_schedule(request, mastermind, status=422, form=form)
    data = form.cleaned_data
    try:
        slot = Slot(weekday=data["weekday"], minute=data["time"], zone=data["zone"])
        checked = check(group_of(mastermind), slot, data["duration_minutes"])
    except SchedulingError as exc:
        form.add_error(None, in_language(exc))
        return render_schedule(request, mastermind, status=422, form=form)
    return render_schedule(request, mastermind, form=form, checked=checked)


@require_POST
def schedule_pick(request: Request, mastermind_id: int) -> HttpResponse:
    mastermind, _role = get_led_mastermind_or_404(request.user, mastermind_id)
    form = SlotForm(request.POST)
    if not form.is_valid():
        return render_schedule(request, mastermind, status=422, form=form)
    data = form.cleaned_data
    try:
        schedule = actions.pick_slot(
            mastermind,
            weekday=data["weekday"],
            minute=data["time"],
            zone=data["zone"],
            duration_minutes=data["duration_minutes"],
            by=request.user if request.user.is_authenticated else None,
        )
    except ScheduleError as exc:
        _add_error(form, exc)
        return render_schedule(request, mastermind, status=409, form=form)
    messages.success(
        request,
        gettext("Weekly call picked: %(time)s. Everyone in the group is emailed the time on their own clock.")
        % {"time": weekly_label(schedule.weekday, format_minute(schedule.minute), schedule.zone)},
    )
    return redirect("group", mastermind.pk)
