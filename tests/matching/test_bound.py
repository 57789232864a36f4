from hypothesis import given

from hotseat.matching import Fixed, Rules, form_groups
from hotseat.matching.bound import upper_bound
from hotseat.matching.inputs import Person
from hotseat.matching.problem import prepare
from hotseat.scheduling import Availability, Window
from tests.matching.strategies import PROPERTY, START, WEEKS, everyone_free, people, rules


@PROPERTY
@given(crowd=people(), rule=rules())
def test_nobody_the_bound_drops_is_ever_seated(crowd, rule):
    problem = prepare(crowd, START, WEEKS, rule)

    bound = upper_bound(problem)
    formation = form_groups(crowd, START, WEEKS, rule, evaluations=False)

    seated = {person_id for group in formation.groups for person_id in group.people}
    possible = {problem.people[i].id for i in range(len(problem.people)) if bound.possible >> i & 1}
    assert seated <= possible
    assert formation.placed <= bound.value <= len(possible)
    assert set(bound.reasons) == {i for i in range(len(problem.people)) if not bound.possible >> i & 1}


def test_the_bound_counts_one_leader_per_mastermind():
    crowd = [everyone_free("alice", leads=True)] + [everyone_free(f"p{i}") for i in range(11)]

    problem = prepare(crowd, START, WEEKS, Rules(target=4, min_size=3, max_size=8))

    assert upper_bound(problem).value == 8


def test_the_bound_counts_room_at_fixed_masterminds():
    crowd = [everyone_free("alice")] + [everyone_free(f"p{i}") for i in range(9)]

    problem = prepare(crowd, START, WEEKS, Rules(target=4, min_size=3, max_size=6), fixed=[Fixed("m1", "alice")])

    assert upper_bound(problem).value == 6


def test_the_bound_drops_people_whose_only_company_lacks_a_leader():
    night = Availability("Asia/Kolkata", tuple(Window(d, 2 * 60, 4 * 60) for d in range(5)))
    crowd = [everyone_free("alice", leads=True), everyone_free("bob"), everyone_free("chloe")]
    crowd += [Person(f"k{i}", night) for i in range(3)]

    bound = upper_bound(prepare(crowd, START, WEEKS, Rules()))

    assert bound.value == 3
    assert set(bound.reasons.values()) == {"no leader"}
