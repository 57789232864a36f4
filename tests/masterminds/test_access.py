"""Who may see a mastermind, and the role the access helpers hand back with it."""

from __future__ import annotations

import pytest
from django.http import Http404

from hotseat.masterminds.access import Role, get_led_mastermind_or_404, get_mastermind_or_404, role_in
from tests.factories import UserFactory
from tests.groups import full_group


def test_get_mastermind_or_404_returns_the_viewers_role(cohort, alice, bob):
    mastermind = full_group(cohort, alice, bob)

    assert get_mastermind_or_404(alice, mastermind.pk) == (mastermind, Role(alice.pk, True, True, False))
    assert get_mastermind_or_404(bob, mastermind.pk) == (mastermind, Role(bob.pk, True, False, False))


def test_an_organizer_sees_and_leads_without_a_seat(cohort, alice, bob):
    mastermind = full_group(cohort, alice, bob)
    organizer = UserFactory()
    cohort.program.organizers.add(organizer)

    found, role = get_led_mastermind_or_404(organizer, mastermind.pk)

    assert found == mastermind
    assert (role.is_member, role.is_organizer, role.may_see, role.may_lead) == (False, True, True, True)


def test_outsiders_and_members_of_other_groups_get_404(cohort, alice, bob, chloe, dev):
    mastermind = full_group(cohort, alice, bob)
    full_group(cohort, chloe, dev)

    for outsider in (UserFactory(), chloe):
        with pytest.raises(Http404):
            get_mastermind_or_404(outsider, mastermind.pk)
    with pytest.raises(Http404):
        get_mastermind_or_404(alice, mastermind.pk + 1000)


def test_a_member_who_does_not_lead_gets_404_from_the_leaders_helper(cohort, alice, bob):
    mastermind = full_group(cohort, alice, bob)

    with pytest.raises(Http404):
        get_led_mastermind_or_404(bob, mastermind.pk)
    assert role_in(bob, mastermind).may_see
