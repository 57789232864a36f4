"""What the availability page accepts: grid cells, dates, and hours typed as "Tue 17:00-19:00" lines.

Errors say what is wrong in plain words. Fields only a broken or forged request gets wrong
(MALFORMED_FIELDS) are told apart, so the view answers them with a 400, never a form to fix.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

from hotseat.accounts import actions
from hotseat.accounts.actions import CELL_MINUTES
from hotseat.accounts.timezones import validate_time_zone
from hotseat.core_messages import in_language
from hotseat.scheduling import Window
from hotseat.scheduling.clock import MINUTES_PER_DAY, WEEKDAY_NAMES, format_minute
from hotseat.typed_input import WindowDateField, in_window

# English abbreviations, as the scheduling core names days; what a person reads comes from day_short().
DAY_SHORT = tuple(name[:3] for name in WEEKDAY_NAMES)
CELLS_PER_WEEK = 7 * MINUTES_PER_DAY // CELL_MINUTES
MAX_TEXT = 5000
MAX_LINES = 200
MALFORMED_FIELDS = ("cell", "holiday", "remove_holiday", "source")


# --- windows as text: "Tue 17:00-19:00" -------------------------------------------------------


def day_short(weekday: int) -> str:
    """The weekday's abbreviation in the active language: "Tue", « mar »."""
    return str(WEEKDAYS_ABBR[weekday])


def day_name(weekday: int) -> str:
    """The weekday's name in the active language: "Tuesday", « mardi »."""
    return str(WEEKDAYS[weekday])


def _span(day: str, start: int, end: int) -> str:
    return pgettext("a weekly window: weekday, start, end", "%(day)s %(start)s–%(end)s") % {
        "day": day,
        "start": format_minute(start),
        "end": format_minute(end),
    }


def window_text(window: Window) -> str:
    """One window in words: "Tuesday 17:00-19:00", « mardi 17:00-19:00 » (with an en dash)."""
    return _span(day_name(window.weekday), window.start_minute, window.end_minute)


def describe(windows: list[Window]) -> str:
    """Windows as "Tue 17:00-19:00, Thu 12:00-14:00" (« mar 17:00-19:00, jeu 12:00-14:00 »), with en dashes."""
    return ", ".join(_span(day_short(w.weekday), w.start_minute, w.end_minute) for w in windows)


def summary(windows: list[Window], zone: str) -> str:
    if not windows:
        return gettext("No hours marked yet (%(zone)s)") % {"zone": zone}
    return pgettext("windows and their zone", "%(hours)s (%(zone)s)") % {"hours": describe(windows), "zone": zone}


def typed_hours(windows: list[Window]) -> str:
    """The text alternative's content for saved windows: one window a line, easy to retype (in the active language)."""
    return "\n".join(
        f"{day_short(w.weekday)} {format_minute(w.start_minute)}-{format_minute(w.end_minute)}" for w in windows
    )


_LINE = re.compile(r"(?P<day>[^\W\d_]+)\.?\s+(?P<ranges>.*)")
_RANGE = re.compile(r"(?P<start>\S+?)\s*(?:-|–|—|\bto\b|\bà\b)\s*(?P<end>\S+)", re.IGNORECASE)
_TIME = re.compile(r"(\d{1,2}):(\d{2})")


def _weekday(token: str) -> int:
    """The weekday a typed name starts (two letters at least), in English or in the active language."""
    names = [(day, name) for day, name in enumerate(WEEKDAY_NAMES)] + [(day, day_name(day)) for day in range(7)]
    found = {day for day, name in names if len(token) >= 2 and name.lower().startswith(token.lower())}
    if len(found) != 1:
        raise ValueError(
            gettext("“%(token)s” is not a day of the week: use Mon, Tue, Wed, Thu, Fri, Sat or Sun.") % {"token": token}
        )
    return found.pop()


def _minute(text: str) -> int:
    match = _TIME.fullmatch(text)
    if match is None:
        raise ValueError(gettext("“%(text)s” is not a time: write it as HH:MM, e.g. 17:30.") % {"text": text})
    hours, minutes = int(match[1]), int(match[2])
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise ValueError(gettext("“%(text)s” is not a time of day: from 00:00 to 24:00.") % {"text": text})
    # Typed hours follow the grid's half hours so the grid and the text always show the same thing.
    if minutes % CELL_MINUTES:
        raise ValueError(gettext("%(text)s is not on a half hour: use times ending in :00 or :30.") % {"text": text})
    return hours * 60 + minutes


def check_window(weekday: int, start: int, end: int) -> Window:
    """The window from ``start`` to ``end`` on ``weekday``, or ValueError saying in words why it cannot be one."""
    typed = _span(day_name(weekday), start, end)
    if end == start:
        raise ValueError(gettext("%(window)s is empty.") % {"window": typed})
    if end < start:
        if end == 0:
            raise ValueError(gettext("%(window)s crosses midnight: end it at 24:00 instead.") % {"window": typed})
        raise ValueError(
            gettext("%(window)s crosses midnight: enter %(before_midnight)s and %(after_midnight)s.")
            % {
                "window": typed,
                "before_midnight": _span(day_name(weekday), start, MINUTES_PER_DAY),
                "after_midnight": _span(day_name((weekday + 1) % 7), 0, end),
            }
        )
    return Window(weekday, start, end)


def parse_typed_hours(text: str) -> list[Window]:
    """Windows from lines like "Tue 17:00-19:00" or "Thursday 12:00-14:00, 18:00-19:30" (en dashes too).

    Raises ValidationError with one message per bad line ("Line 3: ..."), and one per pair of
    lines that overlap; blank lines and lines starting with # are skipped.
    """
    errors: list[str] = []
    found: list[tuple[Window, int]] = []
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        raise ValidationError(
            ngettext(
                "That is %(count)d line; type at most %(most)d.",
                "That is %(count)d lines; type at most %(most)d.",
                len(lines),
            )
            % {"count": len(lines), "most": MAX_LINES}
        )
    for number, typed in enumerate(lines, start=1):
        line = typed.strip()
        if not line or line.startswith("#"):
            continue
        try:
            match = _LINE.fullmatch(line)
            if match is None:
                raise ValueError(
                    gettext("“%(line)s” is not a day and times: write it like Tue 17:00-19:00.") % {"line": line}
                )
            weekday = _weekday(match["day"])
            for part in match["ranges"].split(","):
                times = _RANGE.fullmatch(part.strip())
                if times is None:
                    raise ValueError(
                        gettext("“%(text)s” is not a start and an end: write it like 17:00-19:00.")
                        % {"text": part.strip()}
                    )
                start, end = _minute(times["start"]), _minute(times["end"])
                if start == MINUTES_PER_DAY:
                    raise ValueError(gettext("A window cannot start at 24:00: start the next day at 00:00."))
                found.append((check_window(weekday, start, end), number))
        except ValueError as exc:  # SchedulingError too: the core's word, should a window pass our checks
            errors.append(gettext("Line %(number)d: %(error)s") % {"number": number, "error": in_language(exc)})
    reach: tuple[Window, int] | None = None
    for window, number in sorted(found):
        if reach and reach[0].weekday == window.weekday and window.start_minute < reach[0].end_minute:
            errors.append(
                gettext(
                    "Lines %(first)d and %(second)d overlap: %(first_window)s and %(second_window)s."
                    " Join them into one line or move one."
                )
                % {
                    "first": reach[1],
                    "second": number,
                    "first_window": window_text(reach[0]),
                    "second_window": window_text(window),
                }
            )
        if not reach or reach[0].weekday != window.weekday or window.end_minute > reach[0].end_minute:
            reach = (window, number)
    if errors:
        raise ValidationError(errors)
    return [window for window, _ in found]


# --- the form: every input of the page --------------------------------------------------------

_CELL = re.compile(r"(\d{1,2})-(\d{1,4})")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_cell(value: str) -> tuple[int, int]:
    """(weekday, start minute) of a grid checkbox's value "1-1020" (Tuesday 17:00)."""
    match = _CELL.fullmatch(value)
    if match is None:
        raise ValidationError(
            gettext("The grid sent “%(value)s”, which is not a cell. Reload the page and try again.")
            % {"value": value[:20]}
        )
    weekday, minute = int(match[1]), int(match[2])
    if weekday > 6:
        raise ValidationError(
            gettext("The grid sent weekday %(weekday)d: weekdays go from 0 (Monday) to 6 (Sunday).")
            % {"weekday": weekday}
        )
    if minute >= MINUTES_PER_DAY or minute % CELL_MINUTES:
        raise ValidationError(
            gettext("The grid sent minute %(minute)d: a cell starts on a half hour from 0 to 1410.")
            % {"minute": minute}
        )
    return weekday, minute


def parse_iso_date(value: str) -> date:
    try:
        if not _ISO_DATE.fullmatch(value) or not in_window(day := date.fromisoformat(value)):
            raise ValueError(value)
        return day
    except ValueError:
        raise ValidationError(
            gettext("“%(value)s” is not a date. Reload the page and try again.") % {"value": value[:20]}
        ) from None


class CellsField(forms.Field):
    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> set[tuple[int, int]]:
        values = list(value or [])
        if len(values) > CELLS_PER_WEEK:
            raise ValidationError(
                gettext("The grid sent %(count)d cells; a week has %(most)d.")
                % {"count": len(values), "most": CELLS_PER_WEEK}
            )
        return {parse_cell(str(v)) for v in values}


class DatesField(forms.Field):
    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> set[date]:
        values = list(value or [])
        if len(values) > actions.MAX_HOLIDAYS:
            raise ValidationError(
                gettext("The form sent %(count)d dates; a list holds at most %(most)d.")
                % {"count": len(values), "most": actions.MAX_HOLIDAYS}
            )
        return {parse_iso_date(str(v)) for v in values}


class AvailabilityForm(forms.Form):
    zone = forms.CharField(max_length=64, validators=[validate_time_zone])
    cell = CellsField(required=False)
    holiday = DatesField(required=False)
    remove_holiday = forms.CharField(required=False, max_length=10)
    new_holiday = WindowDateField(
        required=False, input_formats=["%Y-%m-%d"], error_messages={"invalid": _("Enter a real date, e.g. 2027-12-24.")}
    )
    text = forms.CharField(
        required=False,
        strip=False,
        max_length=MAX_TEXT,
        error_messages={"max_length": _("Type at most %(limit_value)d characters (this has %(show_value)d).")},
    )
    source = forms.ChoiceField(choices=[("grid", "grid"), ("text", "text")], required=False)
    weekends = forms.BooleanField(required=False)
    night = forms.BooleanField(required=False)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def is_malformed(self) -> bool:
        return any(name in self.errors for name in MALFORMED_FIELDS)

    def clean_remove_holiday(self) -> date | None:
        value = self.cleaned_data["remove_holiday"]
        return parse_iso_date(value) if value else None

    def clean_new_holiday(self) -> date | None:
        day: date | None = self.cleaned_data["new_holiday"]
        if day is not None and day < self.today:
            raise ValidationError(
                gettext("%(day)s has passed: pick today or a later date.") % {"day": date_format(day, "l j F Y")}
            )
        horizon = actions.holiday_horizon(self.today)
        if day is not None and day > horizon:
            raise ValidationError(
                gettext("Pick a date within the next two years (up to %(last_day)s).")
                % {"last_day": date_format(horizon, "j F Y")}
            )
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("source") == "text" and "text" in data:
            try:
                data["windows"] = parse_typed_hours(data["text"])
            except ValidationError as exc:
                self.add_error("text", exc)
        elif "cell" in data:
            data["windows"] = [Window(day, minute, minute + CELL_MINUTES) for day, minute in sorted(data["cell"])]
        if "holiday" in data and "remove_holiday" in data:
            # A date added twice is one date: the set merges it without a word.
            data["holidays"] = (data["holiday"] - {data["remove_holiday"]}) | (
                {data["new_holiday"]} if data.get("new_holiday") else set()
            )
        return data
