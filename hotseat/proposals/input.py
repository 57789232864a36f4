"""What the matching core is given for a cohort, read from the database.

The people to place are the cohort's accepted signups without a seat; the open masterminds
already on the board come along as fixed seats (formation keeps them and may add people).
The program's earlier cohorts give the history a remix avoids repeating, and the members'
answers at the end of the previous cohort decide who continues together, who is remixed
and who pauses (left out of the proposal, and listed as such).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from hotseat.accounts.models import User, WeeklyAvailability
from hotseat.masterminds.models import Mastermind, Membership, NextStep
from hotseat.matching import Fixed, Formation, Person, Rules, propose
from hotseat.meetings.models import Schedule
from hotseat.programs.models import Cohort, Signup
from hotseat.scheduling import Availability, SchedulingError, Slot

MEETING_MINUTES = 60
# A web request waits for the proposal: the local search gets this many seconds at most.
WEB_SECONDS = 5.0
VOLUNTEER_ROLES = (Signup.Role.LEADER, Signup.Role.EITHER)

Pair = tuple[str, str]


def person_id(user_id: int) -> str:
    return str(user_id)


@dataclass
class MatchInput:
    """Everything the core needs, plus the users behind the ids (``users``) for display."""

    cohort_start: date
    weeks: int
    rules: Rules
    people: list[Person] = field(default_factory=list)
    fixed: list[Fixed] = field(default_factory=list)
    keep_together: list[Pair] = field(default_factory=list)
    history: list[list[frozenset[str]]] = field(default_factory=list)
    users: dict[str, User] = field(default_factory=dict)
    paused: list[str] = field(default_factory=list)
    # Fixed key -> mastermind pk, for publishing.
    fixed_masterminds: dict[str, int] = field(default_factory=dict)

    @property
    def to_place(self) -> list[Person]:
        """The people not yet seated on the board."""
        seated = {pid for board in self.fixed for pid in board.seated}
        return [p for p in self.people if p.id not in seated]

    @property
    def volunteers(self) -> int:
        return sum(1 for p in self.to_place if p.volunteers_to_lead)

    def run(self, *, seconds: float = WEB_SECONDS) -> Formation:
        """Form the masterminds: a remix when the program has earlier groupings, else a plain formation."""
        return propose(
            self.people,
            self.history,
            self.cohort_start,
            self.weeks,
            self.rules,
            keep_together=self.keep_together,
            fixed=self.fixed,
            seconds=seconds,
        )


def rules_of(cohort: Cohort) -> Rules:
    program = cohort.program
    return Rules(
        target=program.group_size,
        min_size=program.min_to_start,
        max_size=program.max_group_size,
        duration_minutes=MEETING_MINUTES,
    )


def availability_of(user: User, stored: WeeklyAvailability | None) -> Availability:
    """Their weekly hours, or none (in their profile's zone) when they gave none or what is stored is unusable."""
    if stored is not None:
        try:
            return stored.as_core()
        except (SchedulingError, ValueError, TypeError):
            pass
    return Availability(zone=user.time_zone or "UTC", windows=())


def _availabilities(user_ids: set[int]) -> dict[int, WeeklyAvailability]:
    return {a.user_id: a for a in WeeklyAvailability.objects.filter(user_id__in=user_ids)}


def previous_cohort(cohort: Cohort) -> Cohort | None:
    return (
        Cohort.objects.filter(program_id=cohort.program_id, starts_on__lt=cohort.starts_on)
        .order_by("-starts_on", "-pk")
        .first()
    )


def history_of(cohort: Cohort) -> list[list[frozenset[str]]]:
    """Every earlier cohort's masterminds of the program, as sets of person ids (seats given back excluded)."""
    seats = (
        Membership.objects.seated()
        .filter(cohort__program_id=cohort.program_id, cohort__starts_on__lt=cohort.starts_on)
        .exclude(mastermind__state=Mastermind.State.DISBANDED)
        .values_list("cohort_id", "mastermind_id", "user_id")
    )
    cohorts: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for cohort_id, mastermind_id, user_id in seats:
        cohorts[cohort_id][mastermind_id].add(person_id(user_id))
    return [[frozenset(group) for group in groups.values() if len(group) > 1] for groups in cohorts.values()]


def _answers(previous: Cohort | None, user_ids: set[int]) -> dict[int, tuple[int, str]]:
    """user id -> (their mastermind in the previous cohort, their answer)."""
    if previous is None:
        return {}
    rows = NextStep.objects.filter(mastermind__cohort=previous, user_id__in=user_ids).values_list(
        "user_id", "mastermind_id", "choice"
    )
    return {user_id: (mastermind_id, choice) for user_id, mastermind_id, choice in rows}


def match_input(cohort: Cohort) -> MatchInput:
    """The matching input for ``cohort`` as the board is now (a fixed number of queries, whatever its size)."""
    found = MatchInput(cohort_start=cohort.starts_on, weeks=cohort.weeks, rules=rules_of(cohort))
    seated_ids = set(Membership.objects.seated().filter(cohort=cohort).values_list("user_id", flat=True))
    pool = list(
        Signup.objects.filter(cohort=cohort, status=Signup.Status.ACCEPTED)
        .exclude(user_id__in=seated_ids)
        .select_related("user")
        .order_by("created_at", "pk")
    )
    open_masterminds = list(
        Mastermind.objects.filter(cohort=cohort, state__in=Mastermind.OPEN_STATES).order_by("number")
    )
    seats = list(
        Membership.objects.seated()
        .filter(mastermind__in=open_masterminds)
        .select_related("user")
        .order_by("joined_at", "pk")
    )
    schedules = {s.mastermind_id: s for s in Schedule.objects.filter(mastermind__in=open_masterminds)}
    answers = _answers(previous_cohort(cohort), {s.user_id for s in pool})
    stored = _availabilities({s.user_id for s in pool} | {m.user_id for m in seats})

    continuing: dict[int, list[str]] = defaultdict(list)
    for signup in pool:
        pid = person_id(signup.user_id)
        found.users[pid] = signup.user
        mastermind_id, choice = answers.get(signup.user_id, (0, ""))
        if choice == NextStep.Choice.PAUSE:
            found.paused.append(pid)
            continue
        if choice == NextStep.Choice.CONTINUE:
            continuing[mastermind_id].append(pid)
        found.people.append(
            Person(pid, availability_of(signup.user, stored.get(signup.user_id)), signup.role in VOLUNTEER_ROLES)
        )
    for group in continuing.values():
        found.keep_together.extend((group[0], other) for other in group[1:])

    by_mastermind: dict[int, list[Membership]] = defaultdict(list)
    for seat in seats:
        by_mastermind[seat.mastermind_id].append(seat)
    for mastermind in open_masterminds:
        members = by_mastermind.get(mastermind.pk, [])
        leader = next((m for m in members if m.is_leader), None)
        if leader is None:
            continue  # a group without anyone seated is nothing to keep
        for seat in members:
            pid = person_id(seat.user_id)
            found.users[pid] = seat.user
            found.people.append(Person(pid, availability_of(seat.user, stored.get(seat.user_id))))
        schedule = schedules.get(mastermind.pk)
        key = f"m{mastermind.pk}"
        found.fixed.append(
            Fixed(
                key,
                person_id(leader.user_id),
                tuple(person_id(m.user_id) for m in members if m is not leader),
                Slot(schedule.weekday, schedule.minute, schedule.zone) if schedule else None,
            )
        )
        found.fixed_masterminds[key] = mastermind.pk
    found.history = [cohort for cohort in history_of(cohort) if cohort]
    return found
