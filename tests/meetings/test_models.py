"""The questions the meetings QuerySets name: the calls still to come."""

from __future__ import annotations

from datetime import timedelta

from hotseat.meetings.actions import schedule as actions
from hotseat.meetings.models import Meeting
from tests.groups import seated_group
from tests.meetings.groups import NOON, TUESDAY


def test_upcoming_leaves_out_calls_started_and_skipped(program, alice, bob, chloe):
    spring = seated_group(program, alice, [bob, chloe])
    actions.pick_slot(spring, weekday=TUESDAY, minute=NOON, zone="America/New_York", duration_minutes=60, by=alice)
    meetings = list(Meeting.objects.filter(mastermind=spring).order_by("number"))
    actions.skip_meeting(meetings[3], extend_cohort=False)
    now = meetings[1].starts_at  # week 2 is starting: not upcoming any more

    upcoming = [m.number for m in Meeting.objects.upcoming(now).filter(mastermind=spring).order_by("number")]

    assert upcoming == [n for n in range(3, 11) if n != 4]
    assert (
        Meeting.objects.upcoming(meetings[-1].starts_at + timedelta(minutes=1)).filter(mastermind=spring).count() == 0
    )
