"""What members are told about their weekly call: picked, changed, and coming up (the notification kinds).

The email is rendered when it is sent, in the recipient's zone, from the meetings as they
are then: the weekly time on their own clock and the weeks a clock change moves it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from django.urls import reverse
from django.utils.translation import gettext_lazy

from hotseat.accounts.models import User
from hotseat.integrations.video import video_link_for
from hotseat.masterminds.models import Mastermind
from hotseat.meetings.calendar import schedule_of
from hotseat.meetings.clock import WeeklyTime, weekly_time
from hotseat.meetings.models import Meeting
from hotseat.notify import kinds
from hotseat.notify.kinds import Kind, Refs

SCHEDULE_PICKED = "schedule_picked"
MEETING_CHANGED = "meeting_changed"
MEETING_REMINDER = "meeting_reminder"


def _group_url(refs: Refs) -> str:
    return reverse("group", args=[refs["mastermind"].pk])


def _weekly(
    recipient: User, mastermind: Mastermind, meetings: list[Meeting], now: datetime | None
) -> WeeklyTime | None:
    return weekly_time(meetings, recipient.time_zone, schedule=schedule_of(mastermind), now=now)


def _meeting_context(recipient: User, refs: Refs) -> dict[str, Any]:
    mastermind = refs["mastermind"]
    meetings = list(Meeting.objects.filter(mastermind=mastermind).order_by("number"))
    # The calls still to come when the change was made ("told_at"; older rows: every call).
    told_at = refs.get("told_at")
    weekly = _weekly(recipient, mastermind, meetings, told_at)
    return {
        **refs,
        "weekly": weekly,
        "notes": weekly.notes(upcoming_after=told_at) if weekly else [],
        "meetings": meetings,
        "group_url": _group_url(refs),
    }


def _usual_time_note(recipient: User, mastermind: Mastermind, meeting: Meeting, reminded_at: datetime | None) -> str:
    """The sentence about this call when it is not at the recipient's usual time (or starts a new one); else ''.

    The same words as the group page's (``clock.explain``): 'On 16 and 23 March the call is at 17:00 CET
    for you, not 18:00: New York changed its clocks on 14 March, Paris changes them on 28 March.'
    """
    weekly = _weekly(recipient, mastermind, list(Meeting.objects.filter(mastermind=mastermind)), reminded_at)
    return weekly.note_for(meeting, upcoming_after=reminded_at) if weekly is not None else ""


def _reminder_context(recipient: User, refs: Refs) -> dict[str, Any]:
    mastermind, meeting = refs["mastermind"], refs["meeting"]
    schedule = schedule_of(mastermind)
    return {
        **refs,
        # The week's hot seat, and whether it is the recipient (the rotation, hot_seat.py).
        "presenter": meeting.presenter,
        "presenting": meeting.presenter_id == recipient.pk,
        "usual_note": _usual_time_note(recipient, mastermind, meeting, refs.get("reminded_at")),
        "link": video_link_for(schedule) if schedule is not None else None,
        "group_url": _group_url(refs),
    }


def register() -> None:
    """Make the kinds known to the outbox (idempotent)."""
    kinds.register(
        Kind(
            SCHEDULE_PICKED,
            cast(str, gettext_lazy("Your group's weekly call time")),
            cast(
                str,
                gettext_lazy(
                    "When your group picks or changes its weekly call time: when it is on your clock,"
                    " and the weeks a clock change moves it."
                ),
            ),
            context=_meeting_context,
            url=_group_url,
        )
    )
    kinds.register(
        Kind(
            MEETING_CHANGED,
            cast(str, gettext_lazy("Skipped and moved calls")),
            cast(str, gettext_lazy("When a call of your group is skipped or moved.")),
            context=_meeting_context,
            url=_group_url,
        )
    )
    kinds.register(
        Kind(
            MEETING_REMINDER,
            cast(str, gettext_lazy("Call reminders")),
            cast(
                str,
                gettext_lazy(
                    "A day and an hour before each call of your group: the time on your clock,"
                    " the video link and the agenda."
                ),
            ),
            optional=True,
            # A reminder held for tomorrow morning's digest would arrive after the call.
            digest=False,
            context=_reminder_context,
            url=_group_url,
            related={"mastermind": ("schedule",), "meeting": ("presenter",)},
        )
    )


register()
