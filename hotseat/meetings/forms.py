"""Forms of the scheduling page and the group page's leader tools. Bad input gets a message next to its field."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone

from hotseat.accounts.timezones import on_clock, validate_time_zone
from hotseat.meetings.actions.schedule import MAX_DURATION, MIN_DURATION
from hotseat.meetings.models import Meeting
from hotseat.scheduling import SchedulingError
from hotseat.scheduling.clock import WEEKDAY_NAMES, parse_wall_time
from hotseat.typed_input import WindowDateTimeField, posted_int

WEEKDAY_CHOICES = [(str(number), name) for number, name in enumerate(WEEKDAY_NAMES)]


def meeting_label(meeting: Meeting) -> str:
    """'Week 4 — Tuesday 16 March, 12:00 EDT', on the clock of whoever is looking."""
    return f"Week {meeting.number} — {on_clock(meeting.starts_at, 'l j F, H:i')}"


class DurationField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("initial", 60)
        super().__init__(
            min_value=MIN_DURATION,
            max_value=MAX_DURATION,
            error_messages={
                "min_value": f"A call lasts at least {MIN_DURATION} minutes.",
                "max_value": f"A call lasts at most {MAX_DURATION} minutes (4 hours).",
                "invalid": "Give the length in whole minutes, e.g. 60.",
                "required": "Give the length of the call in minutes.",
            },
            widget=forms.NumberInput(attrs={"min": MIN_DURATION, "max": MAX_DURATION, "step": 5}),
            **kwargs,
        )


class SlotForm(forms.Form):
    """A weekly slot: weekday and wall time on the clock of a zone, and the call's length."""

    weekday = forms.TypedChoiceField(
        choices=WEEKDAY_CHOICES, coerce=int, error_messages={"invalid_choice": "Pick a weekday."}
    )
    time = forms.CharField(
        label="Time (24-hour, HH:MM)",
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "18:30", "autocomplete": "off"}),
        error_messages={"required": "Give a time, e.g. 18:30."},
    )
    zone = forms.CharField(
        label="Time zone",
        max_length=64,
        validators=[validate_time_zone],
        widget=forms.TextInput(attrs={"list": "tz-names", "autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "Give a time zone, e.g. America/New_York."},
    )
    duration_minutes = DurationField(label="Length (minutes)")

    def clean_time(self) -> int:
        """The minute of the day."""
        try:
            return parse_wall_time(self.cleaned_data["time"])
        except SchedulingError as exc:
            raise forms.ValidationError(str(exc), code="bad_time") from None

    def clean_zone(self) -> str:
        return str(self.cleaned_data["zone"]).strip()


def _number_choices(meetings: Sequence[Meeting]) -> list[tuple[str, str]]:
    return [(str(m.number), meeting_label(m)) for m in meetings]


class _MeetingChoiceForm(forms.Form):
    number = forms.TypedChoiceField(
        label="Week", coerce=int, error_messages={"invalid_choice": "Pick one of the calls still to come."}
    )

    def __init__(self, *args: Any, meetings: Sequence[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["number"]
        field.choices = _number_choices(meetings)


class SkipForm(_MeetingChoiceForm):
    extend_cohort = forms.BooleanField(
        required=False, label="Add a week at the end, so the group keeps every call", initial=True
    )


class MoveMeetingForm(_MeetingChoiceForm):
    starts_at = WindowDateTimeField(
        label="New date and time",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": "Give a date and time, e.g. 2027-03-18 12:00.", "required": "Give the new time."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read on the clock of whoever fills it in: the active zone is theirs.
        self.fields["starts_at"].help_text = f"On your clock ({timezone.get_current_timezone_name()})"


class MoveFromForm(SlotForm):
    field_order = ["number", "weekday", "time", "zone", "duration_minutes"]

    number = forms.TypedChoiceField(
        label="From week", coerce=int, error_messages={"invalid_choice": "Pick one of the calls still to come."}
    )

    def __init__(self, *args: Any, meetings: Sequence[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["number"]
        field.choices = _number_choices(meetings)


class NotesForm(forms.Form):
    """The call's shared notes as posted: the text (no NUL byte: PostgreSQL refuses one) and the version it was
    edited from."""

    text = forms.CharField(required=False, strip=False)
    version = forms.CharField(error_messages={"required": "The form was incomplete: reload the page and try again."})

    def clean_version(self) -> int:
        version = posted_int(self.cleaned_data["version"])
        if version is None:
            raise forms.ValidationError("The form was incomplete: reload the page and try again.", code="incomplete")
        return version
