"""The homework part of the group page: this week's question, who has posted, the timeline of past
weeks (question → homework → feedback → call notes) and each member's participation, in neutral words.
A fixed number of queries, however many weeks and posts."""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import ngettext

from hotseat.accounts.models import User
from hotseat.accounts.requests import Request
from hotseat.homework.models import Homework, Question
from hotseat.masterminds.access import members_of
from hotseat.masterminds.models import Mastermind
from hotseat.meetings.models import Attendance, Meeting
from hotseat.programs.markdown import render_markdown

EXCERPT_WORDS = 30
# Where one block of rendered Markdown ends: a heading, a paragraph, a list item, a line break…
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|pre|tr|th|td)>|<br\s*/?>|<hr\s*/?>", re.IGNORECASE)


def plain_excerpt(text: str, words: int = EXCERPT_WORDS) -> str:
    """A one-line plain-text excerpt of Markdown, as the reader sees it rendered: no "##" or "-" markers,
    one block after another separated by " · ", cut after `words` words. Plain text: the template escapes it."""
    rendered = _BLOCK_END.sub("\n", render_markdown(text))
    blocks = [" ".join(line.split()) for line in html.unescape(strip_tags(rendered)).splitlines()]
    return Truncator(" · ".join(block for block in blocks if block)).words(words, truncate="…")


@dataclass(frozen=True)
class Answer:
    user: User
    state: str  # "posted", "skipped", "waiting"


@dataclass(frozen=True)
class PastWeek:
    meeting: Meeting
    question: Question | None
    notes: str

    @property
    def posts(self) -> int:
        return getattr(self.question, "post_count", 0)

    @property
    def notes_excerpt(self) -> str:
        return plain_excerpt(self.notes) if self.notes else ""

    @property
    def replies(self) -> int:
        return getattr(self.question, "reply_count", 0)


@dataclass(frozen=True)
class Participation:
    user: User
    attended: int
    held: int
    posts: int
    questions: int = 0

    @property
    def summary(self) -> str:
        parts = [ngettext("%(count)s post", "%(count)s posts", self.posts) % {"count": self.posts}]
        if self.held:
            parts.insert(
                0,
                ngettext("%(attended)s of %(held)s call", "%(attended)s of %(held)s calls", self.held)
                % {"attended": self.attended, "held": self.held},
            )
        if self.questions:
            parts.append(
                ngettext("%(count)s question", "%(count)s questions", self.questions) % {"count": self.questions}
            )
        return " · ".join(parts)


def _notes_of(meeting: Meeting) -> str:
    # MeetingNotes (meetings app) may not exist in every version of the schema: read it if it does.
    notes = getattr(meeting, "notes", None)
    return str(getattr(notes, "text", "") or "")


def _has_notes() -> bool:
    return any(f.name == "notes" for f in Meeting._meta.get_fields())


def homework_panel(request: Request, mastermind: Mastermind) -> dict[str, Any] | None:
    """Context for homework/_group.html (None: nothing to show)."""
    now = timezone.now()
    meetings_qs = Meeting.objects.filter(mastermind=mastermind).order_by("number")
    if _has_notes():
        meetings_qs = meetings_qs.select_related("notes")
    meetings = list(meetings_qs)
    if not meetings:
        return None
    questions = {
        q.meeting_id: q
        for q in Question.objects.filter(meeting__mastermind=mastermind)
        .select_related("author")
        .annotate(
            post_count=Count("homework", filter=Q(homework__skipped=False), distinct=True),
            reply_count=Count("homework__feedback", distinct=True),
        )
    }
    upcoming = [m for m in meetings if m.ends_at > now and m.state != Meeting.State.SKIPPED]
    next_number = upcoming[0].number if upcoming else meetings[-1].number
    posed = [m for m in meetings if m.pk in questions and m.number <= next_number]
    current = posed[-1] if posed else None
    current_question = questions.get(current.pk) if current else None
    members = members_of(mastermind)
    answers: list[Answer] = []
    if current_question is not None:
        said = dict(Homework.objects.filter(question=current_question).values_list("author_id", "skipped"))
        answers = [
            Answer(user, "waiting" if user.pk not in said else ("skipped" if said[user.pk] else "posted"))
            for user in members
            if user.pk != current_question.author_id
        ]
    past = [
        PastWeek(m, questions.get(m.pk), _notes_of(m))
        for m in reversed(meetings)
        if m.starts_at <= now and (current is None or m.number != current.number)
    ]
    past_meetings = [m for m in meetings if m.starts_at <= now and m.state != Meeting.State.SKIPPED]
    # Only calls whose attendance was taken count: nobody is "0 of 3" because nobody checked in.
    recorded = Attendance.objects.filter(meeting__in=past_meetings, attended__isnull=False)
    held = set(recorded.values_list("meeting_id", flat=True).distinct())
    attended = dict(
        recorded.filter(attended=True).values("user_id").annotate(n=Count("pk")).values_list("user_id", "n")
    )
    posts = dict(
        Homework.objects.filter(question__meeting__mastermind=mastermind, skipped=False)
        .values("author_id")
        .annotate(n=Count("pk"))
        .values_list("author_id", "n")
    )
    questions_by = Counter(q.author_id for q in questions.values())
    return {
        "next": upcoming[0] if upcoming else None,
        "current": current,
        "question": current_question,
        "answers": answers,
        "past": past,
        "participation": [
            Participation(u, attended.get(u.pk, 0), len(held), posts.get(u.pk, 0), questions_by.get(u.pk, 0))
            for u in members
        ],
        "viewer_id": getattr(request.user, "pk", None),
    }
