"""What meeting actions raise when a change cannot happen; the message is shown to the person as is."""

from __future__ import annotations

from hotseat.refusals import RefusalError


class ScheduleError(RefusalError):
    """A schedule change that cannot happen; the message is shown to the person as is."""


class HotSeatError(ScheduleError):
    """A change to the hot seat's turns that cannot happen (shown as is)."""


class MeetingError(RefusalError):
    """A change to one meeting that cannot happen: an RSVP, a check-in, attendance, its notes (shown as is)."""
