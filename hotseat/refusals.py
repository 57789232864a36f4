"""The one base of every refusal an action raises: a change that cannot happen, said in plain words.

Each app raises its own subclass, named after what refused (``BoardError``, ``SignupError``,
``ScheduleError``, ``HotSeatError``, ``MeetingError``, ``HomeworkError``, ``ProposalError``, ``AvailabilityError``),
so a view catches exactly the refusals of the actions it calls. The pure cores raise their
own ``ValueError``s instead (``SchedulingError``, ``MatchingError``): they know nothing of
Django or of the apps.
"""

from __future__ import annotations


class RefusalError(Exception):
    """A change that cannot happen; ``message`` is shown to the person as is.

    ``field`` names the form field the message belongs next to, when it is about one typed value.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
