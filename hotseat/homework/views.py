"""A week of a mastermind: the agenda, the question, homework and feedback, the call panel."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from hotseat.accounts.requests import Request
from hotseat.masterminds.access import get_mastermind_or_404
from hotseat.meetings.call_panel import call_panel
from hotseat.meetings.models import Meeting


def week(request: Request, mastermind_id: int, number: int) -> HttpResponse:
    mastermind = get_mastermind_or_404(request.user, mastermind_id)
    meeting = Meeting.objects.filter(mastermind=mastermind, number=number).first()
    if meeting is None:
        raise Http404
    context = {"mastermind": mastermind, "meeting": meeting, "call": call_panel(request, meeting)}
    return render(request, "homework/week.html", context)
