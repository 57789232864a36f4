"""The heuristic against CP-SAT's optimum on small random instances (N <= 12)."""

import random

import pytest

from hotseat.matching import Fixed, Rules, form_groups
from hotseat.matching.exact import exact
from hotseat.matching.formation import solve
from hotseat.matching.problem import prepare
from hotseat.matching.remix import fewer_repeats, remember
from tests.matching.strategies import START, WEEKS, everyone_free, random_people, random_rules


def instance(seed: int) -> tuple[list, Rules, dict]:
    rng = random.Random(seed)  # noqa: S311 (seeded instances, not secrets)
    crowd = random_people(rng, rng.randint(3, 12))
    rule = random_rules(rng)
    ids = [person.id for person in crowd]
    wishes: dict = {"keep_apart": [], "keep_together": [], "fixed": []}
    if len(ids) >= 4 and rng.random() < 0.4:
        wishes["keep_apart"] = [tuple(rng.sample(ids, 2)) for _ in range(rng.randint(1, 2))]
    if len(ids) >= 4 and rng.random() < 0.3:
        wishes["keep_together"] = [tuple(rng.sample(ids, 2))]
    if rng.random() < 0.3:
        first = form_groups(crowd, START, WEEKS, rule, evaluations=False)
        if first.groups:
            group = first.groups[0]
            slot = group.slot if rng.random() < 0.5 else None
            wishes["fixed"] = [Fixed("m1", group.leader_id, group.member_ids[:1], slot)]
    return crowd, rule, wishes


@pytest.mark.parametrize("seed", range(150))
def test_heuristic_seats_as_many_as_the_exact_optimum(seed):
    crowd, rule, wishes = instance(seed)
    try:
        problem = prepare(crowd, START, WEEKS, rule, **wishes)
    except ValueError:
        pytest.skip("contradictory wishes drawn")

    best = exact(prepare(crowd, START, WEEKS, rule, **wishes), seconds=20)
    formation = solve(problem, START, WEEKS, evaluations=False, seconds=10)

    assert best.proven
    assert formation.placed == best.placed
    assert best.placed <= formation.upper_bound


@pytest.mark.parametrize("seed", range(1000, 1060))
def test_remix_repeats_as_few_pairs_as_the_exact_optimum(seed):
    rng = random.Random(seed)  # noqa: S311 (seeded instances, not secrets)
    crowd, rule = random_people(rng, rng.randint(4, 12)), random_rules(rng)
    ids = [person.id for person in crowd]
    history = []
    for _ in range(rng.randint(1, 3)):
        rng.shuffle(ids)
        parts = rng.randint(2, 4)
        history.append([frozenset(ids[i::parts]) for i in range(parts)])
    problem = prepare(crowd, START, WEEKS, rule)
    remember(problem, history)
    reference = prepare(crowd, START, WEEKS, rule)
    remember(reference, history)

    best = exact(reference, seconds=20)
    tabu = random.Random(0)  # noqa: S311 (the search's dice)
    formation = solve(
        problem, START, WEEKS, evaluations=False, seconds=10, improve=lambda s, d: fewer_repeats(s, d, tabu)
    )

    assert best.proven
    assert (formation.placed, formation.repeated_pairs) == (best.placed, best.repeated_pairs)


def test_exact_finds_the_grouping_it_reports():
    crowd = [everyone_free(f"p{i}", leads=i < 2) for i in range(7)]

    best = exact(prepare(crowd, START, WEEKS, Rules(target=4, min_size=3, max_size=4)))

    assert best.placed == 7
    assert sorted(len(people) for _, people in best.groups) == [3, 4]
    assert {leader for leader, _ in best.groups} == {"p0", "p1"}
    assert best.size_deviation == 1
