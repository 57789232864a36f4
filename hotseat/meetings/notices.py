"""What members are told when their weekly call is picked or changes: the notification kinds.

The email is rendered when it is sent, in the recipient's zone, from the meetings as they
are then: the weekly time on their own clock and the weeks a clock change moves it.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from hotseat.accounts.models import User
from hotseat.meetings.clock import weekly_time
from hotseat.meetings.models import Meeting
from hotseat.notify import kinds
from hotseat.notify.kinds import Kind, Refs

SCHEDULE_PICKED = "schedule_picked"
MEETING_CHANGED = "meeting_changed"


def _group_url(refs: Refs) -> str:
    return reverse("group", args=[refs["mastermind"].pk])


def _call_context(recipient: User, refs: Refs) -> dict[str, Any]:
    mastermind = refs["mastermind"]
    meetings = list(Meeting.objects.filter(mastermind=mastermind).order_by("number"))
    weekly = weekly_time(meetings, recipient.time_zone)
    return {
        **refs,
        "weekly": weekly,
        "notes": weekly.notes() if weekly else [],
        "meetings": meetings,
        "group_url": _group_url(refs),
    }


def register() -> None:
    """Make the kinds known to the outbox (idempotent)."""
    kinds.register(
        Kind(
            SCHEDULE_PICKED,
            "Your group's weekly call time",
            "When your group picks or changes its weekly call time: when it is on your clock,"
            " and the weeks a clock change moves it.",
            context=_call_context,
            url=_group_url,
        )
    )
    kinds.register(
        Kind(
            MEETING_CHANGED,
            "Skipped and moved calls",
            "When a call of your group is skipped or moved.",
            context=_call_context,
            url=_group_url,
        )
    )


register()
