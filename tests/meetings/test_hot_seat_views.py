"""The rotation and call panel views: who may do what, bad input, what the pages say, query counts."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hotseat.masterminds.models import Mastermind, Membership
from hotseat.meetings import actions, hot_seat
from hotseat.meetings.call_actions import NOTES_MAX_CHARS, check_in, record_attendance, save_notes, set_rsvp
from hotseat.meetings.call_panel import call_panel
from hotseat.meetings.models import Attendance, CallNotes, Meeting, TurnSwap
from hotseat.meetings.rotation_panel import rotation_panel
from tests.factories import UserFactory, seat
from tests.meetings.groups import NOON, TUESDAY, group_of

WHO = ["outsider", "other group", "member", "presenter", "leader", "organizer"]


@pytest.fixture
def spring(program, alice, bob, chloe, dev) -> Mastermind:
    """Alice leads Bob, Chloe and Dev; the rotation is Alice, Bob, Chloe, Dev, … from 2 March 2027."""
    mastermind = group_of(program, alice, [bob, chloe, dev])
    actions.pick_slot(mastermind, weekday=TUESDAY, minute=NOON, zone="America/New_York", duration_minutes=60, by=alice)
    return mastermind


@pytest.fixture
def elsewhere(program, erin) -> Mastermind:
    """Erin leads another group of the same program, with calls of its own."""
    mastermind = group_of(program, erin, [UserFactory(time_zone="Asia/Tokyo")], title="Another group")
    actions.pick_slot(mastermind, weekday=TUESDAY, minute=NOON, zone="Asia/Kolkata", duration_minutes=60, by=erin)
    return mastermind


@pytest.fixture
def started(spring, chloe) -> Meeting:
    """A call of the group that began half an hour ago, Chloe in the hot seat."""
    return Meeting.objects.create(
        mastermind=spring, number=11, starts_at=timezone.now() - timedelta(minutes=30), presenter=chloe
    )


def week(mastermind: Mastermind, number: int) -> Meeting:
    return Meeting.objects.get(mastermind=mastermind, number=number)


def person(who: str, alice, bob, chloe, erin, organizer):
    """Week 2's cast: Bob presents, Chloe is a member, Alice leads."""
    return {
        "outsider": None,
        "other group": erin,
        "member": chloe,
        "presenter": bob,
        "leader": alice,
        "organizer": organizer,
    }[who]


def as_user(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def text(response) -> str:
    """The page as a reader sees it: tags dropped, white space squeezed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def presenters(mastermind: Mastermind) -> list[str]:
    meetings = Meeting.objects.filter(mastermind=mastermind, number__lte=10).select_related("presenter")
    return [m.presenter.name if m.presenter else "-" for m in meetings.order_by("number")]


def matrix(*statuses: int) -> list[tuple[str, int]]:
    return list(zip(WHO, statuses, strict=True))


@pytest.fixture
def cast(alice, bob, chloe, erin, organizer):
    return lambda who: person(who, alice, bob, chloe, erin, organizer)


# Who may do what: the group page's rotation ----------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 200, 200, 200, 200))
def test_group_page_rotation_members_and_organizers_only(spring, elsewhere, cast, who, status):
    response = as_user(cast(who)).get(reverse("group", args=[spring.pk]))

    assert response.status_code == status
    if status == 200:
        assert "Every call and its hot seat" in text(response)


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 302, 302, 302, 404))
def test_rotation_swap_members_only(spring, elsewhere, cast, who, status):
    user = cast(who)
    own = Meeting.objects.filter(mastermind=spring, presenter=user).order_by("number").first() if user else None
    mine = own or week(spring, 1)
    theirs = week(spring, 4)  # Dev's

    response = as_user(user).post(reverse("rotation_swap", args=[spring.pk]), {"mine": mine.pk, "theirs": theirs.pk})

    assert response.status_code == status
    assert TurnSwap.objects.count() == (1 if status == 302 else 0)


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 302, 404, 404, 404))
def test_rotation_swap_answer_only_the_person_asked(spring, elsewhere, cast, dev, chloe, who, status):
    swap = hot_seat.ask_swap(spring, dev, mine=week(spring, 4).pk, theirs=week(spring, 3).pk)  # Chloe is asked

    response = as_user(cast(who)).post(reverse("rotation_swap_answer", args=[spring.pk, swap.pk]), {"answer": "accept"})

    assert response.status_code == status
    swap.refresh_from_db()
    assert swap.state == (TurnSwap.State.ACCEPTED if status == 302 else TurnSwap.State.PENDING)


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 302, 404, 404, 404))
def test_rotation_swap_cancel_only_the_asker(spring, elsewhere, cast, chloe, who, status):
    swap = hot_seat.ask_swap(spring, chloe, mine=week(spring, 3).pk, theirs=week(spring, 4).pk)

    response = as_user(cast(who)).post(reverse("rotation_swap_cancel", args=[spring.pk, swap.pk]))

    assert response.status_code == status


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 302, 302, 302, 404))
def test_rotation_defer_members_only(spring, elsewhere, cast, who, status):
    user = cast(who)
    own = Meeting.objects.filter(mastermind=spring, presenter=user).order_by("number").first() if user else None
    meeting = own or week(spring, 1)
    before = presenters(spring)

    response = as_user(user).post(reverse("rotation_defer", args=[spring.pk]), {"meeting": meeting.pk})

    assert response.status_code == status
    assert (presenters(spring) != before) == (status == 302)


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 302, 302, 302, 404))
def test_rotation_presenting_members_only(spring, elsewhere, cast, who, status):
    response = as_user(cast(who)).post(reverse("rotation_presenting", args=[spring.pk]), {"presents": "no"})

    assert response.status_code == status
    assert Membership.objects.filter(mastermind=spring, presents=False).count() == (1 if status == 302 else 0)


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 404, 404, 302, 302))
def test_rotation_move_leader_and_organizers_only(spring, elsewhere, cast, dev, who, status):
    response = as_user(cast(who)).post(reverse("rotation_move", args=[spring.pk]), {"user": dev.pk, "step": "up"})

    assert response.status_code == status
    assert (presenters(spring)[:4] == ["Alice", "Bob", "Dev", "Chloe"]) == (status == 302)


# Who may do what: the week page's call panel ------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 200, 200, 200, 200))
def test_week_page_call_panel_members_and_organizers_only(spring, elsewhere, cast, who, status):
    response = as_user(cast(who)).get(reverse("week", args=[spring.pk, 2]))

    assert response.status_code == status
    if status == 200:
        assert "Call notes" in text(response)


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 302, 302, 302, 404))
def test_call_rsvp_members_only(spring, elsewhere, cast, who, status):
    response = as_user(cast(who)).post(reverse("call_rsvp", args=[spring.pk, 2]), {"rsvp": "cant"})

    assert response.status_code == status
    assert Attendance.objects.filter(meeting=week(spring, 2), rsvp="cant").count() == (1 if status == 302 else 0)


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 302, 302, 302, 404))
def test_call_check_in_members_only(spring, elsewhere, started, cast, who, status):
    response = as_user(cast(who)).post(reverse("call_check_in", args=[spring.pk, started.number]))

    assert response.status_code == status
    assert Attendance.objects.filter(meeting=started, attended=True).count() == (1 if status == 302 else 0)


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 404, 404, 302, 302))
def test_call_attendance_leader_and_organizers_only(spring, elsewhere, started, cast, bob, chloe, who, status):
    response = as_user(cast(who)).post(
        reverse("call_attendance", args=[spring.pk, started.number]), {"present": [bob.pk, chloe.pk]}
    )

    assert response.status_code == status
    assert Attendance.objects.filter(meeting=started).count() == (4 if status == 302 else 0)


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 302, 302, 302, 302))
def test_call_notes_members_and_organizers_only(spring, elsewhere, cast, who, status):
    response = as_user(cast(who)).post(reverse("call_notes", args=[spring.pk, 2]), {"text": "# Agenda", "version": "0"})

    assert response.status_code == status
    assert CallNotes.objects.filter(meeting=week(spring, 2), version=1).exists() == (status == 302)


# Bad input ---------------------------------------------------------------------------------------------


def test_rotation_swap_with_a_call_of_another_group_refused(spring, elsewhere, bob):
    theirs = week(elsewhere, 1)

    response = as_user(bob).post(
        reverse("rotation_swap", args=[spring.pk]), {"mine": week(spring, 2).pk, "theirs": theirs.pk}
    )

    assert response.status_code == 409
    assert "That call is not one of this group's." in text(response)
    assert not TurnSwap.objects.exists()


def test_rotation_swap_with_someone_not_in_the_group_refused(spring, elsewhere, bob, erin):
    # Erin's turn in her own group is not a turn in Bob's.
    theirs = Meeting.objects.filter(mastermind=elsewhere, presenter=erin).first()
    assert theirs is not None

    response = as_user(bob).post(
        reverse("rotation_swap", args=[spring.pk]), {"mine": week(spring, 2).pk, "theirs": theirs.pk}
    )

    assert response.status_code == 409
    assert not TurnSwap.objects.exists()


def test_rotation_swap_a_past_turn_refused(spring, started, bob):
    response = as_user(bob).post(
        reverse("rotation_swap", args=[spring.pk]), {"mine": week(spring, 2).pk, "theirs": started.pk}
    )

    assert response.status_code == 409
    assert "Week 11 is not a call to come" in text(response)


def test_rotation_swap_garbage_ids_refused(spring, bob):
    response = as_user(bob).post(reverse("rotation_swap", args=[spring.pk]), {"mine": "x", "theirs": ""})

    assert response.status_code == 409
    assert "Pick a call from the rotation." in text(response)


def test_rotation_swap_answer_stale_shows_why_and_changes_nothing(spring, bob, chloe):
    swap = hot_seat.ask_swap(spring, bob, mine=week(spring, 2).pk, theirs=week(spring, 3).pk)
    hot_seat.defer_turn(spring, week(spring, 2).pk, bob)  # Bob's week 2 is Chloe's now
    before = presenters(spring)

    response = as_user(chloe).post(reverse("rotation_swap_answer", args=[spring.pk, swap.pk]), {"answer": "accept"})

    assert response.status_code == 409
    assert "This swap no longer fits" in text(response)
    assert presenters(spring) == before


def test_rotation_swap_answer_without_an_answer_refused(spring, bob, chloe):
    swap = hot_seat.ask_swap(spring, bob, mine=week(spring, 2).pk, theirs=week(spring, 3).pk)

    response = as_user(chloe).post(reverse("rotation_swap_answer", args=[spring.pk, swap.pk]), {"answer": "maybe"})

    assert response.status_code == 409
    assert "Accept or decline the swap." in text(response)


def test_rotation_move_first_up_refused(spring, alice):
    response = as_user(alice).post(reverse("rotation_move", args=[spring.pk]), {"user": alice.pk, "step": "up"})

    assert response.status_code == 409
    assert "Alice is already first in the rotation." in text(response)


def test_call_rsvp_bad_value_refused(spring, chloe):
    response = as_user(chloe).post(reverse("call_rsvp", args=[spring.pk, 2]), {"rsvp": "perhaps"})

    assert response.status_code == 409
    assert "Say whether you are coming or not." in text(response)
    assert not Attendance.objects.exists()


def test_call_rsvp_after_the_start_refused(spring, started, chloe):
    response = as_user(chloe).post(reverse("call_rsvp", args=[spring.pk, started.number]), {"rsvp": "cant"})

    assert response.status_code == 409
    assert "has started: check in instead" in text(response)


def test_call_check_in_before_the_start_refused(spring, chloe):
    response = as_user(chloe).post(reverse("call_check_in", args=[spring.pk, 2]))

    assert response.status_code == 409
    assert "has not started yet" in text(response)
    assert not Attendance.objects.exists()


def test_call_attendance_of_a_stranger_refused(spring, started, alice, erin):
    response = as_user(alice).post(reverse("call_attendance", args=[spring.pk, started.number]), {"present": [erin.pk]})

    assert response.status_code == 409
    assert "Only people in this group can be marked present." in text(response)
    assert not Attendance.objects.exists()


def test_call_notes_of_another_group_not_found(spring, elsewhere, erin):
    response = as_user(erin).post(reverse("call_notes", args=[spring.pk, 2]), {"text": "mine now", "version": "0"})

    assert response.status_code == 404
    assert not CallNotes.objects.exists()


def test_call_notes_stale_save_shows_both_versions_and_keeps_the_typing(spring, bob, chloe):
    url = reverse("call_notes", args=[spring.pk, 2])
    as_user(bob).post(url, {"text": "Bob's notes", "version": "0"})

    response = as_user(chloe).post(url, {"text": "Chloe's notes", "version": "0"})

    assert response.status_code == 409
    page = text(response)
    assert "Bob saved the notes" in page
    assert "Bob's notes" in page
    assert re.search(r"<textarea[^>]*>Chloe&#x27;s notes</textarea>", response.content.decode())
    assert notes_editor(response) == "open"  # the editor, folded once there are notes, opens on a conflict
    notes = CallNotes.objects.get(meeting=week(spring, 2))
    assert (notes.text, notes.version) == ("Bob's notes", 1)


def test_call_notes_resaved_after_a_conflict_lands(spring, bob, chloe):
    url = reverse("call_notes", args=[spring.pk, 2])
    as_user(bob).post(url, {"text": "Bob's notes", "version": "0"})
    as_user(chloe).post(url, {"text": "Chloe's notes", "version": "0"})

    response = as_user(chloe).post(url, {"text": "Bob's notes\n\nChloe's notes", "version": "1"})

    assert response.status_code == 302
    notes = CallNotes.objects.get(meeting=week(spring, 2))
    assert (notes.text, notes.version, notes.updated_by) == ("Bob's notes\n\nChloe's notes", 2, chloe)


def test_call_notes_without_a_version_refused_and_typing_kept(spring, bob):
    response = as_user(bob).post(reverse("call_notes", args=[spring.pk, 2]), {"text": "half a thought"})

    assert response.status_code == 400
    assert "half a thought" in response.content.decode()
    assert notes_editor(response) == "open"
    assert not CallNotes.objects.exists()


def test_call_notes_refused_over_saved_notes_opens_the_editor(spring, bob):
    save_notes(week(spring, 2), bob, "Saved before", 0)

    response = as_user(bob).post(
        reverse("call_notes", args=[spring.pk, 2]), {"text": "x" * (NOTES_MAX_CHARS + 1), "version": "1"}
    )

    assert response.status_code == 400
    assert notes_editor(response) == "open"


# What the pages say ----------------------------------------------------------------------------------


def test_group_page_banner_for_the_next_presenter(spring, alice, bob):
    page = text(as_user(alice).get(reverse("group", args=[spring.pk])))
    later = text(as_user(bob).get(reverse("group", args=[spring.pk])))

    assert "You're in the hot seat at the next call" in page
    assert "You're in the hot seat after the next call" in later


def test_group_page_rotation_times_on_the_viewer_clock(spring, bob, chloe):
    first = week(spring, 1).starts_at  # 12:00 in New York

    bob_page = text(as_user(bob).get(reverse("group", args=[spring.pk])))
    chloe_page = text(as_user(chloe).get(reverse("group", args=[spring.pk])))

    assert f"Tue 2 Mar, {first.astimezone(ZoneInfo(bob.time_zone)):%H:%M} PST" in bob_page
    assert f"Tue 2 Mar, {first.astimezone(ZoneInfo(chloe.time_zone)):%H:%M} CET" in chloe_page


def test_group_page_shows_the_swap_asked_of_you(spring, bob, chloe):
    hot_seat.ask_swap(spring, bob, mine=week(spring, 2).pk, theirs=week(spring, 3).pk)

    page = text(as_user(chloe).get(reverse("group", args=[spring.pk])))

    assert "Bob asks to swap: you would present in week 2 instead of week 3." in page
    assert "Accept the swap" in page


def test_week_page_presenter_who_cannot_make_it_is_offered_the_defer(spring, bob):
    as_user(bob).post(reverse("call_rsvp", args=[spring.pk, 2]), {"rsvp": "cant"})

    page = text(as_user(bob).get(reverse("week", args=[spring.pk, 2])))

    assert "Pass my turn to the next person" in page


def test_week_page_defer_from_the_call_panel_returns_to_the_week(spring, bob, chloe):
    response = as_user(bob).post(
        reverse("rotation_defer", args=[spring.pk]), {"meeting": week(spring, 2).pk, "back": "week"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("week", args=[spring.pk, 2]) + "#call"
    assert week(spring, 2).presenter == chloe


def test_week_page_rsvps_visible_to_the_group(spring, bob, chloe):
    as_user(bob).post(reverse("call_rsvp", args=[spring.pk, 2]), {"rsvp": "cant"})
    as_user(chloe).post(reverse("call_rsvp", args=[spring.pk, 2]), {"rsvp": "coming"})

    page = text(as_user(chloe).get(reverse("week", args=[spring.pk, 2])))

    assert "Bob can't make it" in page
    assert "Chloe coming" in page


def test_week_page_notes_rendered_as_safe_markdown_with_history(spring, bob, chloe):
    url = reverse("call_notes", args=[spring.pk, 2])
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


def text_of(body: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


# Query counts -----------------------------------------------------------------------------------------


def panel_queries(panel, user, target) -> int:
    request = RequestFactory().get("/")
    request.user = user
    with CaptureQueriesContext(connection) as queries:
        panel(request, target)
    return len(queries)


def test_rotation_panel_queries_do_not_grow_with_members_or_swaps(program, alice, bob):
    small = group_of(program, alice, [bob], title="Small")
    actions.pick_slot(small, weekday=TUESDAY, minute=NOON, zone="America/New_York", duration_minutes=60, by=alice)
    hot_seat.ask_swap(small, bob, mine=week(small, 2).pk, theirs=week(small, 1).pk)
    leader = UserFactory()
    members = [UserFactory() for _ in range(3)]
    big = group_of(program, leader, members, title="Big")
    actions.pick_slot(big, weekday=TUESDAY, minute=NOON, zone="America/New_York", duration_minutes=60, by=leader)
    own = Meeting.objects.filter(mastermind=big, presenter=members[0]).first()
    assert own is not None
    for other in Meeting.objects.filter(mastermind=big, number__lte=4).exclude(presenter=members[0]):
        hot_seat.ask_swap(big, members[0], mine=own.pk, theirs=other.pk)

    assert panel_queries(rotation_panel, bob, small) == panel_queries(rotation_panel, members[0], big)


def test_call_panel_queries_do_not_grow_with_members_or_revisions(program, alice, bob):
    small = group_of(program, alice, [bob], title="Small")
    actions.pick_slot(small, weekday=TUESDAY, minute=NOON, zone="America/New_York", duration_minutes=60, by=alice)
    leader = UserFactory()
    members = [UserFactory() for _ in range(3)]
    big = group_of(program, leader, members, title="Big")
    actions.pick_slot(big, weekday=TUESDAY, minute=NOON, zone="America/New_York", duration_minutes=60, by=leader)
    small_call, big_call = week(small, 1), week(big, 1)
    set_rsvp(small_call, bob, "coming")
    save_notes(small_call, bob, "one", 0)
    for version, member in enumerate(members):
        set_rsvp(big_call, member, "coming")
        save_notes(big_call, member, f"take {version}", version)

    assert panel_queries(call_panel, bob, Meeting.objects.get(pk=small_call.pk)) == panel_queries(
        call_panel, members[0], Meeting.objects.get(pk=big_call.pk)
    )


def test_seat_in_a_running_group_gets_a_fair_turn(spring, program, alice):
    # An organizer seats a late member straight in (arrange: directly, as group_of does).
    late = UserFactory(display_name="Lee")
    seat(spring, late)

    hot_seat.refresh_rotation(spring, timezone.now(), rederive=True)

    assert presenters(spring)[:5] == ["Alice", "Bob", "Chloe", "Dev", "Lee"]


# htmx: the rotation panel swapped in place -------------------------------------------------------------

HTMX = {"HX-Request": "true"}


def test_rotation_swap_htmx_answers_with_the_panel_only(spring, bob, chloe):
    response = as_user(bob).post(
        reverse("rotation_swap", args=[spring.pk]),
        {"mine": week(spring, 2).pk, "theirs": week(spring, 3).pk},
        headers=HTMX,
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section class="card rotation" id="rotation"')
    assert "<html" not in body
    assert "Chloe is asked to take your week 2 for their week 3." in text(response)
    assert "You asked Chloe to take your week 2 for their week 3; waiting for their answer." in text(response)


def test_rotation_swap_htmx_refusal_is_shown_in_the_panel(spring, started, bob):
    response = as_user(bob).post(
        reverse("rotation_swap", args=[spring.pk]), {"mine": week(spring, 2).pk, "theirs": started.pk}, headers=HTMX
    )

    assert response.status_code == 409
    assert "<html" not in response.content.decode()
    assert "Week 11 is not a call to come" in text(response)
    # The refused choice stays picked.
    assert re.search(rf'<option value="{week(spring, 2).pk}" selected>', response.content.decode())


def test_rotation_swap_refusal_shown_next_to_the_swap_form(spring, started, bob):
    response = as_user(bob).post(
        reverse("rotation_swap", args=[spring.pk]), {"mine": week(spring, 2).pk, "theirs": started.pk}
    )

    body = response.content.decode()
    assert re.search(r'<p class="errorlist swap-error" id="swap-error"[^>]*>Week 11 is not a call to come', body)
    assert 'aria-describedby="swap-error"' in body


def test_rotation_swap_refusal_without_a_swap_form_shown_at_the_top(spring, bob, dev):
    # Dev opted out: he has no turn to offer, so the page has no swap form for him.
    hot_seat.set_presenting(spring, dev, presents=False)

    response = as_user(dev).post(
        reverse("rotation_swap", args=[spring.pk]), {"mine": week(spring, 2).pk, "theirs": week(spring, 3).pk}
    )

    assert response.status_code == 409
    assert re.search(r'<p class="message error" role="alert"[^>]*>Week 2 is not your turn.', response.content.decode())
