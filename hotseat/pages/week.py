"""A week of a mastermind: the agenda, the question, homework and feedback, the call panel.

Thin: access (404 for outsiders), a form, an action, then back to the page. A refused post
re-renders the page with the message next to the field and the text as it was typed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from hotseat.accounts.models import User
from hotseat.accounts.requests import Request
from hotseat.homework import actions
from hotseat.homework.access import get_homework_or_404
from hotseat.homework.errors import HomeworkError
from hotseat.homework.forms import CloseForm, FeedbackForm, HomeworkForm, QuestionForm
from hotseat.homework.models import Homework
from hotseat.homework.week_page import initial_forms, week_of
from hotseat.masterminds.access import Role, role_in
from hotseat.masterminds.models import Mastermind
from hotseat.meetings.access import get_meeting_or_404
from hotseat.meetings.models import Meeting
from hotseat.meetings.panels.meeting import RefusedChange, meeting_panel


def _week_url(mastermind: Mastermind | int, number: int, anchor: str = "") -> str:
    pk = mastermind if isinstance(mastermind, int) else mastermind.pk
    return reverse("week", args=[pk, number]) + (f"#{anchor}" if anchor else "")


def render_week(
    request: Request,
    mastermind: Mastermind,
    meeting: Meeting,
    *,
    status: int = 200,
    bound: dict[str, forms.Form] | None = None,
    feedback_for: int | None = None,
    refused_meeting: RefusedChange | None = None,
    role: Role | None = None,
) -> HttpResponse:
    """The week's page; ``role`` is the viewer's, when the caller has it already."""
    week = week_of(mastermind, meeting, role or role_in(request.user, mastermind))
    initial = initial_forms(week)
    bound = bound or {}
    feedback_form = bound.get("feedback") or FeedbackForm()
    context: dict[str, Any] = {
        "mastermind": mastermind,
        "meeting": meeting,
        "week": week,
        "panel": meeting_panel(request, meeting, refused=refused_meeting),
        "question_form": bound.get("question") or QuestionForm(initial=initial["question"]),
        "homework_form": bound.get("homework") or HomeworkForm(initial=initial["homework"]),
        "close_form": bound.get("close") or CloseForm(initial=initial["close"]),
        "feedback_form": feedback_form,
        "feedback_for": feedback_for,
        "open_form": next(iter(bound), ""),
        "refusals": [getattr(form, "refusal", "") for form in bound.values() if getattr(form, "refusal", "")],
    }
    return render(request, "pages/week.html", context, status=status)


def week(request: Request, mastermind_id: int, number: int) -> HttpResponse:
    mastermind, meeting, role = get_meeting_or_404(request.user, mastermind_id, number)
    return render_week(request, mastermind, meeting, role=role)


def _refuse(form: forms.Form, error: HomeworkError) -> None:
    """A message about one field goes next to it; any other is shown at the top of the page."""
    if error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        form.refusal = error.message  # type: ignore[attr-defined]


def _signed_in(request: Request) -> User:
    assert isinstance(request.user, User)  # login_required
    return request.user


@login_required
@require_POST
def question_save(request: Request, mastermind_id: int, number: int) -> HttpResponse:
    mastermind, meeting, _role = get_meeting_or_404(request.user, mastermind_id, number)
    form = QuestionForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.post_question(
                meeting,
                by=_signed_in(request),
                title=data["title"],
                body=data["body"],
                wants_feedback=data["wants_feedback"],
                files=[data["attachment"]] if data["attachment"] else [],
            )
        except HomeworkError as error:
            _refuse(form, error)
        else:
            messages.success(request, gettext("Your question is posted. The group has been told."))
            return redirect(_week_url(mastermind, number, "question"))
    return render_week(request, mastermind, meeting, status=422, bound={"question": form})


def _question_or_refuse(meeting: Meeting) -> Any:
    question = getattr(meeting, "question", None)
    if question is None:
        raise HomeworkError(gettext("Week %(number)s has no question yet.") % {"number": meeting.number})
    return question


@login_required
@require_POST
def homework_save(request: Request, mastermind_id: int, number: int) -> HttpResponse:
    mastermind, meeting, _role = get_meeting_or_404(request.user, mastermind_id, number)
    form = HomeworkForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            homework = actions.post_homework(
                _question_or_refuse(meeting),
                by=_signed_in(request),
                body=data["body"],
                minutes_spent=data["minutes_spent"],
                files=[data["attachment"]] if data["attachment"] else [],
            )
        except HomeworkError as error:
            _refuse(form, error)
        else:
            messages.success(request, gettext("Your homework is posted. Thank you!"))
            return redirect(_week_url(mastermind, number, f"homework-{homework.pk}"))
    return render_week(request, mastermind, meeting, status=422, bound={"homework": form})


@login_required
@require_POST
def homework_skip(request: Request, mastermind_id: int, number: int) -> HttpResponse:
    mastermind, meeting, _role = get_meeting_or_404(request.user, mastermind_id, number)
    try:
        actions.skip_homework(_question_or_refuse(meeting), by=_signed_in(request))
    except HomeworkError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, gettext("Noted: you're skipping this week. See you on the call!"))
    return redirect(_week_url(mastermind, number, "homework"))


@login_required
@require_POST
def week_close(request: Request, mastermind_id: int, number: int) -> HttpResponse:
    mastermind, meeting, _role = get_meeting_or_404(request.user, mastermind_id, number)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            actions.close_week(
                _question_or_refuse(meeting), by=_signed_in(request), note=form.cleaned_data["closing_note"]
            )
        except HomeworkError as error:
            _refuse(form, error)
        else:
            messages.success(request, gettext("Week closed. Thanks for sharing what you'll do with it."))
            return redirect(_week_url(mastermind, number, "closing"))
    return render_week(request, mastermind, meeting, status=422, bound={"close": form})


def _homework_week(homework: Homework) -> tuple[Mastermind, Meeting]:
    meeting = homework.question.meeting
    return meeting.mastermind, meeting


@login_required
@require_POST
def feedback_post(request: Request, homework_id: int) -> HttpResponse:
    homework = get_homework_or_404(request.user, homework_id)
    mastermind, meeting = _homework_week(homework)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            actions.reply(homework, by=_signed_in(request), body=form.cleaned_data["body"])
        except HomeworkError as error:
            _refuse(form, error)
        else:
            return redirect(_week_url(mastermind, meeting.number, f"homework-{homework.pk}"))
    return render_week(request, mastermind, meeting, status=422, bound={"feedback": form}, feedback_for=homework.pk)


@login_required
@require_POST
def helpful(request: Request, homework_id: int) -> HttpResponse:
    homework = get_homework_or_404(request.user, homework_id)
    mastermind, meeting = _homework_week(homework)
    try:
        actions.mark_helpful(homework, by=_signed_in(request), helpful=request.POST.get("helpful") != "0")
    except HomeworkError as error:
        messages.error(request, error.message)
    return redirect(_week_url(mastermind, meeting.number, f"homework-{homework.pk}"))
