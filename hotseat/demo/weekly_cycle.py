"""Demo data for the weekly cycle: a believable question, homework, feedback and a closing note
for a mastermind's first past week(s). Goes through the actions, like a person would. Idempotent.

Wire it from the demo loader, for a running group with meetings, e.g.
``seed_weekly_cycle(mastermind, weeks=1)`` after its meetings are generated.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from hotseat.accounts.models import User
from hotseat.homework import actions
from hotseat.homework.models import Question
from hotseat.masterminds.access import members_of
from hotseat.masterminds.models import Mastermind
from hotseat.meetings.models import Meeting


@dataclass(frozen=True)
class Week:
    """A week's story: the question, two homework posts (the first with a screenshot), replies, the closing note."""

    title: str
    body: str
    answers: tuple[tuple[str, int], tuple[str, int]]
    screenshot: str
    replies: tuple[str, str]
    closing_note: str


WEEKS = [
    Week(
        "How do I get lurkers to write their first post?",
        "Our forum has 2,300 members and about 40 who post. I'd love **one thing** each of you would try "
        "this week to get a quiet member to write — and what happened.\n\n"
        "Context: we run a weekly *open thread* that nobody answers.",
        (
            (
                "I picked five members who had liked posts but never written, and sent each a personal note asking "
                "one concrete question about *their* setup.\n\n- 3 replied within a day\n- 2 of them posted in "
                "the forum afterwards\n\nThe question mattered more than the welcome. Screenshot of the message I "
                "used:",
                45,
            ),
            (
                "I rewrote the open thread's title as a question with a deadline (“What are you shipping before "
                "Friday?”) and answered it myself first, with a real example.\n\nIt got 11 replies vs 2 the week "
                "before. Small sample, but the example seemed to give people permission.",
                55,
            ),
        ),
        "Direct message to a quiet member",
        (
            "This is exactly what I needed — trying it Monday.",
            "Answering it first, with a real example: stealing that for our open thread.",
        ),
        "I'll send five personal questions a week to quiet members and report back in week 4.",
    ),
    Week(
        "What should our newsletter stop doing?",
        "Open rate is 31% and falling. Look at the last three issues (linked in the group notes) and tell me "
        "one section you would cut, and why.",
        (
            (
                "I read the three issues as if I had never joined. The *Community stats* block is the one I skipped "
                "every time: numbers without a story.\n\nCut it, and put one member's win in its place. Clicks "
                "per section in our own newsletter, for comparison:",
                40,
            ),
            (
                "Cut *From the archive*. It is the last thing before the footer, where nobody scrolls, and I could "
                "not tell why those posts were picked.\n\nInstead, end with one question people can answer by "
                "replying to the email.",
                35,
            ),
        ),
        "Clicks per section, last three issues",
        (
            "I had never looked at clicks per section. Cutting it from the next issue.",
            "Ending on a question people answer by email: yes. Our members reply to emails more than they post.",
        ),
        "The next issue drops the stats and the archive and ends with a reply-to question. Open and reply rates "
        "in week 6.",
    ),
]


def _screenshot(title: str) -> SimpleUploadedFile:
    image = Image.new("RGB", (640, 300), "#f8fafc")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 640, 40), fill="#1e293b")
    draw.text((16, 14), title, fill="#f8fafc")
    for row in range(5):
        draw.rectangle((16, 60 + row * 44, 560 - row * 60, 84 + row * 44), fill="#cbd5e1")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile("screenshot.png", buffer.getvalue(), content_type="image/png")


def _poser(meeting: Meeting, members: list[User]) -> User:
    return meeting.presenter if meeting.presenter in members else members[0]


def seed_weekly_cycle(mastermind: Mastermind, *, weeks: int = 1, now: dt.datetime | None = None) -> list[Question]:
    """Questions with homework and feedback on the first `weeks` past calls of `mastermind` (once), posted at `now`."""
    now = now or timezone.now()
    members = members_of(mastermind)
    past = list(
        Meeting.objects.filter(mastermind=mastermind, starts_at__lte=now)
        .exclude(state=Meeting.State.SKIPPED)
        .select_related("presenter")
        .order_by("number")[:weeks]
    )
    seeded = []
    for index, meeting in enumerate(past):
        existing = Question.objects.filter(meeting=meeting).first()
        if existing is not None or len(members) < 3:
            continue
        poser = _poser(meeting, members)
        week = WEEKS[index % len(WEEKS)]
        question = actions.post_question(
            meeting, by=poser, title=week.title, body=week.body, wants_feedback=True, now=now
        )
        others = [m for m in members if m.pk != question.author_id]
        for number, (author, (text, minutes)) in enumerate(zip(others, week.answers, strict=False)):
            files = [_screenshot(week.screenshot)] if number == 0 else []
            homework = actions.post_homework(
                question, by=author, body=text, minutes_spent=minutes, files=files, now=now
            )
            if question.author is not None:
                actions.reply(homework, by=question.author, body=week.replies[number], now=now)
                if number == 0:
                    actions.mark_helpful(homework, by=question.author)
        for author in others[len(week.answers) :]:
            actions.skip_homework(question, by=author, now=now)
        if question.author is not None:
            question = actions.close_week(question, by=question.author, note=week.closing_note, now=now)
        seeded.append(question)
    return seeded
