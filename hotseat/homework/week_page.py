"""What the week page shows: the agenda (feedback on last week's homework if asked for, the new
question), the homework posts with their feedback threads, files and link titles. A fixed number
of queries whatever the number of posts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext

from hotseat.accounts.models import User
from hotseat.homework.access import may_edit
from hotseat.homework.deadlines import due_at
from hotseat.homework.link_previews import previews_for
from hotseat.homework.models import Attachment, Feedback, Homework, Question
from hotseat.integrations.oembed import VideoLinkRef, video_links
from hotseat.masterminds.access import Role, members_of
from hotseat.masterminds.models import Mastermind
from hotseat.meetings.models import Meeting


@dataclass(frozen=True)
class LinkTitle:
    link: VideoLinkRef
    title: str

    @property
    def label(self) -> str:
        return self.title or gettext("%(provider)s video") % {"provider": self.link.provider_name}


@dataclass
class Post:
    homework: Homework
    late: bool
    files: list[Attachment]  # those not already shown inside the text
    links: list[LinkTitle]
    feedback: list[Feedback] = field(default_factory=list)


@dataclass
class Week:
    mastermind: Mastermind
    meeting: Meeting
    role: Role
    question: Question | None
    question_files: list[Attachment]
    question_links: list[LinkTitle]
    posts: list[Post]
    skipped: list[Homework]
    waiting: list[User]  # members who have neither posted nor said they skip
    mine: Homework | None
    due: datetime | None
    previous: Meeting | None
    previous_question: Question | None
    earlier: Meeting | None = None  # the week pages on either side, for the header's links
    later: Meeting | None = None

    @property
    def feedback_first(self) -> bool:
        """Part 1 of the agenda: only if last week's presenter asked for time on the homework."""
        return self.previous_question is not None and self.previous_question.wants_feedback

    @property
    def may_pose(self) -> bool:
        """May pose the question, or edit it and close the week once it is posed."""
        return may_edit(self.role, self.question, self.meeting)

    @property
    def may_post(self) -> bool:
        return (
            self.question is not None
            and self.role.is_member
            and self.question.author_id != self.role.user_id
            and self.meeting.state != Meeting.State.SKIPPED
        )

    @property
    def is_presenter(self) -> bool:
        return self.question is not None and self.question.author_id == self.role.user_id

    @property
    def skipped_names(self) -> str:
        """Who said they skip this week, as a list to read: "Bob, Chloe"."""
        return ", ".join(h.author.name for h in self.skipped)

    @property
    def waiting_names(self) -> str:
        """Who has not posted yet, the viewer marked: "Bob (you), Chloe"."""
        you = gettext("%(name)s (you)")
        return ", ".join(you % {"name": u.name} if u.pk == self.role.user_id else u.name for u in self.waiting)


def _shown_apart(files: list[Attachment], text: str) -> list[Attachment]:
    """The files to list under a post: all but the images its text already shows (a video or a PDF
    linked in the text still gets its player or its download line)."""
    return [f for f in files if f.kind != Attachment.Kind.IMAGE or f.get_absolute_url() not in text]


def _links(previews: dict[str, tuple[VideoLinkRef, str]], text: str) -> list[LinkTitle]:
    return [LinkTitle(*previews[link.url]) for link in video_links(text) if link.url in previews]


def week_of(mastermind: Mastermind, meeting: Meeting, role: Role) -> Week:
    meetings = list(Meeting.objects.filter(mastermind=mastermind).order_by("number"))
    question = (
        Question.objects.select_related("author", "posted_by")
        .prefetch_related("attachments")
        .filter(meeting=meeting)
        .first()
    )
    homework: list[Homework] = []
    if question is not None:
        homework = list(
            Homework.objects.filter(question=question)
            .select_related("author")
            .prefetch_related(
                Prefetch("feedback", queryset=Feedback.objects.select_related("author")),
                "attachments",
            )
        )
    previous = next((m for m in reversed(meetings) if m.number < meeting.number and m.state != "skipped"), None)
    previous_question = (
        Question.objects.filter(meeting=previous)
        .select_related("author", "meeting")
        .annotate(
            posts=Count("homework", filter=Q(homework__skipped=False)),
            helpful_posts=Count("homework", filter=Q(homework__helpful=True)),
        )
        .first()
        if previous is not None
        else None
    )
    answered = {h.author_id for h in homework}
    texts = [question.body if question else ""] + [h.body for h in homework]
    previews = previews_for(texts)
    due = due_at(meeting, meetings)
    posts = [
        Post(
            homework=h,
            late=due is not None and h.posted_at > due,
            files=_shown_apart(list(h.attachments.all()), h.body),
            links=_links(previews, h.body),
            feedback=list(h.feedback.all()),
        )
        for h in homework
        if not h.skipped
    ]
    return Week(
        mastermind=mastermind,
        meeting=meeting,
        role=role,
        question=question,
        question_files=_shown_apart(list(question.attachments.all()), question.body) if question else [],
        question_links=_links(previews, question.body) if question else [],
        posts=posts,
        skipped=[h for h in homework if h.skipped],
        waiting=[u for u in members_of(mastermind) if question and u.pk != question.author_id and u.pk not in answered],
        mine=next((h for h in homework if h.author_id == role.user_id), None),
        due=due,
        previous=previous,
        previous_question=previous_question,
        earlier=next((m for m in reversed(meetings) if m.number < meeting.number), None),
        later=next((m for m in meetings if m.number > meeting.number), None),
    )


def initial_forms(week: Week) -> dict[str, Any]:
    """The forms' starting values: what is already there, to edit."""
    question, mine = week.question, week.mine
    return {
        "question": {"title": question.title, "body": question.body, "wants_feedback": question.wants_feedback}
        if question
        else {},
        "homework": {"body": mine.body, "minutes_spent": mine.minutes_spent} if mine and not mine.skipped else {},
        "close": {"closing_note": question.closing_note} if question else {},
    }
