"""Forms of the scheduling page and the group page's leader tools. Bad input gets a message next to its field."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from hotseat.accounts.timezones import on_clock, validate_time_zone
from hotseat.core_messages import in_language
from hotseat.meetings.actions.schedule import MAX_DURATION, MIN_DURATION
from hotseat.meetings.models import Meeting
from hotseat.scheduling import SchedulingError
from hotseat.scheduling.clock import parse_wall_time
from hotseat.typed_input import WindowDateTimeField, posted_int

# Django's weekday names (lazy: in the language of whoever reads the form), 0 = Monday.
WEEKDAY_CHOICES = [(str(number), WEEKDAYS[number]) for number in range(7)]


def _lazy_format(message: str, **values: object) -> str:
    return gettext(message) % values


# A lazy message with its numbers filled in when it is shown (error messages are set at import).
lazy_format = lazy(_lazy_format, str)


def meeting_label(meeting: Meeting) -> str:
    """'Week 4 — Tuesday 16 March, 12:00 EDT', on the clock of whoever is looking."""
    return gettext("Week %(number)s — %(when)s") % {
        "number": meeting.number,
        "when": on_clock(meeting.starts_at, "l j F, H:i"),
    }


class DurationField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("initial", 60)
        super().__init__(
            min_value=MIN_DURATION,
            max_value=MAX_DURATION,
            error_messages={
                "min_value": lazy_format(
                    gettext_noop("A call lasts at least %(minutes)s minutes."), minutes=MIN_DURATION
                ),
                "max_value": lazy_format(
                    gettext_noop("A call lasts at most %(minutes)s minutes (4 hours)."), minutes=MAX_DURATION
                ),
                "invalid": gettext_lazy("Give the length in whole minutes, e.g. 60."),
                "required": gettext_lazy("Give the length of the call in minutes."),
            },
            widget=forms.NumberInput(attrs={"min": MIN_DURATION, "max": MAX_DURATION, "step": 5}),
            **kwargs,
        )


class SlotForm(forms.Form):
    """A weekly slot: weekday and wall time on the clock of a zone, and the call's length."""

    weekday = forms.TypedChoiceField(
        label=gettext_lazy("Weekday"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        error_messages={"invalid_choice": gettext_lazy("Pick a weekday.")},
    )
    time = forms.CharField(
        label=gettext_lazy("Time (24-hour, HH:MM)"),
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "18:30", "autocomplete": "off"}),
        error_messages={"required": gettext_lazy("Give a time, e.g. 18:30.")},
    )
    zone = forms.CharField(
        label=gettext_lazy("Time zone"),
        max_length=64,
        validators=[validate_time_zone],
        widget=forms.TextInput(attrs={"list": "tz-names", "autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": gettext_lazy("Give a time zone, e.g. America/New_York.")},
    )
    duration_minutes = DurationField(label=gettext_lazy("Length (minutes)"))

    def clean_time(self) -> int:
        """The minute of the day."""
        try:
            return parse_wall_time(self.cleaned_data["time"])
        except SchedulingError as exc:
            raise forms.ValidationError(in_language(exc), code="bad_time") from None

    def clean_zone(self) -> str:
        return str(self.cleaned_data["zone"]).strip()


def _number_choices(meetings: Sequence[Meeting]) -> list[tuple[str, str]]:
    return [(str(m.number), meeting_label(m)) for m in meetings]


class _MeetingChoiceForm(forms.Form):
    number = forms.TypedChoiceField(
        label=gettext_lazy("Week"),
        coerce=int,
        error_messages={"invalid_choice": gettext_lazy("Pick one of the calls still to come.")},
    )

    def __init__(self, *args: Any, meetings: Sequence[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["number"]
        field.choices = _number_choices(meetings)


class SkipForm(_MeetingChoiceForm):
    extend_cohort = forms.BooleanField(
        required=False, label=gettext_lazy("Add a week at the end, so the group keeps every call"), initial=True
    )


class MoveMeetingForm(_MeetingChoiceForm):
    starts_at = WindowDateTimeField(
        label=gettext_lazy("New date and time"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "invalid": gettext_lazy("Give a date and time, e.g. 2027-03-18 12:00."),
            "required": gettext_lazy("Give the new time."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read on the clock of whoever fills it in: the active zone is theirs.
        self.fields["starts_at"].help_text = gettext("On your clock (%(zone)s)") % {
            "zone": timezone.get_current_timezone_name()
        }


class MoveFromForm(SlotForm):
    field_order = ["number", "weekday", "time", "zone", "duration_minutes"]

    number = forms.TypedChoiceField(
        label=gettext_lazy("From week"),
        coerce=int,
        error_messages={"invalid_choice": gettext_lazy("Pick one of the calls still to come.")},
    )

    def __init__(self, *args: Any, meetings: Sequence[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["number"]
        field.choices = _number_choices(meetings)


class NotesForm(forms.Form):
    """The call's shared notes as posted: the text (no NUL byte: PostgreSQL refuses one) and the version it was
    edited from."""

    text = forms.CharField(required=False, strip=False)
    version = forms.CharField(
        error_messages={"required": gettext_lazy("The form was incomplete: reload the page and try again.")}
    )

    def clean_version(self) -> int:
        version = posted_int(self.cleaned_data["version"])
        if version is None:
            raise forms.ValidationError(
                gettext("The form was incomplete: reload the page and try again."), code="incomplete"
            )
        return version
