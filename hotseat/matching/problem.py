"""A formation problem, checked and numbered: the input turned into bitsets the algorithms work on.

Every person gets a number (the order of :attr:`Attendance.members`, grouped by zone) and
every set of people is an ``int`` used as a bitset, so "who at this slot is still free" is
one AND. Checks raise :class:`MatchingError` with a plain message; wishes that cannot be
honoured but do not make the input wrong become ``notes``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from hotseat.matching.candidates import Attendance, build_attendance
from hotseat.matching.errors import MatchingError, gettext_noop
from hotseat.matching.inputs import Fixed, Person, Rules
from hotseat.scheduling import SchedulingError, Slot
from hotseat.scheduling.slots import check_cohort
from hotseat.scheduling.zones import load_zone

Pair = tuple[str, str]


def bits(mask: int) -> list[int]:
    """The numbers of the set bits of ``mask``, lowest first."""
    found = []
    while mask:
        low = mask & -mask
        found.append(low.bit_length() - 1)
        mask ^= low
    return found


@dataclass(frozen=True)
class FixedTable:
    """A mastermind already on the board, numbered: its leader, its seats, its candidate (None: no slot works)."""

    key: str
    leader: int
    seats: int
    candidate: int | None
    given: Slot | None

    @property
    def slot_given(self) -> bool:
        """True when the board set the slot, so it stays."""
        return self.given is not None


@dataclass
class Problem:
    """Everything formation needs, numbered.

    ``leads[c]``: the volunteers who make every call of candidate ``c`` and whose anchor
    zone writes it. ``writes[i]``: candidates person ``i``'s anchor zone writes.
    ``unit[i]``: the people kept together with ``i`` (``i`` included). ``apart[i]``: those
    kept apart from ``i``. ``bound_to[i]``: the fixed table a keep-together partner ties
    ``i`` to, if any. ``met[i]``: people ``i`` was grouped with before (remix).
    """

    people: tuple[Person, ...]
    index: dict[str, int]
    rules: Rules
    table: Attendance
    anchor: tuple[str, ...]
    volunteers: int
    leads: tuple[int, ...]
    writes: tuple[int, ...]
    unit: list[int]
    apart: list[int]
    bound_to: dict[int, int]
    fixed: tuple[FixedTable, ...]
    seated: int
    met: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # The same notes as (template, params), for the app to word them in the reader's language.
    worded_notes: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    @property
    def everyone(self) -> int:
        """The bitset of all people."""
        return (1 << len(self.people)) - 1

    def common(self, mask: int) -> int:
        """The candidates every person in ``mask`` can make."""
        found = -1
        for person in bits(mask):
            found &= self.table.options[person]
        return found if mask else 0

    def penalty(self, candidate: int, mask: int) -> int:
        """The unsocial-hours penalty of everyone in ``mask`` making every call of ``candidate``."""
        return sum(self.table.penalty_of(candidate, person) for person in bits(mask))


# One sentence per kind of pair, so that a translation names the kind in its own words.
_NOT_SIGNED_UP = {
    "keep-together": gettext_noop(
        "The keep-together pair ({first!r}, {second!r}) names {person!r}, who is not signed up."
    ),
    "keep-apart": gettext_noop("The keep-apart pair ({first!r}, {second!r}) names {person!r}, who is not signed up."),
}
_TWICE = {
    "keep-together": gettext_noop("The keep-together pair ({first!r}, {second!r}) names the same person twice."),
    "keep-apart": gettext_noop("The keep-apart pair ({first!r}, {second!r}) names the same person twice."),
}


def _pairs(pairs: Iterable[Pair], index: dict[str, int], what: str) -> list[tuple[int, int]]:
    found = []
    for pair in pairs:
        if not isinstance(pair, tuple | list | frozenset | set) or len(pair) != 2:
            raise MatchingError(f"Each {what} pair names two people, not {pair!r}.")
        first, second = sorted(pair) if isinstance(pair, frozenset | set) else pair
        for person_id in (first, second):
            if person_id not in index:
                raise MatchingError.worded(
                    _NOT_SIGNED_UP[what],
                    first=first,
                    second=second,
                    person=person_id,
                )
        if first == second:
            raise MatchingError.worded(
                _TWICE[what],
                first=first,
                second=second,
            )
        found.append((index[first], index[second]))
    return found


def _check_people(people: Sequence[Person]) -> None:
    seen: set[str] = set()
    for person in people:
        if not isinstance(person, Person):
            raise MatchingError(f"{person!r} is not a Person.")
        if person.id in seen:
            raise MatchingError(f"Person id {person.id!r} appears twice.")
        seen.add(person.id)


def _check_fixed(fixed: Sequence[Fixed], ids: set[str], rules: Rules) -> None:
    keys: set[str] = set()
    seat_of: dict[str, str] = {}
    for board in fixed:
        if not isinstance(board, Fixed):
            raise MatchingError(f"{board!r} is not a Fixed mastermind.")
        if board.group_key in keys:
            raise MatchingError(f"Fixed mastermind key {board.group_key!r} appears twice.")
        keys.add(board.group_key)
        if len(board.seated) > rules.max_size:
            raise MatchingError.worded(
                gettext_noop("Fixed mastermind {key!r} seats {count} people, more than the largest size ({most})."),
                key=board.group_key,
                count=len(board.seated),
                most=rules.max_size,
            )
        for person_id in board.seated:
            if person_id not in ids:
                raise MatchingError.worded(
                    gettext_noop("Fixed mastermind {key!r} seats {person!r}, who is not signed up."),
                    key=board.group_key,
                    person=person_id,
                )
            if person_id in seat_of:
                raise MatchingError.worded(
                    gettext_noop("{person!r} is seated in two fixed masterminds, {first_key!r} and {second_key!r}."),
                    person=person_id,
                    first_key=seat_of[person_id],
                    second_key=board.group_key,
                )
            seat_of[person_id] = board.group_key


def _units(size: int, together: list[tuple[int, int]]) -> list[int]:
    # Union-find over the keep-together pairs; each person's unit as a bitset.
    parent = list(range(size))

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for first, second in together:
        parent[root(first)] = root(second)
    masks: dict[int, int] = {}
    for person in range(size):
        masks[root(person)] = masks.get(root(person), 0) | 1 << person
    return [masks[root(person)] for person in range(size)]


def prepare(
    people: Sequence[Person],
    cohort_start: date,
    weeks: int,
    rules: Rules,
    *,
    keep_together: Iterable[Pair] = (),
    keep_apart: Iterable[Pair] = (),
    fixed: Sequence[Fixed] = (),
    anchor_zone_of: Callable[[Person], str] | None = None,
) -> Problem:
    """Check the input and number it; raises :class:`MatchingError` naming the first problem found."""
    people = tuple(people)
    fixed = tuple(fixed)
    if not isinstance(rules, Rules):
        raise MatchingError(f"{rules!r} is not a Rules.")
    _check_people(people)
    try:
        check_cohort(cohort_start, weeks)
    except SchedulingError as error:
        raise MatchingError.from_scheduling(error) from error
    _check_fixed(fixed, {person.id for person in people}, rules)
    anchor_of = anchor_zone_of or (lambda person: person.availability.zone)
    by_id = {person.id: person for person in people}
    leaders_to_be = {p.id for p in people if p.volunteers_to_lead} | {board.leader_id for board in fixed}
    anchors = {person_id: anchor_of(by_id[person_id]) for person_id in sorted(leaders_to_be)}
    for person_id, zone in anchors.items():
        try:
            load_zone(zone)
        except SchedulingError as error:
            raise MatchingError.worded(
                gettext_noop(
                    "The anchor zone of {person!r}: Unknown time zone {name!r}:"
                    " use an IANA name such as Europe/Paris or America/New_York."
                ),
                person=person_id,
                name=zone,
            ) from error
    table = build_attendance(
        [person.member for person in people],
        cohort_start,
        weeks,
        rules.duration_minutes,
        # Without a single leader no slot can be written; people's own zones still tell
        # "no leader" from "no slot" in the reasons.
        anchor_zones=set(anchors.values()) or {person.availability.zone for person in people},
        weekdays=rules.weekdays,
        step_minutes=rules.step_minutes,
        extra_slots=[board.slot for board in fixed if board.slot is not None],
    )
    ordered = tuple(by_id[member.id] for member in table.members)
    index = {person.id: number for number, person in enumerate(ordered)}
    anchor = tuple(anchors.get(person.id, person.availability.zone) for person in ordered)
    volunteers = sum(1 << i for i, person in enumerate(ordered) if person.volunteers_to_lead)
    writes = tuple(table.anchored.get(zone, 0) for zone in anchor)
    writers: dict[str, int] = {}
    for i in bits(volunteers):
        writers[anchor[i]] = writers.get(anchor[i], 0) | 1 << i
    leads = []
    for c, candidate in enumerate(table.candidates):
        able = 0
        for zone in {slot.zone for slot in candidate.slots}:
            able |= writers.get(zone, 0)
        leads.append(table.attendees[c] & able)

    together = _pairs(keep_together, index, "keep-together")
    apart_pairs = _pairs(keep_apart, index, "keep-apart")
    unit = _units(len(ordered), together)
    apart = [0] * len(ordered)
    for first, second in apart_pairs:
        if unit[first] >> second & 1:
            raise MatchingError.worded(
                gettext_noop(
                    "{first!r} and {second!r} are to be kept apart and, through keep-together pairs, kept together."
                ),
                first=ordered[first].id,
                second=ordered[second].id,
            )
        apart[first] |= 1 << second
        apart[second] |= 1 << first

    problem = Problem(
        people=ordered,
        index=index,
        rules=rules,
        table=table,
        anchor=anchor,
        volunteers=volunteers,
        leads=tuple(leads),
        writes=writes,
        unit=unit,
        apart=apart,
        bound_to={},
        fixed=(),
        seated=0,
        met=[0] * len(ordered),
    )
    problem.fixed = tuple(_fixed_table(problem, board) for board in fixed)
    problem.seated = sum(table.seats for table in problem.fixed)
    _tie_units(problem)
    return problem


def _note(problem: Problem, template: str, **params: str) -> None:
    """A wish that could not be honoured, told to the organizer (in English, and as template and params)."""
    problem.notes.append(template.format(**params))
    problem.worded_notes.append((template, params))


def _fixed_table(problem: Problem, board: Fixed) -> FixedTable:
    leader = problem.index[board.leader_id]
    seats = sum(1 << problem.index[person_id] for person_id in board.seated)
    for person in bits(seats):
        if problem.apart[person] & seats:
            other = problem.people[(problem.apart[person] & seats).bit_length() - 1].id
            raise MatchingError.worded(
                gettext_noop("{first!r} and {second!r} are to be kept apart but both sit in fixed mastermind {key!r}."),
                first=problem.people[person].id,
                second=other,
                key=board.group_key,
            )
    if board.slot is not None:
        candidate = problem.table.candidate_of(board.slot)
        return FixedTable(board.group_key, leader, seats, candidate, board.slot)
    usable = problem.common(seats) & problem.writes[leader]
    if not usable:
        _note(
            problem,
            gettext_noop(
                "Fixed mastermind {key}: no slot suits all its seated people on"
                " {leader}'s clock, so it keeps no slot and takes nobody else."
            ),
            key=repr(board.group_key),
            leader=repr(board.leader_id),
        )
        return FixedTable(board.group_key, leader, seats, None, None)
    # The slot most others can join, then the most humane.
    others = problem.everyone & ~seats
    best = min(
        bits(usable), key=lambda c: (-(problem.table.attendees[c] & others).bit_count(), problem.penalty(c, seats), c)
    )
    return FixedTable(board.group_key, leader, seats, best, None)


def _tie_units(problem: Problem) -> None:
    # A keep-together unit with a seated person joins that fixed table or nobody; a unit whose
    # people share no candidate cannot be honoured, so its people are seated on their own.
    table_of = {person: number for number, board in enumerate(problem.fixed) for person in bits(board.seats)}
    done: set[int] = set()
    for person in range(len(problem.people)):
        unit = problem.unit[person]
        if unit in done or unit == 1 << person:
            continue
        done.add(unit)
        names = ", ".join(repr(problem.people[i].id) for i in bits(unit))
        tables = {table_of[i] for i in bits(unit) if i in table_of}
        if len(tables) > 1:
            keys = " and ".join(repr(problem.fixed[t].key) for t in sorted(tables))
            raise MatchingError(f"{names} are to be kept together but sit in fixed masterminds {keys}.")
        if len(bits(unit)) > problem.rules.max_size:
            raise MatchingError(
                f"{names} are to be kept together: {len(bits(unit))} people, more than the largest size"
                f" ({problem.rules.max_size})."
            )
        if tables:
            number = tables.pop()
            board = problem.fixed[number]
            free = unit & ~board.seats
            fits = board.candidate is not None and problem.table.attendees[board.candidate] & free == free
            if fits and board.seats.bit_count() + free.bit_count() <= problem.rules.max_size:
                for i in bits(unit):
                    problem.unit[i] = free if free >> i & 1 else 1 << i
                for i in bits(free):
                    problem.bound_to[i] = number
                continue
            _note(
                problem,
                gettext_noop(
                    "{names} asked to stay together, but fixed mastermind {key} has no room or no slot"
                    " they all make, so they are seated separately."
                ),
                names=names,
                key=repr(board.key),
            )
            for i in bits(unit):
                problem.unit[i] = 1 << i
            continue
        if not problem.common(unit):
            _note(
                problem,
                gettext_noop("{names} asked to stay together but share no slot, so they are seated separately."),
                names=names,
            )
            for i in bits(unit):
                problem.unit[i] = 1 << i
