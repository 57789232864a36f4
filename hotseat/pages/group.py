"""The group page: who is in the mastermind, the next call on the viewer's clock, every call, the leader's tools.

Members and the program's organizers see it; everyone else gets 404. Every time is on the
viewer's own clock, with the zone's abbreviation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from hotseat.accounts.models import User
from hotseat.accounts.requests import Request, viewer_zone_key
from hotseat.forum.panels import forum_panel
from hotseat.homework.group_panel import homework_panel
from hotseat.masterminds.access import Role, get_mastermind_or_404, role_in
from hotseat.masterminds.models import Mastermind, Membership, NextStep
from hotseat.masterminds.next_steps import answers_open
from hotseat.meetings.clock import LocalMeeting, WeeklyTime, weekly_label, weekly_time
from hotseat.meetings.errors import HotSeatError, ScheduleError
from hotseat.meetings.forms import MoveFromForm, MoveMeetingForm, SkipForm
from hotseat.meetings.models import Meeting, Schedule
from hotseat.meetings.panels.hot_seat import hot_seat_panel
from hotseat.scheduling.clock import format_minute


@dataclass(frozen=True)
class Seat:
    user: User
    is_leader: bool
    weekly: WeeklyTime | None


@dataclass(frozen=True)
class MeetingRow:
    meeting: Meeting
    start: datetime
    differs: bool
    past: bool
    is_next: bool
    usual: str = ""  # the viewer's usual time at this call, when it differs


@dataclass(frozen=True)
class GroupPage:
    mastermind: Mastermind
    seats: tuple[Seat, ...]
    schedule: Schedule | None
    meetings: tuple[MeetingRow, ...]
    weekly: WeeklyTime | None
    next_local: LocalMeeting | None
    next_note: str
    notes: tuple[str, ...]
    can_lead: bool
    is_member: bool
    now: datetime

    @property
    def anchor(self) -> str:
        if self.schedule is None:
            return ""
        # "Tuesdays at 12:00 America/New_York", « le mardi à 12:00 America/New_York ».
        return weekly_label(self.schedule.weekday, format_minute(self.schedule.minute), self.schedule.zone)

    @property
    def upcoming(self) -> list[Meeting]:
        """Calls that have not started yet: the ones a leader may still skip or move."""
        return [
            row.meeting
            for row in self.meetings
            if row.meeting.starts_at > self.now and row.meeting.state != Meeting.State.SKIPPED
        ]


def build_group_page(request: Request, mastermind: Mastermind, role: Role) -> GroupPage:
    now = timezone.now()
    seats = list(
        Membership.objects.seated().filter(mastermind=mastermind).select_related("user").order_by("joined_at", "pk")
    )
    seats.sort(key=lambda seat: not seat.is_leader)
    meetings = list(Meeting.objects.filter(mastermind=mastermind).order_by("number"))
    schedule = Schedule.objects.filter(mastermind=mastermind).first()
    if schedule is not None:
        mastermind.schedule = schedule  # the call snippet reads it from the mastermind: no second query
    mine = next((seat for seat in seats if seat.user_id == request.user.pk), None)
    can_lead = role.may_lead
    weekly = weekly_time(meetings, viewer_zone_key(request), schedule=schedule, now=now)
    upcoming = [m for m in meetings if m.state != Meeting.State.SKIPPED and m.ends_at > now]
    next_meeting = upcoming[0] if upcoming else None
    next_local = weekly.local(next_meeting) if weekly and next_meeting else None
    next_note = weekly.note_for(next_meeting, upcoming_after=now) if weekly and next_meeting else ""
    rows = []
    for meeting in meetings:
        local = weekly.local(meeting) if weekly else None
        rows.append(
            MeetingRow(
                meeting=meeting,
                start=timezone.localtime(meeting.starts_at),
                differs=bool(local and local.differs),
                past=meeting.ends_at <= now,
                is_next=next_meeting is not None and meeting.pk == next_meeting.pk,
                usual=local.usual if local else "",
            )
        )
    return GroupPage(
        mastermind=mastermind,
        seats=tuple(
            Seat(s.user, s.is_leader, weekly_time(meetings, s.user.time_zone, schedule=schedule, now=now))
            for s in seats
        ),
        schedule=schedule,
        meetings=tuple(rows),
        weekly=weekly,
        next_local=next_local,
        next_note=next_note,
        # The next call's own note is on the card already.
        notes=tuple(note for note in weekly.notes(upcoming_after=now) if note != next_note) if weekly else (),
        can_lead=can_lead,
        is_member=mine is not None,
        now=now,
    )


def next_step_prompt(request: Request, mastermind: Mastermind, page: GroupPage) -> dict[str, Any] | None:
    """From the cohort's last weeks: ask a member what they want next (continue, remix, pause)."""
    if not page.is_member or not answers_open(mastermind.cohort, timezone.localdate()):
        return None
    answer = NextStep.objects.filter(mastermind=mastermind, user=request.user.pk).first()
    return {"answer": answer}


def leader_forms(page: GroupPage) -> dict[str, forms.Form]:
    upcoming = page.upcoming
    schedule = page.schedule
    initial: dict[str, Any] = {"duration_minutes": 60}
    if schedule is not None:
        initial = {
            "weekday": schedule.weekday,
            "time": format_minute(schedule.minute),
            "zone": schedule.zone,
            "duration_minutes": schedule.duration_minutes,
        }
    return {
        "skip_form": SkipForm(meetings=upcoming, prefix="skip"),
        "move_form": MoveMeetingForm(meetings=upcoming, prefix="move"),
        "move_from_form": MoveFromForm(meetings=upcoming, prefix="from", initial=initial),
    }


def render_group(
    request: Request,
    mastermind: Mastermind,
    *,
    status: int = 200,
    bound: tuple[str, forms.Form] | None = None,
    error: ScheduleError | None = None,
    hot_seat_error: HotSeatError | None = None,
    role: Role | None = None,
) -> HttpResponse:
    """The group page; ``bound`` is a leader form sent back with errors (its typing kept), the errors say why;
    ``role`` is the viewer's, when the caller has it already."""
    page = build_group_page(request, mastermind, role or role_in(request.user, mastermind))
    context: dict[str, Any] = {
        "page": page,
        "mastermind": mastermind,
        "cohort": mastermind.cohort,
        "now": timezone.now(),
        "viewer_zone": viewer_zone_key(request),
        "error": error,
        "open_tool": bound[0] if bound else "",
        "hot_seat": hot_seat_panel(request, mastermind, error=hot_seat_error),
        "homework": homework_panel(request, mastermind),
        "forum": forum_panel(mastermind, is_member=page.is_member),
        "next_step": next_step_prompt(request, mastermind, page),
    }
    if page.can_lead:
        context.update(leader_forms(page))
        if bound is not None:
            context[bound[0]] = bound[1]
    return render(request, "pages/group.html", context, status=status)


def group(request: Request, mastermind_id: int) -> HttpResponse:
    mastermind, role = get_mastermind_or_404(request.user, mastermind_id)
    return render_group(request, mastermind, role=role)
