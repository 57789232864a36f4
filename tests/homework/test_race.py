"""Two saves racing, in real threads with their own database connections (PostgreSQL or on-disk SQLite)."""

from __future__ import annotations

import pytest

from hotseat.homework import actions
from hotseat.homework.models import Feedback, Homework
from hotseat.notify.models import Notification
from tests.racing import race

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("racing_database")]


def test_one_post_from_a_double_submit(group, bob, chloe):
    question = actions.post_question(group.week1, by=bob, title="Lurkers?")
    results = race(
        lambda: actions.post_homework(question, by=chloe, body="From the first tab", minutes_spent=30),
        lambda: actions.post_homework(question, by=chloe, body="From the second tab", minutes_spent=30),
    )
    assert all(isinstance(result, Homework) for result in results), results
    homework = Homework.objects.get()
    assert homework.body in ("From the first tab", "From the second tab")
    assert Notification.objects.filter(kind="homework_posted").count() == 1


def test_members_posting_at_once_all_land(group, alice, bob, chloe, dev):
    question = actions.post_question(group.week1, by=bob, title="Lurkers?")
    results = race(
        *(lambda who=who: actions.post_homework(question, by=who, body=f"{who.name}'s") for who in (alice, chloe, dev))
    )
    assert all(isinstance(result, Homework) for result in results), results
    assert Homework.objects.count() == 3
    assert Notification.objects.filter(kind="homework_posted").count() == 3


def test_helpful_mark_and_reply_at_once_both_land(group, bob, chloe, dev):
    question = actions.post_question(group.week1, by=bob, title="Lurkers?")
    homework = actions.post_homework(question, by=chloe, body="Mine")
    results = race(
        lambda: actions.mark_helpful(homework, by=bob),
        lambda: actions.reply(homework, by=dev, body="Nice"),
    )
    assert not any(isinstance(result, Exception) for result in results), results
    homework.refresh_from_db()
    assert homework.helpful
    assert Feedback.objects.count() == 1
