"""The one exception the matching core raises for bad input."""

from __future__ import annotations


class MatchingError(ValueError):
    """Input the matching core cannot work with; the message names the problem in plain words.

    A ``ValueError``, like the scheduling core's ``SchedulingError`` (which the matching core
    re-raises as a ``MatchingError`` with the same message), so a Django form can show
    ``str(error)`` next to the field as it is.
    """
