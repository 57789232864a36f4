"""Homework reminders: a day before the due time, to each member who has neither posted nor skipped.

Like the call reminders (hotseat/meetings/reminders.py) the rows are derived from the state of
things — questions, meetings, members, posts — and derived again inside the transaction of
whatever changed it. The due instant is part of each key, so a moved call's old reminder is
cancelled and a new one written; a member who posts or skips has theirs cancelled.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hotseat.homework.deadlines import due_at
from hotseat.homework.models import Homework, Question
from hotseat.homework.notices import HOMEWORK_DUE
from hotseat.masterminds.models import Mastermind
from hotseat.masterminds.seats import active_memberships
from hotseat.meetings.models import Meeting
from hotseat.notify.actions import Reminder, due_and_waiting, reschedule
from hotseat.notify.models import Notification

LEAD = timedelta(hours=24)
_ENDED = (Mastermind.State.FINISHED, Mastermind.State.DISBANDED)


def key_prefix(mastermind_id: int) -> str:
    return f"{HOMEWORK_DUE}:m{mastermind_id}:"


def wanted_reminders(mastermind: Mastermind, now: datetime) -> list[Reminder]:
    if mastermind.state in _ENDED:
        return []
    meetings = list(Meeting.objects.filter(mastermind=mastermind))
    questions = list(
        Question.objects.filter(
            meeting__mastermind=mastermind, meeting__state__in=["scheduled", "moved"]
        ).select_related("meeting")
    )
    if not questions:
        return []
    members = active_memberships(mastermind)
    answered = set(Homework.objects.filter(question__in=questions).values_list("question_id", "author_id"))
    prefix = key_prefix(mastermind.pk)
    queued = due_and_waiting(prefix, now)
    reminders = []
    for question in questions:
        due = due_at(question.meeting, meetings)
        if due is None or due <= now:
            continue
        remind_at = due - LEAD
        for membership in members:
            user = membership.user
            if user.pk == question.author_id or (question.pk, user.pk) in answered:
                continue
            key = f"{prefix}q{question.pk}:{due.astimezone(UTC):%Y%m%dT%H%MZ}:u{user.pk}"
            if remind_at <= now and key not in queued:
                continue
            reminders.append(
                Reminder(HOMEWORK_DUE, user, key=key, due_at=remind_at, refs={"question": question, "due": due})
            )
    return reminders


def sync_homework_reminders(mastermind: Mastermind, now: datetime) -> list[Notification]:
    """Make the outbox hold exactly the homework reminders `mastermind` calls for (idempotent).

    Call it inside the transaction of the change: a question posted, homework posted or
    skipped, a call moved or skipped, a member gone.
    """
    return reschedule(key_prefix(mastermind.pk), wanted_reminders(mastermind, now), now=now)
