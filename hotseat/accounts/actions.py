"""Every change to a person's account data: their weekly availability and dates away, their language."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext, pgettext

from hotseat.accounts.models import User, WeeklyAvailability
from hotseat.accounts.timezones import validate_time_zone
from hotseat.core_messages import in_language
from hotseat.refusals import RefusalError
from hotseat.scheduling import Availability, SchedulingError, Window
from hotseat.scheduling.clock import MINUTES_PER_DAY, format_minute

MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
# The availability page's grid: windows the page writes start and end on these half hours.
CELL_MINUTES = 30
HOLIDAY_YEARS = 2
MAX_HOLIDAYS = 200
MAX_WINDOWS = 7 * MINUTES_PER_DAY // CELL_MINUTES

WindowLike = Window | tuple[int, int, int] | list[int]


class AvailabilityError(RefusalError):
    """A change to availability that cannot happen; ``message`` is shown to the person as is.

    ``field`` says which input it is about: ``"windows"`` (the default), ``"zone"`` or ``"holidays"``.
    """

    field: str

    def __init__(self, message: str, *, field: str = "windows") -> None:
        super().__init__(message, field=field)


def local_today(zone: str) -> date:
    """Today's date on the clock of ``zone``: holidays are dates of the person's own calendar."""
    return datetime.now(ZoneInfo(zone)).date()


def holiday_horizon(today: date) -> date:
    """The last date a holiday may be on: two years from today (28 February for a 29 February)."""
    try:
        return today.replace(year=today.year + HOLIDAY_YEARS)
    except ValueError:
        return today.replace(year=today.year + HOLIDAY_YEARS, day=28)


def merge_windows(windows: Iterable[Window]) -> list[Window]:
    """The windows sorted, those of one weekday that touch (or overlap) joined into one.

    Half-hour cells from the grid arrive one by one: Tuesday 17:00-17:30 and 17:30-18:00
    are stored as Tuesday 17:00-18:00. Windows never join across midnight: the core keeps
    each window inside its day and joins them itself when it looks for a call.
    """
    merged: list[Window] = []
    for window in sorted(windows):
        last = merged[-1] if merged else None
        if last is not None and last.weekday == window.weekday and window.start_minute <= last.end_minute:
            merged[-1] = Window(last.weekday, last.start_minute, max(last.end_minute, window.end_minute))
        else:
            merged.append(window)
    return merged


def _check_zone(zone: str) -> str:
    try:
        validate_time_zone(zone)
    except ValidationError as exc:
        raise AvailabilityError(" ".join(exc.messages), field="zone") from None
    return zone


def _window_text(window: Window) -> str:
    return pgettext("a weekly window: weekday, start, end", "%(day)s %(start)s–%(end)s") % {
        "day": WEEKDAYS[window.weekday],
        "start": format_minute(window.start_minute),
        "end": format_minute(window.end_minute),
    }


def _check_windows(zone: str, windows: Iterable[WindowLike]) -> list[Window]:
    try:
        parts = [w if isinstance(w, Window) else Window(*w) for w in windows]
    except (SchedulingError, TypeError) as exc:
        raise AvailabilityError(in_language(exc), field="windows") from None
    if len(parts) > MAX_WINDOWS:
        raise AvailabilityError(
            ngettext(
                "That is %(count)d window; a week holds at most %(most)d.",
                "That is %(count)d windows; a week holds at most %(most)d.",
                len(parts),
            )
            % {"count": len(parts), "most": MAX_WINDOWS},
            field="windows",
        )
    # Windows that overlap are refused: two typed lines saying different things about the
    # same half hour are a mistake to show, not to paper over. (The core refuses them too.)
    for before, after in pairwise(sorted(parts)):
        if before.weekday == after.weekday and before.end_minute > after.start_minute:
            raise AvailabilityError(
                gettext("%(before)s overlaps %(after)s: join them into one window or move one.")
                % {"before": _window_text(before), "after": _window_text(after)},
                field="windows",
            )
    try:
        Availability(zone=zone, windows=tuple(parts))
    except SchedulingError as exc:
        raise AvailabilityError(in_language(exc), field="windows") from None
    return merge_windows(parts)


def _check_holidays(holidays: Iterable[date], today: date) -> list[date]:
    # Dates that have passed are dropped without a word: they were fine when typed.
    kept = sorted({day for day in holidays if day >= today})
    horizon = holiday_horizon(today)
    too_far = [day for day in kept if day > horizon]
    if too_far:
        raise AvailabilityError(
            gettext("%(day)s is more than two years away: pick a date up to %(last_day)s.")
            % {"day": date_format(too_far[0], "l j F Y"), "last_day": date_format(horizon, "j F Y")},
            field="holidays",
        )
    if len(kept) > MAX_HOLIDAYS:
        raise AvailabilityError(
            ngettext(
                "That is %(count)d date; list at most %(most)d.",
                "That is %(count)d dates; list at most %(most)d.",
                len(kept),
            )
            % {"count": len(kept), "most": MAX_HOLIDAYS},
            field="holidays",
        )
    return kept


@transaction.atomic
def save_availability(
    user: User,
    *,
    zone: str,
    windows: Iterable[WindowLike],
    holidays: Iterable[date],
    today: date | None = None,
) -> WeeklyAvailability:
    """Replace ``user``'s weekly windows and dates away; raise AvailabilityError and change nothing on bad input.

    ``zone`` is the zone the windows were entered in (the one the page showed, normally the
    person's profile zone): the windows are wall-clock times on that zone's clock.
    Windows that touch are joined; windows that overlap or cross midnight are refused.
    Holidays are deduplicated; past dates dropped; dates beyond two years refused.
    """
    zone = _check_zone(zone)
    merged = _check_windows(zone, windows)
    kept = _check_holidays(holidays, today or local_today(zone))
    availability, _ = WeeklyAvailability.objects.update_or_create(
        user=user,
        defaults={
            "zone": zone,
            "windows": [[w.weekday, w.start_minute, w.end_minute] for w in merged],
            "holidays": [day.isoformat() for day in kept],
        },
    )
    return availability


def _utc_offset(zone: str, day: date) -> int:
    offset = datetime(day.year, day.month, day.day, 12, tzinfo=UTC).astimezone(ZoneInfo(zone)).utcoffset()
    assert offset is not None  # a ZoneInfo always knows its offset
    return int(offset.total_seconds()) // 60


# Weeks looked at when the person has no cohort to come: a cohort's usual length.
DEFAULT_SHIFT_WEEKS = 10


def zone_shift(from_zone: str, to_zone: str, first_day: date, weeks: int = DEFAULT_SHIFT_WEEKS) -> int:
    """Minutes to add to a wall time in ``from_zone`` to read it on ``to_zone``'s clock, in a typical week.

    The difference changes with the seasons (Paris is 6 hours ahead of New York most of the
    year, 5 in the weeks between the US and EU clock changes), so one shift cannot be right
    on every date. We take the difference most common over ``weeks`` weeks from
    ``first_day`` (the weeks left of the person's next cohort, else today and the default
    horizon), the earliest week breaking a tie:
    right for most calls of the cohort that matters next, and the page says which shift it used.
    """
    shifts = [
        _utc_offset(to_zone, first_day + timedelta(weeks=k)) - _utc_offset(from_zone, first_day + timedelta(weeks=k))
        for k in range(weeks)
    ]
    counts = Counter(shifts)
    return max(shifts, key=lambda shift: (counts[shift], -shifts.index(shift)))


def shift_windows(windows: Iterable[Window], shift: int) -> list[Window]:
    """The windows moved by ``shift`` minutes around the week, split at midnight and kept on half hours.

    A shift of a whole number of half hours moves every window exactly. Zones a quarter hour
    apart (Asia/Kathmandu) would put windows on quarter hours, which the grid cannot show:
    those windows shrink to the half hours they cover, so a converted window never claims
    time the person did not offer.
    """
    moved: list[Window] = []
    for window in windows:
        start = (window.weekday * MINUTES_PER_DAY + window.start_minute + shift) % MINUTES_PER_WEEK
        end = start + window.end_minute - window.start_minute
        spans = [(start, end)] if end <= MINUTES_PER_WEEK else [(start, MINUTES_PER_WEEK), (0, end - MINUTES_PER_WEEK)]
        for span_start, span_end in spans:
            low, day_start = span_start, span_start - span_start % MINUTES_PER_DAY
            while low < span_end:
                day_end = min(span_end, day_start + MINUTES_PER_DAY)
                first = -(-(low - day_start) // CELL_MINUTES) * CELL_MINUTES
                last = (day_end - day_start) // CELL_MINUTES * CELL_MINUTES
                if first < last:
                    moved.append(Window(day_start // MINUTES_PER_DAY, first, last))
                low = day_start = day_end
    return merge_windows(moved)


@transaction.atomic
def convert_availability(
    user: User, *, from_zone: str, to_zone: str, first_day: date, weeks: int = DEFAULT_SHIFT_WEEKS
) -> WeeklyAvailability:
    """Move ``user``'s windows from ``from_zone``'s clock to ``to_zone``'s (see :func:`zone_shift`).

    ``from_zone`` is the zone the person saw when they asked: if the stored windows are in
    another zone by now (a second click, another tab), nothing changes and AvailabilityError says so.
    """
    to_zone = _check_zone(to_zone)
    stored = WeeklyAvailability.objects.select_for_update().filter(user=user).first()
    if stored is None or stored.zone != from_zone:
        raise AvailabilityError(
            gettext("Your hours changed since this page loaded; nothing was converted. Check them below.")
        )
    current = stored.as_core()
    stored.windows = [
        [w.weekday, w.start_minute, w.end_minute]
        for w in shift_windows(current.windows, zone_shift(from_zone, to_zone, first_day, weeks))
    ]
    stored.zone = to_zone
    stored.save(update_fields=["zone", "windows", "updated_at"])
    return stored


def choose_language(user: User, language: str) -> None:
    """The language the person reads hotseat and its emails in; "" gives the choice back to their browser."""
    if language and language not in dict(settings.LANGUAGES):
        raise RefusalError(gettext("Pick one of the languages in the list."), field="language")
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
