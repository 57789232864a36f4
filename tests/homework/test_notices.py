"""The weekly cycle's emails, through a real SMTP server on loopback: both parts, the recipient's clock, links."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.utils import dateformat, timezone

from hotseat.homework import actions
from hotseat.notify.dispatch import deliver_due
from hotseat.notify.models import NotificationPreference


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _html(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def test_question_posted_emails_the_members(group, bob, smtp_inbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        question = actions.post_question(group.week1, by=bob, title="How do I get lurkers to post?")
    assert sorted(m["To"] for m in smtp_inbox.messages) == ["alice@example.com", "chloe@example.com", "dev@example.com"]
    chloe_mail = smtp_inbox.to("chloe@example.com")[0]
    assert chloe_mail["Subject"].endswith("Week 1 question: How do I get lurkers to post?")
    week_link = f"/m/{group.mastermind.pk}/weeks/1/"
    assert week_link in _text(chloe_mail)
    assert week_link in _html(chloe_mail)
    # Due 24 hours before week 2's call, on Chloe's own clock (Paris).
    due = timezone.localtime(group.week2.starts_at - timedelta(hours=24), ZoneInfo("Europe/Paris"))
    assert f"Due {dateformat.format(due, 'l j F, H:i T')}" in _text(chloe_mail)
    assert question.meeting == group.week1


def test_homework_posted_emails_the_presenter(group, bob, chloe, smtp_inbox, django_capture_on_commit_callbacks):
    question = actions.post_question(group.week1, by=bob, title="Lurkers?")
    smtp_inbox.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.post_homework(question, by=chloe, body="I tried a welcome thread.", minutes_spent=40)
    (mail,) = smtp_inbox.messages
    assert mail["To"] == "bob@example.com"
    assert "Chloe posted homework" in mail["Subject"]
    assert "(40 minutes)" in _text(mail)


def test_feedback_emails_the_author_or_waits_for_the_digest(
    group, bob, chloe, dev, smtp_inbox, django_capture_on_commit_callbacks
):
    question = actions.post_question(group.week1, by=bob, title="Lurkers?")
    chloes = actions.post_homework(question, by=chloe, body="Mine")
    devs = actions.post_homework(question, by=dev, body="Mine too")
    NotificationPreference.objects.create(user=dev, kind="feedback_posted", digest=True)
    smtp_inbox.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(chloes, by=bob, body="**Great** idea")
        actions.reply(devs, by=bob, body="Thanks")
    (mail,) = smtp_inbox.messages
    assert mail["To"] == "chloe@example.com"
    assert "<strong>Great</strong> idea" in _html(mail)


def test_homework_due_arrives_a_day_before_to_those_who_have_not_answered(
    group, bob, chloe, dev, smtp_inbox, django_capture_on_commit_callbacks
):
    question = actions.post_question(group.week1, by=bob, title="Lurkers?")
    actions.post_homework(question, by=chloe, body="Done")
    actions.skip_homework(question, by=dev)
    deliver_due("test")  # what is due now: the question and the homework news
    smtp_inbox.messages.clear()
    due = group.week2.starts_at - timedelta(hours=24)
    deliver_due("test", now=due - timedelta(hours=24, minutes=1))
    assert smtp_inbox.messages == []
    deliver_due("test", now=due - timedelta(hours=24) + timedelta(seconds=1))
    assert [m["To"] for m in smtp_inbox.messages] == ["alice@example.com"]
    on_alices_clock = dateformat.format(timezone.localtime(due, ZoneInfo("America/New_York")), "D j M, H:i T")
    assert smtp_inbox.messages[0]["Subject"].endswith(f"Homework due {on_alices_clock}: Lurkers?")
    assert "Skipping this week" in _text(smtp_inbox.messages[0])
