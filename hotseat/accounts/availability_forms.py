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

from hotseat.accounts import actions
from hotseat.accounts.actions import CELL_MINUTES
from hotseat.accounts.timezones import validate_time_zone
from hotseat.scheduling import SchedulingError, Window
from hotseat.scheduling.clock import MINUTES_PER_DAY, WEEKDAY_NAMES, format_minute
from hotseat.typed_input import WindowDateField, in_window

DAY_SHORT = tuple(name[:3] for name in WEEKDAY_NAMES)
CELLS_PER_WEEK = 7 * MINUTES_PER_DAY // CELL_MINUTES
MAX_TEXT = 5000
MAX_LINES = 200
MALFORMED_FIELDS = ("cell", "holiday", "remove_holiday", "source")


# --- windows as text: "Tue 17:00-19:00" -------------------------------------------------------


def describe(windows: list[Window]) -> str:
    """Windows as "Tue 17:00-19:00, Thu 12:00-14:00", with en dashes."""
    return ", ".join(
        f"{DAY_SHORT[w.weekday]} {format_minute(w.start_minute)}–{format_minute(w.end_minute)}" for w in windows
    )


def summary(windows: list[Window], zone: str) -> str:
    return f"{describe(windows)} ({zone})" if windows else f"No hours marked yet ({zone})"


def typed_hours(windows: list[Window]) -> str:
    """The text alternative's content for saved windows: one window a line, easy to retype."""
    return "\n".join(
        f"{DAY_SHORT[w.weekday]} {format_minute(w.start_minute)}-{format_minute(w.end_minute)}" for w in windows
    )


_LINE = re.compile(r"(?P<day>[^\W\d_]+)\.?\s+(?P<ranges>.*)")
_RANGE = re.compile(r"(?P<start>\S+?)\s*(?:-|–|—|\bto\b)\s*(?P<end>\S+)", re.IGNORECASE)
_TIME = re.compile(r"(\d{1,2}):(\d{2})")


def _weekday(token: str) -> int:
    found = [
        day for day, name in enumerate(WEEKDAY_NAMES) if len(token) >= 2 and name.lower().startswith(token.lower())
    ]
    if len(found) != 1:
        raise ValueError(f"“{token}” is not a day of the week: use Mon, Tue, Wed, Thu, Fri, Sat or Sun.")
    return found[0]


def _minute(text: str) -> int:
    match = _TIME.fullmatch(text)
    if match is None:
        raise ValueError(f"“{text}” is not a time: write it as HH:MM, e.g. 17:30.")
    hours, minutes = int(match[1]), int(match[2])
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise ValueError(f"“{text}” is not a time of day: from 00:00 to 24:00.")
    # Typed hours follow the grid's half hours so the grid and the text always show the same thing.
    if minutes % CELL_MINUTES:
        raise ValueError(f"{text} is not on a half hour: use times ending in :00 or :30.")
    return hours * 60 + minutes


def parse_typed_hours(text: str) -> list[Window]:
    """Windows from lines like "Tue 17:00-19:00" or "Thursday 12:00-14:00, 18:00-19:30" (en dashes too).

    Raises ValidationError with one message per bad line ("Line 3: ..."), and one per pair of
    lines that overlap; blank lines and lines starting with # are skipped.
    """
    errors: list[str] = []
    found: list[tuple[Window, int]] = []
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        raise ValidationError(f"That is {len(lines)} lines; type at most {MAX_LINES}.")
    for number, typed in enumerate(lines, start=1):
        line = typed.strip()
        if not line or line.startswith("#"):
            continue
        try:
            match = _LINE.fullmatch(line)
            if match is None:
                raise ValueError(f"“{line}” is not a day and times: write it like Tue 17:00-19:00.")
            weekday = _weekday(match["day"])
            for part in match["ranges"].split(","):
                times = _RANGE.fullmatch(part.strip())
                if times is None:
                    raise ValueError(f"“{part.strip()}” is not a start and an end: write it like 17:00-19:00.")
                start, end = _minute(times["start"]), _minute(times["end"])
                if start == MINUTES_PER_DAY:
                    raise ValueError("A window cannot start at 24:00: start the next day at 00:00.")
                found.append((Window(weekday, start, end), number))
        except (ValueError, SchedulingError) as exc:  # SchedulingError: crossing midnight, empty
            errors.append(f"Line {number}: {exc}")
    reach: tuple[Window, int] | None = None
    for window, number in sorted(found):
        if reach and reach[0].weekday == window.weekday and window.start_minute < reach[0].end_minute:
            errors.append(
                f"Lines {reach[1]} and {number} overlap: {reach[0]} and {window}. Join them into one line or move one."
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
        raise ValidationError(f"The grid sent “{value[:20]}”, which is not a cell. Reload the page and try again.")
    weekday, minute = int(match[1]), int(match[2])
    if weekday > 6:
        raise ValidationError(f"The grid sent weekday {weekday}: weekdays go from 0 (Monday) to 6 (Sunday).")
    if minute >= MINUTES_PER_DAY or minute % CELL_MINUTES:
        raise ValidationError(f"The grid sent minute {minute}: a cell starts on a half hour from 0 to 1410.")
    return weekday, minute


def parse_iso_date(value: str) -> date:
    try:
        if not _ISO_DATE.fullmatch(value) or not in_window(day := date.fromisoformat(value)):
            raise ValueError(value)
        return day
    except ValueError:
        raise ValidationError(f"“{value[:20]}” is not a date. Reload the page and try again.") from None


class CellsField(forms.Field):
    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> set[tuple[int, int]]:
        values = list(value or [])
        if len(values) > CELLS_PER_WEEK:
            raise ValidationError(f"The grid sent {len(values)} cells; a week has {CELLS_PER_WEEK}.")
        return {parse_cell(str(v)) for v in values}


class DatesField(forms.Field):
    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> set[date]:
        values = list(value or [])
        if len(values) > actions.MAX_HOLIDAYS:
            raise ValidationError(f"The form sent {len(values)} dates; a list holds at most {actions.MAX_HOLIDAYS}.")
        return {parse_iso_date(str(v)) for v in values}


class AvailabilityForm(forms.Form):
    zone = forms.CharField(max_length=64, validators=[validate_time_zone])
    cell = CellsField(required=False)
    holiday = DatesField(required=False)
    remove_holiday = forms.CharField(required=False, max_length=10)
    new_holiday = WindowDateField(
        required=False, input_formats=["%Y-%m-%d"], error_messages={"invalid": "Enter a real date, e.g. 2027-12-24."}
    )
    text = forms.CharField(
        required=False,
        strip=False,
        max_length=MAX_TEXT,
        error_messages={"max_length": "Type at most %(limit_value)d characters (this has %(show_value)d)."},
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
            raise ValidationError(f"{day:%a %d %b %Y} has passed: pick today or a later date.")
        horizon = actions.holiday_horizon(self.today)
        if day is not None and day > horizon:
            raise ValidationError(f"Pick a date within the next two years (up to {horizon:%d %b %Y}).")
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
