"""The home page (hotseat/pages/home.py): current cohorts, your masterminds, program creation for staff."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from hotseat.masterminds import actions as board
from hotseat.masterminds.models import SeatInvitation
from tests.factories import CohortFactory
from tests.groups import group_led_by

# home and program pages ------------------------------------------------------------------


def test_home_lists_current_cohorts_with_their_group_count(client, program, cohort, alice, bob):
    group_led_by(cohort, alice)
    group_led_by(cohort, bob)
    board.leave_seat(cohort, bob)  # disbanded: not counted
    CohortFactory(program=program, name="Long gone", starts_on=timezone.localdate() - timedelta(weeks=30))

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert f"{program.name} — {cohort.name}" in response.text
    assert "1 mastermind<" in response.text
    assert "Long gone" not in response.text


def test_home_shows_a_seated_person_their_masterminds(client, cohort, alice):
    mastermind = group_led_by(cohort, alice)
    client.force_login(alice)

    response = client.get(reverse("home"))

    assert "Your masterminds" in response.text
    assert f"#m{mastermind.pk}" in response.text
    assert "(leader, forming)" in response.text


def test_home_offers_program_creation_to_staff_only(client, organizer, bob):
    client.force_login(bob)
    assert "Create a program" not in client.get(reverse("home")).text

    client.force_login(organizer)
    assert "Create a program" in client.get(reverse("home")).text


def test_home_points_an_invited_person_to_their_invitations_and_nobody_else(client, cohort, alice, bob):
    mastermind = group_led_by(cohort, alice)
    SeatInvitation.objects.create(cohort=cohort, mastermind=mastermind, user=bob, role="member")
    SeatInvitation.objects.create(cohort=cohort, mastermind=mastermind, user=alice, role="member", status="declined")

    client.force_login(bob)
    to_bob = client.get(reverse("home")).text
    client.force_login(alice)
    to_alice = client.get(reverse("home")).text

    assert "You are invited to a seat in a mastermind." in to_bob
    assert f'href="{reverse("seat_invitations")}"' in to_bob
    assert "You are invited" not in to_alice
