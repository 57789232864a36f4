"""The common-slot search: every weekly slot of an anchor zone, ranked for a group."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from hotseat.scheduling.availability import Member, check_members
from hotseat.scheduling.clock import MINUTES_PER_DAY, day_start
from hotseat.scheduling.coverage import build_cover
from hotseat.scheduling.errors import SchedulingError, gettext_noop
from hotseat.scheduling.evaluation import SlotEvaluation, describe
from hotseat.scheduling.slots import Slot, check_cohort, check_duration, cohort_dates, occurrence_starts
from hotseat.scheduling.zones import load_zone

WORKING_DAYS = (0, 1, 2, 3, 4)


def _check_search(weekdays: tuple[int, ...], step_minutes: int, limit: int | None) -> None:
    if not weekdays:
        raise SchedulingError.worded(gettext_noop("Give at least one weekday to search."))
    for weekday in weekdays:
        if not isinstance(weekday, int) or isinstance(weekday, bool) or not 0 <= weekday <= 6:
            raise SchedulingError.worded(
                gettext_noop("A weekday is 0 (Monday) to 6 (Sunday), not {value!r}."), value=weekday
            )
    if (
        not isinstance(step_minutes, int)
        or isinstance(step_minutes, bool)
        or not 0 < step_minutes <= MINUTES_PER_DAY
        or MINUTES_PER_DAY % step_minutes
    ):
        raise SchedulingError.worded(
            gettext_noop("The step between candidate times must divide a day (e.g. 15, 30, 60), not {value!r}."),
            value=step_minutes,
        )
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 1):
        raise SchedulingError(f"The number of slots to return is at least 1 (or None for all), not {limit!r}.")


def rank_slots(
    members: Iterable[Member],
    start: date,
    weeks: int,
    duration_minutes: int = 60,
    *,
    anchor_zone: str,
    weekdays: Iterable[int] = WORKING_DAYS,
    step_minutes: int = 30,
    limit: int | None = 10,
) -> list[SlotEvaluation]:
    """The best weekly slots for ``members``, best first: every ``step_minutes`` of every weekday in ``weekdays``.

    Candidates are wall times of ``anchor_zone`` (the leader's). They are ranked by
    :attr:`SlotEvaluation.rank_key`: most members able to make every call, then most calls
    attended in all, then the least penalty for hours outside 07:00-21:00 local, then
    weekday and time. When no slot suits everyone the best partial ones still come back,
    each member's ``misses`` saying which dates they would miss and why. At most ``limit``
    evaluations (None: all candidates). Raises :class:`SchedulingError` on bad input.
    """
    found = check_members(members)
    check_cohort(start, weeks)
    check_duration(duration_minutes)
    load_zone(anchor_zone)
    days = tuple(weekdays)
    _check_search(days, step_minutes, limit)
    days = tuple(sorted(set(days)))

    cover = build_cover(found, start, weeks, duration_minutes, anchor_zone=anchor_zone, slot_minutes=[step_minutes])
    anchor, grid = cover.anchor, cover.grid
    minutes = range(0, MINUTES_PER_DAY, step_minutes)
    stride = step_minutes // grid.cell
    scored: list[tuple[int, int, int, int, int]] = []
    for weekday in days:
        # Each date's candidate start cells; on a day without a clock change they are evenly spaced.
        per_date: list[Sequence[int]] = []
        for day in cohort_dates(start, weeks, weekday):
            midnight = day_start(day)
            offset = anchor.steady_offset(midnight)
            if offset is None:
                per_date.append([grid.cell_of(anchor.to_utc(midnight + minute)[0]) for minute in minutes])
            else:
                first = grid.cell_of(midnight - offset)
                per_date.append(range(first, first + len(minutes) * stride, stride))
        for minute, cells in zip(minutes, zip(*per_date, strict=True), strict=True):
            everyone, total, penalty = cover.tally(cells)
            scored.append((-everyone, -total, penalty, weekday, minute))
    scored.sort()
    best = scored if limit is None else scored[:limit]
    results = []
    for *_, weekday, minute in best:
        slot = Slot(weekday=weekday, minute=minute, zone=anchor_zone)
        results.append(describe(cover, slot, occurrence_starts(slot, start, weeks)))
    return results
