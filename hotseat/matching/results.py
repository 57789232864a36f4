"""What formation and remix hand back: masterminds with a leader and a slot, and who is left out and why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from hotseat.scheduling import Slot, SlotEvaluation

UnplacedReason = Literal[
    "no availability",
    "no slot",
    "too few others",
    "no leader",
    "kept together",
    "no room",
]
"""Why someone was left out, most fundamental first.

* ``"no availability"``: they gave no weekly windows.
* ``"no slot"``: no candidate slot fits a whole call into their hours on every cohort date.
* ``"too few others"``: at none of their slots can enough others (``min_size - 1``) make every call.
* ``"no leader"``: slots with enough people exist, but no volunteer leader can make (and write) any of them.
* ``"kept together"``: alone they could be seated, but not with the people they are kept together with.
* ``"no room"``: a seat for them existed in principle, but the masterminds at their hours are
  full and too few people remain to start another (the gap between ``placed`` and ``upper_bound``).
"""


@dataclass(frozen=True)
class Group:
    """A mastermind: its leader, its other members (sorted), its weekly slot on the leader's clock.

    ``evaluation`` is the scheduling core's view of the slot for everyone in the group (when
    asked for). ``fixed_key`` is the key of the board's mastermind this continues, if any. A
    fixed mastermind whose seated people share no slot keeps ``slot=None``.
    """

    leader_id: str
    member_ids: tuple[str, ...]
    slot: Slot | None
    evaluation: SlotEvaluation | None = None
    fixed_key: str | None = None

    @property
    def people(self) -> tuple[str, ...]:
        """Everyone in the group, leader first."""
        return (self.leader_id, *self.member_ids)

    @property
    def size(self) -> int:
        """How many people the group holds, leader included."""
        return 1 + len(self.member_ids)


@dataclass(frozen=True)
class Unplaced:
    """Someone left out: their id, the :data:`UnplacedReason` and a sentence for the organizer."""

    person_id: str
    reason: UnplacedReason
    detail: str


@dataclass(frozen=True)
class Formation:
    """A proposal for a cohort.

    ``placed`` counts the people in ``groups`` (fixed seats included); ``upper_bound`` is a
    number no grouping can beat (see :mod:`hotseat.matching.bound`), so ``placed /
    upper_bound`` says how close the proposal is to the best possible. ``size_deviation``
    sums ``|size - target|`` over the groups, ``penalty`` the scheduling core's unsocial-hours
    penalty over every member's calls, ``repeated_pairs`` the pairs seated together who met in
    an earlier cohort (remix only; pairs kept together on purpose do not count). ``notes``
    tells the organizer about wishes that could not be honoured.
    """

    groups: tuple[Group, ...]
    unplaced: tuple[Unplaced, ...]
    upper_bound: int
    placed: int
    size_deviation: int = 0
    penalty: int = 0
    repeated_pairs: int = 0
    notes: tuple[str, ...] = ()
    # ``notes`` as (template with {name} placeholders, params): the app words them in the reader's language.
    worded_notes: tuple[tuple[str, dict[str, str]], ...] = ()
