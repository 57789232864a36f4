"""Call reminders: a day and an hour before each call, for every member, as outbox rows due later.

The rows are derived from the meetings and the members as they are, and derived again
whenever either changes (``sync_reminders``, called inside the change's transaction).
Each key holds the meeting *and its start*, so a moved call gets new rows and its old
ones are cancelled: a reminder for a time that no longer holds is never sent.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hotseat.masterminds.models import Mastermind
from hotseat.masterminds.seats import active_memberships
from hotseat.meetings.models import Meeting
from hotseat.meetings.notices.meetings import MEETING_REMINDER
from hotseat.notify.actions import Reminder, due_and_waiting, reschedule
from hotseat.notify.models import Notification

# How long before a call each reminder goes: exact durations, so across a clock change
# the day-before reminder is 24 hours ahead, not "same wall time yesterday".
LEADS = (timedelta(hours=24), timedelta(hours=1))

_ENDED = (Mastermind.State.FINISHED, Mastermind.State.DISBANDED)


def key_prefix(mastermind: Mastermind) -> str:
    """Every reminder of a mastermind's calls has a key starting so (the scope of one ``reschedule``)."""
    return f"{MEETING_REMINDER}:m{mastermind.pk}:"


def reminder_key(prefix: str, meeting: Meeting, user_id: int, lead: timedelta) -> str:
    start = meeting.starts_at.astimezone(UTC)
    hours = int(lead.total_seconds() // 3600)
    return f"{prefix}c{meeting.pk}:{start:%Y%m%dT%H%MZ}:u{user_id}:{hours}h"


def wanted_reminders(mastermind: Mastermind, now: datetime) -> list[Reminder]:
    """The reminders the outbox should hold for ``mastermind`` at ``now``.

    One per active member, per call still to come that is not skipped, per lead whose
    time has not passed: a call put less than 24 hours away gets only its 1-hour reminder.
    """
    if mastermind.state in _ENDED:
        return []
    members = active_memberships(mastermind)
    meetings = list(Meeting.objects.upcoming(now).filter(mastermind=mastermind).order_by("starts_at"))
    if not members or not meetings:
        return []
    prefix = key_prefix(mastermind)
    queued = due_and_waiting(prefix, now)
    reminders = []
    for meeting in meetings:
        for lead in LEADS:
            due = meeting.starts_at - lead
            for membership in members:
                key = reminder_key(prefix, meeting, membership.user_id, lead)
                if due <= now and key not in queued:
                    continue
                refs = {
                    "mastermind": mastermind,
                    "meeting": meeting,
                    "lead_hours": int(lead.total_seconds() // 3600),
                    # The words ("tomorrow", "in 1 hour", "in 24 hours" on a clock-change day) are
                    # counted from here, on the recipient's calendar.
                    "reminded_at": due,
                }
                reminders.append(Reminder(MEETING_REMINDER, membership.user, key=key, due_at=due, refs=refs))
    return reminders


def sync_reminders(mastermind: Mastermind, now: datetime) -> list[Notification]:
    """Make the outbox hold exactly the reminders ``mastermind``'s calls and members call for.

    Call it inside the transaction of whatever changed them (a call picked, skipped or
    moved, a member gone). New rows are written, rows no longer wanted — a moved or
    skipped call's, a departed member's — cancelled; rows already sent are left alone.
    Running it twice changes nothing.
    """
    return reschedule(key_prefix(mastermind), wanted_reminders(mastermind, now), now=now)
