"""Form masterminds for a cohort: the public entry point, and the proposal handed back.

The steps, each in its own module: check and number the input (:mod:`~hotseat.matching.problem`),
lay everyone's hours over every candidate slot (:mod:`~hotseat.matching.candidates`), bound
the best possible (:mod:`~hotseat.matching.bound`), draft greedily
(:mod:`~hotseat.matching.construct`), seat the left-out with local moves
(:mod:`~hotseat.matching.repair`), then improve sizes, hours and the spread of leaders
(:mod:`~hotseat.matching.polish`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date

from hotseat.matching.bound import Bound, upper_bound
from hotseat.matching.budget import Budget
from hotseat.matching.construct import construct
from hotseat.matching.inputs import Fixed, Person, Rules
from hotseat.matching.polish import balance_sizes, humane_hours, spread_leaders
from hotseat.matching.problem import Pair, Problem, bits, prepare
from hotseat.matching.regroup import regroup
from hotseat.matching.repair import repair
from hotseat.matching.results import Formation, Group, Unplaced, UnplacedReason
from hotseat.matching.seating import Seating, Table
from hotseat.scheduling import Slot, evaluate


def form_groups(
    people: Sequence[Person],
    cohort_start: date,
    weeks: int,
    rules: Rules | None = None,
    *,
    keep_together: Iterable[Pair] = (),
    keep_apart: Iterable[Pair] = (),
    fixed: Sequence[Fixed] = (),
    anchor_zone_of: Callable[[Person], str] | None = None,
    evaluations: bool = True,
    seconds: float | None = None,
) -> Formation:
    """Propose masterminds for a cohort of ``weeks`` weekly calls from the week of ``cohort_start``.

    Every mastermind gets exactly one leader (a volunteer, or the board's leader of a
    ``fixed`` one) and a weekly slot on the leader's clock (``anchor_zone_of(leader)``,
    by default the leader's own zone) that every member makes on every cohort date,
    clock changes and holidays included. Aims, in order: seat as many people as possible;
    sizes near ``rules.target``; humane local hours; volunteers spread out (a volunteer
    not needed as a leader sits as a member). ``keep_apart`` pairs never share a
    mastermind; ``keep_together`` pairs always do, or stay out together (unless they
    share no slot at all: then they are seated apart, with a note). Seats in ``fixed``
    are kept; those masterminds may take more people.

    The result carries ``upper_bound``, a number no grouping can beat, and a reason for
    everyone left out. ``evaluations`` attaches the scheduling core's evaluation of each
    slot. Each local search stops at its own step limit (so a given input always gets the
    same proposal, on any machine); ``seconds``, if given, also caps the wall-clock time
    they spend together (a safety net for a caller that waits, such as a web request).
    Raises :class:`MatchingError` for bad input.
    """
    problem = prepare(
        people,
        cohort_start,
        weeks,
        rules or Rules(),
        keep_together=keep_together,
        keep_apart=keep_apart,
        fixed=fixed,
        anchor_zone_of=anchor_zone_of,
    )
    return solve(problem, cohort_start, weeks, evaluations=evaluations, seconds=seconds)


def solve(
    problem: Problem,
    cohort_start: date,
    weeks: int,
    *,
    evaluations: bool,
    seconds: float | None = None,
    improve: Callable[[Seating, Budget], None] | None = None,
) -> Formation:
    """Form masterminds for a prepared problem; ``improve`` (remix) runs between seating and polishing.

    ``seconds`` as for :func:`form_groups`: ``None`` leaves the searches to their step limits.
    """
    budget = Budget(seconds=seconds)
    bound = upper_bound(problem)
    seating = Seating(problem)
    pool = bound.possible & ~problem.seated
    construct(seating, pool)
    repair(seating, pool, budget)
    if regroup(seating, pool, budget):
        repair(seating, pool, budget)
    if improve is not None:
        improve(seating, budget)
    balance_sizes(seating, budget)
    humane_hours(seating)
    spread_leaders(seating, budget)
    return assemble(seating, bound, cohort_start, weeks, evaluations=evaluations)


def _slot(problem: Problem, table: Table) -> Slot | None:
    if table.fixed is not None and problem.fixed[table.fixed].given is not None:
        return problem.fixed[table.fixed].given
    if table.candidate is None:
        return None
    return problem.table.candidates[table.candidate].slot_in(problem.anchor[table.leader])


def repeated_pairs(problem: Problem, people: int) -> int:
    """Pairs among ``people`` who met in an earlier cohort."""
    return sum((problem.met[person] & people).bit_count() for person in bits(people)) // 2


def _detail(problem: Problem, person: int, reason: UnplacedReason) -> str:
    name, rules = problem.people[person].id, problem.rules
    partners = ", ".join(repr(problem.people[p].id) for p in bits(problem.unit[person] & ~(1 << person)))
    return {
        "no availability": f"{name!r} gave no weekly hours.",
        "no slot": (
            f"No {rules.duration_minutes}-minute call at the candidate times fits {name!r}'s hours"
            " on every date of the cohort (holidays included)."
        ),
        "too few others": (
            f"At every slot that fits {name!r}'s hours, fewer than {rules.min_size - 1} others"
            " who could be seated can make every call."
        ),
        "no leader": f"Enough people share {name!r}'s hours, but no volunteer leader can make and host those calls.",
        "kept together": (
            f"{name!r} could be seated alone, but not together with {partners or 'their fixed mastermind'}."
        ),
        "no room": (f"The masterminds at {name!r}'s hours are full and too few people are left to start another one."),
    }[reason]


def assemble(seating: Seating, bound: Bound, cohort_start: date, weeks: int, *, evaluations: bool) -> Formation:
    """The :class:`Formation` for a finished seating."""
    problem, rules = seating.problem, seating.problem.rules
    groups = []
    penalty = deviation = repeats = 0
    for table in seating.tables:
        leader = problem.people[table.leader]
        members = tuple(sorted(problem.people[p].id for p in bits(table.people & ~(1 << table.leader))))
        slot = _slot(problem, table)
        evaluation = None
        if evaluations and slot is not None:
            crowd = [problem.people[p].member for p in bits(table.people)]
            evaluation = evaluate(slot, crowd, cohort_start, weeks, rules.duration_minutes)
        key = problem.fixed[table.fixed].key if table.fixed is not None else None
        groups.append(Group(leader.id, members, slot, evaluation, key))
        if table.candidate is not None:
            penalty += problem.penalty(table.candidate, table.people)
        deviation += abs(table.size - rules.target)
        repeats += repeated_pairs(problem, table.people)
    unplaced = []
    for person in bits(seating.free):
        reason: UnplacedReason = bound.reasons.get(person, "no room")
        if reason == "no room" and (problem.unit[person] != 1 << person or person in problem.bound_to):
            reason = "kept together"
        unplaced.append(Unplaced(problem.people[person].id, reason, _detail(problem, person, reason)))
    groups.sort(key=lambda group: (group.fixed_key is None, group.fixed_key or "", group.leader_id))
    unplaced.sort(key=lambda entry: entry.person_id)
    return Formation(
        groups=tuple(groups),
        unplaced=tuple(unplaced),
        upper_bound=bound.value,
        placed=len(problem.people) - seating.free.bit_count(),
        size_deviation=deviation,
        penalty=penalty,
        repeated_pairs=repeats,
        notes=tuple(problem.notes),
        worded_notes=tuple(problem.worded_notes),
    )
