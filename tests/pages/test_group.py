"""The group page: members and organizers only; the next call and every call on the viewer's own clock."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hotseat.masterminds.actions.next_steps import answer_next_step
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.meetings.actions import schedule as actions
from hotseat.meetings.models import Meeting
from tests.clients import as_user
from tests.factories import CohortFactory, MastermindFactory, UserFactory, seat
from tests.groups import seated_group
from tests.meetings.groups import NOON, TUESDAY

# What the New York noon call across the spring changes is, in words (meetings.clock.explain).
CHLOE_SPRING = (
    "On 16 and 23 March the call is at 17:00 CET for you, not 18:00:"
    " New York changed its clocks on 14 March, Paris changes them on 28 March."
)


@pytest.fixture
def spring(program, alice, bob, chloe, dev) -> Mastermind:
    """Alice (New York) leads Bob, Chloe and Dev; calls Tuesdays 12:00 New York from 2 March 2027."""
    mastermind = seated_group(program, alice, [bob, chloe, dev])
    actions.pick_slot(mastermind, weekday=TUESDAY, minute=NOON, zone="America/New_York", duration_minutes=60, by=alice)
    return mastermind


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def page_of(mastermind: Mastermind, user) -> str:
    response = as_user(user).get(reverse("group", args=[mastermind.pk]))
    assert response.status_code == 200
    return text(response)


@pytest.mark.parametrize(
    ("who", "status"),
    [("outsider", 404), ("other group", 404), ("member", 200), ("leader", 200), ("organizer", 200)],
)
def test_group_page_members_and_organizers_only(spring, program, alice, bob, erin, organizer, who, status):
    seated_group(program, UserFactory(), [erin], title="Another group")
    viewer = {"outsider": None, "other group": erin, "member": bob, "leader": alice, "organizer": organizer}[who]

    response = as_user(viewer).get(reverse("group", args=[spring.pk]))

    assert response.status_code == status


def test_group_page_unknown_group_is_404(alice):
    assert as_user(alice).get(reverse("group", args=[987654])).status_code == 404


@pytest.mark.parametrize(
    ("viewer", "next_call", "weekly"),
    [
        ("alice", "Tuesday 2 March, 12:00 EST", "Tuesdays at 12:00 EST/EDT"),
        ("bob", "Tuesday 2 March, 09:00 PST", "Tuesdays at 09:00 PST/PDT"),
        ("chloe", "Tuesday 2 March, 18:00 CET", "Tuesdays at 18:00 CET/CEST"),
        ("dev", "Tuesday 2 March, 17:00 GMT", "Tuesdays at 17:00 GMT/BST"),
    ],
)
def test_group_page_next_call_is_on_the_viewers_clock(spring, request, viewer, next_call, weekly):
    page = page_of(spring, request.getfixturevalue(viewer))

    assert f"Next call {next_call} — in " in page
    assert f"The group meets {weekly} on your clock (Tuesdays at 12:00 America/New_York)" in page


def test_group_page_flags_the_weeks_a_clock_change_moves(spring, chloe, bob):
    assert CHLOE_SPRING in page_of(spring, chloe)
    assert "changed its clocks" not in page_of(spring, bob)


def test_group_page_says_when_this_weeks_call_is_not_at_the_usual_time(spring, chloe):
    for number in (1, 2):
        actions.skip_meeting(Meeting.objects.get(mastermind=spring, number=number), extend_cohort=False)

    page = page_of(spring, chloe)

    assert "Next call Tuesday 16 March, 17:00 CET" in page
    assert CHLOE_SPRING in page


def test_group_page_lists_every_call_with_skipped_ones_struck_through(spring, alice, chloe):
    actions.skip_meeting(Meeting.objects.get(mastermind=spring, number=2), extend_cohort=True)

    response = as_user(chloe).get(reverse("group", args=[spring.pk]))

    assert "<s>Tue 9 Mar, 18:00 CET</s>" in response.content.decode()
    page = text(response)
    # One table: every call, its state and who is in the hot seat (the rotation panel).
    assert 'id="calls-h"' not in response.content.decode()
    assert "2 Tue 9 Mar, 18:00 CET Skipped No call" in page
    assert re.search(r"3 Tue 16 Mar, 17:00 CET not the usual 18:00 (Alice|Bob|Dev|You)", page)
    assert re.search(r"11 Tue 11 May, 18:00 CEST (Alice|Bob|Dev|You)", page)
    assert f'href="/m/{spring.pk}/weeks/3/"' in response.content.decode()


def test_group_page_members_show_their_zone_clock_and_call_time(spring, alice):
    page = page_of(spring, alice)

    assert re.search(r"Leader Alice America/New_York · \d\d:\d\d EST now calls Tuesdays at 12:00 EST/EDT", page)
    assert re.search(r"Member Chloe Europe/Paris · \d\d:\d\d CET now calls Tuesdays at 18:00 CET/CEST", page)


@pytest.mark.parametrize(("viewer", "tools"), [("alice", True), ("organizer", True), ("bob", False)])
def test_group_page_leader_tools_for_the_leader_and_organizers(spring, request, viewer, tools):
    page = page_of(spring, request.getfixturevalue(viewer))

    assert ("Change the calls" in page) == tools
    assert ("Skip one week" in page) == tools


def test_group_page_before_a_time_is_picked(program, alice, bob):
    mastermind = seated_group(program, alice, [bob])

    assert "No weekly call time yet. Pick one that suits everyone." in page_of(mastermind, alice)
    assert "Pick the weekly call time" in page_of(mastermind, alice)
    assert "The leader picks one from everybody's availability." in page_of(mastermind, bob)
    assert "When is everyone free?" in page_of(mastermind, bob)


def test_group_page_includes_the_call_link_snippet(spring, bob):
    response = as_user(bob).get(reverse("group", args=[spring.pk]))

    assert "meetings/_meeting_links.html" in [t.name for t in response.templates]


def group_page_queries(mastermind: Mastermind, viewer) -> int:
    client = as_user(viewer)
    client.get(reverse("group", args=[mastermind.pk]))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("group", args=[mastermind.pk])).status_code == 200
    return len(queries)


def test_group_page_queries_do_not_grow_with_members_or_calls(program, alice, bob, chloe):
    small = seated_group(program, alice, [bob, chloe], weeks=2)
    leader = UserFactory(time_zone="Asia/Kolkata")
    members = [UserFactory(time_zone=zone) for zone in ("Europe/Berlin", "America/Chicago", "Europe/Paris", "UTC")]
    large = seated_group(program, leader, members, weeks=10)
    for mastermind, by in ((small, alice), (large, leader)):
        actions.pick_slot(mastermind, weekday=TUESDAY, minute=NOON, zone="UTC", duration_minutes=60, by=by)

    assert group_page_queries(small, alice) == group_page_queries(large, leader)
    assert group_page_queries(small, bob) == group_page_queries(large, members[0])


def test_group_page_is_linked_from_home_and_the_board_for_its_members(spring, bob, erin, program):
    seated_group(program, UserFactory(), [erin], title="Another group")
    link = f'href="{reverse("group", args=[spring.pk])}"'
    board = spring.cohort.get_absolute_url()

    assert link in as_user(bob).get(reverse("home")).content.decode()
    assert link in as_user(bob).get(board).content.decode()
    assert link not in as_user(erin).get(board).content.decode()
    assert link not in as_user(None).get(board).content.decode()


def test_group_page_is_linked_from_the_board_for_organizers(spring, organizer):
    link = f'href="{reverse("group", args=[spring.pk])}"'

    assert link in as_user(organizer).get(spring.cohort.get_absolute_url()).content.decode()


def test_group_page_asks_members_about_next_cohort_in_its_last_weeks(program, alice, bob, organizer):
    today = timezone.localdate()
    early = MastermindFactory(
        cohort=CohortFactory(program=program, starts_on=today - timedelta(weeks=3), weeks=10),
        state=Mastermind.State.RUNNING,
    )
    late = MastermindFactory(
        cohort=CohortFactory(program=program, starts_on=today - timedelta(weeks=9), weeks=10),
        state=Mastermind.State.RUNNING,
    )
    for group in (early, late):
        seat(group, alice, Membership.Role.LEADER)
        seat(group, bob)
    answer_next_step(late, alice, "remix")

    assert "This cohort ends soon" not in page_of(early, bob)
    assert "Continue with this group, be remixed, or pause?" in page_of(late, bob)
    assert "You said: Remix me into a new group" in page_of(late, alice)
    assert "This cohort ends soon" not in page_of(late, organizer)  # organizers don't answer


def test_group_page_a_kolkata_member_is_told_the_lasting_change_not_that_the_first_calls_differ(program, alice, erin):
    """Kolkata keeps its clock: the New York noon call is 22:30 there until the US change, then 21:30 for good."""
    mastermind = seated_group(program, alice, [erin])
    actions.pick_slot(mastermind, weekday=TUESDAY, minute=NOON, zone="America/New_York", duration_minutes=60, by=alice)

    page = page_of(mastermind, erin)

    assert "The group meets Tuesdays at 22:30 IST on your clock" in page
    assert "From 16 March your call is at 21:30 IST, not 22:30: New York changed its clocks on 14 March." in page
    assert "not the usual" not in page
    assert "has changed its clocks and another has not yet" not in page


def test_group_page_and_email_name_the_zone_of_a_call_in_the_repeated_hour(
    program, dev, alice, outbox, django_capture_on_commit_callbacks
):
    """A London Sunday 06:30 call on 7 November 2027 is 01:30 EST in New York, the second 01:30 of that night."""
    mastermind = seated_group(program, dev, [alice], starts_on=date(2027, 11, 1), weeks=2)
    with django_capture_on_commit_callbacks(execute=True):
        actions.pick_slot(mastermind, weekday=6, minute=6 * 60 + 30, zone="Europe/London", duration_minutes=60, by=dev)

    page = page_of(mastermind, alice)

    assert "Next call Sunday 7 November, 01:30 EST — in " in page
    assert "Sun 7 Nov, 01:30 EST" in page
    (to_alice,) = [m for m in outbox if m.to == [alice.email]]
    assert "Week 1: Sunday 7 November, 01:30 EST" in to_alice.body
