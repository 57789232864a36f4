"""The one exception homework actions raise when a change cannot happen."""

from __future__ import annotations

from hotseat.refusals import RefusalError


class HomeworkError(RefusalError):
    """A question, homework or feedback change that cannot happen; the message is shown to the person as is."""
