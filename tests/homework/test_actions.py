"""The weekly cycle's actions: who may do what, what they leave behind, and what people are told."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from hotseat.homework import actions
from hotseat.homework.errors import HomeworkError
from hotseat.homework.models import Attachment, Feedback, Homework, Question
from hotseat.homework.reminders import key_prefix
from hotseat.masterminds.actions import leave_seat
from hotseat.masterminds.models import Mastermind
from hotseat.masterminds.signals import seats_changed
from hotseat.meetings.actions.schedule import move_meeting
from hotseat.notify.models import Notification
from tests.factories import HomeworkFactory
from tests.homework.files import EXE, png


@pytest.fixture
def question(group, bob) -> Question:
    return actions.post_question(group.week1, by=bob, title="How do I get lurkers to post?", body="Ideas?")


def test_post_question_by_the_presenter_tells_the_others(group, bob, question):
    told = set(Notification.objects.filter(kind="question_posted").values_list("recipient__display_name", flat=True))
    assert told == {"Alice", "Chloe", "Dev"}
    assert question.author == bob


def test_post_question_by_the_leader_is_on_the_presenters_behalf(group, alice, bob):
    question = actions.post_question(group.week1, by=alice, title="Typed for Bob")
    assert (question.author, question.posted_by) == (bob, alice)


def test_post_question_refuses_another_member(group, chloe):
    with pytest.raises(HomeworkError, match="Bob's to pose"):
        actions.post_question(group.week1, by=chloe, title="Mine now")
    assert not Question.objects.exists()


def test_post_question_refuses_an_empty_title(group, bob):
    with pytest.raises(HomeworkError) as refused:
        actions.post_question(group.week1, by=bob, title="   ")
    assert refused.value.field == "title"


def test_post_question_twice_edits_and_tells_nobody_again(group, bob, question):
    actions.post_question(group.week1, by=bob, title="Better title", wants_feedback=True)
    question.refresh_from_db()
    assert (question.title, question.wants_feedback) == ("Better title", True)
    assert Notification.objects.filter(kind="question_posted").count() == 3


def test_post_question_with_a_bad_file_saves_nothing(group, bob):
    with pytest.raises(HomeworkError):
        actions.post_question(group.week1, by=bob, title="Q", files=[png(), SimpleUploadedFile("a.png", EXE)])
    assert not Question.objects.exists()
    assert not Attachment.objects.exists()


def test_post_homework_tells_the_presenter_and_cancels_the_reminder(group, bob, chloe, question):
    reminders = Notification.objects.filter(key__startswith=key_prefix(group.mastermind.pk))
    assert set(reminders.filter(state="pending").values_list("recipient__display_name", flat=True)) == {
        "Alice",
        "Chloe",
        "Dev",
    }
    homework = actions.post_homework(question, by=chloe, body="I tried a welcome thread.", minutes_spent=50)
    assert Notification.objects.get(kind="homework_posted").recipient == bob
    assert reminders.get(recipient=chloe).state == "cancelled"
    assert homework.posted_at <= timezone.now()


def test_reminder_is_a_day_before_the_due_time(group, question, dev):
    reminder = Notification.objects.get(kind="homework_due", recipient=dev)
    assert reminder.due_at == group.week2.starts_at - timedelta(hours=48)


def test_reminder_follows_a_moved_call(group, question, dev):
    week2 = move_meeting(group.week2, group.week2.starts_at + timedelta(days=1))  # meetings_changed, once
    live = Notification.objects.filter(kind="homework_due", recipient=dev).exclude(state="cancelled")
    assert [n.due_at for n in live] == [week2.starts_at - timedelta(hours=48)]


def test_post_homework_edits_only_ones_own_post(group, chloe, dev, question):
    actions.post_homework(question, by=chloe, body="Chloe's words")
    actions.post_homework(question, by=dev, body="Dev's words")
    actions.post_homework(question, by=dev, body="Dev edited")
    assert Homework.objects.get(author=chloe).body == "Chloe's words"
    assert Homework.objects.get(author=dev).body == "Dev edited"


def test_post_homework_refuses_a_question_of_another_group(other_group, erin, question):
    with pytest.raises(HomeworkError, match="members"):
        actions.post_homework(question, by=erin, body="Sneaking in")
    assert not Homework.objects.exists()


def test_post_homework_refuses_the_presenter_and_organizers(bob, organizer, question):
    with pytest.raises(HomeworkError, match="your own question"):
        actions.post_homework(question, by=bob, body="x")
    with pytest.raises(HomeworkError, match="members"):
        actions.post_homework(question, by=organizer, body="x")


def test_post_homework_refuses_empty_text_and_silly_minutes(chloe, question):
    with pytest.raises(HomeworkError) as empty:
        actions.post_homework(question, by=chloe, body="  ")
    with pytest.raises(HomeworkError) as minutes:
        actions.post_homework(question, by=chloe, body="ok", minutes_spent=0)
    assert (empty.value.field, minutes.value.field) == ("body", "minutes_spent")


def test_pasted_screenshot_joins_the_post_that_shows_it(group, chloe, question):
    pasted = actions.upload(group.mastermind, by=chloe, file=png())
    homework = actions.post_homework(question, by=chloe, body=f"Look: ![shot]({pasted.get_absolute_url()})")
    pasted.refresh_from_db()
    assert pasted.homework == homework


def test_skip_then_post_turns_the_skip_into_a_post(chloe, question):
    actions.skip_homework(question, by=chloe)
    assert Homework.objects.get(author=chloe).skipped
    actions.post_homework(question, by=chloe, body="Found the time after all")
    homework = Homework.objects.get(author=chloe)
    assert (homework.skipped, homework.body) == (False, "Found the time after all")


def test_skip_refuses_after_a_post(chloe, question):
    actions.post_homework(question, by=chloe, body="Done")
    with pytest.raises(HomeworkError, match="already"):
        actions.skip_homework(question, by=chloe)


def test_reply_tells_the_author_but_not_oneself(bob, chloe, question):
    homework = actions.post_homework(question, by=chloe, body="Done")
    actions.reply(homework, by=bob, body="Great idea")
    actions.reply(homework, by=chloe, body="Thanks!")
    assert Feedback.objects.count() == 2
    assert list(Notification.objects.filter(kind="feedback_posted").values_list("recipient", flat=True)) == [chloe.pk]


def test_mark_helpful_is_for_the_presenter_only(alice, bob, chloe, question):
    homework = actions.post_homework(question, by=chloe, body="Done")
    with pytest.raises(HomeworkError, match="posed the question"):
        actions.mark_helpful(homework, by=alice)
    assert actions.mark_helpful(homework, by=bob).helpful
    assert not actions.mark_helpful(homework, by=bob, helpful=False).helpful


def test_close_week_needs_a_note(bob, chloe, question):
    with pytest.raises(HomeworkError) as refused:
        actions.close_week(question, by=bob, note="")
    assert refused.value.field == "closing_note"
    with pytest.raises(HomeworkError):
        actions.close_week(question, by=chloe, note="Not mine")
    closed = actions.close_week(question, by=bob, note="I'll run a welcome thread every Monday.")
    assert closed.closed_at is not None


def test_database_refuses_a_skip_marked_helpful(chloe, question):
    homework = actions.skip_homework(question, by=chloe)
    with pytest.raises(IntegrityError), transaction.atomic():
        Homework.objects.filter(pk=homework.pk).update(helpful=True)


def test_database_refuses_a_second_post_by_one_member(chloe, question):
    actions.post_homework(question, by=chloe, body="One")
    with pytest.raises(IntegrityError), transaction.atomic():
        HomeworkFactory(question=question, author=chloe, body="Two", posted_at=timezone.now())


def test_edit_is_marked_but_a_helpful_mark_is_not_an_edit(bob, chloe, question):
    homework = actions.post_homework(question, by=chloe, body="First")
    assert homework.edited_at is None
    actions.mark_helpful(homework, by=bob)
    homework.refresh_from_db()
    assert homework.edited_at is None
    assert actions.post_homework(question, by=chloe, body="Second").edited_at is not None


def test_a_member_who_leaves_is_not_reminded(group, question, dev):
    leave_seat(group.mastermind.cohort, dev)
    live = Notification.objects.filter(kind="homework_due", recipient=dev).exclude(state="cancelled")
    assert not live.exists()
    assert Notification.objects.filter(kind="homework_due").exclude(state="cancelled").count() == 2


def test_a_finished_group_is_not_reminded(group, question):
    Mastermind.objects.filter(pk=group.mastermind.pk).update(state="finished")
    mastermind = Mastermind.objects.get(pk=group.mastermind.pk)
    seats_changed.send(sender=Mastermind, mastermind=mastermind, now=timezone.now())  # as the admin's save does
    assert not Notification.objects.filter(kind="homework_due").exclude(state="cancelled").exists()


def test_question_typed_by_the_leader_tells_everyone_but_the_two_of_them(group, alice):
    actions.post_question(group.week1, by=alice, title="Typed for Bob")
    told = set(Notification.objects.filter(kind="question_posted").values_list("recipient__display_name", flat=True))
    assert told == {"Chloe", "Dev"}


def test_after_a_swap_the_question_stays_its_posers_to_edit_and_close(group, bob, chloe, question):
    week1 = group.week1
    week1.presenter = chloe  # turns swapped after Bob posed
    week1.save()
    with pytest.raises(HomeworkError, match="Bob's to edit"):
        actions.post_question(week1, by=chloe, title="Taken over")
    with pytest.raises(HomeworkError, match="posed the question"):
        actions.close_week(question, by=chloe, note="Not mine")
    assert actions.post_question(week1, by=bob, title="Still mine").title == "Still mine"
    assert actions.close_week(question, by=bob, note="Done").closed_at is not None


# the moment an action is given ---------------------------------------------------------------


def test_the_weekly_cycle_records_the_moments_it_is_given(group, bob, chloe, dev):
    asked = timezone.now() - timedelta(days=2)
    answered, replied, skipped, closed = (asked + timedelta(hours=h) for h in (1, 2, 3, 4))

    question = actions.post_question(group.week1, by=bob, title="Lurkers?", now=asked)
    homework = actions.post_homework(question, by=chloe, body="Tried DMs.", files=[png()], now=answered)
    feedback = actions.reply(homework, by=bob, body="Thanks!", now=replied)
    skip = actions.skip_homework(question, by=dev, now=skipped)
    question = actions.close_week(question, by=bob, note="I'll try it.", now=closed)

    assert Question.objects.get(pk=question.pk).posted_at == asked
    assert question.closed_at == closed
    assert Homework.objects.get(pk=homework.pk).posted_at == answered
    assert Attachment.objects.get(homework=homework).uploaded_at == answered
    assert Feedback.objects.get(pk=feedback.pk).posted_at == replied
    assert Homework.objects.get(pk=skip.pk).posted_at == skipped
    told = {n.kind: n.created_at for n in Notification.objects.filter(kind__in=["question_posted", "feedback_posted"])}
    assert told == {"question_posted": asked, "feedback_posted": replied}
    assert Notification.objects.get(kind="homework_posted").created_at == answered
