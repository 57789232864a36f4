"""The call panel's buttons on the week page (hotseat/pages/meeting.py).

RSVP, check-in, attendance and notes: who may do what, bad input, what the page says, query counts.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hotseat.meetings.actions import schedule as actions
from hotseat.meetings.actions.attendance import check_in, record_attendance, set_rsvp
from hotseat.meetings.actions.notes import NOTES_MAX_CHARS, save_notes
from hotseat.meetings.models import Attendance, Meeting, MeetingNotes
from hotseat.meetings.panels.meeting import meeting_panel
from tests.clients import as_user
from tests.factories import UserFactory
from tests.groups import seated_group
from tests.meetings.groups import NOON, TUESDAY
from tests.pages.spring import matrix, panel_queries, text, text_of, week

# Who may do what: the week page's call panel ------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 200, 200, 200, 200))
def test_week_page_meeting_panel_members_and_organizers_only(spring, elsewhere, cast, who, status):
    response = as_user(cast(who)).get(reverse("week", args=[spring.pk, 2]))

    assert response.status_code == status
    if status == 200:
        assert "Call notes" in text(response)


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 302, 302, 302, 404))
def test_meeting_rsvp_members_only(spring, elsewhere, cast, who, status):
    response = as_user(cast(who)).post(reverse("meeting_rsvp", args=[spring.pk, 2]), {"rsvp": "cant"})

    assert response.status_code == status
    assert Attendance.objects.filter(meeting=week(spring, 2), rsvp="cant").count() == (1 if status == 302 else 0)


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 302, 302, 302, 404))
def test_meeting_check_in_members_only(spring, elsewhere, started, cast, who, status):
    response = as_user(cast(who)).post(reverse("meeting_check_in", args=[spring.pk, started.number]))

    assert response.status_code == status
    assert Attendance.objects.filter(meeting=started, attended=True).count() == (1 if status == 302 else 0)


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 404, 404, 302, 302))
def test_meeting_attendance_leader_and_organizers_only(spring, elsewhere, started, cast, bob, chloe, who, status):
    response = as_user(cast(who)).post(
        reverse("meeting_attendance", args=[spring.pk, started.number]), {"present": [bob.pk, chloe.pk]}
    )

    assert response.status_code == status
    assert Attendance.objects.filter(meeting=started).count() == (4 if status == 302 else 0)


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 302, 302, 302, 302))
def test_meeting_notes_members_and_organizers_only(spring, elsewhere, cast, who, status):
    response = as_user(cast(who)).post(
        reverse("meeting_notes", args=[spring.pk, 2]), {"text": "# Agenda", "version": "0"}
    )

    assert response.status_code == status
    assert MeetingNotes.objects.filter(meeting=week(spring, 2), version=1).exists() == (status == 302)


def test_meeting_rsvp_bad_value_refused(spring, chloe):
    response = as_user(chloe).post(reverse("meeting_rsvp", args=[spring.pk, 2]), {"rsvp": "perhaps"})

    assert response.status_code == 409
    assert "Say whether you are coming or not." in text(response)
    assert not Attendance.objects.exists()


def test_meeting_rsvp_after_the_start_refused(spring, started, chloe):
    response = as_user(chloe).post(reverse("meeting_rsvp", args=[spring.pk, started.number]), {"rsvp": "cant"})

    assert response.status_code == 409
    assert "has started: check in instead" in text(response)


def test_meeting_check_in_before_the_start_refused(spring, chloe):
    response = as_user(chloe).post(reverse("meeting_check_in", args=[spring.pk, 2]))

    assert response.status_code == 409
    assert "has not started yet" in text(response)
    assert not Attendance.objects.exists()


def test_meeting_attendance_of_a_stranger_refused(spring, started, alice, erin):
    response = as_user(alice).post(
        reverse("meeting_attendance", args=[spring.pk, started.number]), {"present": [erin.pk]}
    )

    assert response.status_code == 409
    assert "Only people in this group can be marked present." in text(response)
    assert not Attendance.objects.exists()


def test_meeting_notes_of_another_group_not_found(spring, elsewhere, erin):
    response = as_user(erin).post(reverse("meeting_notes", args=[spring.pk, 2]), {"text": "mine now", "version": "0"})

    assert response.status_code == 404
    assert not MeetingNotes.objects.exists()


def test_meeting_notes_stale_save_shows_both_versions_and_keeps_the_typing(spring, bob, chloe):
    url = reverse("meeting_notes", args=[spring.pk, 2])
    as_user(bob).post(url, {"text": "Bob's notes", "version": "0"})

    response = as_user(chloe).post(url, {"text": "Chloe's notes", "version": "0"})

    assert response.status_code == 409
    page = text(response)
    assert "Bob saved the notes" in page
    assert "Bob's notes" in page
    assert re.search(r"<textarea[^>]*>Chloe&#x27;s notes</textarea>", response.content.decode())
    assert notes_editor(response) == "open"  # the editor, folded once there are notes, opens on a conflict
    notes = MeetingNotes.objects.get(meeting=week(spring, 2))
    assert (notes.text, notes.version) == ("Bob's notes", 1)


def test_meeting_notes_resaved_after_a_conflict_lands(spring, bob, chloe):
    url = reverse("meeting_notes", args=[spring.pk, 2])
    as_user(bob).post(url, {"text": "Bob's notes", "version": "0"})
    as_user(chloe).post(url, {"text": "Chloe's notes", "version": "0"})

    response = as_user(chloe).post(url, {"text": "Bob's notes\n\nChloe's notes", "version": "1"})

    assert response.status_code == 302
    notes = MeetingNotes.objects.get(meeting=week(spring, 2))
    assert (notes.text, notes.version, notes.updated_by) == ("Bob's notes\n\nChloe's notes", 2, chloe)


def test_meeting_notes_without_a_version_refused_and_typing_kept(spring, bob):
    response = as_user(bob).post(reverse("meeting_notes", args=[spring.pk, 2]), {"text": "half a thought"})

    assert response.status_code == 400
    assert "half a thought" in response.content.decode()
    assert notes_editor(response) == "open"
    assert not MeetingNotes.objects.exists()


def test_meeting_notes_refused_over_saved_notes_opens_the_editor(spring, bob):
    save_notes(week(spring, 2), bob, "Saved before", 0)

    response = as_user(bob).post(
        reverse("meeting_notes", args=[spring.pk, 2]), {"text": "x" * (NOTES_MAX_CHARS + 1), "version": "1"}
    )

    assert response.status_code == 400
    assert notes_editor(response) == "open"


def test_week_page_presenter_who_cannot_make_it_is_offered_the_defer(spring, bob):
    as_user(bob).post(reverse("meeting_rsvp", args=[spring.pk, 2]), {"rsvp": "cant"})

    page = text(as_user(bob).get(reverse("week", args=[spring.pk, 2])))

    assert "Pass my turn to the next person" in page


def test_week_page_defer_from_the_call_panel_returns_to_the_week(spring, bob, chloe):
    response = as_user(bob).post(
        reverse("hot_seat_defer", args=[spring.pk]), {"meeting": week(spring, 2).pk, "back": "week"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("week", args=[spring.pk, 2]) + "#call"
    assert week(spring, 2).presenter == chloe


def test_week_page_rsvps_visible_to_the_group(spring, bob, chloe):
    as_user(bob).post(reverse("meeting_rsvp", args=[spring.pk, 2]), {"rsvp": "cant"})
    as_user(chloe).post(reverse("meeting_rsvp", args=[spring.pk, 2]), {"rsvp": "coming"})

    page = text(as_user(chloe).get(reverse("week", args=[spring.pk, 2])))

    assert "Bob can't make it" in page
    assert "Chloe coming" in page


def test_week_page_notes_rendered_as_safe_markdown_with_history(spring, bob, chloe):
    url = reverse("meeting_notes", args=[spring.pk, 2])
    as_user(bob).post(url, {"text": "**Decisions** <script>alert(1)</script>", "version": "0"})
    as_user(chloe).post(url, {"text": "**Decisions**: ship it", "version": "1"})

    body = as_user(bob).get(reverse("week", args=[spring.pk, 2])).content.decode()

    assert "<strong>Decisions</strong>: ship it" in body
    assert "<script>alert(1)</script>" not in body
    assert "Version 2 — Chloe" in text_of(body)
    assert "Version 1 — Bob" in text_of(body)


def notes_editor(response) -> str:
    """Whether the call notes' editor is unfolded ("open"), folded ("folded") or not on the page ("")."""
    found = re.search(r'<details class="edit notes-edit"( open)?>', response.content.decode())
    return "" if found is None else ("open" if found.group(1) else "folded")


def test_week_page_call_notes_editor_open_until_there_are_notes(spring, bob):
    url = reverse("week", args=[spring.pk, 2])
    empty = as_user(bob).get(url)
    save_notes(week(spring, 2), bob, "## Decisions\n- ship it", 0)

    written = as_user(bob).get(url)

    assert notes_editor(empty) == "open"
    assert "Write the notes" in text(empty)
    assert notes_editor(written) == "folded"
    assert "Edit the notes" in text(written)
    body = written.content.decode()
    assert body.count("<h2>Decisions</h2>") == 1  # shown once, rendered; the Markdown waits in the folded editor
    assert re.search(r"<textarea[^>]*>## Decisions\n- ship it</textarea>", body)


def test_week_page_you_checked_in_only_when_you_did(spring, started, alice, bob, chloe):
    check_in(started, chloe)
    record_attendance(started, alice, {alice.pk, bob.pk, chloe.pk})
    url = reverse("week", args=[spring.pk, started.number])

    chloe_page = text(as_user(chloe).get(url))
    bob_page = text(as_user(bob).get(url))
    alice_page = text(as_user(alice).get(url))

    assert "You were there (recorded by Alice)." in chloe_page  # Alice's record replaced Chloe's own
    assert "You were there (recorded by Alice)." in bob_page
    assert "You checked in." not in bob_page
    assert "You checked in." in alice_page


def test_week_page_own_check_in_says_so(spring, started, alice, chloe):
    check_in(started, chloe)

    page = text(as_user(chloe).get(reverse("week", args=[spring.pk, started.number])))

    assert "You checked in." in page
    assert "recorded by" not in page


def test_week_page_marked_missing_by_the_leader_may_still_check_in(spring, started, alice, dev):
    record_attendance(started, alice, {alice.pk})

    page = text(as_user(dev).get(reverse("week", args=[spring.pk, started.number])))

    assert "Alice marked you as missing this one. Were you there after all?" in page
    assert "Check in: I was there" in page


def test_week_page_offers_to_join_a_call_until_it_ends(spring, started, chloe):
    url = reverse("week", args=[spring.pk, started.number])
    on_now = text(as_user(chloe).get(url))  # began half an hour ago, lasts an hour
    started.starts_at = timezone.now() - timedelta(minutes=61)
    started.save()

    ended = text(as_user(chloe).get(url))

    assert "Join the call" in on_now
    assert f"Add week {started.number} to your calendar" in on_now
    assert "Join the call" not in ended
    assert "to your calendar" not in ended


def test_meeting_panel_queries_do_not_grow_with_members_or_revisions(program, alice, bob):
    small = seated_group(program, alice, [bob], title="Small")
    actions.pick_slot(small, weekday=TUESDAY, minute=NOON, zone="America/New_York", duration_minutes=60, by=alice)
    leader = UserFactory()
    members = [UserFactory() for _ in range(3)]
    big = seated_group(program, leader, members, title="Big")
    actions.pick_slot(big, weekday=TUESDAY, minute=NOON, zone="America/New_York", duration_minutes=60, by=leader)
    small_meeting, big_meeting = week(small, 1), week(big, 1)
    set_rsvp(small_meeting, bob, "coming")
    save_notes(small_meeting, bob, "one", 0)
    for version, member in enumerate(members):
        set_rsvp(big_meeting, member, "coming")
        save_notes(big_meeting, member, f"take {version}", version)

    assert panel_queries(meeting_panel, bob, Meeting.objects.get(pk=small_meeting.pk)) == panel_queries(
        meeting_panel, members[0], Meeting.objects.get(pk=big_meeting.pk)
    )


def test_meeting_notes_with_a_nul_byte_refused_and_typing_kept(spring, bob):
    # PostgreSQL refuses NUL in text: the form says so before the database is asked.
    response = as_user(bob).post(
        reverse("meeting_notes", args=[spring.pk, 2]), {"text": "half\x00 a thought", "version": "0"}
    )

    assert response.status_code == 400
    assert "Null characters are not allowed." in text(response)
    assert "a thought" in response.content.decode()
    assert not MeetingNotes.objects.exists()


@pytest.mark.parametrize("version", ["²", "9" * 5000, str(2**63)])
def test_meeting_notes_with_a_version_not_a_number_refused_and_typing_kept(spring, bob, version):
    response = as_user(bob).post(
        reverse("meeting_notes", args=[spring.pk, 2]), {"text": "my notes", "version": version}
    )

    assert response.status_code == 400
    assert "The form was incomplete" in text(response)
    assert "my notes" in response.content.decode()
    assert not MeetingNotes.objects.exists()


@pytest.mark.parametrize("present", ["²", "9" * 5000])
def test_meeting_attendance_with_an_id_not_a_number_refused(spring, started, alice, present):
    response = as_user(alice).post(
        reverse("meeting_attendance", args=[spring.pk, started.number]), {"present": [present]}
    )

    assert response.status_code == 409
    assert "Only people in this group can be marked present." in text(response)
    assert not Attendance.objects.exists()
