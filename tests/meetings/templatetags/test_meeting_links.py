"""The call snippet on the group page (meetings/_meeting_links.html and its meeting_panel tag)."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from hotseat.masterminds.models import Mastermind, Membership
from hotseat.meetings.models import Meeting
from tests.factories import MastermindFactory, MeetingFactory, ScheduleFactory, seat
from tests.meetings.weeks import schedule_for


@pytest.fixture
def group(cohort, alice, chloe) -> Mastermind:
    mastermind = MastermindFactory(cohort=cohort, title="Growing a forum")
    seat(mastermind, alice, role=Membership.Role.LEADER)
    seat(mastermind, chloe)
    return mastermind


def render(mastermind: Mastermind, viewer, **context: object) -> str:
    request = RequestFactory().get("/")
    request.user = viewer
    return render_to_string("meetings/_meeting_links.html", {"mastermind": mastermind, **context}, request=request)


def test_meeting_links_without_a_schedule_says_no_call_time_yet(group, chloe):
    html = render(group, chloe)

    assert "No call time yet" in html
    assert "Join the call" not in html


def test_meeting_links_shows_the_jitsi_room_opening_in_a_new_tab(group, chloe):
    schedule = schedule_for(group, wall=time(12), zone="America/New_York")

    html = render(group, chloe)

    assert (
        f'<a class="button" href="https://meet.jit.si/{schedule.video_room}" target="_blank" '
        'rel="noopener noreferrer">Join the call</a>'
    ) in html
    assert "Jitsi Meet" in html
    assert "free, no account needed" in html


def test_meeting_links_warns_about_zoom_for_a_long_call(group, chloe):
    schedule_for(group, wall=time(12), zone="UTC", duration=60, video_url="https://zoom.us/j/1")

    html = render(group, chloe)

    assert "on Zoom" in html
    assert "free plan ends meetings at 40 minutes; this call is 60 minutes" in html


def test_meeting_links_offers_the_next_meeting_and_the_group_calendar(group, chloe):
    schedule = schedule_for(group, wall=time(12), zone="UTC")
    now = timezone.now()
    MeetingFactory(mastermind=group, number=1, starts_at=now - timedelta(days=7))
    MeetingFactory(mastermind=group, number=2, starts_at=now + timedelta(days=1), state=Meeting.State.SKIPPED)
    coming = MeetingFactory(mastermind=group, number=3, starts_at=now + timedelta(days=8))

    html = render(group, chloe)

    assert reverse("meeting_ics", args=[coming.uid]) in html
    assert "Add week 3 to your calendar" in html
    host = settings.SITE_URL.split("://", 1)[1]
    assert f'href="webcal://{host}/calendar/m/{schedule.feed_token}.ics"' in html
    assert reverse("calendar") in html


def test_meeting_links_uses_the_meeting_the_page_gives(group, chloe):
    schedule_for(group, wall=time(12), zone="UTC")
    given = MeetingFactory(mastermind=group, number=5, starts_at=timezone.now() + timedelta(days=30))

    html = render(group, chloe, meeting=given)

    assert reverse("meeting_ics", args=[given.uid]) in html


def test_meeting_links_without_meetings_to_come_offers_no_ics(group, chloe):
    schedule_for(group, wall=time(12), zone="UTC")

    html = render(group, chloe)

    assert "Add week" not in html
    assert "Subscribe to this group" in html


@pytest.mark.parametrize(("who", "manages"), [("alice", True), ("organizer", True), ("chloe", False)])
def test_meeting_links_offers_the_change_link_to_leader_and_organizer_only(group, who, manages, request):
    schedule_for(group, wall=time(12), zone="UTC")

    html = render(group, request.getfixturevalue(who))

    assert (reverse("video_link_edit", args=[group.pk]) in html) is manages


def test_meeting_links_renders_for_an_anonymous_viewer_without_change_link(group):
    ScheduleFactory(mastermind=group, weekday=1, minute=720, zone="UTC")

    html = render(group, AnonymousUser())

    assert "Join the call" in html
    assert reverse("video_link_edit", args=[group.pk]) not in html
