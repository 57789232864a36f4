"""Calendar feeds at secret-token URLs, one-meeting .ics files, and the page where a person finds their feed.

Feeds need no login: calendar apps cannot log in, so the token in the URL is the secret. An
unknown or reset token is a 404, like any page the viewer may not see.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_POST, require_safe

from hotseat.accounts.models import User
from hotseat.accounts.requests import Request, SignedInRequest
from hotseat.masterminds.access import can_see_mastermind, get_led_mastermind_or_404
from hotseat.masterminds.models import Membership
from hotseat.meetings.actions import feeds as feed_actions
from hotseat.meetings.calendar import (
    mastermind_calendar,
    meeting_calendar,
    person_calendar,
    person_feed_links,
    schedule_of,
)
from hotseat.meetings.models import Meeting, PersonalFeed, Schedule
from hotseat.programs.models import Program


def _ics(body: bytes, *, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    # Calendar apps poll; five minutes of caching spares the database without hiding a change for long.
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    if filename is not None:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def meetings_of(user: User) -> list[Meeting]:
    """Every meeting of every mastermind `user` has an active seat in, soonest first."""
    seated = Membership.objects.seated().filter(user=user).values("mastermind_id")
    return list(
        Meeting.objects.filter(mastermind_id__in=seated)
        .select_related("mastermind__schedule", "mastermind__cohort__program")
        .order_by("starts_at", "pk")
    )


def feed_language(user: User | None, program: Program | None) -> str:
    """The language a feed is worded in: its owner's choice, else its program's, else the installation's.

    A calendar app fetches with no cookie and no Accept-Language worth trusting, so the feed
    says its titles in the language of the person (or group) it belongs to.
    """
    if user is not None and user.language:
        return user.language
    if program is not None and program.language:
        return program.language
    return settings.LANGUAGE_CODE


@require_safe
def person_feed(request: Request, token: str) -> HttpResponse:
    feed = PersonalFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    meetings = meetings_of(feed.user)
    program = meetings[0].mastermind.cohort.program if meetings else None
    with translation.override(feed_language(feed.user, program)):
        return _ics(person_calendar(feed.user, meetings))


@require_safe
def mastermind_feed(request: Request, token: str) -> HttpResponse:
    schedule = Schedule.objects.select_related("mastermind__cohort__program").filter(feed_token=token).first()
    if schedule is None:
        raise Http404
    mastermind = schedule.mastermind
    meetings = Meeting.objects.filter(mastermind=mastermind).select_related("mastermind__schedule").order_by("number")
    with translation.override(feed_language(None, mastermind.cohort.program)):
        return _ics(mastermind_calendar(mastermind, meetings))


@login_required
@require_safe
def meeting_ics(request: SignedInRequest, uid: uuid.UUID) -> HttpResponse:
    related = ("mastermind__schedule", "mastermind__cohort__program")
    meeting = Meeting.objects.select_related(*related).filter(uid=uid).first()
    if meeting is None or not can_see_mastermind(request.user, meeting.mastermind):
        raise Http404
    return _ics(meeting_calendar(meeting), filename=f"mastermind-week-{meeting.number}.ics")


@login_required
@require_safe
def calendar_page(request: SignedInRequest) -> HttpResponse:
    feed = feed_actions.personal_feed_of(request.user)
    seats = Membership.objects.seated().filter(user=request.user).select_related("mastermind")
    return render(
        request,
        "meetings/calendar.html",
        {"links": person_feed_links(feed), "masterminds": [seat.mastermind for seat in seats]},
    )


@login_required
@require_POST
def reset_person_feed(request: SignedInRequest) -> HttpResponse:
    feed_actions.reset_personal_feed(request.user)
    messages.success(
        request, gettext("Your calendar link is new. The old one no longer works: subscribe again with the new one.")
    )
    return redirect("calendar")


@login_required
@require_POST
def reset_mastermind_feed(request: SignedInRequest, mastermind_id: int) -> HttpResponse:
    mastermind, _role = get_led_mastermind_or_404(request.user, mastermind_id)
    schedule = schedule_of(mastermind)
    if schedule is None:
        raise Http404
    feed_actions.reset_mastermind_feed(schedule)
    messages.success(
        request,
        gettext(
            "The group's calendar link is new. The old one no longer works:"
            " members subscribe again from the group page."
        ),
    )
    return redirect("video_link_edit", mastermind_id=mastermind.pk)
