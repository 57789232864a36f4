"""What the API answers with: one schema per resource, read from the same models the pages show."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema
from pydantic import Field


class Person(Schema):
    """Someone as the board shows them: a name and a time zone, never an email address."""

    name: str
    time_zone: str


class ProgramOut(Schema):
    slug: str
    name: str
    sponsor: str
    charter: str
    group_size: int
    max_group_size: int
    language: str


class CohortOut(Schema):
    program: str
    slug: str
    name: str
    starts_on: date
    weeks: int
    ends_on: date
    signup_opens_at: datetime | None
    signup_closes_at: datetime | None
    signup_open: bool


class BoardMastermind(Schema):
    id: int
    number: int
    title: str
    focus: str
    preferred_times: str
    state: str
    capacity: int
    open_seats: int
    waiting: int
    leader: Person | None
    members: list[Person]


class WaitlistEntry(Schema):
    position: int
    person: Person
    mastermind: int | None = Field(description="The id of the group waited for; null for any group.")
    seat_held: bool


class MyPlace(Schema):
    """Where the caller stands on this board."""

    signup_status: str | None
    seat_in: int | None = Field(description="The id of the mastermind the caller sits in.")
    waitlist_position: int | None


class BoardOut(Schema):
    cohort: CohortOut
    masterminds: list[BoardMastermind]
    waitlist: list[WaitlistEntry]
    me: MyPlace


class MastermindOut(Schema):
    id: int
    program: str
    cohort: str
    number: int
    title: str
    focus: str
    state: str
    capacity: int
    role: str = Field(description="leader, member or organizer: what the caller is in this group.")
    leader: Person | None
    members: list[Person]


class MeetingOut(Schema):
    number: int
    starts_at: datetime = Field(description="The start, in UTC.")
    ends_at: datetime
    duration_minutes: int
    state: str
    anchor_zone: str = Field(description="The group's anchor zone (the weekly time's), an IANA name.")
    local_start: str = Field(description="The start's wall-clock time in the anchor zone, ISO 8601 with offset.")
    presenter: Person | None


class ProgramPage(Schema):
    items: list[ProgramOut]
    next: str | None


class CohortPage(Schema):
    items: list[CohortOut]
    next: str | None


class MastermindPage(Schema):
    items: list[MastermindOut]
    next: str | None


class MeetingPage(Schema):
    items: list[MeetingOut]
    next: str | None


class WaitlistIn(Schema):
    mastermind: int | None = Field(None, ge=1, le=2**31 - 1, description="A group's id; omit for any group.")


class SeatOut(Schema):
    """The board after the change, and the sentence the page would show."""

    detail: str
    board: BoardOut
