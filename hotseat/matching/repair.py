"""Local moves that seat people the greedy draft left out, without unseating anyone.

For each waiting unit (a person, or people kept together), least flexible first, the first
move that works:

1. **join**: a mastermind at one of their slots has room (the smallest first, for sizes);
2. **move and join**: a mastermind with room moves to a slot everyone there and they make,
   led by a volunteer already in it;
3. **chain**: a full mastermind at their slot takes them in while one member moves to
   another mastermind, which may pass one of its own on, and so on, to one with room
   (a breadth-first search, :func:`augment`);
4. **new mastermind**: at one of their slots, with free people and with members borrowed
   from masterminds that stay at ``min_size`` or more (a borrowed volunteer may lead; a
   leader may be borrowed when another volunteer there can take over);
5. **move a mastermind**: one whose leader can host a slot of theirs moves there, taking
   along the members who make it and free people who do; the others find seats elsewhere
   (joining or by a chain). Kept only if more people end up seated.

Passes repeat while anything moves. Every move keeps the seating valid, so stopping at
any point (when the time is up) leaves a correct proposal.
"""

from __future__ import annotations

from hotseat.matching.budget import Budget
from hotseat.matching.problem import Problem, bits
from hotseat.matching.seating import Seating

AUGMENT_LIMIT = 2000


def _avoid(problem: Problem, unit: int) -> int:
    found = 0
    for person in bits(unit):
        found |= problem.apart[person]
    return found


def _join(seating: Seating, unit: int, options: int, *, exclude: int = -1) -> bool:
    problem = seating.problem
    best: tuple[int, int, int, int] | None = None
    for candidate in bits(options):
        for number in seating.at.get(candidate, ()):
            if number == exclude or not seating.accepts(number, unit):
                continue
            table = seating.tables[number]
            met = sum((problem.met[p] & table.people).bit_count() for p in bits(unit))
            key = (met, table.size >= problem.rules.target, table.size, number)
            if best is None or key < best:
                best = key
    if best is None:
        return False
    seating.add(best[3], unit)
    return True


def _move_and_join(seating: Seating, unit: int, options: int, *, exclude: int = -1) -> bool:
    problem = seating.problem
    avoid = _avoid(problem, unit)
    size = unit.bit_count()
    bound = {problem.bound_to.get(p) for p in bits(unit)}
    for number, table in enumerate(seating.tables):
        if (
            number == exclude
            or table.candidate is None
            or table.size + size > problem.rules.max_size
            or avoid & table.people
            or not seating.common(number) & options
            or bound not in ({None}, {table.fixed})
        ):
            continue
        slots = seating.slots_for(number, table.people | unit)
        if not slots:
            continue
        people = table.people | unit
        candidate = min(bits(slots), key=lambda c: (problem.penalty(c, people), c))
        seating.add(number, unit)
        seating.reslot(number, candidate, seating.best_leader(number, candidate))
        return True
    return False


def _place_elsewhere(seating: Seating, person: int, exclude: int) -> bool:
    options = seating.problem.table.options[person]
    return _join(seating, 1 << person, options, exclude=exclude) or _move_and_join(
        seating, 1 << person, options, exclude=exclude
    )


def _single(seating: Seating, person: int) -> bool:
    # Someone who may change tables on their own: not a leader, not fixed, not kept with anyone.
    problem = seating.problem
    number = seating.table_of.get(person)
    return (
        number is not None
        and seating.tables[number].leader != person
        and problem.unit[person] == 1 << person
        and not problem.seated >> person & 1
        and person not in problem.bound_to
    )


def augment(seating: Seating, unit: int, *, limit: int = AUGMENT_LIMIT) -> bool:
    """Seat ``unit`` at a table of its slots, making room by a chain of members each moving to another table.

    A breadth-first search over tables: from the tables of the unit's slots, through each
    member who could sit at another table, to the first table with room; then everyone on
    the path moves one step. Examines at most ``limit`` tables.
    """
    problem = seating.problem
    size = unit.bit_count()
    parent: dict[int, tuple[int, int]] = {}
    queue: list[int] = []
    for candidate in bits(problem.common(unit)):
        for number in seating.at.get(candidate, ()):
            if number not in parent and seating.accepts(number, unit, ignore_room=True):
                parent[number] = (-1, unit)
                queue.append(number)
    head = 0
    while head < len(queue) and head < limit:
        number = queue[head]
        head += 1
        need = size if parent[number][0] < 0 else 1
        if seating.room(number) >= need:
            return _shift(seating, parent, number)
        if parent[number][0] < 0 and size > 1:
            continue  # a unit of several needs that many free seats at once
        for person in bits(seating.tables[number].people):
            if not _single(seating, person):
                continue
            for candidate in bits(problem.table.options[person]):
                for other in seating.at.get(candidate, ()):
                    if other not in parent and seating.accepts(other, 1 << person, ignore_room=True):
                        parent[other] = (number, 1 << person)
                        queue.append(other)
    return False


def _shift(seating: Seating, parent: dict[int, tuple[int, int]], last: int) -> bool:
    mark = seating.begin()
    number = last
    while True:
        previous, mover = parent[number]
        if previous >= 0:
            seating.remove(previous, mover)
        if not seating.accepts(number, mover):
            seating.rollback(mark)
            return False
        seating.add(number, mover)
        if previous < 0:
            seating.commit(mark)
            return True
        number = previous


def _relocate(seating: Seating, person: int, pool: int) -> bool:
    """Move a mastermind whose leader can host one of ``person``'s slots there, if that seats more people."""
    problem, rules = seating.problem, seating.problem.rules
    for candidate in bits(problem.table.options[person]):
        arrivals = problem.table.attendees[candidate] & pool & seating.free
        for leader in bits(problem.leads[candidate] & ~seating.free):
            number = seating.table_of[leader]
            table = seating.tables[number]
            if table.fixed is not None or table.leader != leader or table.candidate == candidate:
                continue
            stay = table.people & problem.table.attendees[candidate]
            if stay.bit_count() >= rules.max_size or not all(_single(seating, p) for p in bits(table.people & ~stay)):
                continue
            before = seating.free.bit_count()
            mark = seating.begin()
            leave = table.people & ~stay
            seating.remove(number, leave)
            seating.reslot(number, candidate, leader)
            for newcomer in sorted(bits(arrivals), key=lambda p: (p != person, problem.table.options[p].bit_count())):
                single = problem.unit[newcomer] == 1 << newcomer and newcomer not in problem.bound_to
                if single and seating.accepts(number, 1 << newcomer):
                    seating.add(number, 1 << newcomer)
            _borrow(seating, number, candidate)
            for mover in bits(leave):
                _join(seating, 1 << mover, problem.table.options[mover]) or augment(seating, 1 << mover)
            if table.size >= rules.min_size and seating.free.bit_count() < before:
                seating.commit(mark)
                return True
            seating.rollback(mark)
    return False


def _borrow(seating: Seating, number: int, candidate: int) -> None:
    """Bring table ``number`` (at ``candidate``) up to ``min_size`` with members other tables can spare."""
    _problem, rules = seating.problem, seating.problem.rules
    table = seating.tables[number]
    for person, home in _lendable(seating, candidate, table.people):
        if table.size >= rules.min_size:
            return
        if home == number or person == seating.tables[home].leader:
            continue
        if seating.tables[home].size > rules.min_size and seating.accepts(number, 1 << person):
            seating.remove(home, 1 << person)
            seating.add(number, 1 << person)


def _lendable(seating: Seating, candidate: int, avoid: int) -> list[tuple[int, int]]:
    """Seated people who could leave their table for a new one at ``candidate``: (person, table)."""
    problem, rules = seating.problem, seating.problem.rules
    found = []
    seated = problem.table.attendees[candidate] & ~seating.free & ~problem.seated & ~avoid & ~seating.bound
    for person in bits(seated):
        if problem.unit[person] != 1 << person:
            continue
        number = seating.table_of[person]
        table = seating.tables[number]
        if table.size <= rules.min_size:
            continue
        if person == table.leader:
            others = seating.leaders_for(number, table.candidate or 0, table.people & ~(1 << person))
            if table.candidate is None or not others:
                continue
        found.append((person, number))
    return found


def _new_table(seating: Seating, unit: int, options: int, pool: int) -> bool:
    problem, rules = seating.problem, seating.problem.rules
    if problem.bound_to.get((unit & -unit).bit_length() - 1) is not None:
        return False
    avoid = _avoid(problem, unit)
    best: tuple[tuple[int, int, int], int, int] | None = None
    for candidate in bits(options):
        free = problem.table.attendees[candidate] & pool & seating.free & ~unit & ~avoid & ~seating.bound
        free &= ~sum(1 << p for p in bits(free) if problem.unit[p] != 1 << p or problem.apart[p] & free)
        need = rules.min_size - unit.bit_count() - free.bit_count()
        if need <= 0 and problem.leads[candidate] & (unit | free):
            key = (0, problem.penalty(candidate, unit), candidate)
        else:
            lendable = _lendable(seating, candidate, avoid | unit)
            if not problem.leads[candidate] & (unit | free | sum(1 << p for p, _ in lendable)):
                continue
            if len(lendable) < need:
                continue
            key = (max(need, 1), problem.penalty(candidate, unit), candidate)
        if best is None or key < best[0]:
            best = (key, candidate, free)
    if best is None:
        return False
    _, candidate, free = best
    return _open_with(seating, unit, candidate, free)


def _open_with(seating: Seating, unit: int, candidate: int, free: int) -> bool:
    problem, rules = seating.problem, seating.problem.rules
    leaders = problem.leads[candidate]
    people = unit | free
    lendable = (
        []
        if people.bit_count() >= rules.min_size and leaders & people
        else _lendable(seating, candidate, _avoid(problem, unit) | unit)
    )
    # Borrow a volunteer to lead first, if need be.
    lendable.sort(key=lambda entry: not leaders >> entry[0] & 1)
    taken: dict[int, int] = {}
    for person, number in lendable:
        short = rules.min_size - people.bit_count()
        if short <= 0 and leaders & people:
            break
        if short <= 0 and not leaders >> person & 1:
            continue
        table = seating.tables[number]
        gone = taken.get(number, 0) | 1 << person
        if table.size - gone.bit_count() < rules.min_size or problem.apart[person] & people:
            continue
        if gone >> table.leader & 1 and (
            table.candidate is None or not seating.leaders_for(number, table.candidate, table.people & ~gone)
        ):
            continue
        taken[number] = gone
        people |= 1 << person
    if people.bit_count() < rules.min_size or not leaders & people:
        return False
    for number, gone in taken.items():
        table = seating.tables[number]
        if gone >> table.leader & 1:
            assert table.candidate is not None
            stays = seating.leaders_for(number, table.candidate, table.people & ~gone)
            seating.reslot(number, table.candidate, (stays & -stays).bit_length() - 1)
        seating.remove(number, gone)
    if people.bit_count() > rules.max_size:
        keep = bits(people & ~unit)
        keep.sort(key=lambda p: not leaders >> p & 1)
        people = unit | sum(1 << p for p in keep[: rules.max_size - unit.bit_count()])
    seating.open(candidate, bits(leaders & people)[0], people)
    return True


def repair(seating: Seating, pool: int, budget: Budget) -> None:
    """Seat as many of ``pool``'s waiting people as the moves allow, until nothing moves or time is up."""
    problem = seating.problem
    moved = True
    while moved and not budget.out:
        moved = False
        waiting = {problem.unit[p] for p in bits(pool & seating.free)}
        order = sorted(waiting, key=lambda u: (problem.common(u).bit_count(), u))
        for unit in order:
            if unit & seating.free != unit or budget.out:
                continue
            options = problem.common(unit)
            if (
                _join(seating, unit, options)
                or _move_and_join(seating, unit, options)
                or augment(seating, unit)
                or _new_table(seating, unit, options, pool)
                or (unit.bit_count() == 1 and _relocate(seating, (unit & -unit).bit_length() - 1, pool))
            ):
                moved = True
