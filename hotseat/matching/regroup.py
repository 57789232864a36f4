"""Ruin and recreate: free a few masterminds around someone left out, and re-seat that neighbourhood exactly.

The one-person moves of :mod:`hotseat.matching.repair` miss seatings that need several
masterminds to change at once (two volunteers who lead the only slots of two left-out
people sit in one mastermind: it must split). So for each left-out unit, the masterminds
nearest to it (those seating leaders and people of its slots) are taken apart, and the
freed people, the unit and other left-out people sharing those slots are re-seated by an
exhaustive search that keeps the new grouping only if it seats more of them (or, in a
remix, as many with fewer repeated pairs).

The search deals units out one by one (least flexible first): each joins an open group
whose remaining common slots it makes, opens a new group, or stays out. A branch dies when
even seating everyone left could not beat the best so far; at the end every group needs
``min_size`` people (fixed ones excepted) and a volunteer who writes one of its slots.
Neighbourhoods grow (:data:`NEIGHBOURHOODS` people) while people wait and time remains;
each search stops after :data:`NODE_LIMIT` nodes. When the whole problem is small (at
most :data:`WHOLE_LIMIT` people) the neighbourhood is everyone (searched up to
:data:`WHOLE_NODES` nodes), which makes the result optimal in people seated, then in
repeated pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

from hotseat.matching.budget import Budget
from hotseat.matching.problem import Problem, bits
from hotseat.matching.seating import Seating

WHOLE_LIMIT = 14
NEIGHBOURHOODS = (12, 16, 20, 24)
NODE_LIMIT = 20_000
WHOLE_NODES = 2_000_000


@dataclass
class _Group:
    members: int
    candidates: int
    size: int
    fixed: int | None = None


@dataclass(frozen=True)
class _Unit:
    people: int
    size: int
    options: int
    avoid: int
    tied: int | None
    met: tuple[int, ...]

    def repeats(self, members: int) -> int:
        """Pairs this unit would repeat by joining ``members``."""
        return sum((met & members).bit_count() for met in self.met)


class _Search:
    def __init__(
        self, problem: Problem, units: list[_Unit], groups: list[_Group], beat: tuple[int, int], budget: Budget
    ) -> None:
        self.problem = problem
        self.units = units
        self.groups = groups
        self.best = beat  # (people seated, -repeated pairs): the score to beat
        self.limit = NODE_LIMIT
        self.found: list[_Group] | None = None
        self.budget = budget
        self.nodes = 0
        self.left = [0] * (len(units) + 1)
        for i in range(len(units) - 1, -1, -1):
            self.left[i] = self.left[i + 1] + units[i].size

    def _valid(self) -> bool:
        problem, rules = self.problem, self.problem.rules
        for group in self.groups:
            if group.fixed is not None:
                continue
            if group.size < rules.min_size:
                return False
            if not any(problem.leads[c] & group.members for c in bits(group.candidates)):
                return False
        return True

    def run(self, i: int = 0, placed: int = 0, repeats: int = 0) -> None:
        """Deal units ``i`` onwards, ``placed`` people seated and ``repeats`` pairs repeated so far."""
        self.nodes += 1
        # Seating more people always wins; repeated pairs only grow as people are dealt.
        if (placed + self.left[i], -repeats) <= self.best or self.nodes > self.limit:
            return
        if self.nodes % 1024 == 0 and self.budget.out:
            self.nodes = self.limit + 1
            return
        if i == len(self.units):
            if self._valid():
                self.best = (placed, -repeats)
                self.found = [_Group(g.members, g.candidates, g.size, g.fixed) for g in self.groups]
            return
        unit, max_size = self.units[i], self.problem.rules.max_size
        for group in self.groups:
            if unit.tied is not None and group.fixed != unit.tied:
                continue
            common = group.candidates & unit.options
            if not common or group.size + unit.size > max_size or group.members & unit.avoid:
                continue
            saved = group.members, group.candidates, group.size
            again = repeats + unit.repeats(group.members)
            group.members, group.candidates, group.size = group.members | unit.people, common, group.size + unit.size
            self.run(i + 1, placed + unit.size, again)
            group.members, group.candidates, group.size = saved
        if unit.tied is None and unit.options:
            self.groups.append(_Group(unit.people, unit.options, unit.size))
            self.run(i + 1, placed + unit.size, repeats)
            self.groups.pop()
        self.run(i + 1, placed, repeats)


def _unit(problem: Problem, people: int) -> _Unit:
    avoid = 0
    for person in bits(people):
        avoid |= problem.apart[person]
    tied = problem.bound_to.get((people & -people).bit_length() - 1)
    met = tuple(problem.met[person] for person in bits(people) if problem.met[person])
    return _Unit(people, people.bit_count(), problem.common(people), avoid, tied, met)


def _regroup(seating: Seating, tables: list[int], waiting: int, budget: Budget, *, limit: int = NODE_LIMIT) -> bool:
    """Re-seat the people of ``tables`` plus the units of ``waiting``; True if that seats more or repeats less."""
    problem = seating.problem
    movable = [n for n in tables if seating.tables[n].fixed is None]
    people = waiting
    for number in movable:
        people |= seating.tables[number].people
    fixed: list[int] = []
    groups = []
    for number in tables:
        table = seating.tables[number]
        if table.fixed is None or table.candidate is None:
            continue
        board = problem.fixed[table.fixed]
        fixed.append(number)
        people |= table.people & ~board.seats
        options = (
            1 << table.candidate if board.slot_given else problem.common(board.seats) & problem.writes[board.leader]
        )
        groups.append(_Group(board.seats, options, board.seats.bit_count(), table.fixed))
    units = [_unit(problem, unit) for unit in {problem.unit[p] for p in bits(people)}]
    units.sort(key=lambda u: (u.options.bit_count(), -u.size, u.people))
    repeats = 0
    for number in tables:
        members = seating.tables[number].people
        repeats += sum((problem.met[p] & members).bit_count() for p in bits(members)) // 2
    search = _Search(problem, units, groups, ((people & ~seating.free).bit_count(), -repeats), budget)
    search.limit = limit
    search.run()
    if search.found is None:
        return False
    for number in movable:
        seating.remove(number, seating.tables[number].people)
    for number, group in zip(fixed, search.found, strict=False):
        table = seating.tables[number]
        seating.remove(number, table.people & ~group.members)
        seating.add(number, group.members & ~table.people)
        if not problem.fixed[group.fixed or 0].slot_given:
            best = min(bits(group.candidates), key=lambda c: (problem.penalty(c, group.members), c))
            seating.reslot(number, best, table.leader)
    fresh = search.found[len(fixed) :]
    for index in range(max(len(fresh), len(movable))):
        reuse = movable[index] if index < len(movable) else None
        if index >= len(fresh):
            assert reuse is not None
            seating.retire(reuse)
            continue
        group = fresh[index]
        able = [c for c in bits(group.candidates) if problem.leads[c] & group.members]
        candidate = min(able, key=lambda c: (problem.penalty(c, group.members), c))
        leader = bits(problem.leads[candidate] & group.members)[0]
        if reuse is None:
            seating.open(candidate, leader, group.members)
        else:
            seating.add(reuse, group.members)
            seating.reslot(reuse, candidate, leader)
    seating.compact()
    return True


def _near(seating: Seating, unit: int, waiting: int, limit: int) -> tuple[list[int], int]:
    """The masterminds and left-out units to take apart with ``unit``: those sharing its slots, leaders first."""
    problem = seating.problem
    options = problem.common(unit)
    crowd = leaders = 0
    for candidate in bits(options):
        crowd |= problem.table.attendees[candidate]
        leaders |= problem.leads[candidate]
    score: dict[int, list[int]] = {}
    for person in bits(crowd & ~seating.free):
        number = seating.table_of[person]
        entry = score.setdefault(number, [0, 0])
        entry[0] += leaders >> person & 1
        entry[1] += 1
    budget = limit - unit.bit_count()
    tables = []
    for number in sorted(score, key=lambda n: (-score[n][0], -score[n][1], seating.tables[n].size, n)):
        size = seating.tables[number].size
        if size <= budget:
            tables.append(number)
            budget -= size
    reach = options
    for number in tables:
        for person in bits(seating.tables[number].people):
            reach |= problem.table.options[person]
    others = unit
    for person in bits(waiting & ~unit):
        other = problem.unit[person]
        if other & others or other.bit_count() > budget or not problem.common(other) & reach:
            continue
        others |= other
        budget -= other.bit_count()
    return tables, others


def regroup(seating: Seating, pool: int, budget: Budget) -> bool:
    """Re-seat neighbourhoods of left-out people of ``pool`` exactly, as the module says; True if anyone more sat."""
    problem = seating.problem
    if not pool & seating.free and not any(problem.met):
        return False  # everyone who could sit does
    if (pool | problem.seated).bit_count() <= WHOLE_LIMIT:
        return _regroup(seating, list(range(len(seating.tables))), pool & seating.free, budget, limit=WHOLE_NODES)
    improved = False
    for limit in NEIGHBOURHOODS:
        waiting = {problem.unit[p] for p in bits(pool & seating.free)}
        for unit in sorted(waiting, key=lambda u: (problem.common(u).bit_count(), u)):
            if budget.out:
                return improved
            if unit & seating.free != unit:
                continue
            tables, people = _near(seating, unit, pool & seating.free, limit)
            improved = _regroup(seating, tables, people, budget) or improved
    return improved
