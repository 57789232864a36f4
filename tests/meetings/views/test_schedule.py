"""The scheduling page: who may see and do what, bad input, what the page says."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hotseat.masterminds.models import Mastermind
from hotseat.meetings.models import Meeting, Schedule
from tests.clients import as_user
from tests.factories import UserFactory
from tests.groups import another_group, free_around_noon, seated_group
from tests.meetings.groups import NOON, THURSDAY, TUESDAY, free

# What the New York noon call across the spring changes is, in words (meetings.clock.explain).
CHLOE_SPRING = (
    "On 16 and 23 March the call is at 17:00 CET for Chloe, not 18:00:"
    " New York changed its clocks on 14 March, Paris changes them on 28 March."
)
DEV_SPRING = (
    "On 16 and 23 March the call is at 16:00 GMT for Dev, not 17:00:"
    " New York changed its clocks on 14 March, London changes them on 28 March."
)

HTMX = {"HX-Request": "true"}


@pytest.fixture
def spring(program, alice, bob, chloe, dev) -> Mastermind:
    return free_around_noon(program, alice, bob, chloe, dev)


@pytest.fixture
def elsewhere(program, erin, organizer) -> Mastermind:
    return another_group(program, erin)


def text(response) -> str:
    """The page as a reader sees it: tags dropped, white space squeezed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


SLOT = {"weekday": str(TUESDAY), "time": "12:00", "zone": "America/New_York", "duration_minutes": "60"}
WHO = ["outsider", "other group", "member", "leader", "organizer"]


def person(name: str, alice, bob, erin, organizer):
    return {"outsider": None, "other group": erin, "member": bob, "leader": alice, "organizer": organizer}[name]


# Who may do what ---------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), list(zip(WHO, [404, 404, 200, 200, 200], strict=True)))
def test_schedule_page_members_and_organizers_only(spring, elsewhere, alice, bob, erin, organizer, who, status):
    response = as_user(person(who, alice, bob, erin, organizer)).get(reverse("schedule", args=[spring.pk]))

    assert response.status_code == status


@pytest.mark.parametrize(("who", "status"), list(zip(WHO, [404, 404, 200, 200, 200], strict=True)))
def test_schedule_check_members_and_organizers_only(spring, elsewhere, alice, bob, erin, organizer, who, status):
    response = as_user(person(who, alice, bob, erin, organizer)).post(reverse("schedule_check", args=[spring.pk]), SLOT)

    assert response.status_code == status


@pytest.mark.parametrize(("who", "status"), list(zip(WHO, [404, 404, 404, 302, 302], strict=True)))
def test_schedule_pick_leader_and_organizers_only(spring, elsewhere, alice, bob, erin, organizer, who, status):
    response = as_user(person(who, alice, bob, erin, organizer)).post(reverse("schedule_pick", args=[spring.pk]), SLOT)

    assert response.status_code == status
    assert Schedule.objects.filter(mastermind=spring).exists() == (status == 302)


def test_schedule_changes_are_post_only(spring, alice):
    client = as_user(alice)

    for name in ["schedule_pick", "schedule_check"]:
        assert client.get(reverse(name, args=[spring.pk])).status_code == 405


def test_schedule_page_pick_buttons_for_the_leader_only(spring, alice, bob, organizer):
    url = reverse("schedule", args=[spring.pk])

    assert "Pick this slot" in as_user(alice).get(url).content.decode()
    assert "Pick this slot" in as_user(organizer).get(url).content.decode()
    assert "Pick this slot" not in as_user(bob).get(url).content.decode()


# What the scheduling page says -------------------------------------------------------------


def test_schedule_page_ranks_tuesday_noon_new_york_first(spring, alice):
    response = as_user(alice).get(reverse("schedule", args=[spring.pk]))

    best = response.context["slot_options"][0]
    assert (best.slot.weekday, best.slot.minute, best.slot.zone) == (TUESDAY, NOON, "America/New_York")
    assert best.everyone_every_week
    page = text(response)
    assert "✓ Everyone, every week" in page
    assert "Bob 09:00 PST/PDT ✓ every week" in page
    assert "Chloe 18:00 CET/CEST ✓ every week" in page
    assert CHLOE_SPRING in page
    assert DEV_SPRING in page


@pytest.mark.parametrize(("viewer", "row"), [("alice", "12:00"), ("chloe", "18:00"), ("bob", "09:00")])
def test_schedule_page_heat_map_is_on_the_viewers_clock(spring, request, viewer, row):
    response = as_user(request.getfixturevalue(viewer)).get(reverse("schedule", args=[spring.pk]))

    heat = response.context["heat"]
    cells = next(r.cells for r in heat.rows if r.time == row)
    assert (cells[TUESDAY].count, cells[TUESDAY].everyone) == (4, True)
    assert cells[TUESDAY].names == ("Alice", "Bob", "Chloe", "Dev")
    assert cells[0].count == 0  # nobody is free on Mondays


def test_schedule_page_lists_who_has_no_availability(spring, alice, dev):
    dev.availability.delete()

    page = as_user(dev).get(reverse("schedule", args=[spring.pk])).content.decode()

    assert "Waiting for availability" in page
    assert "<strong>Dev</strong> has not entered their availability yet." in page
    assert 'href="/accounts/availability/">Fill in yours now' in page


def test_schedule_page_says_plainly_when_no_time_suits_everyone(spring, alice, dev):
    free(dev, (16, 19), holidays=["2027-03-16", "2027-03-18"])

    response = as_user(alice).get(reverse("schedule", args=[spring.pk]))

    page = text(response)
    assert "No time suits everyone every week." in page
    assert "1. Tuesday 12:00 America/New_York · 60 min 1 of 4 would miss calls" in page
    assert "Dev 17:00 GMT/BST misses 1 of 10: 16 March (holiday)" in page


def test_schedule_page_without_any_availability_still_offers_the_typed_check(program, alice, bob):
    mastermind = seated_group(program, alice, [bob])

    page = as_user(alice).get(reverse("schedule", args=[mastermind.pk])).content.decode()

    assert "Nobody in the group has entered their availability yet" in page
    assert "Try a time of your own" in page


# The hand-typed slot -----------------------------------------------------------------------


def test_schedule_check_shows_the_same_detail_with_a_pick_button(spring, alice):
    typed = {**SLOT, "weekday": str(THURSDAY), "time": "13:00"}

    response = as_user(alice).post(reverse("schedule_check", args=[spring.pk]), typed, headers=HTMX)

    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<section id="check"')  # only the part htmx swaps
    page = text(response)
    assert "Thursday 13:00 America/New_York" in page
    assert "Chloe 19:00 CET/CEST ✓ every week" in page
    assert "Pick this time" in page
    assert not Schedule.objects.filter(mastermind=spring).exists()


def test_schedule_check_wall_time_in_the_gap_is_flagged(program, chloe, alice):
    mastermind = seated_group(program, chloe, [alice], starts_on=date(2027, 3, 15), weeks=3)
    typed = {"weekday": "6", "time": "02:30", "zone": "Europe/Paris", "duration_minutes": "60"}

    page = text(as_user(chloe).post(reverse("schedule_check", args=[mastermind.pk]), typed))

    assert "02:30 does not exist in Europe/Paris on Sunday 28 March 2027: the clocks go forward" in page
    assert "That week the call is at 03:30." in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("time", "25:00", "hours go from 00 to 23"),
        ("time", "noon", "is not a time of day: write it as HH:MM"),
        ("zone", "Mars/Olympus", "is not a time zone we know"),
        ("duration_minutes", "0", "A call lasts at least 15 minutes."),
        ("duration_minutes", "600", "A call lasts at most 240 minutes"),
        ("weekday", "9", "Pick a weekday."),
    ],
)
def test_schedule_check_bad_input_says_why_and_keeps_the_typing(spring, alice, field, value, message):
    typed = {**SLOT, field: value}

    response = as_user(alice).post(reverse("schedule_check", args=[spring.pk]), typed)

    assert response.status_code == 422
    page = response.content.decode()
    assert message in page
    if field != "weekday":
        assert f'value="{value}"' in page


def test_schedule_pick_bad_input_changes_nothing(spring, alice):
    response = as_user(alice).post(reverse("schedule_pick", args=[spring.pk]), {**SLOT, "time": "25:00"})

    assert response.status_code == 422
    assert "hours go from 00 to 23" in response.content.decode()
    assert not Meeting.objects.filter(mastermind=spring).exists()


def test_schedule_pick_refusal_is_shown_on_the_page(spring, alice):
    spring.state = Mastermind.State.FORMING
    spring.save()

    response = as_user(alice).post(reverse("schedule_pick", args=[spring.pk]), SLOT)

    assert response.status_code == 409
    assert "still forming" in response.content.decode()


def test_schedule_pick_goes_to_the_group_page(spring, alice):
    response = as_user(alice).post(reverse("schedule_pick", args=[spring.pk]), SLOT, follow=True)

    assert response.redirect_chain == [(reverse("group", args=[spring.pk]), 302)]
    assert "Weekly call picked: Tuesdays at 12:00 America/New_York." in response.content.decode()
    assert Meeting.objects.filter(mastermind=spring).count() == 10


# N+1 guard ---------------------------------------------------------------------------------


def schedule_queries(mastermind: Mastermind, viewer) -> int:
    client = as_user(viewer)
    client.get(reverse("schedule", args=[mastermind.pk]))  # warm caches (sessions, zones)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("schedule", args=[mastermind.pk])).status_code == 200
    return len(queries)


def test_schedule_page_queries_do_not_grow_with_the_group(program, alice, bob, chloe):
    small = seated_group(program, alice, [bob, chloe])
    extra = [UserFactory(time_zone=zone) for zone in ("Europe/Berlin", "Asia/Kolkata", "America/Chicago")]
    leader = UserFactory(time_zone="Europe/Madrid")
    large = seated_group(program, leader, [*extra, UserFactory()])
    for user in [alice, bob, chloe, leader, *extra]:
        free(user, (9, 18))

    assert schedule_queries(small, alice) == schedule_queries(large, leader)
    assert schedule_queries(small, bob) == schedule_queries(large, extra[0])


@pytest.mark.parametrize("duration", ["²", "9" * 5000, str(2**63)])
def test_schedule_page_with_a_duration_not_a_number_shows_the_usual_length(spring, bob, duration):
    response = as_user(bob).get(reverse("schedule", args=[spring.pk]), {"duration": duration})

    assert response.status_code == 200
    assert response.context["duration"] == 60
