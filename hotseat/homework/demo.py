"""Demo data for the weekly cycle: a believable question, homework, feedback and a closing note
for a mastermind's first past week(s). Goes through the actions, like a person would. Idempotent.

Wire it from the demo loader, for a running group with meetings, e.g.
``seed_weekly_cycle(mastermind, weeks=1)`` after its meetings are generated.
"""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from hotseat.accounts.models import User
from hotseat.homework import actions
from hotseat.homework.models import Question
from hotseat.masterminds.access import members_of
from hotseat.masterminds.models import Mastermind
from hotseat.meetings.models import Meeting

QUESTIONS = [
    (
        "How do I get lurkers to write their first post?",
        "Our forum has 2,300 members and about 40 who post. I'd love **one thing** each of you would try "
        "this week to get a quiet member to write — and what happened.\n\n"
        "Context: we run a weekly *open thread* that nobody answers.",
    ),
    (
        "What should our newsletter stop doing?",
        "Open rate is 31% and falling. Look at the last three issues (linked in the group notes) and tell me "
        "one section you would cut, and why.",
    ),
]
ANSWERS = [
    (
        "I picked five members who had liked posts but never written, and sent each a personal note asking "
        "one concrete question about *their* setup.\n\n- 3 replied within a day\n- 2 of them posted in the "
        "forum afterwards\n\nThe question mattered more than the welcome. Screenshot of the message I used:",
        45,
    ),
    (
        "I rewrote the open thread's title as a question with a deadline (“What are you shipping before "
        "Friday?”) and answered it myself first, with a real example.\n\nIt got 11 replies vs 2 the week "
        "before. Small sample, but the example seemed to give people permission.",
        70,
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


def seed_weekly_cycle(mastermind: Mastermind, *, weeks: int = 1) -> list[Question]:
    """Questions with homework and feedback on the first `weeks` past calls of `mastermind` (once)."""
    members = members_of(mastermind)
    past = list(
        Meeting.objects.filter(mastermind=mastermind, starts_at__lte=timezone.now())
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
        title, body = QUESTIONS[index % len(QUESTIONS)]
        question = actions.post_question(meeting, by=poser, title=title, body=body, wants_feedback=True)
        others = [m for m in members if m.pk != question.author_id]
        for number, (author, (text, minutes)) in enumerate(zip(others, ANSWERS, strict=False)):
            files = [_screenshot("Direct message to a quiet member")] if number == 0 else []
            homework = actions.post_homework(question, by=author, body=text, minutes_spent=minutes, files=files)
            if question.author is not None:
                actions.reply(homework, by=question.author, body="This is exactly what I needed — trying it Monday.")
                if number == 0:
                    actions.mark_helpful(homework, by=question.author)
        for author in others[len(ANSWERS) :]:
            actions.skip_homework(question, by=author)
        if question.author is not None:
            question = actions.close_week(
                question,
                by=question.author,
                note="I'll send five personal questions a week to quiet members and report back in week 4.",
            )
        seeded.append(question)
    return seeded
