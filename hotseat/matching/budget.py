"""How much a search may spend: a number of steps, a wall-clock time, or both (whichever runs out first).

Steps make a search repeatable: the same input, seed and step budget give the same answer
on any machine, however loaded. The clock is the product's safety net (a web request waits
for the proposal) and makes the answer depend on the machine's speed, so tests give steps
only.
"""

from __future__ import annotations

import time

from hotseat.matching.errors import MatchingError


class Budget:
    """Steps and seconds left to a search; ``None`` for either means no limit of that kind."""

    def __init__(self, *, steps: int | None = None, seconds: float | None = None) -> None:
        if steps is not None and (not isinstance(steps, int) or isinstance(steps, bool) or steps < 1):
            raise MatchingError(f"The step budget must be a whole number of at least 1, not {steps!r}.")
        if seconds is not None and not seconds > 0:
            raise MatchingError(f"The time limit must be positive, not {seconds!r}.")
        self.steps = steps
        self.deadline = None if seconds is None else time.monotonic() + seconds
        self.used = 0
        self._parent: Budget | None = None

    @property
    def bounded(self) -> bool:
        """True when the budget has a limit of some kind (an unbounded search may never end)."""
        return self.steps is not None or self.deadline is not None

    def spend(self, steps: int = 1) -> None:
        """Count ``steps`` more steps taken (on this budget and the one it was shared from)."""
        budget: Budget | None = self
        while budget is not None:
            budget.used += steps
            budget = budget._parent

    @property
    def out(self) -> bool:
        """True once the steps are used up or the deadline has passed."""
        if self.steps is not None and self.used >= self.steps:
            return True
        return self.deadline is not None and time.monotonic() >= self.deadline

    def share(self, fraction: float) -> Budget:
        """A budget of ``fraction`` of what is left here (steps and time); steps spent from it count here too."""
        part = Budget()
        if self.steps is not None:
            part.steps = max(1, int((self.steps - self.used) * fraction))
        if self.deadline is not None:
            now = time.monotonic()
            part.deadline = now + max(0.0, self.deadline - now) * fraction
        part._parent = self
        return part
