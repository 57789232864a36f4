"""The groups of the tests, in one place.

Rows written directly (the factories):
- seated_group: a mastermind in a cohort of its own (dates that DST cases need), people seated in it.
- running_group: a seated group, running, with weekly calls: week 1 was two days ago, week 2 is in five days;
  the members present in turn, the leader last.

Through the board's actions, on purpose (the forming -> formed transition, its emails, the seat rules):
- full_group: the leader leads a new group of the cohort (capacity 4), the members take its seats.
- group_led_by: the same, titled "Led by <leader>", at the program's default capacity.

Through the meetings' actions:
- meets_tuesday_noon: a seated group whose leader picked Tuesdays 12:00 New York.
- free_around_noon: a seated group whose members marked hours around New York's noon (nothing picked);
  another_group: someone in another group of the same program.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta

from django.utils import timezone

from hotseat.accounts.models import User
from hotseat.masterminds import actions
from hotseat.masterminds.models import Mastermind
from hotseat.meetings.actions.schedule import pick_slot
from hotseat.meetings.models import Meeting
from hotseat.programs.models import Program
from tests.factories import CohortFactory, MastermindFactory, SignupFactory, UserFactory
from tests.masterminds.seating import accept
from tests.meetings.groups import NOON, TUESDAY, free
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
    mastermind = seated_group(
        program, leader, members, starts_on=starts_on, state=Mastermind.State.RUNNING, title=title
    )
    meetings = weekly_meetings(schedule_for(mastermind, wall=time(12, 0), zone="America/New_York"))
    for meeting, presenter in zip(meetings, [*members, leader], strict=False):
        meeting.presenter = presenter
        meeting.save()
    return Group(mastermind, meetings, leader, list(members))


def seated_group(
    program: Program,
    leader: User,
    members: Iterable[User],
    *,
    starts_on: date = date(2027, 3, 2),
    weeks: int = 10,
    state: str = Mastermind.State.FORMED,
    title: str = "Growing a forum",
) -> Mastermind:
    """A mastermind in a cohort of its own, seated directly (no actions): `leader` leads it, `members` sit in it."""
    cohort = CohortFactory(program=program, starts_on=starts_on, weeks=weeks)
    return MastermindFactory(cohort=cohort, title=title, state=state, capacity=8, leader=leader, members=list(members))


def full_group(cohort, leader, *members, capacity: int = 4) -> Mastermind:
    accept(cohort, leader, *members)
    mastermind = actions.lead_mastermind(cohort, leader, title="Growing a forum", capacity=capacity)
    for member in members:
        actions.take_seat(mastermind, member)
    return mastermind


def group_led_by(cohort, leader, *members) -> Mastermind:
    for person in (leader, *members):
        SignupFactory(cohort=cohort, user=person)
    mastermind = actions.lead_mastermind(cohort, leader, title=f"Led by {leader.name}")
    for member in members:
        actions.take_seat(mastermind, member)
    return mastermind


def meets_tuesday_noon(program, leader, members) -> Mastermind:
    """A seated group from 2 March 2027 whose leader picked Tuesdays at 12:00 New York, for an hour."""
    mastermind = seated_group(program, leader, members)
    pick_slot(mastermind, weekday=TUESDAY, minute=NOON, zone="America/New_York", duration_minutes=60, by=leader)
    return mastermind


def free_around_noon(program, alice, bob, chloe, dev) -> Mastermind:
    """Alice (New York) leads Bob, Chloe and Dev from 2 March 2027; all free Tue/Thu around New York's noon."""
    mastermind = seated_group(program, alice, [bob, chloe, dev])
    free(alice, (9, 17))
    free(bob, (8, 12))
    free(dev, (16, 19))
    free(chloe, (17, 20))
    return mastermind


def another_group(program, member) -> Mastermind:
    """``member`` sits in another group of the same program, led by someone in Tokyo."""
    return seated_group(program, UserFactory(time_zone="Asia/Tokyo"), [member], title="Another group")
