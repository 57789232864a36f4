"""The leader's video-link page: who may see it, pasting a link, the Zoom warning, going back to Jitsi."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hotseat.masterminds.models import Mastermind, Membership
from hotseat.meetings.models import Meeting, Schedule
from tests.clients import signed_in
from tests.factories import MastermindFactory, MeetingFactory, seat
from tests.meetings.weeks import schedule_for, weekly_meetings

ZOOM = "https://us02web.zoom.us/j/123456789?pwd=abc"


@pytest.fixture
def group(cohort, alice, chloe) -> Mastermind:
    mastermind = MastermindFactory(cohort=cohort, title="Growing a forum")
    seat(mastermind, alice, role=Membership.Role.LEADER)
    seat(mastermind, chloe)
    weekly_meetings(schedule_for(mastermind, wall=time(12), zone="America/New_York", duration=60))
    return mastermind


@pytest.fixture
def other_group(cohort, bob) -> Mastermind:
    mastermind = MastermindFactory(cohort=cohort)
    seat(mastermind, bob, role=Membership.Role.LEADER)
    return mastermind


def url(mastermind: Mastermind) -> str:
    return reverse("video_link_edit", args=[mastermind.pk])


def schedule_of(mastermind: Mastermind) -> Schedule:
    return Schedule.objects.get(mastermind=mastermind)


@pytest.mark.parametrize("who", ["alice", "organizer"])
def test_video_link_page_for_leader_or_organizer_shows_the_jitsi_room(group, who, request):
    response = signed_in(request.getfixturevalue(who)).get(url(group))

    assert response.status_code == 200
    page = response.content.decode()
    assert f"https://meet.jit.si/{schedule_of(group).video_room}" in page
    assert "Jitsi Meet" in page
    assert 'rel="noopener noreferrer"' in page


@pytest.mark.parametrize("who", ["chloe", "bob", "erin"])
def test_video_link_page_for_member_other_leader_or_outsider_is_404(group, other_group, who, request):
    client = signed_in(request.getfixturevalue(who))

    assert client.get(url(group)).status_code == 404
    assert client.post(url(group), {"video_url": ZOOM}).status_code == 404
    assert schedule_of(group).video_url == ""


def test_video_link_page_asks_to_log_in(group):
    response = Client().get(url(group))

    assert response.status_code == 302


def test_video_link_zoom_for_a_60_minute_call_is_saved_with_the_warning(group, alice):
    response = signed_in(alice).post(url(group), {"video_url": ZOOM}, follow=True)

    assert response.status_code == 200
    assert schedule_of(group).video_url == ZOOM
    page = response.content.decode()
    assert "Members now join the call on Zoom." in page
    assert "Zoom&#x27;s free plan ends meetings at 40 minutes; this call is 60 minutes." in page
    assert "Use a paid Zoom account or the free Jitsi room." in page


def test_video_link_zoom_for_a_40_minute_call_has_no_warning(cohort, alice):
    mastermind = MastermindFactory(cohort=cohort)
    seat(mastermind, alice, role=Membership.Role.LEADER)
    schedule_for(mastermind, wall=time(12), zone="America/New_York", duration=40)

    response = signed_in(alice).post(url(mastermind), {"video_url": ZOOM}, follow=True)

    assert schedule_of(mastermind).video_url == ZOOM
    assert "free plan ends" not in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("http://zoom.us/j/123", "Use an https:// link"),
        ("https://me:secret@zoom.us/j/123", "user name or password"),
        ("not a link", "spaces"),
    ],
)
def test_video_link_bad_link_is_refused_with_the_typed_value_kept(group, alice, typed, message):
    response = signed_in(alice).post(url(group), {"video_url": typed})

    assert response.status_code == 422
    page = response.content.decode()
    assert message in page
    assert response.context["form"]["video_url"].value() == typed
    assert schedule_of(group).video_url == ""


def test_video_link_back_to_jitsi(group, alice):
    Schedule.objects.filter(mastermind=group).update(video_url=ZOOM)

    response = signed_in(alice).post(url(group), {"video_url": ""}, follow=True)

    assert schedule_of(group).video_url == ""
    assert "Members now join the call on Jitsi Meet." in response.content.decode()


def test_video_link_change_raises_the_sequence_of_meetings_to_come_only(cohort, alice):
    mastermind = MastermindFactory(cohort=cohort)
    seat(mastermind, alice, role=Membership.Role.LEADER)
    schedule_for(mastermind, wall=time(12), zone="UTC")
    now = timezone.now()
    past = MeetingFactory(mastermind=mastermind, number=1, starts_at=now - timedelta(days=7))
    coming = MeetingFactory(mastermind=mastermind, number=2, starts_at=now + timedelta(days=1))
    skipped = MeetingFactory(
        mastermind=mastermind, number=3, starts_at=now + timedelta(days=8), state=Meeting.State.SKIPPED
    )

    signed_in(alice).post(url(mastermind), {"video_url": ZOOM})
    signed_in(alice).post(url(mastermind), {"video_url": ZOOM})  # the same link again changes nothing

    sequences = dict(Meeting.objects.values_list("pk", "sequence"))
    assert sequences == {past.pk: 0, coming.pk: 1, skipped.pk: 0}


def test_video_link_page_without_a_schedule_says_no_call_time_yet(cohort, alice):
    mastermind = MastermindFactory(cohort=cohort)
    seat(mastermind, alice, role=Membership.Role.LEADER)
    client = signed_in(alice)

    page = client.get(url(mastermind))
    refused = client.post(url(mastermind), {"video_url": ZOOM})

    assert page.status_code == 200
    assert "No call time yet" in page.content.decode()
    assert refused.status_code == 409
