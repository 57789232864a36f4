"""Models and view models turned into the API's schemas (the same facts the pages show)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from hotseat.accounts.models import User
from hotseat.api import schemas
from hotseat.masterminds.access import Role
from hotseat.masterminds.board import Board
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.meetings.models import Meeting
from hotseat.programs.models import Cohort, Program


def person(user: User) -> schemas.Person:
    return schemas.Person(name=user.name, time_zone=user.time_zone)


def program(p: Program) -> schemas.ProgramOut:
    return schemas.ProgramOut(
        slug=p.slug,
        name=p.name,
        sponsor=p.sponsor,
        charter=p.charter,
        group_size=p.group_size,
        max_group_size=p.max_group_size,
        language=p.language,
    )


def cohort(c: Cohort, now: datetime) -> schemas.CohortOut:
    return schemas.CohortOut(
        program=c.program.slug,
        slug=c.slug,
        name=c.name,
        starts_on=c.starts_on,
        weeks=c.weeks,
        ends_on=c.ends_on,
        signup_opens_at=c.signup_opens_at,
        signup_closes_at=c.signup_closes_at,
        signup_open=c.signup_open(now),
    )


def board(b: Board, now: datetime) -> schemas.BoardOut:
    return schemas.BoardOut(
        cohort=cohort(b.cohort, now),
        masterminds=[
            schemas.BoardMastermind(
                id=card.mastermind.pk,
                number=card.mastermind.number,
                title=card.mastermind.title,
                focus=card.mastermind.focus,
                preferred_times=card.mastermind.preferred_times,
                state=card.mastermind.state,
                capacity=card.mastermind.capacity,
                open_seats=card.open_seats,
                waiting=card.waiting,
                leader=person(card.leader.user) if card.leader else None,
                members=[person(m.user) for m in card.members],
            )
            for card in b.cards
        ],
        waitlist=[
            schemas.WaitlistEntry(
                position=position,
                person=person(entry.user),
                mastermind=entry.waitlist_mastermind_id,
                seat_held=entry.holds_offer(now),
            )
            for position, entry in enumerate(b.waitlist, start=1)
        ],
        me=schemas.MyPlace(
            signup_status=b.signup.status if b.signup else None,
            seat_in=b.seat.mastermind_id if b.seat else None,
            waitlist_position=b.waitlist_position,
        ),
    )


def role_name(role: Role) -> str:
    if role.is_leader:
        return "leader"
    if role.is_member:
        return "member"
    return "organizer"


def mastermind(m: Mastermind, role: Role, seats: list[Membership]) -> schemas.MastermindOut:
    leader = next((s for s in seats if s.is_leader), None)
    return schemas.MastermindOut(
        id=m.pk,
        program=m.cohort.program.slug,
        cohort=m.cohort.slug,
        number=m.number,
        title=m.title,
        focus=m.focus,
        state=m.state,
        capacity=m.capacity,
        role=role_name(role),
        leader=person(leader.user) if leader else None,
        members=[person(s.user) for s in seats if not s.is_leader],
    )


def meeting(m: Meeting, zone: str) -> schemas.MeetingOut:
    return schemas.MeetingOut(
        number=m.number,
        starts_at=m.starts_at,
        ends_at=m.ends_at,
        duration_minutes=m.duration_minutes,
        state=m.state,
        anchor_zone=zone,
        local_start=m.starts_at.astimezone(ZoneInfo(zone)).isoformat(),
        presenter=person(m.presenter) if m.presenter else None,
    )
