"""The group most meeting actions are tried on: four people meeting on Tuesdays at noon in New York."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hotseat.masterminds.models import Mastermind
from hotseat.meetings.models import Meeting
from tests.factories import MeetingFactory
from tests.groups import meets_tuesday_noon


@pytest.fixture
def spring(program, alice, bob, chloe, dev) -> Mastermind:
    return meets_tuesday_noon(program, alice, [bob, chloe, dev])


@pytest.fixture
def upcoming(spring) -> Meeting:
    return Meeting.objects.get(mastermind=spring, number=2)


@pytest.fixture
def started(spring) -> Meeting:
    return MeetingFactory(mastermind=spring, number=11, starts_at=timezone.now() - timedelta(minutes=10))
