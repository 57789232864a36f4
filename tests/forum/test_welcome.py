"""The welcome topic: members and zones, the weekly call and its link, the charter, in the program's language."""

from __future__ import annotations

import pytest

from hotseat.forum.welcome import welcome_topic
from hotseat.integrations.video import video_link_for
from tests.factories import ScheduleFactory
from tests.forum.helpers import formed_group

pytestmark = pytest.mark.django_db


def test_before_the_weekly_time_is_picked(cohort, alice, bob, chloe, dev):
    mastermind = formed_group(cohort, alice, bob, chloe, dev)
    title, raw = welcome_topic(mastermind)
    assert title == f"Welcome to {mastermind.title}"
    assert "@alice_nyc, time zone America/New_York" in raw
    assert f"{chloe.name}, time zone {chloe.time_zone}" in raw
    assert "The weekly time is not chosen yet" in raw
    assert "One call a week, one hour of homework." in raw


def test_in_french_with_the_weekly_call(cohort, alice, bob, chloe, dev):
    cohort.program.language = "fr"
    cohort.program.save(update_fields=["language"])
    mastermind = formed_group(cohort, alice, bob, chloe, dev)
    schedule = ScheduleFactory(mastermind=mastermind, weekday=1, minute=12 * 60, zone="America/New_York")
    title, raw = welcome_topic(mastermind)
    assert title == f"Bienvenue dans {mastermind.title}"
    assert "le mardi à 12:00 America/New_York" in raw
    assert f"Lien de visio\u00a0: {video_link_for(schedule).url}" in raw
    assert "fuseau horaire" in raw
    assert "time zone" not in raw
