"""The one exception the scheduling core raises for bad input, and the words of both cores' errors."""

from __future__ import annotations

from typing import Self

# English weekday names, 0 is Monday (clock.WEEKDAY_NAMES is the same table; clock imports this module).
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def gettext_noop(message: str) -> str:
    """Marks ``message`` for the translation catalog and returns it as it is (the core knows no Django)."""
    return message


def is_weekday_param(name: str) -> bool:
    """A parameter that holds a weekday number (0 is Monday), written as its name in the reader's language."""
    return name == "weekday" or name.endswith("_weekday")


def english_params(params: dict[str, object]) -> dict[str, object]:
    """The parameters as the English sentence writes them: weekday numbers become English names."""
    return {
        name: _WEEKDAYS[value]
        if is_weekday_param(name) and isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6
        else value
        for name, value in params.items()
    }


class WordedError(ValueError):
    """A pure core's error for bad input, its message said in plain words.

    A ``ValueError``, so a caller that only knows "bad value" still catches it. An error a
    person may cause (a time typed wrong, windows that overlap) is made with :meth:`worded`: it
    carries ``template`` (the English message with ``{name}`` placeholders, marked with
    :func:`gettext_noop`) and ``params`` (the values), which the app shows in the reader's
    language (``hotseat.core_messages.in_language``); ``str(error)`` is the English sentence.
    A programmer's error (a wrong type) is made with a plain message and has no template.
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


class SchedulingError(WordedError):
    """Input the scheduling core cannot work with (see :class:`WordedError` for its words)."""
