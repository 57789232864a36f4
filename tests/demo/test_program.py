"""The demo: the spring cohort (40 accepted people, nobody seated, ready for "Propose groups") and the running one."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from hotseat.accounts.models import User
from hotseat.demo.program import load_demo
from hotseat.demo.running import running_group
from hotseat.homework.models import Feedback, Homework, Question
from hotseat.masterminds.access import members_of
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.meetings.models import Attendance, Meeting, MeetingNotes
from hotseat.notify.models import Notification
from hotseat.programs.models import Cohort, Signup
from hotseat.proposals.input import match_input

REGIONS = {"America": "Americas", "Europe": "Europe/Africa", "Africa": "Europe/Africa"}


def region(zone: str) -> str:
    return REGIONS.get(zone.split("/", maxsplit=1)[0], "Asia/Oceania")


def test_demo_spring_cohort_has_forty_accepted_people_without_a_seat(db):
    first, _ = load_demo()
    load_demo()  # idempotent

    spring = Cohort.objects.get(program=first.program, slug="spring-cohort")
    signups = list(spring.signups.select_related("user__availability"))
    assert len(signups) == 40
    assert {s.status for s in signups} == {Signup.Status.ACCEPTED}
    assert not Membership.objects.filter(cohort=spring).exists()
    assert spring.starts_on > first.ends_on
    mix = Counter(region(s.user.availability.zone) for s in signups)
    assert mix == {"Americas": 16, "Europe/Africa": 16, "Asia/Oceania": 8}
    assert all(s.user.availability.windows for s in signups)
    assert sum(s.role == Signup.Role.LEADER for s in signups) == 10


def test_demo_spring_cohort_can_be_grouped(db):
    first, _ = load_demo()
    spring = Cohort.objects.get(program=first.program, slug="spring-cohort")

    found = match_input(spring)
    formation = found.run(seconds=2)

    assert len(found.to_place) == 40
    assert found.history  # the first cohort's groups: a remix
    assert formation.placed >= 36
    assert formation.placed == formation.upper_bound


# The running cohort: a group three weeks in, its past weeks played through the actions.


def running(cohort: Cohort) -> Mastermind:
    group = running_group(cohort.program)
    assert group is not None
    return group


def test_demo_running_group_has_past_weeks_with_questions_homework_and_feedback(db):
    first, _ = load_demo()

    group = running(first)
    now = timezone.now()
    assert group.state == Mastermind.State.RUNNING
    assert group.cohort.starts_on.weekday() == 1  # a Tuesday
    assert {u.email for u in members_of(group)} == {f"{k}@example.com" for k in ("alice", "bob", "chloe", "dev")}
    past = list(Meeting.objects.filter(mastermind=group, starts_at__lte=now).order_by("number"))
    assert 2 <= len(past) <= 3
    assert Meeting.objects.filter(mastermind=group).count() == 10
    for meeting in past[:2]:
        question = Question.objects.get(meeting=meeting)
        assert question.author == meeting.presenter
        assert question.closed_at is not None
        assert Homework.objects.filter(question=question, skipped=False).count() == 2
        assert Feedback.objects.filter(homework__question=question).exists()
    assert {m.presenter.email for m in past if m.presenter} <= {u.email for u in members_of(group)}
    held = [m for m in past if m.ends_at + dt.timedelta(minutes=10) <= now]
    assert all(Attendance.objects.filter(meeting=m, attended=True).count() >= 3 for m in held)
    assert "Alice's question" in MeetingNotes.objects.get(meeting=past[0]).text
    upcoming = Meeting.objects.filter(mastermind=group, starts_at__gt=now).order_by("number").first()
    assert upcoming is not None
    assert Attendance.objects.filter(meeting=upcoming).exclude(rsvp="").exists()


def test_demo_running_group_sends_no_mail_and_leaves_none_due(db, mailoutbox):
    load_demo()

    assert mailoutbox == []
    due = Notification.objects.filter(
        state=Notification.State.PENDING, in_digest=False, next_attempt_at__lte=timezone.now()
    )
    assert not due.filter(recipient__email__in=[f"{k}@example.com" for k in ("alice", "bob", "chloe", "dev")])


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_demo_loads_twice_without_changing_anything(db):
    load_demo()
    before = counts()

    load_demo()

    assert counts() == before


def test_demo_running_group_pages_render_for_alice(client, db):
    first, _ = load_demo()
    group = running(first)
    client.force_login(User.objects.get(email="alice@example.com"))

    page = client.get(f"/m/{group.pk}/")
    week = client.get(f"/m/{group.pk}/weeks/1/")

    assert page.status_code == 200
    assert week.status_code == 200
    assert "How do I get lurkers to write their first post?" in week.content.decode()
    assert "From lurkers to regulars" in page.content.decode()


def test_demo_command_prints_the_running_group(db):
    out = io.StringIO()

    call_command("demo", stdout=out)

    group = running(Cohort.objects.get(slug="first-cohort"))
    assert f"/m/{group.pk}/" in out.getvalue()
    assert "alice@example.com" in out.getvalue()
