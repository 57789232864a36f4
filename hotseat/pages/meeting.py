"""The call panel's buttons on a week's page: RSVP, check-in, the leader's attendance, the shared notes.

Thin: access, read the form, call an action. A refused change shows the week's page again
with the reason (and the person's typing) in the call panel; a done one redirects back.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from hotseat.accounts.models import User
from hotseat.accounts.requests import Request
from hotseat.masterminds.access import active_membership
from hotseat.masterminds.models import Mastermind
from hotseat.meetings.access import get_meeting_or_404
from hotseat.meetings.actions import attendance as attendance_actions
from hotseat.meetings.actions import notes as notes_actions
from hotseat.meetings.errors import MeetingError
from hotseat.meetings.forms import NotesForm
from hotseat.meetings.models import Meeting
from hotseat.meetings.panels.meeting import RefusedChange
from hotseat.pages.week import render_week
from hotseat.programs.access import is_organizer
from hotseat.typed_input import posted_int


def _meeting_of(request: Request, mastermind_id: int, number: int) -> tuple[Mastermind, Meeting]:
    mastermind, meeting, _role = get_meeting_or_404(request.user, mastermind_id, number)
    return mastermind, meeting


def _seated(request: Request, mastermind: Mastermind) -> User:
    if active_membership(request.user, mastermind) is None or not isinstance(request.user, User):
        raise Http404
    return request.user


def _week(mastermind: Mastermind, meeting: Meeting, anchor: str = "call") -> HttpResponse:
    return redirect(reverse("week", args=[mastermind.pk, meeting.number]) + f"#{anchor}")


def _refused(
    request: Request, mastermind: Mastermind, meeting: Meeting, refused: RefusedChange, status: int
) -> HttpResponse:
    return render_week(request, mastermind, meeting, status=status, refused_meeting=refused)


@require_POST
def rsvp(request: Request, mastermind_id: int, number: int) -> HttpResponse:
    mastermind, meeting = _meeting_of(request, mastermind_id, number)
    user = _seated(request, mastermind)
    try:
        attendance = attendance_actions.set_rsvp(meeting, user, request.POST.get("rsvp", ""))
    except MeetingError as exc:
        return _refused(request, mastermind, meeting, RefusedChange(exc.message, field="rsvp"), 409)
    if attendance.rsvp == "cant":
        messages.success(request, gettext("Noted: you can't make it this week. The group sees it on this page."))
    else:
        messages.success(request, gettext("Noted: you'll be there."))
    return _week(mastermind, meeting)


@require_POST
def check_in(request: Request, mastermind_id: int, number: int) -> HttpResponse:
    mastermind, meeting = _meeting_of(request, mastermind_id, number)
    user = _seated(request, mastermind)
    try:
        attendance_actions.check_in(meeting, user)
    except MeetingError as exc:
        return _refused(request, mastermind, meeting, RefusedChange(exc.message, field="attendance"), 409)
    messages.success(request, gettext("You're checked in."))
    return _week(mastermind, meeting)


@require_POST
def attendance(request: Request, mastermind_id: int, number: int) -> HttpResponse:
    mastermind, meeting = _meeting_of(request, mastermind_id, number)
    membership = active_membership(request.user, mastermind)
    leads = membership is not None and membership.is_leader
    if not (leads or is_organizer(request.user, mastermind.cohort.program)) or not isinstance(request.user, User):
        raise Http404
    present = [posted_int(value) for value in request.POST.getlist("present")]
    try:
        if None in present:
            raise MeetingError(gettext("Only people in this group can be marked present."), field="present")
        rows = attendance_actions.record_attendance(meeting, request.user, {p for p in present if p is not None})
    except MeetingError as exc:
        return _refused(request, mastermind, meeting, RefusedChange(exc.message, field="attendance"), 409)
    there = sum(1 for row in rows if row.attended)
    messages.success(
        request,
        ngettext(
            "Attendance saved: %(there)s of %(count)s was there.",
            "Attendance saved: %(there)s of %(count)s were there.",
            len(rows),
        )
        % {"there": there, "count": len(rows)},
    )
    return _week(mastermind, meeting)


@require_POST
def notes(request: Request, mastermind_id: int, number: int) -> HttpResponse:
    mastermind, meeting = _meeting_of(request, mastermind_id, number)
    if active_membership(request.user, mastermind) is None and not is_organizer(
        request.user, mastermind.cohort.program
    ):
        raise Http404
    assert isinstance(request.user, User)  # members and organizers are signed in
    form = NotesForm(request.POST)
    text = request.POST.get("text", "")  # kept as typed on every refusal
    if not form.is_valid():
        field = "version" if "version" in form.errors else "text"
        version = form.cleaned_data.get("version", 0)
        refused = RefusedChange(str(form.errors[field][0]), field="notes", text=text, version=version)
        return _refused(request, mastermind, meeting, refused, 400)
    version = form.cleaned_data["version"]
    text = form.cleaned_data["text"]
    try:
        notes_actions.save_notes(meeting, request.user, text, version)
    except notes_actions.NotesConflictError as conflict:
        refused = RefusedChange(
            gettext("Someone saved the notes while you were editing."),
            field="notes",
            text=text,
            version=version,
            conflict=conflict.current,
        )
        return _refused(request, mastermind, meeting, refused, 409)
    except MeetingError as exc:
        return _refused(
            request, mastermind, meeting, RefusedChange(exc.message, field="notes", text=text, version=version), 400
        )
    messages.success(request, gettext("Notes saved."))
    return _week(mastermind, meeting, "notes-h")
