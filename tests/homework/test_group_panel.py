"""The group page's homework panel: this week's question, who has answered, past weeks, taking part."""

from __future__ import annotations

from hotseat.homework import actions
from hotseat.meetings.models import Attendance, MeetingNotes


def test_group_page_shows_who_posted_and_who_skips(client, group, bob, chloe, dev):
    question = actions.post_question(group.week1, by=bob, title="Lurkers?")
    actions.post_homework(question, by=chloe, body="Done")
    actions.skip_homework(question, by=dev)
    client.force_login(chloe)
    page = client.get(f"/m/{group.mastermind.pk}/").content.decode()
    assert "This week's question" in page
    assert "Lurkers?" in page
    assert "Chloe (you) · posted" in page
    assert "Dev · skipping this week" in page
    assert "Alice · not yet" in page
    assert "Bob ·" not in page  # the presenter answers nobody's homework


def test_group_page_timeline_runs_question_homework_feedback_notes(client, group, bob, chloe, dev):
    first = actions.post_question(group.week1, by=bob, title="Lurkers?")
    homework = actions.post_homework(first, by=chloe, body="Done")
    actions.reply(homework, by=bob, body="Thanks")
    actions.close_week(first, by=bob, note="Welcome threads")
    MeetingNotes.objects.create(
        meeting=group.week1, text="## Week 1 — Bob\n\n- We agreed on **welcome threads**.\n- Chloe & Dev: <b>digest</b>"
    )
    actions.post_question(group.week2, by=chloe, title="Newsletter?")
    client.force_login(dev)
    page = client.get(f"/m/{group.mastermind.pk}/").content.decode()
    assert "Newsletter?" in page  # this week's
    assert "Past weeks" in page
    assert "→ 1 homework post → 1 feedback reply → closed → call notes" in page
    # The notes' excerpt reads as rendered, as plain text: no Markdown markers, no tags.
    assert "Week 1 — Bob · We agreed on welcome threads. · Chloe &amp; Dev: &lt;b&gt;digest&lt;/b&gt;" in page
    assert "##" not in page
    assert "**" not in page


def test_group_page_notes_excerpt_is_cut_after_some_words(client, group, dev):
    long = "\n".join(f"- point {n}" for n in range(1, 60))
    MeetingNotes.objects.create(meeting=group.week1, text=f"# Notes\n\n{long}")
    client.force_login(dev)
    page = client.get(f"/m/{group.mastermind.pk}/").content.decode()
    excerpt = page.split('notes-excerpt">')[1].split("</span>")[0]
    assert "Notes · point 1 · point 2" in excerpt
    assert "point 59" not in excerpt
    assert excerpt.endswith("…")


def test_group_page_participation_is_counted_neutrally(client, group, bob, chloe, dev):
    question = actions.post_question(group.week1, by=bob, title="Lurkers?")
    actions.post_homework(question, by=chloe, body="Done")
    Attendance.objects.create(meeting=group.week1, user=chloe, attended=True)
    Attendance.objects.create(meeting=group.week1, user=dev, attended=False)
    client.force_login(dev)
    page = client.get(f"/m/{group.mastermind.pk}/").content.decode()
    assert '<strong>Chloe</strong> <span class="help inline">1 of 1 call · 1 post</span>' in page
    assert '<strong>Dev</strong> <span class="help inline">0 of 1 call · 0 posts</span>' in page
    assert '<strong>Bob</strong> <span class="help inline">0 of 1 call · 0 posts · 1 question</span>' in page
    for word in ("missed", "absent", "failed", "only"):
        assert word not in page.lower().split("taking part")[1].split("</section>")[0]


def test_group_page_without_any_question_invites_the_presenter(client, group, dev):
    client.force_login(dev)
    page = client.get(f"/m/{group.mastermind.pk}/").content.decode()
    assert "No question posed yet." in page


def test_group_page_counts_only_calls_whose_attendance_was_taken(client, group, bob, chloe):
    question = actions.post_question(group.week1, by=bob, title="Lurkers?")
    actions.post_homework(question, by=chloe, body="Done")
    client.force_login(chloe)
    page = client.get(f"/m/{group.mastermind.pk}/").content.decode()
    assert '<strong>Chloe</strong> <span class="help inline">1 post</span>' in page
    assert "of 1 call" not in page


def test_group_page_links_the_next_weeks_page_before_any_question(client, group, dev):
    client.force_login(dev)
    page = client.get(f"/m/{group.mastermind.pk}/").content.decode()
    assert f'href="/m/{group.mastermind.pk}/weeks/2/">Open week 2</a>' in page
