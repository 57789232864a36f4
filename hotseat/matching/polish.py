"""Moves that keep everyone seated and improve the lesser aims, in their order.

1. **Sizes**: a member moves from a mastermind above the target to one below it (each such
   move takes 2 off the total ``|size - target|``); a volunteer sitting as a member starts
   a new mastermind with members of masterminds above the target; a mastermind of twice
   ``min_size`` or more with two volunteers who can each lead half splits in two. Each
   only when it brings sizes nearer the target.
2. **Humane hours**: each mastermind moves to the slot, among those all its people make and
   one of its volunteers writes, with the least unsocial-hours penalty.
3. **Spread leaders**: a volunteer member and a plain member of two masterminds trade seats
   when one has at least two volunteers more than the other, at no cost in hours.

In a remix no move may add a repeated pair: meeting people again matters more than sizes.
"""

from __future__ import annotations

from hotseat.matching.budget import Budget
from hotseat.matching.problem import Problem, bits
from hotseat.matching.seating import Seating


def repeats_with(problem: Problem, person: int, people: int) -> int:
    """How many of ``people`` ``person`` met before."""
    return (problem.met[person] & people).bit_count()


def movable_single(seating: Seating, person: int) -> bool:
    """True when ``person`` may change table alone: not a leader, not tied to others, not fixed on the board."""
    problem = seating.problem
    table = seating.tables[seating.table_of[person]]
    return (
        person != table.leader
        and problem.unit[person] == 1 << person
        and not problem.seated >> person & 1
        and person not in problem.bound_to
    )


def _shrink_big(seating: Seating, budget: Budget) -> None:
    problem, target = seating.problem, seating.problem.rules.target
    moved = True
    while moved and not budget.out:
        moved = False
        over = 0
        for table in seating.tables:
            if table.size > target:
                over |= table.people
        for number, table in enumerate(seating.tables):
            if table.size >= target or table.candidate is None or budget.out:
                continue
            for person in bits(problem.table.attendees[table.candidate] & over & ~table.people):
                home = seating.table_of[person]
                if seating.tables[home].size <= target or not movable_single(seating, person):
                    continue
                if not seating.accepts(number, 1 << person):
                    continue
                if repeats_with(problem, person, table.people) > repeats_with(
                    problem, person, seating.tables[home].people
                ):
                    continue
                seating.remove(home, 1 << person)
                seating.add(number, 1 << person)
                moved = True
                if seating.tables[home].size <= target:
                    over &= ~seating.tables[home].people
                if table.size >= target:
                    break


def _split(seating: Seating, number: int) -> bool:
    problem, rules = seating.problem, seating.problem.rules
    table = seating.tables[number]
    size = table.size
    halves = (size + 1) // 2, size // 2
    if table.fixed is not None or halves[1] < rules.min_size:
        return False
    if sum(abs(half - rules.target) for half in halves) >= abs(size - rules.target):
        return False
    movable = [p for p in bits(table.people) if p == table.leader or movable_single(seating, p)]
    if len(movable) != size:
        return False
    volunteers = [p for p in movable if problem.volunteers >> p & 1]
    for second in volunteers:
        if second == table.leader:
            continue
        others = [p for p in movable if p not in (table.leader, second)]
        first_half = 1 << table.leader | sum(1 << p for p in others[: halves[0] - 1])
        second_half = table.people & ~first_half
        if any(problem.apart[p] & second_half for p in bits(second_half)):
            continue
        first_slots = problem.common(first_half) & problem.writes[table.leader]
        second_slots = problem.common(second_half) & problem.writes[second]
        if not first_slots or not second_slots:
            continue
        first = min(bits(first_slots), key=lambda c: (problem.penalty(c, first_half), c))
        last = min(bits(second_slots), key=lambda c: (problem.penalty(c, second_half), c))
        seating.remove(number, second_half)
        seating.reslot(number, first, table.leader)
        seating.open(last, second, second_half)
        return True
    return False


def _crowded(seating: Seating) -> int:
    # People at masterminds above the target (with a slot).
    over = 0
    for table in seating.tables:
        if table.size > seating.problem.rules.target and table.candidate is not None:
            over |= table.people
    return over


def _recruits(seating: Seating, volunteer: int, candidate: int, over: int) -> tuple[int, dict[int, int]]:
    """Up to ``target - 1`` people above the target who make ``candidate``: the new group, and who leaves where."""
    problem, target = seating.problem, seating.problem.rules.target
    home = seating.table_of[volunteer]
    taken: dict[int, int] = {}
    people = 1 << volunteer
    for person in bits(problem.table.attendees[candidate] & over & ~people):
        if people.bit_count() >= target:
            break
        number = seating.table_of[person]
        gone = taken.get(number, 0) | 1 << person | (1 << volunteer if number == home else 0)
        if seating.tables[number].size - gone.bit_count() < target or not movable_single(seating, person):
            continue
        if problem.apart[person] & people or repeats_with(problem, person, people):
            continue
        taken[number] = gone & ~(1 << volunteer)
        people |= 1 << person
    return people, taken


def _spin_off(seating: Seating, volunteer: int) -> bool:
    """A volunteer sitting as a member starts a mastermind with members of masterminds above the target."""
    problem, rules = seating.problem, seating.problem.rules
    home = seating.table_of[volunteer]
    if seating.tables[home].size <= rules.min_size or not movable_single(seating, volunteer):
        return False
    over = _crowded(seating)
    slots = bits(problem.table.options[volunteer] & problem.writes[volunteer])
    if not slots:
        return False
    best = max(slots, key=lambda c: ((problem.table.attendees[c] & over & ~(1 << volunteer)).bit_count(), -c))
    people, taken = _recruits(seating, volunteer, best, over)
    if people.bit_count() < rules.min_size:
        return False
    leaving = dict(taken)
    leaving[home] = leaving.get(home, 0) | 1 << volunteer
    before = sum(abs(seating.tables[n].size - rules.target) for n in leaving)
    after = abs(people.bit_count() - rules.target) + sum(
        abs(seating.tables[n].size - gone.bit_count() - rules.target) for n, gone in leaving.items()
    )
    if after >= before:
        return False
    for number, gone in leaving.items():
        seating.remove(number, gone)
    seating.open(best, volunteer, people)
    return True


def balance_sizes(seating: Seating, budget: Budget) -> None:
    """Bring sizes nearer the target: members move from big masterminds to small ones, spare
    volunteers start new ones with members of big ones, big ones with two volunteers split."""
    problem = seating.problem
    _shrink_big(seating, budget)
    for volunteer in bits(problem.volunteers & ~seating.free & ~problem.seated):
        if budget.out:
            return
        if seating.tables[seating.table_of[volunteer]].leader != volunteer:
            _spin_off(seating, volunteer)
    for number in range(len(seating.tables)):
        if budget.out:
            return
        if seating.tables[number].size >= 2 * problem.rules.min_size:
            _split(seating, number)
    _shrink_big(seating, budget)


def humane_hours(seating: Seating) -> None:
    """Move each mastermind to its least unsocial slot among those its people make and a volunteer of it writes."""
    problem = seating.problem
    for number, table in enumerate(seating.tables):
        if table.candidate is None:
            continue
        slots = seating.slots_for(number, table.people)
        if not slots:
            continue
        best = min(bits(slots), key=lambda c: (problem.penalty(c, table.people), c != table.candidate, c))
        if best != table.candidate:
            seating.reslot(number, best, seating.best_leader(number, best))


def spread_leaders(seating: Seating, budget: Budget) -> None:
    """Trade seats between masterminds with many volunteers and those with one, when hours do not suffer."""
    problem = seating.problem
    for rich, table in enumerate(seating.tables):
        if table.candidate is None or seating.volunteers_at(rich) < 3:
            continue
        nearby: set[int] = set()
        for volunteer in bits(table.people & problem.volunteers):
            for candidate in bits(problem.table.options[volunteer]):
                nearby |= seating.at.get(candidate, set())
        for poor in sorted(nearby):
            if budget.out:
                return
            if seating.volunteers_at(rich) >= seating.volunteers_at(poor) + 2:
                _trade(seating, rich, poor)


def _trade(seating: Seating, rich: int, poor: int) -> bool:
    problem = seating.problem
    giver, taker = seating.tables[rich], seating.tables[poor]
    assert giver.candidate is not None
    assert taker.candidate is not None
    for volunteer in bits(giver.people & problem.volunteers & problem.table.attendees[taker.candidate]):
        if not movable_single(seating, volunteer):
            continue
        for plain in bits(taker.people & ~problem.volunteers & problem.table.attendees[giver.candidate]):
            if not movable_single(seating, plain):
                continue
            if not seating.accepts(poor, 1 << volunteer, leaving=1 << plain):
                continue
            if not seating.accepts(rich, 1 << plain, leaving=1 << volunteer):
                continue
            before = problem.table.penalty_of(giver.candidate, volunteer) + problem.table.penalty_of(
                taker.candidate, plain
            )
            after = problem.table.penalty_of(taker.candidate, volunteer) + problem.table.penalty_of(
                giver.candidate, plain
            )
            met_before = repeats_with(problem, volunteer, giver.people) + repeats_with(problem, plain, taker.people)
            met_after = repeats_with(problem, volunteer, taker.people & ~(1 << plain)) + repeats_with(
                problem, plain, giver.people & ~(1 << volunteer)
            )
            if after > before or met_after > met_before:
                continue
            seating.remove(rich, 1 << volunteer)
            seating.remove(poor, 1 << plain)
            seating.add(rich, 1 << plain)
            seating.add(poor, 1 << volunteer)
            return True
    return False
