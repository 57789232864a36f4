"""The one exception meeting actions raise when a change cannot happen."""

from __future__ import annotations


class ScheduleError(Exception):
    """A schedule change that cannot happen; the message is shown to the person as is."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        # The form field the message belongs next to, when it is about one typed value.
        self.field = field


class HotSeatError(ScheduleError):
    """A change to the hot seat rotation, an RSVP or attendance that cannot happen (shown as is)."""
