"""The manage page's posts (hotseat/masterminds/views/manage.py): move, merge, close and reopen signup."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from hotseat.masterminds.models import Mastermind, Membership
from tests.factories import UserFactory
from tests.groups import group_led_by
from tests.programs.addresses import manage_url

# manage: move, merge, close, reopen ------------------------------------------------------


def test_manage_moves_a_person(client, cohort, organizer, alice, bob, chloe):
    first = group_led_by(cohort, alice, bob)
    second = group_led_by(cohort, chloe)
    client.force_login(organizer)
    membership = Membership.objects.get(user=bob, left_at__isnull=True)

    response = client.post(
        manage_url(cohort), {"action": "move", "move-membership": membership.pk, "move-to": second.pk}, follow=True
    )

    assert response.redirect_chain == [(manage_url(cohort), 302)]
    assert f"Moved Bob to {second}." in response.text
    assert Membership.objects.get(user=bob, left_at__isnull=True).mastermind == second
    assert first.pk != second.pk


def test_manage_move_into_a_full_group_is_refused_with_the_reason(client, cohort, organizer, alice, bob, chloe, dev):
    group_led_by(cohort, alice, bob)
    full = group_led_by(cohort, chloe, dev, UserFactory(), UserFactory())
    client.force_login(organizer)
    membership = Membership.objects.get(user=bob, left_at__isnull=True)

    response = client.post(manage_url(cohort), {"action": "move", "move-membership": membership.pk, "move-to": full.pk})

    assert response.status_code == 400
    assert "is full (4 seats). Raise its capacity first." in response.text
    assert Membership.objects.get(user=bob, left_at__isnull=True).pk == membership.pk


def test_manage_merges_two_forming_groups(client, cohort, organizer, alice, bob, chloe, dev):
    into = group_led_by(cohort, alice, bob)
    other = group_led_by(cohort, chloe, dev)
    client.force_login(organizer)

    response = client.post(manage_url(cohort), {"action": "merge", "merge-into": into.pk, "merge-other": other.pk})

    assert response.status_code == 302
    other.refresh_from_db()
    assert other.state == Mastermind.State.DISBANDED
    assert Membership.objects.filter(mastermind=into, left_at__isnull=True).count() == 4


def test_manage_merge_of_a_group_with_itself_is_400(client, cohort, organizer, alice):
    into = group_led_by(cohort, alice)
    client.force_login(organizer)

    response = client.post(manage_url(cohort), {"action": "merge", "merge-into": into.pk, "merge-other": into.pk})

    assert response.status_code == 400
    assert "Pick two different masterminds." in response.text
    into.refresh_from_db()
    assert into.state == Mastermind.State.FORMING


def test_manage_closes_and_reopens_signup(client, cohort, organizer):
    client.force_login(organizer)

    closed = client.post(manage_url(cohort), {"action": "close"}, follow=True)
    cohort.refresh_from_db()
    assert "Sign-up is closed." in closed.text
    assert not cohort.signup_open(timezone.now())

    reopened = client.post(manage_url(cohort), {"action": "reopen"}, follow=True)
    cohort.refresh_from_db()
    assert "Sign-up is open again." in reopened.text
    assert cohort.signup_open(timezone.now())


def test_manage_with_an_unknown_action_is_400(client, cohort, organizer):
    client.force_login(organizer)

    response = client.post(manage_url(cohort), {"action": "explode"})

    assert response.status_code == 400
    assert "Unknown action." in response.text


@pytest.mark.parametrize("who", ["outsider", "pending", "member", "leader"])
def test_manage_post_by_anyone_but_an_organizer_is_404(client, cohort, people, who):
    client.force_login(people[who])

    response = client.post(manage_url(cohort), {"action": "close"})

    assert response.status_code == 404
    cohort.refresh_from_db()
    assert cohort.signup_closes_at is None


def test_manage_refuses_a_forged_post(cohort, organizer):
    forger = Client(enforce_csrf_checks=True)
    forger.force_login(organizer)

    response = forger.post(manage_url(cohort), {"action": "close"})

    assert response.status_code == 403
    cohort.refresh_from_db()
    assert cohort.signup_closes_at is None
