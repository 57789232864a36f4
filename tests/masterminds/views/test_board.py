"""The public sign-up board (hotseat/masterminds/views/board.py): what each kind of person sees, htmx."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hotseat.masterminds import actions as board
from hotseat.masterminds.models import Mastermind
from hotseat.programs.models import Signup
from tests.factories import SignupFactory, UserFactory
from tests.groups import group_led_by
from tests.programs.addresses import manage_url, review_queue_url, signup_url

# the public board ------------------------------------------------------------------------


HTMX = {"HX-Request": "true"}


def test_board_is_public_and_invites_anonymous_people_to_sign_up(client, cohort, alice, bob):
    group_led_by(cohort, alice, bob)

    response = client.get(cohort.get_absolute_url())

    assert response.status_code == 200
    assert "<html" in response.text
    assert "Alice" in response.text
    assert "America/Los_Angeles" in response.text
    assert f"?next={signup_url(cohort)}" in response.text
    assert "Take this seat" not in response.text


def test_board_of_an_unknown_cohort_is_404(client, program):
    assert client.get(reverse("board", args=[program.slug, "nope"])).status_code == 404


def test_board_with_htmx_returns_only_the_board_fragment(client, cohort, alice):
    group_led_by(cohort, alice)

    response = client.get(cohort.get_absolute_url(), headers=HTMX)

    assert response.status_code == 200
    text = response.text.strip()
    assert text.startswith('<div id="board"')
    assert text.endswith("</div>")
    assert "<html" not in text
    assert "<h1>" not in text
    assert "Alice" in text


def test_board_tells_a_pending_person_to_wait_for_review(client, cohort, erin):
    SignupFactory(cohort=cohort, user=erin, status=Signup.Status.PENDING)
    client.force_login(erin)

    response = client.get(cohort.get_absolute_url())

    assert "Your signup is waiting for an organizer" in response.text
    assert "Lead a new mastermind" not in response.text


def test_board_shows_a_declined_person_the_organizers_message(client, cohort, dev):
    SignupFactory(
        cohort=cohort, user=dev, status=Signup.Status.DECLINED, organizer_message="This one is for forum admins."
    )
    client.force_login(dev)

    response = client.get(cohort.get_absolute_url())

    assert "Your signup was not accepted this time." in response.text
    assert "This one is for forum admins." in response.text
    assert "Withdraw from this cohort" not in response.text


def test_board_gives_an_accepted_person_the_lead_form_and_open_seats(client, cohort, alice, bob):
    group_led_by(cohort, alice)
    SignupFactory(cohort=cohort, user=bob)
    client.force_login(bob)

    response = client.get(cohort.get_absolute_url())

    assert "Lead a new mastermind" in response.text
    assert response.text.count("Take this seat</button>") == 3
    assert "Join the waitlist for any group" in response.text


def test_board_gives_the_leader_of_a_formed_group_the_next_step(client, cohort, alice, bob, chloe, dev):
    group_led_by(cohort, alice, bob, chloe, dev)
    client.force_login(alice)

    response = client.get(cohort.get_absolute_url())

    assert "Contact your group and" in response.text
    mastermind = Mastermind.objects.get(cohort=cohort)
    assert f'href="/m/{mastermind.pk}/schedule/">pick a weekly call time</a>' in response.text
    client.force_login(bob)
    assert "Contact your group" not in client.get(cohort.get_absolute_url()).text


def test_board_shows_a_waitlisted_person_their_place(client, cohort, alice, bob, chloe, dev, erin):
    group_led_by(cohort, alice, bob, chloe, dev)
    for person in (UserFactory(), erin):
        SignupFactory(cohort=cohort, user=person)
        board.join_waitlist(cohort, person)
    client.force_login(erin)

    response = client.get(cohort.get_absolute_url())

    assert "You are <strong>number 2</strong> on the waitlist for any group." in response.text


def test_board_shows_the_organizer_their_tools(client, cohort, organizer, bob):
    client.force_login(bob)
    assert review_queue_url(cohort) not in client.get(cohort.get_absolute_url()).text

    client.force_login(organizer)
    response = client.get(cohort.get_absolute_url())

    assert review_queue_url(cohort) in response.text
    assert manage_url(cohort) in response.text


@pytest.mark.parametrize("posted", ["²", "9" * 5000, "-1"])
def test_join_waitlist_for_a_mastermind_id_not_a_number_is_404(client, cohort, bob, posted):
    SignupFactory(cohort=cohort, user=bob)
    client.force_login(bob)

    response = client.post(reverse("join_waitlist", args=[cohort.program.slug, cohort.slug]), {"mastermind": posted})

    assert response.status_code == 404
    assert not Signup.objects.filter(user=bob, status=Signup.Status.WAITLISTED).exists()
