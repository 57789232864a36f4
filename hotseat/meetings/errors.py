"""The one exception meeting actions raise when a change cannot happen."""

from __future__ import annotations

from hotseat.refusals import RefusalError


class ScheduleError(RefusalError):
    """A schedule change that cannot happen; the message is shown to the person as is."""


class HotSeatError(ScheduleError):
    """A change to the hot seat rotation, an RSVP or attendance that cannot happen (shown as is)."""
