"""Weekly slots in an anchor zone, the cohort's meeting dates, and the instants they fall on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from hotseat.scheduling.clock import MINUTES_PER_DAY, WEEKDAY_NAMES, day_start, format_minute, utc_datetime
from hotseat.scheduling.errors import SchedulingError, gettext_noop
from hotseat.scheduling.zones import Resolution, Timeline, cohort_days, load_zone, timeline

MAX_WEEKS = 104
MAX_DURATION_MINUTES = 4 * 60
# Time zones before 1970 are sketchy (and some offsets not whole minutes); after 2199, not ours to plan.
EARLIEST_START = date(1970, 1, 1)
LATEST_START = date(2199, 12, 31)


@dataclass(frozen=True)
class Slot:
    """A weekly meeting time: ``weekday`` (0=Monday..6=Sunday) and ``minute`` of the day on ``zone``'s clock."""

    weekday: int
    minute: int
    zone: str

    def __post_init__(self) -> None:
        if not isinstance(self.weekday, int) or isinstance(self.weekday, bool) or not 0 <= self.weekday <= 6:
            raise SchedulingError.worded(
                gettext_noop("A slot's weekday is 0 (Monday) to 6 (Sunday), not {value!r}."), value=self.weekday
            )
        if not isinstance(self.minute, int) or isinstance(self.minute, bool) or not 0 <= self.minute < MINUTES_PER_DAY:
            raise SchedulingError.worded(
                gettext_noop("A slot's minute of the day is 0 to 1439, not {value!r}."), value=self.minute
            )
        load_zone(self.zone)

    def __str__(self) -> str:
        return f"{WEEKDAY_NAMES[self.weekday]} {format_minute(self.minute)} {self.zone}"


@dataclass(frozen=True)
class Occurrence:
    """One weekly call of a slot.

    ``date`` is the cohort date in the anchor zone; ``start``/``end`` are aware UTC
    datetimes. ``wall_time`` is what the anchor clock reads at ``start``: the slot's own
    time, except on a gap date (``resolution == "gap"``) where it is later by the gap
    length. ``resolution == "fold"`` marks a wall time that happened twice that night;
    the call is on the first one.
    """

    number: int
    date: date
    start: datetime
    end: datetime
    wall_time: str
    resolution: Resolution


def check_cohort(start: date, weeks: int) -> None:
    """Refuse a start that is not a plain date from 1970 to 2199, or a number of weeks outside 1..104."""
    if isinstance(start, datetime) or not isinstance(start, date):
        raise SchedulingError(f"The cohort starts on a date, not {start!r}.")
    if not EARLIEST_START <= start <= LATEST_START:
        raise SchedulingError.worded(
            gettext_noop("A cohort starts between {first} and {last}, not on {start}."),
            first=EARLIEST_START.year,
            last=LATEST_START.year,
            start=start,
        )
    if not isinstance(weeks, int) or isinstance(weeks, bool) or not 1 <= weeks <= MAX_WEEKS:
        raise SchedulingError.worded(
            gettext_noop("A cohort runs for 1 to {most} weeks, not {weeks!r}."), most=MAX_WEEKS, weeks=weeks
        )


def check_duration(duration_minutes: int) -> None:
    """Refuse a meeting length that is not a whole number of minutes from 1 to 240."""
    if not isinstance(duration_minutes, int) or isinstance(duration_minutes, bool):
        raise SchedulingError.worded(
            gettext_noop("A meeting lasts a whole number of minutes, not {value!r}."), value=duration_minutes
        )
    if duration_minutes <= 0:
        raise SchedulingError.worded(
            gettext_noop("A meeting must last at least a minute, not {minutes}."), minutes=duration_minutes
        )
    if duration_minutes > MAX_DURATION_MINUTES:
        raise SchedulingError.worded(
            gettext_noop("A meeting lasts at most 4 hours (240 minutes), not {minutes}."), minutes=duration_minutes
        )


def cohort_dates(start: date, weeks: int, weekday: int) -> list[date]:
    """The meeting date in each cohort week: week ``k`` spans ``start+7k .. start+7k+6``.

    Each is the date of that span falling on ``weekday`` (0=Monday..6=Sunday), so the
    first meeting is on ``start`` itself or within the following six days.
    """
    check_cohort(start, weeks)
    if not isinstance(weekday, int) or isinstance(weekday, bool) or not 0 <= weekday <= 6:
        raise SchedulingError.worded(
            gettext_noop("A weekday is 0 (Monday) to 6 (Sunday), not {value!r}."), value=weekday
        )
    first = start + timedelta(days=(weekday - start.weekday()) % 7)
    return [first + timedelta(weeks=k) for k in range(weeks)]


def occurrence_starts(slot: Slot, start: date, weeks: int) -> list[tuple[date, int, Resolution]]:
    """Each cohort date of ``slot`` with its start in UTC minutes and how the wall time resolved."""
    line = timeline(slot.zone, *cohort_days(start, weeks))
    found: list[tuple[date, int, Resolution]] = []
    for day in cohort_dates(start, weeks, slot.weekday):
        utc, resolution = line.to_utc(day_start(day) + slot.minute)
        found.append((day, utc, resolution))
    return found


def build_occurrences(
    starts: list[tuple[date, int, Resolution]], line: Timeline, duration_minutes: int
) -> list[Occurrence]:
    """:class:`Occurrence` records for starts from :func:`occurrence_starts`, ``line`` being the anchor's timeline."""
    found = []
    for number, (day, utc, resolution) in enumerate(starts, start=1):
        found.append(
            Occurrence(
                number=number,
                date=day,
                start=utc_datetime(utc),
                end=utc_datetime(utc + duration_minutes),
                wall_time=format_minute(line.to_local(utc) % MINUTES_PER_DAY),
                resolution=resolution,
            )
        )
    return found


def occurrences(slot: Slot, start: date, weeks: int, duration_minutes: int = 60) -> list[Occurrence]:
    """The calls of ``slot`` over a cohort of ``weeks`` weeks from ``start``, as UTC instants.

    A slot time in the anchor zone's spring-forward gap moves later by the gap length that
    week; a slot time in the fall-back fold is its first occurrence (see
    :mod:`hotseat.scheduling.zones`). Raises :class:`SchedulingError` on bad input.
    """
    check_duration(duration_minutes)
    starts = occurrence_starts(slot, start, weeks)
    return build_occurrences(starts, timeline(slot.zone, *cohort_days(start, weeks)), duration_minutes)
