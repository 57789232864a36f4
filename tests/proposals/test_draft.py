"""Moves in a proposal's draft and the re-check after each: pure functions over the draft's JSON."""

from __future__ import annotations

from datetime import date

import pytest

from hotseat.matching import Person, Rules
from hotseat.proposals.draft import NEW_GROUP, UNPLACED, ProposalError, Roster, move, problems, slot_of
from hotseat.scheduling import Availability, Window

START = date(2027, 3, 2)
WEEKDAYS = range(5)


def free(zone: str, start: int, end: int, days=WEEKDAYS) -> Availability:
    return Availability(zone=zone, windows=tuple(Window(d, start * 60, end * 60) for d in days))


PEOPLE = {
    "ana": Person("ana", free("America/New_York", 9, 14), volunteers_to_lead=True),
    "ben": Person("ben", free("America/New_York", 9, 14)),
    "cal": Person("cal", free("America/New_York", 9, 14)),
    "dee": Person("dee", free("America/New_York", 9, 14)),
    "eve": Person("eve", free("Europe/Paris", 15, 20), volunteers_to_lead=True),
    "fay": Person("fay", free("Europe/Paris", 15, 20)),
    "gus": Person("gus", free("Europe/Paris", 15, 20)),
    "hal": Person("hal", free("Europe/Paris", 15, 20)),
    # Free only on Thursday afternoons in Paris: not at Monday 09:00 New York.
    "ivy": Person("ivy", free("Europe/Paris", 14, 18, days=[3])),
}
ROSTER = Roster(PEOPLE, {pid: pid.capitalize() for pid in PEOPLE}, Rules(target=4, min_size=4, max_size=6), START, 10)
MONDAY_9_NY = {"weekday": 0, "minute": 540, "zone": "America/New_York"}


def draft() -> dict:
    return {
        "format": 1,
        "mode": "form",
        "groups": [
            {
                "key": "g1",
                "mastermind": None,
                "leader": "ana",
                "members": ["ben", "cal", "dee"],
                "seated": [],
                "slot": dict(MONDAY_9_NY),
            },
            {
                "key": "m7",
                "mastermind": 7,
                "leader": "eve",
                "members": ["fay", "gus", "hal"],
                "seated": ["eve", "fay"],
                "slot": {"weekday": 0, "minute": 900, "zone": "Europe/Paris"},
                "slot_fixed": True,
            },
        ],
        "unplaced": [{"person": "ivy", "reason": "too few others"}],
        "paused": [],
        "upper_bound": 8,
        "placed": 8,
    }


def test_a_fresh_draft_has_no_problems():
    assert problems(draft(), ROSTER) == {}


def test_move_into_a_group_whose_time_they_cannot_make_finds_a_time_that_suits_all():
    after = move(draft(), "ivy", "g1", as_leader=False, roster=ROSTER)

    (group,) = [g for g in after["groups"] if g["key"] == "g1"]
    slot = slot_of(group)
    assert slot is not None
    assert slot.weekday == 3  # Thursday: the only day Ivy is free
    assert problems(after, ROSTER) == {}
    assert after["placed"] == 9
    assert after["unplaced"] == []


def test_move_that_no_time_can_fix_is_flagged():
    moved = move(draft(), "ivy", "m7", as_leader=False, roster=ROSTER)  # the board group keeps its Monday time

    assert problems(moved, ROSTER) == {"m7": ("Ivy cannot make 10 of the 10 calls at this time.",)}
    (group,) = [g for g in moved["groups"] if g["key"] == "m7"]
    assert group["slot"] == {"weekday": 0, "minute": 900, "zone": "Europe/Paris"}


def test_moving_the_leader_out_leaves_a_group_without_leader_flagged():
    moved = move(draft(), "ana", UNPLACED, as_leader=False, roster=ROSTER)

    assert problems(moved, ROSTER)["g1"] == (
        "No leader: make one of its people the leader.",
        "3 people: a group needs at least 4.",
    )
    fixed = move(moved, "ben", "g1", as_leader=True, roster=ROSTER)
    assert "No leader: make one of its people the leader." not in problems(fixed, ROSTER)["g1"]


def test_making_a_member_leader_turns_the_leader_into_a_member():
    moved = move(draft(), "cal", "g1", as_leader=True, roster=ROSTER)

    (group,) = [g for g in moved["groups"] if g["key"] == "g1"]
    assert group["leader"] == "cal"
    assert sorted(group["members"]) == ["ana", "ben", "dee"]


def test_a_new_group_is_led_by_the_person_moved_and_vanishes_when_emptied():
    moved = move(draft(), "ivy", NEW_GROUP, as_leader=False, roster=ROSTER)

    (new,) = [g for g in moved["groups"] if g["key"] == "g3"]
    assert new["leader"] == "ivy"
    assert slot_of(new) is not None  # a time that suits Ivy
    assert problems(moved, ROSTER)["g3"] == ("1 person: a group needs at least 4.",)
    back = move(moved, "ivy", UNPLACED, as_leader=False, roster=ROSTER)
    assert [g["key"] for g in back["groups"]] == ["g1", "m7"]


@pytest.mark.parametrize(
    ("who", "to", "as_leader", "message"),
    [
        ("fay", "g1", False, "Fay already has a seat in that group on the board"),
        ("ben", "m7", True, "Eve leads that group on the board already."),
        ("ben", "g9", False, "That group is not in this proposal"),
        ("zed", "g1", False, "zed is not in this proposal."),
        ("ben", "g1", False, "Ben is already there."),
        ("ivy", UNPLACED, False, "Ivy is already left out."),
    ],
)
def test_moves_that_cannot_be_made_are_refused_and_change_nothing(who, to, as_leader, message):
    before = draft()
    data = draft()

    with pytest.raises(ProposalError, match=message):
        move(data, who, to, as_leader=as_leader, roster=ROSTER)

    assert data == before


def test_a_board_group_left_as_it_is_is_never_flagged_and_may_stay_small():
    data = draft()
    board = data["groups"][1]
    board["members"], board["seated"] = ["fay"], ["eve", "fay"]
    data["unplaced"] += [{"person": "gus", "reason": "no room"}, {"person": "hal", "reason": "no room"}]

    assert problems(data, ROSTER) == {}
    grown = move(data, "gus", "m7", as_leader=False, roster=ROSTER)
    assert problems(grown, ROSTER) == {}  # 3 people: it keeps forming on the board
