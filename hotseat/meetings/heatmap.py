"""When the group is free, on the viewer's own clock: a week of 30-minute cells, counted over the cohort.

A person counts as free in a cell when the whole half hour lies in their free time (on
their own clock) in most weeks of the cohort, so the weeks between two countries' clock
changes do not smear the picture: it shows a typical week. Holidays are left out (they
are single dates, not a weekly pattern); the ranked slots account for them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from zoneinfo import ZoneInfo

from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR

from hotseat.scheduling import Availability, cohort_dates
from hotseat.scheduling.clock import MINUTES_PER_DAY, format_minute

CELL = 30
ROWS = MINUTES_PER_DAY // CELL
WEEK = 7 * MINUTES_PER_DAY
LEVELS = 5
# Rows always shown, so an empty map still reads as a day: 07:00 to 21:00.
DAY_FIRST_ROW, DAY_LAST_ROW = 14, 41


@dataclass(frozen=True)
class Cell:
    count: int
    level: int  # 0 (nobody) .. LEVELS (everybody): the colour step
    names: tuple[str, ...]

    @property
    def everyone(self) -> bool:
        return self.level == LEVELS


@dataclass(frozen=True)
class Row:
    time: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class HeatMap:
    zone: str
    total: int
    rows: tuple[Row, ...]
    legend: tuple[tuple[int, int], ...]  # (count, level)
    quiet_before: str  # "" or the time before which nobody is free ("07:00")
    quiet_after: str

    @property
    def weekdays(self) -> tuple[tuple[str, str], ...]:
        """Each weekday's name and abbreviation in the active language, Monday first: ('Tuesday', 'Tue')."""
        return tuple((str(WEEKDAYS[day]), str(WEEKDAYS_ABBR[day])) for day in range(7))

    @property
    def is_empty(self) -> bool:
        return all(cell.count == 0 for row in self.rows for cell in row.cells)


def level(count: int, total: int) -> int:
    if count <= 0 or total <= 0:
        return 0
    return min(LEVELS, math.ceil(count * LEVELS / total))


def _free_prefix(availability: Availability) -> list[int]:
    # Free minutes of the week, twice over so a half hour may run past Sunday midnight.
    free = bytearray(2 * WEEK)
    for window in availability.windows:
        low = window.weekday * MINUTES_PER_DAY + window.start_minute
        high = window.weekday * MINUTES_PER_DAY + window.end_minute
        free[low:high] = b"\x01" * (high - low)
        free[low + WEEK : high + WEEK] = b"\x01" * (high - low)
    return list(accumulate(free, initial=0))


def _covered(prefix: list[int], minute_of_week: int) -> bool:
    start = minute_of_week % WEEK
    return prefix[start + CELL] - prefix[start] == CELL


def _offset(moment: datetime) -> int:
    offset = moment.utcoffset()
    assert offset is not None  # zoneinfo always knows
    return int(offset.total_seconds() // 60)


class _Person:
    def __init__(self, availability: Availability) -> None:
        self.zone = ZoneInfo(availability.zone)
        self.prefix = _free_prefix(availability)
        self._steady: dict[tuple[int, int], tuple[bool, ...]] = {}

    def steady_day(self, weekday: int, delta: int) -> tuple[bool, ...]:
        """The day's cells when their clock is ``delta`` minutes ahead of the viewer's all day."""
        key = (weekday, delta)
        if key not in self._steady:
            base = weekday * MINUTES_PER_DAY + delta
            self._steady[key] = tuple(_covered(self.prefix, base + row * CELL) for row in range(ROWS))
        return self._steady[key]

    def changing_day(self, starts: Sequence[datetime]) -> tuple[bool, ...]:
        """The day's cells, instant by instant (a clock changes that day somewhere)."""
        found = []
        for instant in starts:
            local = instant.astimezone(self.zone)
            minute = local.weekday() * MINUTES_PER_DAY + local.hour * 60 + local.minute
            found.append(_covered(self.prefix, minute))
        return tuple(found)


def _day_cells(person: _Person, viewer: ZoneInfo, day: date) -> tuple[bool, ...]:
    midnight = datetime(day.year, day.month, day.day, tzinfo=viewer)
    last = midnight + timedelta(hours=23, minutes=59)
    viewer_offset = _offset(midnight)
    start_utc = midnight.astimezone(UTC)
    end_utc = start_utc + timedelta(days=1)
    theirs = _offset(start_utc.astimezone(person.zone))
    if viewer_offset == _offset(last) and theirs == _offset(end_utc.astimezone(person.zone)):
        return person.steady_day(day.weekday(), theirs - viewer_offset)
    starts = [
        datetime(day.year, day.month, day.day, row * CELL // 60, row * CELL % 60, tzinfo=viewer).astimezone(UTC)
        for row in range(ROWS)
    ]
    return person.changing_day(starts)


def heat_map(
    people: Sequence[tuple[str, Availability]], total: int, viewer_zone: str, start: date, weeks: int
) -> HeatMap:
    """Count, for each weekday and half hour on ``viewer_zone``'s clock, who of ``people`` is free.

    ``total`` is the size of the group, people without availability included (they count
    as not free).
    """
    viewer = ZoneInfo(viewer_zone)
    persons = [_Person(availability) for _, availability in people]
    free_weeks = [[[0] * ROWS for _ in range(7)] for _ in persons]
    days_by_weekday = [cohort_dates(start, weeks, weekday) for weekday in range(7)]
    for weekday, days in enumerate(days_by_weekday):
        for day in days:
            for index, person in enumerate(persons):
                counts = free_weeks[index][weekday]
                for row, free in enumerate(_day_cells(person, viewer, day)):
                    if free:
                        counts[row] += 1
    names = [name for name, _ in people]
    grid: list[list[Cell]] = []
    for row in range(ROWS):
        cells = []
        for weekday in range(7):
            who = tuple(names[index] for index in range(len(persons)) if free_weeks[index][weekday][row] * 2 > weeks)
            cells.append(Cell(len(who), level(len(who), total), who))
        grid.append(cells)
    busy = [row for row in range(ROWS) if any(cell.count for cell in grid[row])]
    first = min([DAY_FIRST_ROW, *busy])
    last = max([DAY_LAST_ROW, *busy])
    return HeatMap(
        zone=viewer_zone,
        total=total,
        rows=tuple(Row(format_minute(row * CELL), tuple(grid[row])) for row in range(first, last + 1)),
        legend=tuple((count, level(count, total)) for count in range(total + 1)),
        quiet_before=format_minute(first * CELL) if first > 0 else "",
        quiet_after=format_minute((last + 1) * CELL) if last < ROWS - 1 else "",
    )
