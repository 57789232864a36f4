"""The one exception homework actions raise when a change cannot happen."""

from __future__ import annotations


class HomeworkError(Exception):
    """A change that cannot happen; the message is shown to the person as is."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        # The form field the message belongs next to, when it is about one typed value.
        self.field = field
