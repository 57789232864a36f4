"""The one exception the scheduling core raises for bad input."""

from __future__ import annotations


class SchedulingError(ValueError):
    """Input the scheduling core cannot work with; the message names the problem in plain words.

    It is a ``ValueError`` so a caller that only knows "bad value" still catches it; a
    Django form can show ``str(error)`` next to the field as it is.
    """
