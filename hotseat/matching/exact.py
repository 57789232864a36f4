"""The exact answer on small inputs, with OR-Tools' CP-SAT: the yardstick for the heuristic.

A development tool (ortools is a dev dependency): the app never imports this module.

The model has, for each possible new mastermind ``g`` (at most one per free volunteer, and
at most ``people // min_size``) and each fixed one, a choice of one candidate slot, a seat
variable per person and a leader variable per volunteer, with the same rules as formation:
everyone makes every call of the slot, sizes within bounds, exactly one leader who makes and
writes the slot, keep-apart pairs never together, keep-together units all in or all out,
fixed seats kept. Candidates with the same attendees and leaders are merged, and those
another candidate dominates dropped (they cannot seat anyone the other cannot).

Aims are solved in order, each fixed before the next: most people seated, then fewest
repeated pairs (remix), then the least ``|size - target|`` summed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from hotseat.matching.problem import Problem, bits


@dataclass(frozen=True)
class ExactResult:
    """The optimum of each aim in turn, whether each was proven, and one grouping reaching them (leader, people)."""

    placed: int
    repeated_pairs: int
    size_deviation: int
    proven: bool
    groups: tuple[tuple[str, frozenset[str]], ...]


def _useful_candidates(problem: Problem) -> list[int]:
    table = problem.table
    kinds: dict[tuple[int, int], int] = {}
    for c, attendees in enumerate(table.attendees):
        # A new mastermind's slot needs min_size people who make it and a leader.
        if attendees.bit_count() >= problem.rules.min_size and problem.leads[c]:
            kinds.setdefault((attendees, problem.leads[c]), c)
    kept = []
    for (attendees, leads), c in kinds.items():
        dominated = any(
            (other, other_leads) != (attendees, leads)
            and attendees & other == attendees
            and leads & other_leads == leads
            for other, other_leads in kinds
        )
        if not dominated:
            kept.append(c)
    return sorted(kept)


class _Model:
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.model = cp_model.CpModel()
        self.free = [p for p in range(len(problem.people)) if not problem.seated >> p & 1]
        rules = problem.rules
        volunteers = (problem.volunteers & ~problem.seated).bit_count()
        self.new = min(volunteers, len(self.free) // rules.min_size)
        candidates = _useful_candidates(problem)
        self.seat: dict[tuple[int, int], cp_model.IntVar] = {}
        self.sizes: list[Any] = []
        self.used: list[Any] = []
        self.leader: dict[tuple[int, int], cp_model.IntVar] = {}
        self.choice: dict[tuple[int, int], cp_model.IntVar] = {}
        for g in range(self.new):
            self._group(g, candidates, None)
        for number, _board in enumerate(problem.fixed):
            self._group(self.new + number, candidates, number)
        self._people()
        groups = range(self.new + len(problem.fixed))
        self.placed = problem.seated.bit_count() + sum(self.seat.values())
        deviations: list[Any] = []
        for g in groups:
            deviation = self.model.new_int_var(0, rules.max_size, f"dev{g}")
            target = rules.target * self.used[g]
            self.model.add(deviation >= self.sizes[g] - target)
            self.model.add(deviation >= target - self.sizes[g])
            deviations.append(deviation)
        self.deviation = sum(deviations)
        self.repeats = self._repeats(groups)

    def _usable(self, candidates: list[int], fixed: int | None) -> list[int]:
        # A new group may take any useful candidate; a fixed one its set slot or one its seated people make.
        problem = self.problem
        if fixed is None:
            return candidates
        board = problem.fixed[fixed]
        if board.candidate is None:
            return []
        if board.slot_given:
            return [board.candidate]
        return bits(problem.common(board.seats) & problem.writes[board.leader])

    def _group(self, g: int, candidates: list[int], fixed: int | None) -> None:
        problem, model, rules = self.problem, self.model, self.problem.rules
        seats = problem.fixed[fixed].seats if fixed is not None else 0
        choices = {c: model.new_bool_var(f"y{g}_{c}") for c in self._usable(candidates, fixed)}
        for c, var in choices.items():
            self.choice[g, c] = var
        used: Any = 1
        if fixed is None:
            used = sum(choices.values())
            model.add(used <= 1)
            if g > 0:
                model.add(used <= self.used[g - 1])
        elif choices:
            model.add_exactly_one(choices.values())
        self.used.append(used)
        members = self._seats(g, choices, fixed, seats)
        size = seats.bit_count() + sum(members)
        self.sizes.append(size)
        if fixed is not None:
            model.add(size <= rules.max_size)
            return
        model.add(size <= rules.max_size * used)
        model.add(size >= rules.min_size * used)
        leaders = []
        for p in bits(problem.volunteers & ~problem.seated):
            if (p, g) in self.seat:
                var = model.new_bool_var(f"l{p}_{g}")
                self.leader[p, g] = var
                leaders.append(var)
                model.add_implication(var, self.seat[p, g])
                model.add(var <= sum(chosen for c, chosen in choices.items() if problem.leads[c] >> p & 1))
        model.add(sum(leaders) == used)

    def _seats(
        self, g: int, choices: dict[int, cp_model.IntVar], fixed: int | None, seats: int
    ) -> list[cp_model.IntVar]:
        problem, model = self.problem, self.model
        members = []
        for p in self.free:
            if fixed is not None and (not choices or problem.bound_to.get(p, fixed) != fixed):
                continue
            if fixed is None and p in problem.bound_to:
                continue
            var = model.new_bool_var(f"x{p}_{g}")
            self.seat[p, g] = var
            members.append(var)
            # Seated only at a slot they make (the group picks at most one slot).
            model.add(var <= sum(chosen for c, chosen in choices.items() if problem.table.attendees[c] >> p & 1))
            if seats and problem.apart[p] & seats:
                model.add(var == 0)
        return members

    def _people(self) -> None:
        problem, model = self.problem, self.model
        groups = range(self.new + len(problem.fixed))
        for p in self.free:
            model.add(sum(self.seat[p, g] for g in groups if (p, g) in self.seat) <= 1)
            for q in bits(problem.apart[p]):
                if q > p and not problem.seated >> q & 1:
                    for g in groups:
                        if (p, g) in self.seat and (q, g) in self.seat:
                            model.add_bool_or([self.seat[p, g].Not(), self.seat[q, g].Not()])
            for q in bits(problem.unit[p]):
                if q > p:
                    for g in groups:
                        first = self.seat.get((p, g))
                        second = self.seat.get((q, g))
                        if first is None or second is None:
                            for var in (first, second):
                                if var is not None:
                                    model.add(var == 0)
                        else:
                            model.add(first == second)

    def _repeats(self, groups: range) -> Any:
        problem, model = self.problem, self.model
        pairs: list[Any] = []
        for p in range(len(problem.people)):
            for q in bits(problem.met[p]):
                if q <= p:
                    continue
                for g in groups:
                    first = 1 if self._is_seated_at(p, g) else self.seat.get((p, g))
                    second = 1 if self._is_seated_at(q, g) else self.seat.get((q, g))
                    if first is None or second is None:
                        continue
                    if isinstance(first, int) and isinstance(second, int):
                        pairs.append(1)
                        continue
                    both = model.new_bool_var(f"r{p}_{q}_{g}")
                    model.add(both >= first + second - 1)
                    pairs.append(both)
        return sum(pairs)

    def _is_seated_at(self, person: int, g: int) -> bool:
        number = g - self.new
        return number >= 0 and bool(self.problem.fixed[number].seats >> person & 1)

    def grouping(self, solver: cp_model.CpSolver) -> tuple[tuple[str, frozenset[str]], ...]:
        """The solved groups as (leader id, everyone's ids), by leader."""
        problem = self.problem
        found = []
        for g in range(self.new + len(problem.fixed)):
            people = {problem.people[p].id for (p, h), var in self.seat.items() if h == g and solver.value(var)}
            if g >= self.new:
                board = problem.fixed[g - self.new]
                people |= {problem.people[p].id for p in bits(board.seats)}
                leader = problem.people[board.leader].id
            elif not people:
                continue
            else:
                leader = next(
                    problem.people[p].id for (p, h), var in self.leader.items() if h == g and solver.value(var)
                )
            found.append((leader, frozenset(people)))
        return tuple(sorted(found, key=lambda entry: entry[0]))


def exact(problem: Problem, *, seconds: float | None = 30.0, conflicts: int | None = None) -> ExactResult:
    """Solve ``problem`` to optimality in the order of aims (see the module docstring).

    Each stage stops after ``seconds`` (with two workers) or, when ``seconds`` is None, after
    ``conflicts`` conflicts of a single worker, CP-SAT's own step count: the same answer on
    any machine. ``proven`` is False when a stage stopped before proving its optimum.
    """
    solver = cp_model.CpSolver()
    if seconds is not None and conflicts is None:
        solver.parameters.max_time_in_seconds = seconds
        solver.parameters.num_workers = 2
    elif conflicts is not None and seconds is None:
        # One worker: CP-SAT is deterministic then, and the conflicts count the same steps everywhere.
        solver.parameters.max_number_of_conflicts = conflicts
        solver.parameters.num_workers = 1
    else:
        msg = "Give exact() either a time limit (seconds) or a step budget (conflicts)."
        raise ValueError(msg)
    built = _Model(problem)
    model = built.model
    proven = True
    values: list[int] = []
    for sense, expression in (("max", built.placed), ("min", built.repeats), ("min", built.deviation)):
        if isinstance(expression, int):
            values.append(expression)
            continue
        if sense == "max":
            model.maximize(expression)
        else:
            model.minimize(expression)
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            msg = f"CP-SAT found no grouping (status {solver.status_name(status)})."
            raise RuntimeError(msg)
        proven = proven and status == cp_model.OPTIMAL
        value = round(solver.objective_value)
        values.append(value)
        model.add(expression == value)
    grouping = built.grouping(solver)
    return ExactResult(values[0], values[1], values[2], proven, grouping)
