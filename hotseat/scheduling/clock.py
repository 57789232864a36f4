"""Wall-clock notation and the whole-minute counts the scheduling core computes with.

An instant is counted in whole minutes since 1970-01-01 00:00 UTC ("UTC minutes"). A
reading of some local clock is counted the same way from 1970-01-01 00:00 on that clock
("local minutes"), so a local date plus a minute of that day is plain addition, and the
inner loops of a search never build a ``datetime``.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from hotseat.scheduling.errors import SchedulingError, gettext_noop

MINUTES_PER_DAY = 24 * 60
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL = _EPOCH.date().toordinal()
_HHMM = tuple(f"{m // 60:02d}:{m % 60:02d}" for m in range(MINUTES_PER_DAY + 1))
_WALL_TIME = re.compile(r"(\d{1,2}):(\d{2})")


def day_start(day: date) -> int:
    """Minutes from the epoch to ``day`` 00:00 on a clock that reads ``day`` (UTC or local alike)."""
    return (day.toordinal() - _EPOCH_ORDINAL) * MINUTES_PER_DAY


def day_of(minutes: int) -> date:
    """The date a clock reads at ``minutes`` after the epoch (the inverse of :func:`day_start`)."""
    return date.fromordinal(_EPOCH_ORDINAL + minutes // MINUTES_PER_DAY)


def utc_datetime(minutes: int) -> datetime:
    """The aware UTC ``datetime`` of an instant counted in UTC minutes."""
    return _EPOCH + timedelta(minutes=minutes)


def format_minute(minute: int) -> str:
    """``'HH:MM'`` for a minute of the day; 1440 is written ``'24:00'`` (the end of a day)."""
    if 0 <= minute <= MINUTES_PER_DAY:
        return _HHMM[minute]
    hours, minutes = divmod(minute, 60)
    return f"{hours:02d}:{minutes:02d}"


def parse_wall_time(value: str | time) -> int:
    """The minute of the day of a hand-typed ``'HH:MM'`` (or a naive ``time`` with whole minutes).

    Raises :class:`SchedulingError` naming what is wrong with the value.
    """
    if isinstance(value, time):
        if value.tzinfo is not None:
            raise SchedulingError.worded(
                gettext_noop("{time} carries a time zone: give the wall time and the zone apart."),
                time=value.isoformat(),
            )
        if value.second or value.microsecond:
            raise SchedulingError.worded(
                gettext_noop("{time} is not a whole minute: give hours and minutes only."), time=value.isoformat()
            )
        return value.hour * 60 + value.minute
    match = _WALL_TIME.fullmatch(value.strip())
    if match is None:
        raise SchedulingError.worded(
            gettext_noop("{value!r} is not a time of day: write it as HH:MM, e.g. 18:30."), value=value
        )
    hours, minutes = int(match[1]), int(match[2])
    if hours > 23 or minutes > 59:
        raise SchedulingError.worded(
            gettext_noop("{value!r} is not a time of day: hours go from 00 to 23 and minutes from 00 to 59."),
            value=value,
        )
    return hours * 60 + minutes
