"""How many people any grouping could seat at most, and why the others cannot be seated at all.

The bound peels off people who provably fit in no mastermind, until nothing changes:

* start from everyone with at least one candidate slot that fits their hours on every
  cohort date, plus everyone already seated on the board;
* a candidate slot is *open* when at least ``min_size`` of the remaining people can make
  every call of it and one remaining, not yet seated volunteer can make and write it (on
  their anchor clock); a fixed mastermind's slot is open to join while it has room;
* keep a person when one of their slots is open (for people kept together: one slot all of
  them make), drop the others, and repeat.

Why no grouping seats anyone dropped: in any valid grouping a seated person's mastermind
has a slot every member makes, at least ``min_size`` members and a leader who makes and
writes it (or it is fixed, with room). If every person of a grouping remains at one round,
that slot is open at that round, so they all remain at the next; by induction, the
grouping only seats people who remain at the end. So the seated count is at most those
remaining. Two more caps hold for any grouping, so the bound takes the least of the three:
new masterminds hold at most ``max_size`` people and each needs its own leader among the
remaining volunteers able to lead an open slot, and fixed masterminds take at most up to
``max_size`` each.

The drop-out reasons come from the same pass (see :data:`~hotseat.matching.results.UnplacedReason`).
"""

from __future__ import annotations

from dataclasses import dataclass

from hotseat.matching.problem import Problem, bits
from hotseat.matching.results import UnplacedReason


@dataclass(frozen=True)
class Bound:
    """The upper bound, the people who might be seated (a bitset), and a reason for each of the others."""

    value: int
    possible: int
    reasons: dict[int, UnplacedReason]


def _open_slots(problem: Problem, remaining: int) -> tuple[int, int]:
    # The candidates open for a new mastermind, and those of fixed masterminds with room.
    table, rules = problem.table, problem.rules
    leaders = remaining & ~problem.seated
    fresh = 0
    for c, attendees in enumerate(table.attendees):
        if problem.leads[c] & leaders and (attendees & remaining).bit_count() >= rules.min_size:
            fresh |= 1 << c
    joinable = 0
    for board in problem.fixed:
        if board.candidate is None or board.seats.bit_count() >= rules.max_size:
            continue
        # A fixed mastermind without a set slot may move to any slot its people make.
        joinable |= (
            1 << board.candidate if board.slot_given else problem.common(board.seats) & problem.writes[board.leader]
        )
    return fresh, joinable


def _survivors(problem: Problem, remaining: int, open_slots: int) -> int:
    kept = problem.seated
    table = problem.table
    for c in bits(open_slots):
        kept |= table.attendees[c] & remaining
    # People kept together need one open slot that all of them make; people tied to a fixed
    # mastermind can only join that one.
    for person in bits(kept & ~problem.seated):
        unit = problem.unit[person]
        board = problem.bound_to.get(person)
        if board is not None:
            candidate = problem.fixed[board].candidate
            if candidate is None or table.attendees[candidate] & unit != unit:
                kept &= ~unit
        elif unit != 1 << person and not (problem.common(unit) & open_slots and unit & kept == unit):
            kept &= ~unit
    return kept


def upper_bound(problem: Problem) -> Bound:
    """The bound and the reasons, as described in the module docstring."""
    table, rules = problem.table, problem.rules
    remaining = problem.seated
    for person, options in enumerate(table.options):
        if options:
            remaining |= 1 << person
    while True:
        fresh, joinable = _open_slots(problem, remaining)
        kept = _survivors(problem, remaining, fresh | joinable)
        if kept == remaining:
            break
        remaining = kept
    able_leaders = 0
    for volunteer in bits(remaining & problem.volunteers & ~problem.seated):
        if table.options[volunteer] & problem.writes[volunteer] & fresh:
            able_leaders += 1
    seated = problem.seated.bit_count()
    fixed_room = sum(rules.max_size - board.seats.bit_count() for board in problem.fixed if board.candidate is not None)
    free_cap = min((remaining & ~problem.seated).bit_count(), fixed_room + rules.max_size * able_leaders)
    reasons = {person: _reason(problem, person, remaining) for person in bits(problem.everyone & ~remaining)}
    return Bound(value=seated + free_cap, possible=remaining, reasons=reasons)


def _reason(problem: Problem, person: int, remaining: int) -> UnplacedReason:
    table, rules = problem.table, problem.rules
    if not problem.people[person].availability.windows:
        return "no availability"
    options = table.options[person]
    if not options:
        return "no slot"
    # Anyone with a slot might have joined them: the cascade of people dropped for want of
    # a leader counts as "no leader", not as "too few others".
    hopeful = remaining
    for other, found in enumerate(table.options):
        if found:
            hopeful |= 1 << other
    crowded = [c for c in bits(options) if (table.attendees[c] & hopeful).bit_count() >= rules.min_size]
    led = [c for c in crowded if problem.leads[c] & (remaining | 1 << person) & ~problem.seated]
    if led and (problem.unit[person] != 1 << person or person in problem.bound_to):
        return "kept together"
    if crowded and not led:
        return "no leader"
    return "too few others"
