"""When a week's homework is due: by default 24 hours before the next call that is held."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings

from hotseat.meetings.models import Meeting


def due_before() -> timedelta:
    return timedelta(hours=settings.HOMEWORK_DUE_HOURS_BEFORE_CALL)


def due_at(meeting: Meeting, meetings: Sequence[Meeting]) -> datetime | None:
    """The due time of the homework on `meeting`'s question, from all its mastermind's meetings.

    None when no call follows (the cohort's last week): nothing is late then.
    """
    following = sorted(
        (m for m in meetings if m.number > meeting.number and m.state != Meeting.State.SKIPPED),
        key=lambda m: m.number,
    )
    if not following:
        return None
    return following[0].starts_at - due_before()


def due_for(meeting: Meeting) -> datetime | None:
    return due_at(meeting, list(Meeting.objects.filter(mastermind_id=meeting.mastermind_id, number__gt=meeting.number)))
