"""The greedy first draft: fill the board's masterminds, seat keep-together units, then the busiest slots.

Singles go slot by slot, busiest first: the candidate with the most free people who make
every call (a lazy max-heap, since counts only fall) becomes one or more masterminds at
once, as many as make sizes closest to the target (each needs a free volunteer who writes
the slot). When leaders run short there, only target-size groups are formed and the rest
wait for another slot or for :mod:`hotseat.matching.repair` to squeeze them in. Within a
slot, people are dealt out in zone order, so a mastermind's members tend to share more
slots (which later moves use to reach more humane hours); spare volunteers are spread
first, one per mastermind.
"""

from __future__ import annotations

import heapq

from hotseat.matching.problem import Problem, bits
from hotseat.matching.seating import Seating


def _flexibility(problem: Problem, person: int) -> int:
    return problem.table.options[person].bit_count()


def _place(problem: Problem, person: int, groups: list[int], sizes: list[int], cursor: int) -> int:
    """The group ``person`` joins (-1: none): the first with room, or for someone kept apart or remixed,
    the one with room where they are kept from nobody and meet the fewest again."""
    avoid, met = problem.apart[person], problem.met[person]
    if not avoid and not met:
        while cursor < len(groups) and groups[cursor].bit_count() >= sizes[cursor]:
            cursor += 1
        return cursor if cursor < len(groups) else -1
    best, best_key = -1, (0, 0)
    for number, group in enumerate(groups):
        if group.bit_count() < sizes[number] and not avoid & group:
            key = ((met & group).bit_count(), number)
            if best < 0 or key < best_key:
                best, best_key = number, key
    return best


def _deal(seating: Seating, candidate: int, leaders: list[int], members: list[int], sizes: list[int]) -> list[int]:
    """Open one table per leader at ``candidate``, deal ``members`` out (:func:`_place`); returns those left over.

    A table that ends up below ``min_size`` (people kept apart) is not opened.
    """
    problem = seating.problem
    groups = [1 << leader for leader in leaders]
    left: list[int] = []
    cursor = 0
    for person in members:
        number = _place(problem, person, groups, sizes, cursor)
        if number < 0:
            left.append(person)
            continue
        groups[number] |= 1 << person
        if not problem.apart[person] and not problem.met[person]:
            cursor = number
    for leader, group in zip(leaders, groups, strict=True):
        # People kept apart may leave a group short: then nobody sits there yet.
        if group.bit_count() >= problem.rules.min_size:
            seating.open(candidate, leader, group)
        else:
            left.extend(bits(group))
    return left


def _balanced(total: int, count: int) -> list[int]:
    size, extra = divmod(total, count)
    return [size + 1] * extra + [size] * (count - extra)


def _deviation(total: int, count: int, target: int) -> int:
    return sum(abs(size - target) for size in _balanced(total, count))


def _form_at(seating: Seating, candidate: int, pool: int) -> None:
    """Turn the free people of ``pool`` who make ``candidate`` into masterminds there."""
    problem, rules = seating.problem, seating.problem.rules
    people = problem.table.attendees[candidate] & pool
    volunteers = problem.leads[candidate] & pool
    count, able = people.bit_count(), volunteers.bit_count()
    lowest = -(-count // rules.max_size)
    highest = min(able, count // rules.min_size)
    if highest < 1:
        return
    if lowest <= highest:
        groups = min(range(lowest, highest + 1), key=lambda k: (_deviation(count, k, rules.target), k))
        taken = count
    else:
        groups = highest
        taken = groups * rules.target
    # Leaders who could lead few other slots lead here; the rest may lead elsewhere.
    leaders = sorted(bits(volunteers), key=lambda v: (problem.table.options[v] & problem.writes[v]).bit_count())
    leaders = sorted(leaders[:groups])
    rest = bits(people & ~sum(1 << leader for leader in leaders))
    if taken < count:
        # Keep spare volunteers and the most flexible people for other slots.
        rest.sort(key=lambda p: (problem.volunteers >> p & 1, _flexibility(problem, p)))
        rest = sorted(rest[: taken - groups])
    spare = [p for p in rest if problem.volunteers >> p & 1]
    plain = [p for p in rest if not problem.volunteers >> p & 1]
    _deal(seating, candidate, leaders, spare + plain, _balanced(len(rest) + groups, groups))


def _greedy(seating: Seating, pool: int) -> None:
    problem, rules = seating.problem, seating.problem.rules
    table = problem.table
    heap = [(-(attendees & pool).bit_count(), c) for c, attendees in enumerate(table.attendees)]
    heap = [entry for entry in heap if -entry[0] >= rules.min_size and problem.leads[entry[1]] & pool]
    heapq.heapify(heap)
    while heap:
        stale, candidate = heapq.heappop(heap)
        free = pool & seating.free
        count = (table.attendees[candidate] & free).bit_count()
        if count < rules.min_size or not problem.leads[candidate] & free:
            continue
        if heap and -count > heap[0][0]:
            heapq.heappush(heap, (-count, candidate))
            continue
        del stale
        _form_at(seating, candidate, free)


def _fill_fixed(seating: Seating, pool: int) -> None:
    # The board's masterminds first: people tied to them, then the least flexible up to the target.
    problem = seating.problem
    for number, table in enumerate(seating.tables):
        if table.fixed is None or table.candidate is None:
            continue
        for person in sorted(problem.bound_to):
            unit = problem.unit[person]
            if (
                problem.bound_to[person] == table.fixed
                and unit & seating.free == unit
                and seating.accepts(number, unit)
            ):
                seating.add(number, unit)
        others = problem.table.attendees[table.candidate] & pool & seating.free & ~seating.bound
        for person in sorted(bits(others), key=lambda p: _flexibility(problem, p)):
            if table.size >= problem.rules.target:
                break
            if problem.unit[person] == 1 << person and seating.accepts(number, 1 << person):
                seating.add(number, 1 << person)


def _seat_units(seating: Seating, pool: int) -> None:
    # People kept together, least flexible unit first, each at the slot with the most company.
    problem, rules = seating.problem, seating.problem.rules
    units = {problem.unit[p] for p in bits(pool & seating.free & ~seating.bound) if problem.unit[p] != 1 << p}
    for unit in sorted(units, key=lambda u: (problem.common(u).bit_count(), u)):
        if unit & seating.free != unit:
            continue
        avoid = 0
        for person in bits(unit):
            avoid |= problem.apart[person]
        best: tuple[int, int, int] | None = None
        singles = pool & seating.free & ~seating.bound & ~avoid
        for candidate in bits(problem.common(unit)):
            company = problem.table.attendees[candidate] & singles & ~unit
            company &= ~sum(1 << p for p in bits(company) if problem.unit[p] != 1 << p)
            inside = problem.leads[candidate] & unit
            if not inside and not problem.leads[candidate] & company:
                continue
            size = unit.bit_count() + company.bit_count()
            if size < rules.min_size:
                continue
            key = (-min(size, rules.target), problem.penalty(candidate, unit), candidate)
            if best is None or key < best:
                best = key
        if best is None:
            continue
        candidate = best[2]
        company = problem.table.attendees[candidate] & singles & ~unit
        company &= ~sum(1 << p for p in bits(company) if problem.unit[p] != 1 << p)
        inside = problem.leads[candidate] & unit
        leader = bits(inside)[0] if inside else bits(problem.leads[candidate] & company)[0]
        people = unit | 1 << leader
        for person in sorted(bits(company & ~people), key=lambda p: _flexibility(problem, p)):
            if people.bit_count() >= max(rules.target, rules.min_size):
                break
            people |= 1 << person
        seating.open(candidate, leader, people)


def construct(seating: Seating, pool: int) -> None:
    """Seat people of ``pool`` (those the bound says might be seated) greedily, as the module says."""
    _fill_fixed(seating, pool)
    _seat_units(seating, pool)
    singles = pool & ~seating.bound
    for person in bits(singles):
        if seating.problem.unit[person] != 1 << person:
            singles &= ~(1 << person)
    _greedy(seating, singles)
