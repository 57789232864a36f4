"""What members are told about the week's question and homework (the notification kinds).

question_posted goes to the members, homework_posted to the presenter, feedback_posted to the
homework's author (the last two may wait for the daily digest), homework_due is a reminder row
a day before the due time to each member who has neither posted nor skipped (reminders.py).
"""

from __future__ import annotations

from typing import Any, cast

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hotseat.accounts.models import User
from hotseat.homework.deadlines import due_for
from hotseat.notify import kinds
from hotseat.notify.kinds import Kind, Refs

QUESTION_POSTED = "question_posted"
HOMEWORK_POSTED = "homework_posted"
FEEDBACK_POSTED = "feedback_posted"
HOMEWORK_DUE = "homework_due"


def week_url(question: Any) -> str:
    meeting = question.meeting
    return reverse("week", args=[meeting.mastermind_id, meeting.number])


def _question_url(refs: Refs) -> str:
    return week_url(refs["question"])


def _homework_url(refs: Refs) -> str:
    homework = refs["homework"]
    return f"{week_url(homework.question)}#homework-{homework.pk}"


def _context(recipient: User, refs: Refs) -> dict[str, Any]:
    question = refs.get("question") or refs["homework"].question

    return {
        "due": due_for(question.meeting),
        **refs,
        "question": question,
        "meeting": question.meeting,
        "mastermind": question.meeting.mastermind,
        "url": _homework_url(refs) if "homework" in refs else week_url(question),
    }


_QUESTION_ROWS = ("meeting__mastermind", "author")
_HOMEWORK_ROWS = ("question__meeting__mastermind", "question__author", "author")


def register() -> None:
    """Make the kinds known to the outbox (idempotent).

    Labels and descriptions are lazy, worded in the reader's language when shown (Kind types them as str).
    """
    kinds.register(
        Kind(
            QUESTION_POSTED,
            cast(str, _("This week's question")),
            cast(str, _("When the member in the hot seat poses the week's question.")),
            digest=True,
            context=_context,
            url=_question_url,
            related={"question": _QUESTION_ROWS},
        )
    )
    kinds.register(
        Kind(
            HOMEWORK_DUE,
            cast(str, _("Homework reminders")),
            cast(str, _("A day before the homework is due, if you have neither posted nor said you skip this week.")),
            # Held for tomorrow's digest it could arrive after the due time.
            digest=False,
            context=_context,
            url=_question_url,
            related={"question": _QUESTION_ROWS},
        )
    )
    kinds.register(
        Kind(
            HOMEWORK_POSTED,
            cast(str, _("Homework on your question")),
            cast(str, _("When a member posts homework on the question you posed.")),
            digest=True,
            context=_context,
            url=_homework_url,
            related={"homework": _HOMEWORK_ROWS},
        )
    )
    kinds.register(
        Kind(
            FEEDBACK_POSTED,
            cast(str, _("Feedback on your homework")),
            cast(str, _("When someone replies to your homework.")),
            digest=True,
            context=_context,
            url=_homework_url,
            related={"homework": _HOMEWORK_ROWS, "feedback": ("author",)},
        )
    )


register()
