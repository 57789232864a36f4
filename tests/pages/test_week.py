"""The week page and its forms (hotseat/pages/week.py), as every kind of person.

Outsiders get 404, refused input keeps its text.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hotseat.homework import actions
from hotseat.homework.models import Feedback, Homework, LinkPreview, Question
from hotseat.meetings.actions import schedule as meeting_actions
from tests.factories import UserFactory
from tests.groups import running_group
from tests.homework.files import EXE, MP4_HEAD, PDF, png

pytestmark = pytest.mark.usefixtures("homework_media")

PEOPLE = ["anonymous", "outsider", "other_group", "member", "presenter", "leader", "organizer"]


@pytest.fixture
def as_person(client, group, other_group, alice, bob, dev, erin, organizer):
    """Log the test client in as one of PEOPLE (week 1: bob presents, alice leads, dev is a member)."""
    people = {
        "outsider": UserFactory(display_name="Outsider"),
        "other_group": erin,
        "member": dev,
        "presenter": bob,
        "leader": alice,
        "organizer": organizer,
    }

    def log_in(who: str):
        if who in people:
            client.force_login(people[who])
        return client

    return log_in


@pytest.fixture
def question(group, bob) -> Question:
    return actions.post_question(group.week1, by=bob, title="How do I get lurkers to post?", wants_feedback=True)


def week_url(group, number=1, action=""):
    return f"/m/{group.mastermind.pk}/weeks/{number}/{action}"


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 404), ("outsider", 404), ("other_group", 404), ("member", 200), ("presenter", 200),
     ("leader", 200), ("organizer", 200)],
)  # fmt: skip
def test_week_page_is_for_the_group_and_its_organizers(as_person, group, question, who, status):
    response = as_person(who).get(week_url(group))
    assert response.status_code == status
    if status == 200:
        assert "How do I get lurkers to post?" in response.content.decode()


def test_week_page_of_a_week_that_does_not_exist_is_404(as_person, group):
    assert as_person("member").get(week_url(group, 99)).status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("outsider", 404), ("other_group", 404), ("member", 422), ("presenter", 302),
     ("leader", 302), ("organizer", 302)],
)  # fmt: skip
def test_question_save_by_each_person(as_person, group, who, status):
    response = as_person(who).post(week_url(group, 1, "question/"), {"title": "What should I measure?", "body": "x"})
    assert response.status_code == status
    assert Question.objects.exists() == (status == 302 and who != "anonymous")
    if status == 422:
        assert "is Bob&#x27;s to pose" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("outsider", 404), ("other_group", 404), ("member", 302), ("presenter", 422),
     ("leader", 302), ("organizer", 422)],
)  # fmt: skip
def test_homework_save_by_each_person(as_person, group, question, who, status):
    response = as_person(who).post(week_url(group, 1, "homework/"), {"body": "My hour on it", "minutes_spent": "55"})
    assert response.status_code == status
    assert Homework.objects.exists() == (status == 302 and who != "anonymous")


@pytest.mark.parametrize(
    ("who", "skipped"),
    [("outsider", False), ("other_group", False), ("member", True), ("presenter", False), ("leader", True),
     ("organizer", False)],
)  # fmt: skip
def test_homework_skip_by_each_person(as_person, group, question, who, skipped):
    response = as_person(who).post(week_url(group, 1, "skip/"))
    assert response.status_code == (404 if who in ("outsider", "other_group") else 302)
    assert Homework.objects.filter(skipped=True).exists() == skipped


@pytest.mark.parametrize(
    ("who", "status"),
    [("outsider", 404), ("other_group", 404), ("member", 302), ("presenter", 302), ("leader", 302),
     ("organizer", 422)],
)  # fmt: skip
def test_feedback_post_by_each_person(as_person, question, chloe, who, status):
    homework = actions.post_homework(question, by=chloe, body="Tried it")
    response = as_person(who).post(f"/homework/{homework.pk}/feedback/", {"body": "Nice one"})
    assert response.status_code == status
    assert Feedback.objects.exists() == (status == 302)


@pytest.mark.parametrize(
    ("who", "marked"),
    [("outsider", False), ("other_group", False), ("member", False), ("presenter", True), ("leader", False),
     ("organizer", False)],
)  # fmt: skip
def test_helpful_by_each_person(as_person, question, chloe, who, marked):
    homework = actions.post_homework(question, by=chloe, body="Tried it")
    response = as_person(who).post(f"/homework/{homework.pk}/helpful/", {"helpful": "1"})
    assert response.status_code == (404 if who in ("outsider", "other_group") else 302)
    homework.refresh_from_db()
    assert homework.helpful == marked


@pytest.mark.parametrize(
    ("who", "status"),
    [("outsider", 404), ("other_group", 404), ("member", 422), ("presenter", 302), ("leader", 302),
     ("organizer", 302)],
)  # fmt: skip
def test_week_close_by_each_person(as_person, group, question, who, status):
    response = as_person(who).post(week_url(group, 1, "close/"), {"closing_note": "Weekly welcome threads."})
    assert response.status_code == status
    question.refresh_from_db()
    assert (question.closed_at is not None) == (status == 302)


def test_refused_homework_keeps_the_typing(client, group, question, dev):
    client.force_login(dev)
    response = client.post(
        week_url(group, 1, "homework/"), {"body": "Three paragraphs of hard work", "minutes_spent": "lots"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Three paragraphs of hard work" in page
    assert "Minutes spent is a whole number" in page
    assert not Homework.objects.exists()


def test_refused_file_keeps_the_typing_and_saves_nothing(client, group, question, dev):
    client.force_login(dev)
    bad = SimpleUploadedFile("cat.png", EXE, content_type="image/png")
    response = client.post(week_url(group, 1, "homework/"), {"body": "With a picture", "attachment": bad})
    assert response.status_code == 422
    page = response.content.decode()
    assert "With a picture" in page
    assert "named like an image" in page
    assert not Homework.objects.exists()


def test_empty_title_keeps_the_details(client, group, bob):
    client.force_login(bob)
    response = client.post(week_url(group, 1, "question/"), {"title": "", "body": "The long story"})
    assert response.status_code == 422
    assert "Give your question a title." in response.content.decode()
    assert "The long story" in response.content.decode()


def test_editing_someone_elses_post_is_not_possible(client, group, question, chloe, dev):
    actions.post_homework(question, by=chloe, body="Chloe's own words")
    client.force_login(dev)
    client.post(week_url(group, 1, "homework/"), {"body": "Dev overwriting?"})
    assert Homework.objects.get(author=chloe).body == "Chloe's own words"
    assert Homework.objects.get(author=dev).body == "Dev overwriting?"


def test_homework_on_a_question_of_another_group_is_404(client, group, question, erin, other_group):
    client.force_login(erin)
    response = client.post(week_url(group, 1, "homework/"), {"body": "From outside"})
    assert response.status_code == 404
    assert not Homework.objects.exists()


def test_week_page_shows_the_cycle(client, group, question, bob, chloe, dev):
    homework = actions.post_homework(question, by=chloe, body="**Bold** move", minutes_spent=90, files=[png()])
    actions.skip_homework(question, by=dev)
    actions.reply(homework, by=bob, body="Love it")
    actions.mark_helpful(homework, by=bob)
    client.force_login(dev)
    page = client.get(week_url(group)).content.decode()
    assert "<strong>Bold</strong> move" in page
    assert "1 h 30 min" in page
    assert "★ Helpful" in page
    assert "Love it" in page
    assert "Skipping this week: Dev" in page
    assert "Not posted yet: Alice." in page
    assert homework.attachments.get().get_absolute_url() in page
    next_week = client.get(week_url(group, 2)).content.decode()
    assert "Feedback on last week" in next_week


def test_next_week_has_no_feedback_part_unless_asked(client, group, bob, dev):
    actions.post_question(group.week1, by=bob, title="No discussion needed", wants_feedback=False)
    client.force_login(dev)
    assert "Feedback on last week" not in client.get(week_url(group, 2)).content.decode()


def test_late_homework_is_marked_gently(client, group, question, chloe):
    actions.post_homework(question, by=chloe, body="Later", now=group.week2.starts_at - timedelta(hours=2))
    client.force_login(chloe)
    assert "posted late" in client.get(week_url(group)).content.decode()


def _busy_week(question, authors, bob):
    for author in authors:
        homework = actions.post_homework(question, by=author, body="Body https://www.loom.com/share/x1", files=[png()])
        actions.reply(homework, by=bob, body="Reply")


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_week_page_queries_do_not_grow_with_posts(client, program, alice, bob, chloe, dev):
    small = running_group(program, alice, [bob, chloe, dev], title="Small")
    big = running_group(program, alice, [bob, chloe, dev], title="Big")
    _busy_week(actions.post_question(small.week1, by=bob, title="Q"), [chloe], bob)
    _busy_week(actions.post_question(big.week1, by=bob, title="Q"), [chloe, dev, alice], bob)
    client.force_login(dev)
    assert _queries(client, week_url(small)) == _queries(client, week_url(big))


def test_group_panel_queries_do_not_grow_with_posts(client, program, alice, bob, chloe, dev):
    small = running_group(program, alice, [bob, chloe, dev], title="Small")
    big = running_group(program, alice, [bob, chloe, dev], title="Big")
    _busy_week(actions.post_question(small.week1, by=bob, title="Q"), [chloe], bob)
    _busy_week(actions.post_question(big.week1, by=bob, title="Q"), [chloe, dev, alice], bob)
    client.force_login(dev)
    assert _queries(client, f"/m/{small.mastermind.pk}/") == _queries(client, f"/m/{big.mastermind.pk}/")


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("outsider", 404), ("other_group", 404), ("member", 200), ("presenter", 200),
     ("leader", 200), ("organizer", 400)],
)  # fmt: skip
def test_upload_by_each_person(as_person, group, who, status):
    response = as_person(who).post(f"/m/{group.mastermind.pk}/files/", {"file": png()})
    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 404), ("outsider", 404), ("other_group", 404), ("member", 200), ("presenter", 200),
     ("leader", 200), ("organizer", 200)],
)  # fmt: skip
def test_attachment_by_each_person(as_person, group, chloe, who, status):
    attachment = actions.upload(group.mastermind, by=chloe, file=png())
    response = as_person(who).get(attachment.get_absolute_url())
    assert response.status_code == status
    response.close()


def test_week_page_plays_videos_links_pdfs_and_titles_video_links(client, group, bob, chloe):
    slides = SimpleUploadedFile("slides.pdf", PDF)
    question = actions.post_question(group.week1, by=bob, title="Q", files=[slides])
    clip = SimpleUploadedFile("walkthrough.mp4", MP4_HEAD)
    body = "Two links: https://www.loom.com/share/abc and https://vimeo.com/42"
    homework = actions.post_homework(question, by=chloe, body=body, files=[clip])
    LinkPreview.objects.create(url="https://www.loom.com/share/abc", provider="loom", title="Our onboarding, narrated")
    client.force_login(bob)
    page = client.get(week_url(group)).content.decode()
    video = homework.attachments.get()
    assert f'<video controls preload="metadata" src="{video.get_absolute_url()}"></video>' in page
    assert f'<a href="{question.attachments.get().get_absolute_url()}">📄 slides.pdf</a>' in page
    assert "▶ Our onboarding, narrated" in page
    assert "▶ Vimeo video" in page  # no title stored (yet): the provider's name


def test_week_page_links_the_weeks_around_it(client, group, dev):
    client.force_login(dev)
    page = client.get(week_url(group, 2)).content.decode()
    assert f'href="/m/{group.mastermind.pk}/weeks/1/" rel="prev">← Week 1</a>' in page
    assert f'href="/m/{group.mastermind.pk}/weeks/3/" rel="next">Week 3 →</a>' in page


def test_empty_reply_is_refused_next_to_its_box(client, question, chloe, dev):
    homework = actions.post_homework(question, by=chloe, body="Tried it")
    client.force_login(dev)
    response = client.post(f"/homework/{homework.pk}/feedback/", {"body": "   "})
    assert response.status_code == 422
    page = response.content.decode()
    box = page.split(f'id="homework-{homework.pk}"')[1].split("</article>")[0]
    assert '<details class="reply-box" open>' in box
    assert "Write your reply first." in box
    assert not Feedback.objects.exists()


def test_video_linked_in_the_text_still_gets_its_player(client, group, question, chloe):
    clip = actions.upload(group.mastermind, by=chloe, file=SimpleUploadedFile("demo.mp4", MP4_HEAD))
    actions.post_homework(question, by=chloe, body=f"Watch [the demo]({clip.get_absolute_url()})")
    client.force_login(chloe)
    assert (
        f'<video controls preload="metadata" src="{clip.get_absolute_url()}">'
        in client.get(week_url(group)).content.decode()
    )


def test_past_week_does_not_offer_to_join_its_call(client, group, dev):
    """Week 1 was two days ago: no video link nor calendar file for it; week 2, still to come, has both."""
    client.force_login(dev)
    past = client.get(week_url(group, 1)).content.decode()
    coming = client.get(week_url(group, 2)).content.decode()
    assert "Join the call" not in past
    assert "Add week 1 to your calendar" not in past
    assert "Join the call" in coming
    assert "Add week 2 to your calendar" in coming


def test_skipped_week_does_not_offer_to_join_its_call(client, group, dev):
    meeting_actions.skip_meeting(group.week2, extend_cohort=False)
    client.force_login(dev)
    page = client.get(week_url(group, 2)).content.decode()
    assert "No call this week" in page
    assert "Join the call" not in page


def test_homework_box_is_labelled_once_on_screen(client, group, question, dev):
    """The heading says "Your homework"; the box keeps that name for screen readers, not shown twice."""
    client.force_login(dev)
    page = client.get(week_url(group)).content.decode()
    assert "<h3>Your homework</h3>" in page
    assert '<label for="id_body" class="visually-hidden">Your homework</label>' in page
    assert "Your homework:" not in page


def test_own_homework_editor_is_folded_under_the_post(client, group, question, chloe):
    actions.post_homework(question, by=chloe, body="Tried it")
    client.force_login(chloe)
    page = client.get(week_url(group)).content.decode()
    assert '<details class="edit card your-homework" id="your-homework">' in page  # folded: the post shows above
    assert "<summary>Edit your homework</summary>" in page
    assert "<h3>Your homework</h3>" not in page


def test_own_homework_editor_opens_on_a_refused_save(client, group, question, chloe):
    actions.post_homework(question, by=chloe, body="Tried it")
    client.force_login(chloe)
    response = client.post(week_url(group, 1, "homework/"), {"body": "Tried it again", "minutes_spent": "lots"})
    assert response.status_code == 422
    page = response.content.decode()
    assert '<details class="edit card your-homework" id="your-homework" open>' in page
    assert "Tried it again" in page


def test_question_checkbox_label_reads_beside_its_box(client, group, bob):
    client.force_login(bob)
    page = client.get(week_url(group)).content.decode()
    # No "label:" colon: the label sits beside its box (hotseat.css lays the box out first).
    assert '<label for="id_wants_feedback">I&#x27;d like to discuss the homework on the next call</label>' in page
