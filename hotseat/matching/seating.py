"""The masterminds being formed, as mutable tables, and the rules every move must keep.

A table holds a candidate slot, a leader and a bitset of people (leader included). The
seating keeps, for each person, the table they sit at, and for each candidate, its tables,
so the moves of :mod:`hotseat.matching.construct` and :mod:`hotseat.matching.repair` ask
cheap questions: can these people join that table, can that table move to another slot.
"""

from __future__ import annotations

from dataclasses import dataclass

from hotseat.matching.problem import Problem, bits


@dataclass
class Table:
    """A mastermind being formed: its candidate (None only for a fixed one with no workable slot)."""

    candidate: int | None
    leader: int
    people: int
    fixed: int | None = None

    @property
    def size(self) -> int:
        """How many people sit here, leader included."""
        return self.people.bit_count()


class Seating:
    """The tables of a proposal, who sits where, and who is still free."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.tables: list[Table] = []
        self.table_of: dict[int, int] = {}
        self.at: dict[int, set[int]] = {}
        self.free = problem.everyone & ~problem.seated
        self._common: dict[int, int] = {}
        self._journal: list[tuple[str, int, int, int]] | None = None
        self._depth = 0
        bound = 0
        for person in problem.bound_to:
            bound |= 1 << person
        self.bound = bound
        for number, board in enumerate(problem.fixed):
            self.open(board.candidate, board.leader, board.seats, fixed=number)

    def open(self, candidate: int | None, leader: int, people: int, fixed: int | None = None) -> int:
        """Start a table; returns its number. ``people`` must be free (or fixed seats)."""
        number = len(self.tables)
        if self._journal is not None:
            self._journal.append(("open", number, 0, 0))
        self.tables.append(Table(candidate, leader, people, fixed))
        for person in bits(people):
            self.table_of[person] = number
        self.free &= ~people
        if candidate is not None:
            self.at.setdefault(candidate, set()).add(number)
        return number

    def add(self, number: int, people: int) -> None:
        """Seat free ``people`` at table ``number``."""
        if self._journal is not None:
            self._journal.append(("add", number, people, 0))
        self.tables[number].people |= people
        self._common.pop(number, None)
        for person in bits(people):
            self.table_of[person] = number
        self.free &= ~people

    def remove(self, number: int, people: int) -> None:
        """Free ``people`` from table ``number`` (not its leader, unless all leave)."""
        if self._journal is not None:
            self._journal.append(("remove", number, people, 0))
        self.tables[number].people &= ~people
        self._common.pop(number, None)
        for person in bits(people):
            del self.table_of[person]
        self.free |= people

    def reslot(self, number: int, candidate: int, leader: int) -> None:
        """Move table ``number`` to ``candidate`` under ``leader`` (who sits there)."""
        table = self.tables[number]
        if self._journal is not None:
            self._journal.append(("reslot", number, -1 if table.candidate is None else table.candidate, table.leader))
        if table.candidate is not None:
            self.at[table.candidate].discard(number)
        table.candidate, table.leader = candidate, leader
        self.at.setdefault(candidate, set()).add(number)

    def common(self, number: int) -> int:
        """The candidates everyone at table ``number`` makes (cached until the table changes)."""
        found = self._common.get(number)
        if found is None:
            found = self._common[number] = self.problem.common(self.tables[number].people)
        return found

    def begin(self) -> int:
        """Start recording changes (transactions nest); returns the mark to :meth:`commit` or :meth:`rollback` to."""
        if self._journal is None:
            self._journal = []
        self._depth += 1
        return len(self._journal)

    def commit(self, mark: int) -> None:
        """Keep the changes since ``mark`` (an outer transaction may still undo them)."""
        del mark
        self._depth -= 1
        if not self._depth:
            self._journal = None

    def rollback(self, mark: int) -> None:
        """Undo the changes since ``mark``, latest first."""
        journal = self._journal or []
        undo = journal[mark:]
        del journal[mark:]
        self._journal = None
        for action, number, people, extra in reversed(undo):
            if action == "add":
                self.remove(number, people)
            elif action == "remove":
                self.add(number, people)
            elif action == "reslot":
                table = self.tables[number]
                if table.candidate is not None:
                    self.at[table.candidate].discard(number)
                table.candidate, table.leader = (None if people < 0 else people), extra
                if table.candidate is not None:
                    self.at.setdefault(table.candidate, set()).add(number)
            else:
                table = self.tables.pop()
                for person in bits(table.people):
                    del self.table_of[person]
                self.free |= table.people
                self._common.pop(number, None)
                if table.candidate is not None:
                    self.at[table.candidate].discard(number)
        self._depth -= 1
        self._journal = journal if self._depth else None

    def retire(self, number: int) -> None:
        """Close table ``number``, whose people have all left; :meth:`compact` then drops it."""
        table = self.tables[number]
        if table.candidate is not None:
            self.at[table.candidate].discard(number)
        table.candidate, table.people = None, 0

    def compact(self) -> None:
        """Drop closed tables and renumber the rest."""
        kept = [table for table in self.tables if table.people]
        self.tables = []
        self.table_of = {}
        self.at = {}
        self._common = {}
        for number, table in enumerate(kept):
            self.tables.append(table)
            for person in bits(table.people):
                self.table_of[person] = number
            if table.candidate is not None:
                self.at.setdefault(table.candidate, set()).add(number)

    def movable(self, people: int) -> bool:
        """True when none of ``people`` sits in a fixed seat."""
        return not people & self.problem.seated

    def room(self, number: int) -> int:
        """Seats left at table ``number`` below the largest size."""
        return self.problem.rules.max_size - self.tables[number].size

    def accepts(self, number: int, people: int, *, leaving: int = 0, ignore_room: bool = False) -> bool:
        """Whether ``people`` may sit at table ``number`` once ``leaving`` has left it.

        They must make every call of its slot, fit below the largest size, be kept apart from
        nobody there, and, if a keep-together partner sits in a fixed mastermind, join that one.
        """
        problem, table = self.problem, self.tables[number]
        candidate = table.candidate
        if candidate is None or problem.table.attendees[candidate] & people != people:
            return False
        staying = table.people & ~leaving
        if not ignore_room and staying.bit_count() + people.bit_count() > problem.rules.max_size:
            return False
        for person in bits(people):
            if problem.apart[person] & staying:
                return False
        if people & self.bound:
            return all(problem.bound_to.get(person) == table.fixed for person in bits(people & self.bound))
        return True

    def leaders_for(self, number: int, candidate: int, people: int | None = None) -> int:
        """Who at table ``number`` (or among ``people``) could lead it at ``candidate``: volunteers who write it.

        A fixed table keeps its leader, and moves only if its slot was not given.
        """
        problem, table = self.problem, self.tables[number]
        if table.fixed is not None:
            board = problem.fixed[table.fixed]
            if board.slot_given and candidate != table.candidate:
                return 0
            return 1 << table.leader if problem.writes[table.leader] >> candidate & 1 else 0
        return problem.leads[candidate] & (table.people if people is None else people)

    def slots_for(self, number: int, people: int) -> int:
        """The candidates table ``number`` could move to with exactly ``people`` seated: all make it, one leads it."""
        problem, table = self.problem, self.tables[number]
        extra = people & ~table.people
        if people & table.people == table.people:
            common = self.common(number) & (problem.common(extra) if extra else -1)
        else:
            common = problem.common(people)
        if table.fixed is not None:
            board = problem.fixed[table.fixed]
            if board.slot_given:
                return common & (1 << table.candidate) if table.candidate is not None else 0
            return common & problem.writes[table.leader]
        able = 0
        for volunteer in bits(people & problem.volunteers):
            able |= problem.writes[volunteer]
        return common & able

    def best_leader(self, number: int, candidate: int) -> int:
        """The leader to keep at ``candidate``: the current one if able, else the first able volunteer."""
        table = self.tables[number]
        able = self.leaders_for(number, candidate)
        if able >> table.leader & 1:
            return table.leader
        return (able & -able).bit_length() - 1

    def volunteers_at(self, number: int) -> int:
        """How many volunteers sit at table ``number``."""
        return (self.tables[number].people & self.problem.volunteers).bit_count()
