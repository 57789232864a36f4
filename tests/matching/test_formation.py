import subprocess
import sys
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from hotseat.matching import Fixed, Formation, MatchingError, Person, Rules, form_groups
from hotseat.scheduling import Availability, Slot, Window, evaluate
from tests.matching.strategies import PROPERTY, START, WEEKS, everyone_free, people, rules


def check_formation(formation: Formation, crowd: list[Person], rule: Rules, fixed_keys: set[str] = frozenset()) -> None:
    """The invariants every proposal keeps."""
    by_id = {person.id: person for person in crowd}
    seen = Counter(person_id for group in formation.groups for person_id in group.people)
    seen.update(entry.person_id for entry in formation.unplaced)
    assert seen == Counter(list(by_id)), "everyone appears exactly once, seated or left out"
    assert formation.placed == sum(group.size for group in formation.groups)
    assert formation.placed <= formation.upper_bound
    for group in formation.groups:
        assert group.leader_id not in group.member_ids
        assert group.slot is not None
        if group.fixed_key is None:
            assert by_id[group.leader_id].volunteers_to_lead
            assert rule.min_size <= group.size <= rule.max_size
            assert group.slot.zone == by_id[group.leader_id].availability.zone
        assert group.size <= rule.max_size
        members = [by_id[person_id].member for person_id in group.people]
        assert evaluate(group.slot, members, START, WEEKS, rule.duration_minutes).everyone_every_week, group


@PROPERTY
@given(crowd=people(), rule=rules())
def test_formation_keeps_every_rule(crowd, rule):
    formation = form_groups(crowd, START, WEEKS, rule, evaluations=False)

    check_formation(formation, crowd, rule)


@PROPERTY
@given(crowd=people(min_size=4), rule=rules(), data=st.data())
def test_formation_keeps_pairs_apart(crowd, rule, data):
    ids = [person.id for person in crowd]
    pairs = data.draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(lambda p: p[0] != p[1])))

    formation = form_groups(crowd, START, WEEKS, rule, keep_apart=pairs, evaluations=False)

    check_formation(formation, crowd, rule)
    for group in formation.groups:
        for first, second in pairs:
            assert not (first in group.people and second in group.people)


@PROPERTY
@given(crowd=people(min_size=4), rule=rules(), data=st.data())
def test_formation_keeps_pairs_together_when_they_share_a_slot(crowd, rule, data):
    ids = [person.id for person in crowd]
    pair = data.draw(st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(lambda p: p[0] != p[1]))

    formation = form_groups(crowd, START, WEEKS, rule, keep_together=[pair], evaluations=False)

    check_formation(formation, crowd, rule)
    if not formation.notes:
        home = {person_id: group for group in formation.groups for person_id in group.people}
        assert home.get(pair[0]) is home.get(pair[1])


@PROPERTY
@given(crowd=people(min_size=6), rule=rules(), with_slot=st.booleans())
def test_formation_keeps_the_seats_on_the_board(crowd, rule, with_slot):
    first = form_groups(crowd, START, WEEKS, rule, evaluations=False)
    if not first.groups:
        return
    taken = first.groups[0]
    board = Fixed("m1", taken.leader_id, taken.member_ids[:1], taken.slot if with_slot else None)

    formation = form_groups(crowd, START, WEEKS, rule, fixed=[board], evaluations=False)

    check_formation(formation, crowd, rule)
    fixed = [group for group in formation.groups if group.fixed_key == "m1"]
    assert len(fixed) == 1
    assert fixed[0].leader_id == board.leader_id
    assert set(board.member_ids) <= set(fixed[0].member_ids)
    if with_slot:
        assert fixed[0].slot == board.slot


@PROPERTY
@given(crowd=people(min_size=4, max_size=14), rule=rules(), data=st.data())
def test_formation_keeps_every_wish_at_once(crowd, rule, data):
    ids = [person.id for person in crowd]
    pair = st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(lambda p: p[0] != p[1])
    apart = data.draw(st.lists(pair, max_size=3))
    together = data.draw(st.lists(pair, max_size=2))
    fixed = []
    first = form_groups(crowd, START, WEEKS, rule, evaluations=False)
    if first.groups and data.draw(st.booleans()):
        taken = first.groups[0]
        fixed = [Fixed("m1", taken.leader_id, taken.member_ids[:1], data.draw(st.sampled_from([taken.slot, None])))]
    try:
        formation = form_groups(
            crowd, START, WEEKS, rule, keep_apart=apart, keep_together=together, fixed=fixed, evaluations=False
        )
    except MatchingError:
        return  # contradictory wishes drawn: refused, as tested elsewhere

    check_formation(formation, crowd, rule)
    home = {person_id: group for group in formation.groups for person_id in group.people}
    for first_id, second_id in apart:
        assert home.get(first_id) is None or home.get(first_id) is not home.get(second_id)
    if not formation.notes:
        for first_id, second_id in together:
            assert home.get(first_id) is home.get(second_id)
    for board in fixed:
        (group,) = [g for g in formation.groups if g.fixed_key == board.group_key]
        assert set(board.seated) <= set(group.people)


def test_formation_forms_one_group_of_the_target_size_with_a_leader():
    crowd = [everyone_free("alice", "America/New_York", leads=True)] + [
        everyone_free(n) for n in ("bob", "chloe", "dev")
    ]

    formation = form_groups(crowd, START, WEEKS)

    assert formation.placed == formation.upper_bound == 4
    (group,) = formation.groups
    assert group.leader_id == "alice"
    assert group.slot is not None
    assert group.slot.zone == "America/New_York"
    assert group.evaluation is not None
    assert group.evaluation.everyone_every_week


def test_formation_prefers_humane_hours():
    # Free all day everywhere: the call should sit inside 07:00-21:00 for both New York and Paris.
    def free(name: str, zone: str, leads: bool = False) -> Person:
        return Person(name, Availability(zone, tuple(Window(d, 0, 24 * 60) for d in range(5))), leads)

    crowd = [
        free("alice", "America/New_York", leads=True),
        free("bob", "America/New_York"),
        free("chloe", "Europe/Paris"),
    ]

    formation = form_groups(crowd, START, WEEKS)

    assert formation.penalty == 0
    assert formation.groups[0].evaluation is not None
    assert formation.groups[0].evaluation.penalty == 0


def test_formation_splits_into_target_sizes_when_leaders_allow():
    crowd = [everyone_free(f"p{i}", leads=i % 4 == 0) for i in range(16)]

    formation = form_groups(crowd, START, WEEKS)

    assert formation.placed == 16
    assert sorted(group.size for group in formation.groups) == [4, 4, 4, 4]
    assert formation.size_deviation == 0


def test_formation_spreads_spare_volunteers():
    crowd = [everyone_free(f"p{i}", leads=i < 6) for i in range(8)]

    formation = form_groups(crowd, START, WEEKS)

    volunteers = [sum(1 for p in group.people if int(p[1:]) < 6) for group in formation.groups]
    assert sorted(volunteers) == [3, 3]


def test_formation_says_why_people_are_left_out():
    crowd = [
        everyone_free("alice", leads=True),
        everyone_free("bob"),
        everyone_free("chloe"),
        Person("dev", Availability("Europe/London")),
        Person("erin", Availability("Asia/Kolkata", (Window(5, 9 * 60, 11 * 60),))),
        everyone_free("fay", "Pacific/Auckland"),
        everyone_free("gus", "Pacific/Auckland"),
        everyone_free("hal", "Pacific/Auckland"),
    ]

    formation = form_groups(crowd, START, WEEKS)

    reasons = {entry.person_id: entry.reason for entry in formation.unplaced}
    assert reasons == {
        "dev": "no availability",
        "erin": "no slot",
        "fay": "no leader",
        "gus": "no leader",
        "hal": "no leader",
    }
    assert "no volunteer leader" in next(e.detail for e in formation.unplaced if e.person_id == "fay")
    assert formation.placed == formation.upper_bound == 3


def test_formation_without_any_leader_leaves_everyone_out():
    crowd = [everyone_free(f"p{i}") for i in range(6)]

    formation = form_groups(crowd, START, WEEKS)

    assert formation.groups == ()
    assert {entry.reason for entry in formation.unplaced} == {"no leader"}
    assert formation.upper_bound == 0


def test_formation_with_groups_larger_than_the_population_leaves_everyone_out():
    crowd = [everyone_free("alice", leads=True), everyone_free("bob")]

    formation = form_groups(crowd, START, WEEKS, Rules(target=4, min_size=3))

    assert formation.placed == 0
    assert {entry.reason for entry in formation.unplaced} == {"too few others"}


def test_formation_of_nobody_is_empty():
    formation = form_groups([], START, WEEKS)

    assert (formation.groups, formation.unplaced, formation.placed, formation.upper_bound) == ((), (), 0, 0)


def test_formation_writes_the_slot_in_the_anchor_zone_asked_for():
    crowd = [everyone_free("alice", leads=True), everyone_free("bob"), everyone_free("chloe")]

    formation = form_groups(crowd, START, WEEKS, anchor_zone_of=lambda person: "UTC")

    assert formation.groups[0].slot is not None
    assert formation.groups[0].slot.zone == "UTC"


def test_a_fixed_mastermind_whose_people_share_no_slot_keeps_no_slot():
    crowd = [everyone_free("alice", leads=True), everyone_free("bob", "Pacific/Auckland"), everyone_free("chloe")]

    formation = form_groups(crowd, START, WEEKS, fixed=[Fixed("m1", "alice", ("bob",))])

    (group,) = [g for g in formation.groups if g.fixed_key == "m1"]
    assert group.slot is None
    assert group.people == ("alice", "bob")
    assert "no slot suits all its seated people" in formation.notes[0]


def test_a_fixed_slot_off_the_grid_is_kept():
    crowd = [everyone_free("alice", leads=True), everyone_free("bob"), everyone_free("chloe")]
    odd = Slot(2, 9 * 60 + 10, "Europe/Paris")

    formation = form_groups(crowd, START, WEEKS, fixed=[Fixed("m1", "alice", (), odd)])

    (group,) = formation.groups
    assert group.slot == odd
    assert group.size == 3


def test_the_core_imports_neither_django_nor_ortools():
    code = "import sys, hotseat.matching; print(sorted({'django', 'ortools'} & {m.split('.')[0] for m in sys.modules}))"

    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603 (our own interpreter, fixed code)

    assert found.stdout.strip() == "[]"
