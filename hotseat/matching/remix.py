"""Remix: new masterminds for the next cohort, with as few people meeting again as possible.

The history of a program (every past cohort's masterminds) tells who has sat together.
A remix forms masterminds like :func:`~hotseat.matching.form_groups`, with one more aim
ranked right after seating as many people as possible: the fewest *repeated pairs*, two
people in one new mastermind who shared one before. People kept together (a mastermind
that wants to continue) do not count as repeats among themselves.

Repeats are taken into account while dealing people out and joining masterminds, and the
exact re-seating of small problems minimises them. Then a tabu search in the manner of the
social golfer local search (Dotú and Van Hentenryck 2005) removes what is left: among the
moves of a person in a repeated pair to another mastermind whose slot they make, and the
swaps of two such people, take the one that removes the most repeats (or adds the fewest),
forbid moving those people again for a few steps, and keep the best seating seen.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from hotseat.matching.budget import Budget
from hotseat.matching.errors import MatchingError
from hotseat.matching.formation import form_groups, solve
from hotseat.matching.inputs import Fixed, Person, Rules
from hotseat.matching.polish import movable_single, repeats_with
from hotseat.matching.problem import Pair, Problem, bits, prepare
from hotseat.matching.results import Formation
from hotseat.matching.seating import Seating

History = Sequence[Sequence[frozenset[str]]]
TABU_TENURE = (3, 8)
STALL_LIMIT = 200


def remember(problem: Problem, history: History) -> None:
    """Fill ``problem.met`` from past cohorts' groups; ids no longer signed up are ignored."""
    for cohort in history:
        if isinstance(cohort, str | frozenset | set):
            raise MatchingError("The history is a list of cohorts, each a list of groups (sets of ids).")
        for group in cohort:
            if isinstance(group, str):
                raise MatchingError(f"A past group is a set of ids, not the string {group!r}.")
            members = 0
            for person_id in group:
                if person_id in problem.index:
                    members |= 1 << problem.index[person_id]
            for person in bits(members):
                problem.met[person] |= members & ~(1 << person)
    for person in range(len(problem.people)):
        problem.met[person] &= ~problem.unit[person]


def remix(
    people: Sequence[Person],
    history: History,
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
    seed: int = 0,
) -> Formation:
    """Propose the next cohort's masterminds, seating as many people as possible and then repeating the fewest pairs.

    ``history`` lists past cohorts, each a sequence of masterminds given as sets of person
    ids (any number of cohorts; ids of people no longer signed up are ignored). Everything
    else is as for :func:`~hotseat.matching.form_groups`; a group that wants to continue is
    given as ``keep_together`` pairs. The result's ``repeated_pairs`` counts pairs seated
    together again. ``seed`` makes the search repeatable.
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
    remember(problem, history)
    rng = random.Random(seed)  # noqa: S311 (a search's dice, not a secret)
    return solve(
        problem,
        cohort_start,
        weeks,
        evaluations=evaluations,
        seconds=seconds,
        improve=lambda seating, budget: fewer_repeats(seating, budget, rng),
    )


def _moves(seating: Seating, person: int) -> list[tuple[int, int, int]]:
    """(change in repeats, destination table, swap partner or -1) for each move of ``person``."""
    problem, rules = seating.problem, seating.problem.rules
    home = seating.table_of[person]
    here = seating.tables[home]
    cost_here = repeats_with(problem, person, here.people)
    found = []
    for candidate in bits(problem.table.options[person]):
        for number in seating.at.get(candidate, ()):
            if number == home:
                continue
            there = seating.tables[number]
            if here.size > rules.min_size and there.size < rules.max_size and seating.accepts(number, 1 << person):
                found.append((repeats_with(problem, person, there.people) - cost_here, number, -1))
            assert here.candidate is not None
            for other in bits(there.people & problem.table.attendees[here.candidate]):
                if not movable_single(seating, other):
                    continue
                if not seating.accepts(number, 1 << person, leaving=1 << other):
                    continue
                if not seating.accepts(home, 1 << other, leaving=1 << person):
                    continue
                delta = (
                    repeats_with(problem, person, there.people & ~(1 << other))
                    + repeats_with(problem, other, here.people & ~(1 << person))
                    - cost_here
                    - repeats_with(problem, other, there.people)
                )
                found.append((delta, number, other))
    return found


def _best_move(
    seating: Seating, rng: random.Random, tabu: dict[int, int], step: int, room: int
) -> tuple[int, int, int, int] | None:
    """(change, person, destination, partner or -1): the best allowed move, ties broken at random.

    A move touching someone moved lately is allowed only if it beats the best total (by ``room``).
    """
    problem = seating.problem
    chosen: tuple[int, int, int, int] | None = None
    ties = 0
    for table in seating.tables:
        for person in bits(table.people):
            if not problem.met[person] & table.people or not movable_single(seating, person):
                continue
            for delta, destination, other in _moves(seating, person):
                recent = tabu.get(person, 0) >= step or (other >= 0 and tabu.get(other, 0) >= step)
                if recent and delta >= room:
                    continue
                if chosen is None or delta < chosen[0]:
                    chosen, ties = (delta, person, destination, other), 1
                elif delta == chosen[0]:
                    ties += 1
                    if rng.randrange(ties) == 0:
                        chosen = (delta, person, destination, other)
    return chosen


def fewer_repeats(seating: Seating, budget: Budget, rng: random.Random) -> None:
    """Tabu search on repeated pairs, as the module says; leaves the best seating found."""
    if not any(seating.problem.met):
        return
    total = _total(seating)
    best, best_state = total, _state(seating)
    tabu: dict[int, int] = {}
    step = stall = 0
    while total and stall < STALL_LIMIT and not budget.out:
        step += 1
        chosen = _best_move(seating, rng, tabu, step, best - total)
        if chosen is None:
            break
        delta, person, destination, other = chosen
        home = seating.table_of[person]
        seating.remove(home, 1 << person)
        if other >= 0:
            seating.remove(destination, 1 << other)
            seating.add(home, 1 << other)
            tabu[other] = step + rng.randint(*TABU_TENURE)
        seating.add(destination, 1 << person)
        tabu[person] = step + rng.randint(*TABU_TENURE)
        total += delta
        if total < best:
            best, best_state, stall = total, _state(seating), 0
        else:
            stall += 1
    if total > best:
        _restore(seating, best_state)


def _total(seating: Seating) -> int:
    problem = seating.problem
    return sum(repeats_with(problem, p, table.people) for table in seating.tables for p in bits(table.people)) // 2


def _state(seating: Seating) -> list[int]:
    return [table.people for table in seating.tables]


def _restore(seating: Seating, state: list[int]) -> None:
    for number, people in enumerate(state):
        table = seating.tables[number]
        seating.remove(number, table.people & ~people & ~(1 << table.leader))
    for number, people in enumerate(state):
        table = seating.tables[number]
        seating.add(number, people & ~table.people)


def propose(
    people: Sequence[Person],
    history: History,
    cohort_start: date,
    weeks: int,
    rules: Rules | None = None,
    *,
    keep_together: Iterable[Pair] = (),
    keep_apart: Iterable[Pair] = (),
    fixed: Sequence[Fixed] = (),
    seconds: float | None = None,
) -> Formation:
    """Masterminds for a cohort: a :func:`remix` when the program has past groupings, else :func:`form_groups`."""
    if history:
        return remix(
            people,
            history,
            cohort_start,
            weeks,
            rules,
            keep_together=keep_together,
            keep_apart=keep_apart,
            fixed=fixed,
            seconds=seconds,
        )
    return form_groups(
        people,
        cohort_start,
        weeks,
        rules,
        keep_together=keep_together,
        keep_apart=keep_apart,
        fixed=fixed,
        seconds=seconds,
    )
