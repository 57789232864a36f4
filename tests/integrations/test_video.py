"""Video links: the default Jitsi room, provider detection, the Zoom 40-minute warning, pasted-link checks."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError

from hotseat.integrations.video import MAX_URL_LENGTH, provider_of, validate_video_url, video_link_for
from hotseat.meetings.models import Schedule
from tests.factories import MastermindFactory

ZOOM_WARNING = (
    "Zoom's free plan ends meetings at 40 minutes; this call is 60 minutes. "
    "Use a paid Zoom account or the free Jitsi room."
)


@dataclass
class Settings:
    """Shaped like a Schedule, for what video_link_for reads."""

    video_url: str = ""
    video_room: str = "hotseat-room"
    duration_minutes: int = 60


def schedule(cohort) -> Schedule:
    return Schedule.objects.create(mastermind=MastermindFactory(cohort=cohort), weekday=1, minute=720, zone="UTC")


def test_meeting_links_defaults_to_an_unguessable_jitsi_room_per_mastermind(cohort):
    first, second = schedule(cohort), schedule(cohort)

    links = [video_link_for(first), video_link_for(second)]

    assert links[0].url == f"https://meet.jit.si/{first.video_room}"
    assert links[0].url != links[1].url
    assert {link.provider for link in links} == {"jitsi"}
    assert all(link.warnings == [] for link in links)
    room = first.video_room.removeprefix("hotseat-")
    assert re.fullmatch(r"[A-Za-z0-9]{20,}", room), "about 120 bits of randomness, URL-safe"


def test_meeting_links_uses_the_configured_jitsi_server(settings):
    settings.JITSI_BASE_URL = "https://jitsi.example.org"

    link = video_link_for(Settings(video_room="hotseat-abc"))

    assert link.url == "https://jitsi.example.org/hotseat-abc"
    assert link.provider == "jitsi"


def test_meeting_links_uses_the_pasted_link():
    link = video_link_for(Settings(video_url="https://meet.google.com/abc-defg-hij"))

    assert link.url == "https://meet.google.com/abc-defg-hij"
    assert link.provider == "meet"
    assert link.provider_name == "Google Meet"


@pytest.mark.parametrize(
    ("url", "provider"),
    [
        ("https://zoom.us/j/123", "zoom"),
        ("https://us02web.zoom.us/j/123?pwd=abc", "zoom"),
        ("https://meet.google.com/abc-defg-hij", "meet"),
        ("https://teams.microsoft.com/l/meetup-join/x", "teams"),
        ("https://teams.live.com/meet/123", "teams"),
        ("https://meet.jit.si/SomeRoom", "jitsi"),
        ("https://whereby.com/room", "other"),
        ("https://notzoom.us/j/123", "other"),
        ("https://zoom.us.evil.example/j/123", "other"),
        ("https://google.com/meet", "other"),
    ],
)
def test_provider_of_reads_the_host(url, provider):
    assert provider_of(url) == provider


def test_meeting_links_warns_about_zoom_free_plan_for_a_60_minute_call():
    link = video_link_for(Settings(video_url="https://us02web.zoom.us/j/123", duration_minutes=60))

    assert link.warnings == [ZOOM_WARNING]


@pytest.mark.parametrize("minutes", [30, 40])
def test_meeting_links_does_not_warn_for_zoom_calls_within_40_minutes(minutes):
    link = video_link_for(Settings(video_url="https://zoom.us/j/123", duration_minutes=minutes))

    assert link.warnings == []


def test_meeting_links_warns_from_41_minutes():
    link = video_link_for(Settings(video_url="https://zoom.us/j/123", duration_minutes=41))

    assert len(link.warnings) == 1
    assert "this call is 41 minutes" in link.warnings[0]


def test_meeting_links_does_not_warn_for_long_calls_elsewhere():
    assert video_link_for(Settings(video_url="https://meet.google.com/abc", duration_minutes=120)).warnings == []
    assert video_link_for(Settings(duration_minutes=120)).warnings == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ""),
        ("   ", ""),
        ("  https://zoom.us/j/123?pwd=abc  ", "https://zoom.us/j/123?pwd=abc"),
        ("https://meet.google.com/abc-defg-hij", "https://meet.google.com/abc-defg-hij"),
        ("HTTPS://meet.jit.si/Room", "HTTPS://meet.jit.si/Room"),
    ],
)
def test_validate_video_url_accepts_https_links(raw, expected):
    assert validate_video_url(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code", "words"),
    [
        ("http://zoom.us/j/123", "not_https", "https://"),
        ("javascript:alert(1)", "not_https", "https://"),
        ("zoom.us/j/123", "not_https", "https://"),
        ("ftp://files.example.com/x", "not_https", "https://"),
        ("https://user:secret@zoom.us/j/123", "credentials", "password"),
        ("https://me@meet.example.com/room", "credentials", "user name"),
        ("https://zoom.us/j/1 23", "spaces", "spaces"),
        ("https://zoom.us/j/1\n23", "spaces", "line breaks"),
        ("https://", "invalid", "web link"),
        ("https://not a host/", "spaces", "spaces"),
        ("https://localhost_/x", "invalid", "web link"),
        ("https://zoom.us/j/" + "1" * MAX_URL_LENGTH, "too_long", str(MAX_URL_LENGTH)),
    ],
)
def test_validate_video_url_refuses_bad_links_with_a_clear_message(raw, code, words):
    with pytest.raises(ValidationError) as refused:
        validate_video_url(raw)

    assert refused.value.code == code
    assert words in refused.value.messages[0]
