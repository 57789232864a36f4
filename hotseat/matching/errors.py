"""The one exception the matching core raises for bad input."""

from __future__ import annotations

from typing import Self

from hotseat.scheduling.errors import SchedulingError, WordedError, gettext_noop

__all__ = ["MatchingError", "gettext_noop"]


class MatchingError(WordedError):
    """Input the matching core cannot work with; the message names the problem in plain words.

    Worded like the scheduling core's ``SchedulingError`` (see ``WordedError``), which the matching
    core re-raises as a ``MatchingError`` with the same message, template and params
    (:meth:`from_scheduling`).
    """

    @classmethod
    def from_scheduling(cls, error: SchedulingError) -> Self:
        """The scheduling core's error as the matching core's, its words kept."""
        found = cls(str(error))
        found.template = error.template
        found.params = dict(error.params)
        return found
