from datetime import date

import pytest

from hotseat.matching import Fixed, MatchingError, Rules, form_groups
from hotseat.matching.problem import bits, prepare
from tests.matching.strategies import START, everyone_free

CROWD = [everyone_free("alice", leads=True), everyone_free("bob"), everyone_free("chloe"), everyone_free("dev")]


def test_bits_lists_set_bits_lowest_first():
    assert bits(0b101001) == [0, 3, 5]


def test_duplicate_ids_are_refused():
    with pytest.raises(MatchingError, match="Person id 'bob' appears twice"):
        form_groups([*CROWD, everyone_free("bob")], START, 4)


def test_something_else_than_a_person_is_refused():
    with pytest.raises(MatchingError, match="is not a Person"):
        form_groups([*CROWD, "erin"], START, 4)


@pytest.mark.parametrize("pairs", [[("alice", "zoe")], [("zoe", "bob")]])
def test_unknown_ids_in_pairs_are_refused(pairs):
    with pytest.raises(MatchingError, match="names 'zoe', who is not signed up"):
        form_groups(CROWD, START, 4, keep_apart=pairs)


def test_a_pair_of_one_person_is_refused():
    with pytest.raises(MatchingError, match="names the same person twice"):
        form_groups(CROWD, START, 4, keep_together=[("bob", "bob")])


def test_a_pair_must_name_two_people():
    with pytest.raises(MatchingError, match="names two people"):
        form_groups(CROWD, START, 4, keep_together=[("alice", "bob", "chloe")])


def test_kept_apart_and_together_is_a_contradiction():
    with pytest.raises(MatchingError, match="'bob' and 'dev' are to be kept apart and, through keep-together pairs"):
        form_groups(CROWD, START, 4, keep_together=[("bob", "chloe"), ("chloe", "dev")], keep_apart=[("bob", "dev")])


def test_kept_together_across_two_fixed_masterminds_is_a_contradiction():
    fixed = [Fixed("m1", "alice", ("bob",)), Fixed("m2", "chloe", ("dev",))]

    with pytest.raises(MatchingError, match="kept together but sit in fixed masterminds 'm1' and 'm2'"):
        form_groups(CROWD, START, 4, keep_together=[("bob", "dev")], fixed=fixed)


def test_kept_apart_in_one_fixed_mastermind_is_a_contradiction():
    with pytest.raises(MatchingError, match="kept apart but both sit in fixed mastermind 'm1'"):
        form_groups(CROWD, START, 4, keep_apart=[("bob", "chloe")], fixed=[Fixed("m1", "alice", ("bob", "chloe"))])


def test_too_many_kept_together_is_refused():
    crowd = [everyone_free(f"p{i}") for i in range(5)]
    pairs = [(f"p{i}", f"p{i + 1}") for i in range(4)]

    with pytest.raises(MatchingError, match="5 people, more than the largest size \\(4\\)"):
        form_groups(crowd, START, 4, Rules(max_size=4), keep_together=pairs)


@pytest.mark.parametrize(
    ("fixed", "message"),
    [
        ([Fixed("m1", "alice"), Fixed("m1", "bob")], "key 'm1' appears twice"),
        ([Fixed("m1", "zoe")], "seats 'zoe', who is not signed up"),
        ([Fixed("m1", "alice", ("bob",)), Fixed("m2", "chloe", ("bob",))], "'bob' is seated in two fixed"),
        ([Fixed("m1", "alice", ("bob", "chloe", "dev"))], "seats 4 people, more than the largest size \\(3\\)"),
    ],
)
def test_bad_fixed_masterminds_are_refused(fixed, message):
    with pytest.raises(MatchingError, match=message):
        form_groups(CROWD, START, 4, Rules(target=3, max_size=3), fixed=fixed)


def test_a_bad_cohort_is_refused_as_a_matching_error():
    with pytest.raises(MatchingError, match="1 to 104 weeks"):
        form_groups(CROWD, START, 0)
    with pytest.raises(MatchingError, match="starts on a date"):
        form_groups(CROWD, "2027-03-01", 4)


def test_a_bad_anchor_zone_is_refused():
    with pytest.raises(MatchingError, match="anchor zone of 'alice': Unknown time zone 'Mars/Olympus'"):
        form_groups(CROWD, START, 4, anchor_zone_of=lambda person: "Mars/Olympus")


def test_kept_together_who_share_no_slot_are_seated_apart_with_a_note():
    crowd = [*CROWD, everyone_free("erin", "Pacific/Auckland")]

    problem = prepare(crowd, date(2027, 3, 1), 4, Rules(), keep_together=[("bob", "erin")])

    assert problem.unit[problem.index["bob"]] == 1 << problem.index["bob"]
    assert problem.notes == ["'bob', 'erin' asked to stay together but share no slot, so they are seated separately."]
