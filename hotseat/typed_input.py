"""The bounds of what a person can type or post, shared by every form, view and the admin.

- Dates and times: one window, ``EARLIEST_DAY`` to ``LATEST_DAY`` (2000 to 2100). Far enough for any
  cohort, call or day away people plan, near enough that adding a cohort's weeks, a time zone's
  offset or a calendar's margin years never leaves the range Python's dates can hold (year 1 to
  9999). The form fields and ``validate_in_window`` refuse anything outside it, naming the bounds.
- Numbers posted by hand (an id, a version): ``posted_int`` reads ASCII digits only (``"²".isdigit()``
  is True but ``int("²")`` raises), no longer than the database's largest integer (a 5,000-digit
  number would exceed Python's int-string limit), and answers None for anything else, so the view
  refuses it the way it refuses a missing value.
- One-line text (a mastermind's title, a program's or a cohort's name): ``SingleLineField`` turns
  line breaks and tabs into spaces and refuses other control characters, so a title never breaks a
  calendar line, an email subject or a header.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Any

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2100, 12, 31)
DATE_WINDOW_MESSAGE = _("Pick a date from 1 January 2000 to 31 December 2100.")

# The largest id the database holds (BigAutoField, a signed 64-bit integer); versions and counts are smaller.
LARGEST_INT = 2**63 - 1
_ASCII_NUMBER = re.compile(r"[0-9]{1,19}")

_LINE_BREAKS = re.compile(r"[\t\n\v\f\r\x1c-\x1f\x85\u2028\u2029]+")


def in_window(value: date | datetime) -> bool:
    day = value.date() if isinstance(value, datetime) else value
    return EARLIEST_DAY <= day <= LATEST_DAY


def validate_in_window(value: date | datetime | None) -> None:
    if value is not None and not in_window(value):
        raise ValidationError(DATE_WINDOW_MESSAGE, code="date_out_of_window")


class WindowDateField(forms.DateField):
    """A date a person types, within 2000..2100."""

    default_validators = [validate_in_window]


class WindowDateTimeField(forms.DateTimeField):
    """A date and time a person types, within 2000..2100."""

    default_validators = [validate_in_window]


class WindowSplitDateTimeField(forms.SplitDateTimeField):
    """The admin's date-and-time pair, within 2000..2100."""

    default_validators = [validate_in_window]


def posted_int(raw: object, *, largest: int = LARGEST_INT) -> int | None:
    """The whole number in ``raw`` (ASCII digits, 0..``largest``), or None when it is anything else."""
    if not isinstance(raw, str) or _ASCII_NUMBER.fullmatch(raw) is None:
        return None
    number = int(raw)
    return number if number <= largest else None


def single_line(text: str) -> str:
    """``text`` with every run of line breaks and tabs turned into one space."""
    return _LINE_BREAKS.sub(" ", text)


def printable_line(text: str) -> str:
    """``text`` on one line with no control characters at all: for rows written before the fields were cleaned."""
    return "".join(char for char in single_line(text) if unicodedata.category(char) not in ("Cc", "Zl", "Zp"))


def validate_no_control_characters(value: str) -> None:
    if any(unicodedata.category(char) == "Cc" for char in value):
        raise ValidationError(
            _("Remove the invisible control characters from this text (they were pasted in with it)."),
            code="control_characters",
        )


class SingleLineField(forms.CharField):
    """One line of text: line breaks and tabs become spaces, other control characters are refused."""

    default_validators = [validate_no_control_characters]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("strip", True)
        super().__init__(**kwargs)
        # A NUL is a control character: one message for it, ours, rather than Django's beside it.
        self.validators = [v for v in self.validators if not isinstance(v, validators.ProhibitNullCharactersValidator)]

    def to_python(self, value: Any) -> str:
        if isinstance(value, str):
            value = single_line(value)
        return str(super().to_python(value))
