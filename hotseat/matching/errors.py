"""The one exception the matching core raises for bad input."""

from __future__ import annotations

from typing import Self

from hotseat.scheduling.errors import SchedulingError, english_params


def gettext_noop(message: str) -> str:
    """Marks ``message`` for the translation catalog and returns it as it is (the core knows no Django)."""
    return message


class MatchingError(ValueError):
    """Input the matching core cannot work with; the message names the problem in plain words.

    A ``ValueError``, like the scheduling core's ``SchedulingError`` (which the matching core
    re-raises as a ``MatchingError`` with the same message, template and params: see
    :meth:`from_scheduling`). An error a person may cause is made with :meth:`worded` and
    carries ``template`` (English, ``{name}`` placeholders, marked with :func:`gettext_noop`)
    and ``params``, which the app shows in the reader's language; ``str(error)`` is English.
    """

    template: str | None
    params: dict[str, object]

    def __init__(self, message: str, /) -> None:
        super().__init__(message)
        self.template = None
        self.params = {}

    @classmethod
    def worded(cls, template: str, /, **params: object) -> Self:
        """The error for `template` filled with `params` (weekday numbers in params named ``*weekday``)."""
        error = cls(template.format(**english_params(params)))
        error.template = template
        error.params = params
        return error

    @classmethod
    def from_scheduling(cls, error: SchedulingError) -> Self:
        """The scheduling core's error as the matching core's, its words kept."""
        found = cls(str(error))
        found.template = error.template
        found.params = dict(error.params)
        return found
