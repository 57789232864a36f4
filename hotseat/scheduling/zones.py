"""IANA zones as timelines of UTC offsets, and the rule for wall times that occur zero or two times.

``zoneinfo`` is asked once per zone and cohort for the offsets in force (sampled every
few hours, transitions pinned to the minute by bisection); everything after that is
integer arithmetic on UTC minutes and local minutes (see :mod:`hotseat.scheduling.clock`).

The wall-time rule (:meth:`Timeline.to_utc`), which is Python's own ``fold=0``:

* A wall time that does not exist (the spring-forward gap) is read with the offset in
  force just *before* the jump. The instant is ``wall - offset_before``, and the clock
  reads ``wall + gap length`` then: 02:30 in Europe/Paris on 28 March 2027 is
  01:30 UTC, which the clock shows as 03:30.
* A wall time that exists twice (the fall-back fold) is the *first* of the two, again
  with the offset before the change: 01:30 in America/New_York on 7 November 2027 is
  05:30 UTC (01:30 EDT), not 06:30 UTC (01:30 EST).

``datetime(..., tzinfo=ZoneInfo(zone), fold=0).astimezone(UTC)`` gives the same instants.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import Literal
from zoneinfo import ZoneInfo, available_timezones

from hotseat.scheduling.clock import MINUTES_PER_DAY, day_start, utc_datetime
from hotseat.scheduling.errors import SchedulingError, gettext_noop

Resolution = Literal["exact", "gap", "fold"]
"""How a wall time became an instant: it exists once, it fell in the gap, or it fell in the fold."""

# Offsets never change twice within this many minutes in tzdata; bisection finds each change.
_SAMPLE_MINUTES = 6 * 60


# Files some systems keep next to the zones; they name this machine's zone, not a place.
_NOT_ZONES = frozenset({"localtime", "posixrules"})


@cache
def known_zones() -> frozenset[str]:
    """The IANA zone names the core accepts: every zone ``zoneinfo`` has, less this machine's aliases."""
    return frozenset(available_timezones()) - _NOT_ZONES


def load_zone(name: str) -> ZoneInfo:
    """The ``ZoneInfo`` for an IANA name, or a :class:`SchedulingError` that names the unknown zone."""
    if not isinstance(name, str) or name not in known_zones():
        raise SchedulingError.worded(
            gettext_noop("Unknown time zone {name!r}: use an IANA name such as Europe/Paris or America/New_York."),
            name=name,
        )
    return ZoneInfo(name)


@dataclass(frozen=True)
class Timeline:
    """The offsets of one zone over a stretch of UTC: segment ``k`` starts at ``starts[k]`` (UTC minutes).

    In segment ``k`` the zone is ``offsets[k]`` minutes east of UTC and its abbreviation is
    ``names[k]``. The first segment starts at the beginning of the stretch, not at a change.
    """

    zone: str
    starts: tuple[int, ...]
    offsets: tuple[int, ...]
    names: tuple[str, ...]
    # For the change into segment k+1, in local minutes: wall times below _lower[k] exist once,
    # before it; from _lower[k] to _upper[k] they fall in the gap or the fold.
    _lower: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _upper: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        changes = list(zip(self.starts[1:], self.offsets, self.offsets[1:], strict=False))
        object.__setattr__(self, "_lower", tuple(start + min(before, after) for start, before, after in changes))
        object.__setattr__(self, "_upper", tuple(start + max(before, after) for start, before, after in changes))

    def segment(self, utc: int) -> int:
        """The index of the segment holding the instant ``utc``."""
        return max(bisect.bisect_right(self.starts, utc) - 1, 0)

    def offset(self, utc: int) -> int:
        """Minutes east of UTC at the instant ``utc``."""
        return self.offsets[self.segment(utc)]

    def abbreviation(self, utc: int) -> str:
        """The zone's abbreviation at the instant ``utc`` (``'CET'``, ``'+0545'`` ...)."""
        return self.names[self.segment(utc)]

    def to_local(self, utc: int) -> int:
        """The local minutes the zone's clock reads at the instant ``utc``."""
        return utc + self.offset(utc)

    def to_utc(self, local: int) -> tuple[int, Resolution]:
        """The instant of a local wall time under the module's rule (``fold=0``), and how it resolved.

        A wall time in a gap resolves with the offset before the jump (so the clock then
        reads it plus the gap length) and reports ``"gap"``; a wall time in a fold takes
        the earlier of its two instants and reports ``"fold"``.
        """
        # The first change whose gap or fold ends after `local` decides: fold=0 reads a wall
        # time before it, in its gap or in its fold with the offset in force before it.
        index = bisect.bisect_right(self._upper, local)
        before = self.offsets[index]
        if index < len(self._lower) and local >= self._lower[index]:
            return local - before, "gap" if self.offsets[index + 1] > before else "fold"
        return local - before, "exact"

    def steady_offset(self, local_midnight: int) -> int | None:
        """The one offset of a whole local day starting at ``local_midnight``, or None if its clock changes."""
        index = bisect.bisect_right(self._upper, local_midnight)
        if index != bisect.bisect_right(self._upper, local_midnight + MINUTES_PER_DAY - 1):
            return None
        if index < len(self._lower) and local_midnight + MINUTES_PER_DAY - 1 >= self._lower[index]:
            return None
        return self.offsets[index]


def _state(zone: ZoneInfo, utc: int) -> tuple[int, str]:
    moment = utc_datetime(utc).astimezone(zone)
    offset = moment.utcoffset()
    name = moment.tzname()
    assert offset is not None  # a ZoneInfo always knows its offset
    seconds = int(offset.total_seconds())
    if seconds % 60:
        raise SchedulingError.worded(
            gettext_noop(
                "{zone} was {offset} from UTC on {day}, not a whole number of minutes:"
                " dates that old are not supported."
            ),
            zone=zone.key,
            offset=str(offset),
            day=moment.date().isoformat(),
        )
    return seconds // 60, name or ""


@lru_cache(maxsize=1024)
def timeline(zone: str, first_day: date, last_day: date) -> Timeline:
    """The offsets of ``zone`` from ``first_day`` 00:00 UTC to ``last_day`` 00:00 UTC.

    Raises :class:`SchedulingError` for an unknown zone, or a zone whose offset then was
    not a whole number of minutes (local mean time before the 20th century).
    """
    info = load_zone(zone)
    low = day_start(first_day)
    high = max(day_start(last_day), low + 1)
    starts, offsets, names = [low], [], []
    current = _state(info, low)
    offsets.append(current[0])
    names.append(current[1])
    moment = low
    while moment < high:
        step_end = min(moment + _SAMPLE_MINUTES, high)
        target = _state(info, step_end)
        while target != current:
            # Find the first minute after `moment` whose state differs from `current`.
            before, after = moment, step_end
            while after - before > 1:
                middle = (before + after) // 2
                if _state(info, middle) == current:
                    before = middle
                else:
                    after = middle
            current = _state(info, after)
            starts.append(after)
            offsets.append(current[0])
            names.append(current[1])
            moment = after
        moment = step_end
    return Timeline(zone=zone, starts=tuple(starts), offsets=tuple(offsets), names=tuple(names))


def cohort_days(start: date, weeks: int) -> tuple[date, date]:
    """The UTC days a cohort's timelines cover: a few days either side of its weeks, for any offset."""
    return start - timedelta(days=3), start + timedelta(days=7 * weeks + 4)
