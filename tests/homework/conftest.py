"""A running mastermind with weekly calls: week 1 was two days ago, week 2 is in five days.

alice leads; bob presents week 1, chloe week 2; dev is a member. erin sits in another group.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from hotseat.accounts.models import User
from hotseat.masterminds.models import Mastermind
from hotseat.meetings.models import Meeting
from tests.factories import UserFactory
from tests.meetings.groups import group_of
from tests.meetings.weeks import schedule_for, weekly_meetings
from tests.notify.conftest import mail_server, smtp_inbox  # noqa: F401 (real SMTP on loopback)


@dataclass
class Group:
    mastermind: Mastermind
    meetings: list[Meeting]
    leader: User
    members: list[User]

    @property
    def week1(self) -> Meeting:
        return self.meetings[0]

    @property
    def week2(self) -> Meeting:
        return self.meetings[1]


def running_group(program, leader, members, *, title="Growing a forum") -> Group:
    starts_on = timezone.localdate() - timedelta(days=2)
    mastermind = group_of(program, leader, members, starts_on=starts_on, state=Mastermind.State.RUNNING, title=title)
    meetings = weekly_meetings(schedule_for(mastermind, wall=time(12, 0), zone="America/New_York"))
    for meeting, presenter in zip(meetings, [*members, leader], strict=False):
        meeting.presenter = presenter
        meeting.save()
    return Group(mastermind, meetings, leader, list(members))


@pytest.fixture
def group(program, alice, bob, chloe, dev) -> Group:
    return running_group(program, alice, [bob, chloe, dev])


@pytest.fixture
def other_group(program, erin) -> Group:
    return running_group(program, erin, [UserFactory()], title="Another group")


def png_bytes(size: tuple[int, int] = (8, 8), color: str = "red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def png(name: str = "screenshot.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 200
WEBM_HEAD = (
    b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm"
    + b"\x00" * 200
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>'


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    # No test reaches the internet: link previews go to a closed loopback port unless a test serves them.
    settings.OEMBED_ENDPOINTS = dict.fromkeys(("youtube", "vimeo", "loom"), "http://127.0.0.1:9/oembed")
