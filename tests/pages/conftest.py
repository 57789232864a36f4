"""Fixtures of the pages tests.

spring: Alice leads Bob, Chloe and Dev, calls Tuesdays 12:00 New York; elsewhere: Erin's group; a call under way;
who is who (cast).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hotseat.masterminds.models import Mastermind
from hotseat.meetings.actions import schedule as actions
from hotseat.meetings.models import Meeting
from tests.factories import MeetingFactory, UserFactory
from tests.groups import meets_tuesday_noon, seated_group
from tests.meetings.groups import NOON, TUESDAY


@pytest.fixture
def spring(program, alice, bob, chloe, dev) -> Mastermind:
    """Alice leads Bob, Chloe and Dev; the rotation is Alice, Bob, Chloe, Dev, … from 2 March 2027."""
    return meets_tuesday_noon(program, alice, [bob, chloe, dev])


@pytest.fixture
def elsewhere(program, erin) -> Mastermind:
    """Erin leads another group of the same program, with calls of its own."""
    mastermind = seated_group(program, erin, [UserFactory(time_zone="Asia/Tokyo")], title="Another group")
    actions.pick_slot(mastermind, weekday=TUESDAY, minute=NOON, zone="Asia/Kolkata", duration_minutes=60, by=erin)
    return mastermind


@pytest.fixture
def started(spring, chloe) -> Meeting:
    """A call of the group that began half an hour ago, Chloe in the hot seat."""
    return MeetingFactory(
        mastermind=spring, number=11, starts_at=timezone.now() - timedelta(minutes=30), presenter=chloe
    )


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


@pytest.fixture
def cast(alice, bob, chloe, erin, organizer):
    return lambda who: person(who, alice, bob, chloe, erin, organizer)
