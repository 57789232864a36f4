from itertools import combinations

import pytest

from hotseat.matching import MatchingError, Rules, form_groups, propose
from hotseat.matching.remix import remix
from tests.matching.strategies import START, WEEKS, everyone_free

SIXTEEN = [everyone_free(f"p{i:02d}", leads=i % 4 == 0) for i in range(16)]
LAST_COHORT = [frozenset(f"p{i:02d}" for i in range(start, start + 4)) for start in range(0, 16, 4)]


def pairs_met(groups, history):
    met = {frozenset(pair) for cohort in history for group in cohort for pair in combinations(group, 2)}
    return sum(1 for group in groups for pair in combinations(group.people, 2) if frozenset(pair) in met)


def test_remix_reaches_zero_repeats_when_possible():
    formation = remix(SIXTEEN, [LAST_COHORT], START, WEEKS, Rules(target=4, min_size=4, max_size=4))

    assert formation.placed == 16
    assert formation.repeated_pairs == 0 == pairs_met(formation.groups, [LAST_COHORT])


def test_remix_over_two_cohorts_still_finds_a_fresh_grouping():
    second = [frozenset(f"p{i:02d}" for i in range(start, 16, 4)) for start in range(4)]
    history = [LAST_COHORT, second]
    leaders = {f"p{i:02d}" for i in (0, 5, 10, 15)}
    crowd = [everyone_free(p.id, leads=p.id in leaders) for p in SIXTEEN]

    formation = remix(crowd, history, START, WEEKS, Rules(target=4, min_size=4, max_size=4))

    assert formation.placed == 16
    assert formation.repeated_pairs == pairs_met(formation.groups, history) == 0


def test_remix_counts_the_repeats_it_cannot_avoid():
    # Eight people, one past group of six: two groups of four must repeat some pairs.
    crowd = [everyone_free(f"p{i}", leads=i in (0, 1)) for i in range(8)]
    history = [[frozenset(f"p{i}" for i in range(6)), frozenset({"p6", "p7"})]]

    formation = remix(crowd, history, START, WEEKS, Rules(target=4, min_size=4, max_size=4))

    assert formation.placed == 8
    # Six past partners split 3 + 3 at best, and p6, p7 must part: 3 + 3 pairs repeat.
    assert formation.repeated_pairs == pairs_met(formation.groups, history) == 6


def test_remix_keeps_a_continuing_group_together_and_does_not_count_it():
    continuing = [("p00", "p01"), ("p01", "p02")]

    formation = remix(
        SIXTEEN, [LAST_COHORT], START, WEEKS, Rules(target=4, min_size=4, max_size=4), keep_together=continuing
    )

    home = {person_id: group for group in formation.groups for person_id in group.people}
    assert home["p00"] is home["p01"] is home["p02"]
    # The three met before and sit together again on purpose: those pairs are not repeats.
    assert formation.repeated_pairs == pairs_met(formation.groups, [LAST_COHORT]) - 3


def test_remix_ignores_people_who_left():
    history = [[*LAST_COHORT, frozenset({"gone", "p00"})]]

    formation = remix(SIXTEEN, history, START, WEEKS, Rules(target=4, min_size=4, max_size=4))

    assert formation.placed == 16


@pytest.mark.parametrize(("history", "message"), [(["p00"], "list of cohorts"), ([["p00", "p01"]], "set of ids")])
def test_remix_refuses_a_history_of_the_wrong_shape(history, message):
    with pytest.raises(MatchingError, match=message):
        remix(SIXTEEN, history, START, WEEKS)


def test_propose_remixes_only_when_the_program_has_history():
    rules = Rules(target=4, min_size=4, max_size=4)

    fresh = propose(SIXTEEN, [], START, WEEKS, rules)
    again = propose(SIXTEEN, [LAST_COHORT], START, WEEKS, rules)

    assert [g.people for g in fresh.groups] == [g.people for g in form_groups(SIXTEEN, START, WEEKS, rules).groups]
    assert pairs_met(fresh.groups, [LAST_COHORT]) > 0  # a plain formation ignores who met before
    assert again.repeated_pairs == 0 == pairs_met(again.groups, [LAST_COHORT])
