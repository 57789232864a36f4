import pytest

from hotseat.matching import Fixed, MatchingError, Person, Rules
from hotseat.scheduling import Availability, Slot


def test_rules_default_to_four_people_between_three_and_eight():
    rules = Rules()

    assert (rules.target, rules.min_size, rules.max_size) == (4, 3, 8)
    assert rules.weekdays == (0, 1, 2, 3, 4)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"min_size": 1}, "at least 2 people"),
        ({"target": 9}, "target size 9 must lie between"),
        ({"min_size": 5, "target": 4}, "target size 4 must lie between the smallest \\(5\\)"),
        ({"max_size": 51}, "at most 50 people"),
        ({"duration_minutes": 0}, "1 to 240 minutes"),
        ({"step_minutes": 7}, "must divide a day"),
        ({"weekdays": ()}, "at least one weekday"),
        ({"weekdays": (7,)}, "0 \\(Monday\\) to 6 \\(Sunday\\), not 7"),
        ({"target": "4"}, "whole number"),
    ],
)
def test_rules_refuse_bad_values(kwargs, message):
    with pytest.raises(MatchingError, match=message):
        Rules(**kwargs)


def test_rules_sort_and_deduplicate_weekdays():
    assert Rules(weekdays=(4, 0, 4)).weekdays == (0, 4)


def test_person_needs_an_id_and_an_availability():
    with pytest.raises(MatchingError, match="non-empty string"):
        Person("", Availability("UTC"))
    with pytest.raises(MatchingError, match="has no Availability"):
        Person("alice", "UTC")


def test_fixed_refuses_a_person_seated_twice():
    with pytest.raises(MatchingError, match="seats 'bob' twice"):
        Fixed("m1", "alice", ("bob", "bob"))


def test_fixed_lists_its_leader_first():
    board = Fixed("m1", "alice", ("bob", "chloe"), Slot(1, 18 * 60, "America/New_York"))

    assert board.seated == ("alice", "bob", "chloe")
