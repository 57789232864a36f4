"""Arrange helpers for calendar tests: a schedule and its weekly meetings, from the factories (no meetings.actions)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hotseat.masterminds.models import Mastermind
from hotseat.meetings.models import Meeting, Schedule
from tests.factories import MeetingFactory, ScheduleFactory


def schedule_for(mastermind: Mastermind, *, wall: time, zone: str, duration: int = 60, **fields: object) -> Schedule:
    weekday = mastermind.cohort.starts_on.weekday()
    return ScheduleFactory(
        mastermind=mastermind,
        weekday=weekday,
        minute=wall.hour * 60 + wall.minute,
        zone=zone,
        duration_minutes=duration,
        **fields,
    )


def at(day: date, wall: time, zone: str) -> datetime:
    """The UTC instant of a wall-clock time on a date in a zone."""
    return datetime.combine(day, wall, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def weekly_meetings(schedule: Schedule) -> list[Meeting]:
    """One meeting per week of the cohort, at the schedule's wall time in its anchor zone."""
    cohort = schedule.mastermind.cohort
    wall = time(schedule.minute // 60, schedule.minute % 60)
    return [
        MeetingFactory(
            mastermind=schedule.mastermind,
            number=week + 1,
            starts_at=at(cohort.starts_on + timedelta(weeks=week), wall, schedule.zone),
            duration_minutes=schedule.duration_minutes,
        )
        for week in range(cohort.weeks)
    ]
