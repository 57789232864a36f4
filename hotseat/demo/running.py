"""The demo's running cohort: a group three weeks into its ten, so the weekly cycle can be seen.

Alice leads Bob, Chloé and Dev. The story is played through the actions, each step at the
moment it happened: every action is given that moment as its ``now``, so the group forms
and picks its weekly call before the cohort starts and its calls, questions, homework,
attendance and notes carry the dates they would have had. (The actions only make meetings
still to come, which is right for people and is why the story starts in the past.)
Steps whose moment has not come yet are left out. Idempotent: the story is played once,
when the cohort is made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from hotseat.accounts.models import User
from hotseat.demo.weekly_cycle import seed_weekly_cycle
from hotseat.homework import actions as homework
from hotseat.homework.models import Question
from hotseat.masterminds import actions as board
from hotseat.masterminds.models import Mastermind
from hotseat.meetings.actions import attendance, notes
from hotseat.meetings.actions.schedule import pick_slot
from hotseat.meetings.models import Attendance, Meeting
from hotseat.notify.actions import mark_all_read
from hotseat.notify.dispatch import deliver_now
from hotseat.notify.models import Notification
from hotseat.programs.models import Cohort, Program, Signup

AUTUMN_SLUG = "autumn-cohort"
AUTUMN_TITLE = "From lurkers to regulars"
LEADER, MEMBERS = "alice", ("bob", "chloe", "dev")
# The weekly call: Tuesdays 12:00 on Alice's clock (New York): 09:00 for Bob, 17:00 for Dev, 18:00 for Chloé.
MEETING_WEEKDAY, MEETING_MINUTE, MEETING_ZONE = 1, 12 * 60, "America/New_York"
SEEDED_WEEKS = 2  # question, homework, feedback and a closing note; the week after has its question only
# Who said, the day before, that they could not make week N's call (and was not on it).
AWAY = {2: "dev"}

NOTES = """## Week 1 — Alice in the hot seat

- Round of introductions: our forums run from 300 to 5,000 members; all four of us moderate alone or nearly.
- **Alice's question**: how to get lurkers to post a first time. An hour of homework each, by Monday noon (New York).
- Bob will try personal messages rather than a welcome thread; Chloé a question with a deadline.
- Dev: the "introduce yourself" thread has not worked anywhere he has seen it. Worth testing anyway?

**Next week**: Bob in the hot seat — the newsletter.
"""

WEEK3 = (
    "Who should our first volunteer moderator be?",
    "We have grown past what I can moderate alone. Three regulars have offered to help. How would **you** "
    "pick one, and what would you hand over first? Homework: write the first-week brief you would give them.",
)
WEEK3_HOMEWORK = (
    "Drafted the brief I wish I'd had: one page, three rules you enforce on day one, what you never delete "
    "without asking, and a shared channel for doubts.\n\nI'd pick the regular who *asks* the most questions, "
    "not the one who posts the most.",
    40,
)


def autumn_start(today: dt.date) -> dt.date:
    """The Tuesday three weeks before the coming one: two or three calls have been held by today."""
    return today + dt.timedelta(days=(1 - today.weekday()) % 7 or 7) - dt.timedelta(weeks=3)


def past(moment: dt.datetime) -> dt.datetime:
    """A step's moment, which must have passed: the story only replays the past."""
    assert moment <= timezone.now(), "the demo story only replays the past"
    return moment


def load_running_cohort(program: Program, people: dict[str, User]) -> Mastermind:
    """The cohort under way and its group (made and played once)."""
    with transaction.atomic():
        now = timezone.now()
        starts_on = autumn_start(timezone.localdate())
        cohort, created = Cohort.objects.get_or_create(
            program=program,
            slug=AUTUMN_SLUG,
            defaults={
                "name": "Autumn cohort",
                "starts_on": starts_on,
                "weeks": 10,
                "signup_closes_at": dt.datetime.combine(starts_on, dt.time(0, 0), tzinfo=dt.UTC),
            },
        )
        if created:
            mastermind = _play(cohort, people, now)
        else:
            mastermind = Mastermind.objects.get(cohort=cohort, title=AUTUMN_TITLE)
    if created:
        _drop_stale_mail([people[key] for key in (LEADER, *MEMBERS)], now)
    return mastermind


def _start(cohort: Cohort, hours: int) -> dt.datetime:
    midnight = dt.datetime.combine(cohort.starts_on, dt.time(0, 0), tzinfo=dt.UTC)
    return midnight + dt.timedelta(hours=hours)


def _play(cohort: Cohort, people: dict[str, User], now: dt.datetime) -> Mastermind:
    leader = people[LEADER]
    signed_up = past(_start(cohort, -20 * 24 + 15))
    for key in (LEADER, *MEMBERS):
        Signup.objects.create(
            cohort=cohort,
            user=people[key],
            status=Signup.Status.ACCEPTED,
            role=Signup.Role.LEADER if key == LEADER else Signup.Role.MEMBER,
            answers=[
                {"question": "Which community do you run?", "answer": f"{people[key].name}'s forum"},
                {"question": "What is your role in it?", "answer": "Founder and main moderator"},
            ],
            created_at=signed_up,
        )
    mastermind = board.lead_mastermind(
        cohort,
        leader,
        title=AUTUMN_TITLE,
        focus="Getting quiet members to post, and keeping the ones who do.",
        preferred_times="Tuesdays around noon, New York",
        now=signed_up,
    )
    for day, key in enumerate(MEMBERS, start=1):
        board.take_seat(mastermind, people[key], now=past(_start(cohort, -20 * 24 + 15 + day * 24)))
    pick_slot(
        mastermind,
        weekday=MEETING_WEEKDAY,
        minute=MEETING_MINUTE,
        zone=MEETING_ZONE,
        duration_minutes=60,
        by=leader,
        now=past(_start(cohort, -14 * 24 + 16)),
    )
    held = list(Meeting.objects.filter(mastermind=mastermind, starts_at__lt=now).order_by("number"))
    for meeting in held:
        _week(mastermind, meeting, people, now)
    _answer_next_meeting(mastermind, people, now)
    return mastermind


def _week(mastermind: Mastermind, meeting: Meeting, people: dict[str, User], now: dt.datetime) -> None:
    """One held call: RSVPs the day before, attendance and notes after, then the week's posts."""
    start = meeting.starts_at
    away = AWAY.get(meeting.number)
    steps: list[tuple[dt.timedelta, Callable[[dt.datetime], object]]] = [
        (-dt.timedelta(hours=26), lambda moment: _rsvp(meeting, people, away, moment)),
        (dt.timedelta(minutes=70), lambda moment: _attendance(meeting, people, away, moment)),
        (dt.timedelta(hours=3), lambda moment: _posts(mastermind, meeting, moment)),
        (dt.timedelta(hours=20), lambda moment: _first_homework(meeting, people, moment)),
        (dt.timedelta(hours=30), lambda moment: _read(people, moment)),
    ]
    for offset, step in steps:
        moment = start + offset
        if moment > now:
            return
        step(past(moment))


def _rsvp(meeting: Meeting, people: dict[str, User], away: str | None, now: dt.datetime) -> None:
    for key in MEMBERS:
        answer = Attendance.Rsvp.CANT_MAKE_IT if key == away else Attendance.Rsvp.COMING
        attendance.set_rsvp(meeting, people[key], answer, now=now)


def _attendance(meeting: Meeting, people: dict[str, User], away: str | None, now: dt.datetime) -> None:
    present = {people[key].pk for key in (LEADER, *MEMBERS) if key != away}
    attendance.record_attendance(meeting, people[LEADER], present, now=now)
    if meeting.number == 1:
        notes.save_notes(meeting, people[LEADER], NOTES, base_version=0, now=now)


def _posts(mastermind: Mastermind, meeting: Meeting, now: dt.datetime) -> None:
    if meeting.number <= SEEDED_WEEKS:
        seed_weekly_cycle(mastermind, weeks=meeting.number, now=now)
    elif meeting.number == SEEDED_WEEKS + 1 and meeting.presenter is not None:
        title, body = WEEK3
        homework.post_question(meeting, by=meeting.presenter, title=title, body=body, wants_feedback=True, now=now)


def _first_homework(meeting: Meeting, people: dict[str, User], now: dt.datetime) -> None:
    """The morning after, one member has done the week's homework; the others have not yet."""
    question = Question.objects.filter(meeting=meeting).first()
    if question is None or meeting.number != SEEDED_WEEKS + 1:
        return
    member = next(people[key] for key in MEMBERS if people[key].pk != question.author_id)
    text, minutes = WEEK3_HOMEWORK
    homework.post_homework(question, by=member, body=text, minutes_spent=minutes, now=now)


def _read(people: dict[str, User], now: dt.datetime) -> None:
    """The group reads its notifications the day after a call, so the bell counts what came since."""
    for user in (people[key] for key in (LEADER, *MEMBERS)):
        mark_all_read(user, now=now)


def _answer_next_meeting(mastermind: Mastermind, people: dict[str, User], now: dt.datetime) -> None:
    """The next call's presenter says they will come, a member that they cannot; Alice is left to answer."""
    meeting = Meeting.objects.upcoming(now).filter(mastermind=mastermind).order_by("starts_at").first()
    if meeting is None:
        return
    others = [people[key] for key in MEMBERS if people[key].pk != meeting.presenter_id]
    if meeting.presenter is not None and meeting.presenter_id != people[LEADER].pk:
        attendance.set_rsvp(meeting, meeting.presenter, Attendance.Rsvp.COMING)
    attendance.set_rsvp(meeting, others[0], Attendance.Rsvp.CANT_MAKE_IT)


def _drop_stale_mail(people: list[User], now: dt.datetime) -> None:
    """Reminders that fell due while the story was played go where the rest of the demo's mail went.

    The load runs under the dummy mailer; left pending, the worker of ``make run`` would print
    three weeks of past call reminders at start-up.
    """
    due = Notification.objects.filter(
        recipient__in=people, state=Notification.State.PENDING, in_digest=False, next_attempt_at__lte=now
    ).values_list("pk", flat=True)
    for pk in list(due):
        deliver_now(pk, "hotseat-demo")


def running_group(program: Program) -> Mastermind | None:
    """The demo's group under way, for pointing people at it."""
    return Mastermind.objects.filter(cohort__program=program, cohort__slug=AUTUMN_SLUG, title=AUTUMN_TITLE).first()
