"""Groups built row by row for the tests.

running_group: a running mastermind with weekly calls: week 1 was two days ago, week 2 is in five days; the
members present in turn, the leader last.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta

from django.utils import timezone

from hotseat.accounts.models import User
from hotseat.masterminds.models import Mastermind
from hotseat.meetings.models import Meeting
from tests.meetings.groups import group_of
from tests.meetings.weeks import schedule_for, weekly_meetings


@dataclass
class Group:
    mastermind: Mastermind
    meetings: list[Meeting]
    leader: User
    members: list[User]

    @property
    def week1(self) -> Meeting:
        return self.meetings[0]

    @property
    def week2(self) -> Meeting:
        return self.meetings[1]


def running_group(program, leader, members, *, title="Growing a forum") -> Group:
    starts_on = timezone.localdate() - timedelta(days=2)
    mastermind = group_of(program, leader, members, starts_on=starts_on, state=Mastermind.State.RUNNING, title=title)
    meetings = weekly_meetings(schedule_for(mastermind, wall=time(12, 0), zone="America/New_York"))
    for meeting, presenter in zip(meetings, [*members, leader], strict=False):
        meeting.presenter = presenter
        meeting.save()
    return Group(mastermind, meetings, leader, list(members))
