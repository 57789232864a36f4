"""The leader's tools on the group page (hotseat/pages/leader_tools.py).

Skip a call, move one, move the calls from a week on: who may, bad input, where it lands.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from hotseat.masterminds.models import Mastermind
from hotseat.meetings.actions import schedule as actions
from hotseat.meetings.models import Meeting, Schedule
from tests.clients import as_user
from tests.groups import another_group, free_around_noon
from tests.meetings.groups import NOON, THURSDAY, TUESDAY, utc


@pytest.fixture
def spring(program, alice, bob, chloe, dev) -> Mastermind:
    return free_around_noon(program, alice, bob, chloe, dev)


@pytest.fixture
def elsewhere(program, erin, organizer) -> Mastermind:
    return another_group(program, erin)


WHO = ["outsider", "other group", "member", "leader", "organizer"]


def person(name: str, alice, bob, erin, organizer):
    return {"outsider": None, "other group": erin, "member": bob, "leader": alice, "organizer": organizer}[name]


CHANGES = {
    "meeting_skip": {"skip-number": "4", "skip-extend_cohort": "on"},
    "meeting_move": {"move-number": "4", "move-starts_at": "2027-03-25T12:00"},
    "meetings_move_from": {
        "from-number": "4",
        "from-weekday": str(THURSDAY),
        "from-time": "12:00",
        "from-zone": "America/New_York",
        "from-duration_minutes": "60",
    },
}


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize(("who", "status"), list(zip(WHO, [404, 404, 404, 302, 302], strict=True)))
def test_call_changes_leader_and_organizers_only(spring, elsewhere, alice, bob, erin, organizer, who, status, change):
    actions.pick_slot(spring, weekday=TUESDAY, minute=NOON, zone="America/New_York", duration_minutes=60, by=alice)

    response = as_user(person(who, alice, bob, erin, organizer)).post(
        reverse(change, args=[spring.pk]), CHANGES[change]
    )

    assert response.status_code == status
    week4 = Meeting.objects.get(mastermind=spring, number=4)
    assert (week4.sequence == 1) == (status == 302)


def test_call_changes_are_post_only(spring, alice):
    client = as_user(alice)

    for name in CHANGES:
        assert client.get(reverse(name, args=[spring.pk])).status_code == 405


# Leader tools on the group page ------------------------------------------------------------


@pytest.fixture
def running(spring, alice) -> Mastermind:
    actions.pick_slot(spring, weekday=TUESDAY, minute=NOON, zone="America/New_York", duration_minutes=60, by=alice)
    return spring


def test_skip_with_extension_from_the_group_page(running, alice):
    data = CHANGES["meeting_skip"]

    response = as_user(alice).post(reverse("meeting_skip", args=[running.pk]), data, follow=True)

    assert "Week 4 is skipped" in response.content.decode()
    assert Meeting.objects.filter(mastermind=running).count() == 11


def test_move_reads_the_new_time_on_the_leaders_clock(running, alice):
    as_user(alice).post(reverse("meeting_move", args=[running.pk]), CHANGES["meeting_move"])

    week4 = Meeting.objects.get(mastermind=running, number=4)
    assert (week4.starts_at, week4.state) == (utc(2027, 3, 25, 16), Meeting.State.MOVED)


def test_move_into_another_call_is_refused_next_to_the_form(running, alice):
    data = {"move-number": "4", "move-starts_at": "2027-03-30T12:30"}

    response = as_user(alice).post(reverse("meeting_move", args=[running.pk]), data)

    assert response.status_code == 409
    page = response.content.decode()
    assert "would overlap week 5" in page
    assert 'value="2027-03-30T12:30"' in page
    assert "<details open>\n    <summary>Move one call" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"move-number": "4", "move-starts_at": "soon"}, "Give a date and time"),
        ({"move-number": "99", "move-starts_at": "2027-03-25T12:00"}, "Pick one of the calls still to come."),
        ({"move-number": "4", "move-starts_at": "2027-03-14T02:30"}, "may be ambiguous or it may not exist"),
    ],
)
def test_move_bad_input_is_refused(running, alice, data, message):
    response = as_user(alice).post(reverse("meeting_move", args=[running.pk]), data)

    assert response.status_code == 422
    assert message in response.content.decode()
    assert Meeting.objects.get(mastermind=running, number=4).sequence == 0


def test_move_from_with_a_bad_zone_keeps_the_typing(running, alice):
    data = {**CHANGES["meetings_move_from"], "from-zone": "New York"}

    response = as_user(alice).post(reverse("meetings_move_from", args=[running.pk]), data)

    assert response.status_code == 422
    page = response.content.decode()
    assert "is not a time zone we know" in page
    assert 'value="New York"' in page


def test_move_from_from_the_group_page(running, alice):
    response = as_user(alice).post(reverse("meetings_move_from", args=[running.pk]), CHANGES["meetings_move_from"])

    assert response.status_code == 302
    assert Schedule.objects.get(mastermind=running).weekday == THURSDAY


@pytest.mark.parametrize("typed", ["9999-12-31T12:00", "0001-01-01T12:00"])
def test_move_to_a_far_year_is_refused_next_to_the_form(running, alice, typed):
    response = as_user(alice).post(
        reverse("meeting_move", args=[running.pk]), {"move-number": "4", "move-starts_at": typed}
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert "Pick a date from 1 January 2000 to 31 December 2100." in page
    assert f'value="{typed}"' in page
    assert Meeting.objects.get(mastermind=running, number=4).state == Meeting.State.SCHEDULED
