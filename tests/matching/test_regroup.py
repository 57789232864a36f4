from hotseat.matching import Person, Rules, form_groups
from hotseat.matching.bound import upper_bound
from hotseat.matching.budget import Budget
from hotseat.matching.problem import prepare
from hotseat.matching.regroup import regroup
from hotseat.matching.seating import Seating
from hotseat.scheduling import Availability, Window
from tests.matching.strategies import START, WEEKS

RULES = Rules(target=3, min_size=2, max_size=3, step_minutes=60)


def london(name: str, hours: dict[int, tuple[int, int]], *, leads: bool = False) -> Person:
    windows = tuple(Window(day, start * 60, end * 60) for day, (start, end) in sorted(hours.items()))
    return Person(name, Availability("Europe/London", windows), leads)


# Two volunteers who share Monday evening; each is the only leader one other person can have.
CROWD = [
    london("ann", {0: (17, 19), 2: (18, 21), 4: (8, 11)}, leads=True),
    london("ben", {0: (18, 20), 1: (18, 20), 2: (17, 19), 3: (7, 10)}, leads=True),
    london("cat", {0: (7, 9), 1: (12, 14), 3: (8, 11), 4: (17, 18)}),
    london("dan", {0: (12, 15), 2: (20, 22)}),
]


def test_regroup_splits_two_leaders_who_are_each_needed_elsewhere():
    problem = prepare(CROWD, START, WEEKS, RULES)
    seating = Seating(problem)
    ann, ben = problem.index["ann"], problem.index["ben"]
    monday = next(c for c, people in enumerate(problem.table.attendees) if people == 1 << ann | 1 << ben)
    seating.open(monday, ann, 1 << ann | 1 << ben)
    pool = upper_bound(problem).possible

    # No clock: the search's own node limit bounds it.
    assert regroup(seating, pool, Budget())

    assert seating.free == 0
    assert sorted(sorted(problem.people[p].id for p in range(4) if t.people >> p & 1) for t in seating.tables) == [
        ["ann", "dan"],
        ["ben", "cat"],
    ]


def test_formation_seats_everyone_in_that_case():
    formation = form_groups(CROWD, START, WEEKS, RULES)

    assert formation.placed == formation.upper_bound == 4
