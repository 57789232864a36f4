from hotseat.matching import Rules
from hotseat.matching.problem import prepare
from hotseat.matching.seating import Seating
from tests.matching.strategies import START, WEEKS, everyone_free


def seating_of_six() -> Seating:
    crowd = [everyone_free(f"p{i}", leads=i < 2) for i in range(6)]
    return Seating(prepare(crowd, START, WEEKS, Rules(target=3, min_size=2, max_size=4)))


def snapshot(seating: Seating):
    return [(t.candidate, t.leader, t.people) for t in seating.tables], dict(seating.table_of), seating.free


def test_a_rolled_back_transaction_leaves_the_seating_as_it_was():
    seating = seating_of_six()
    candidate = 0
    seating.open(candidate, 0, 0b001101)
    before = snapshot(seating)

    mark = seating.begin()
    seating.remove(0, 0b001000)
    inner = seating.begin()
    seating.open(candidate, 1, 0b011010)
    seating.commit(inner)
    seating.reslot(0, 1, 0)
    seating.add(0, 0b100000)
    seating.rollback(mark)

    assert snapshot(seating) == before
    assert seating.at == {0: {0}, 1: set()}


def test_an_inner_rollback_keeps_the_outer_changes():
    seating = seating_of_six()
    candidate = 0
    seating.open(candidate, 0, 0b0011)

    mark = seating.begin()
    seating.add(0, 0b0100)
    inner = seating.begin()
    seating.add(0, 0b1000)
    seating.rollback(inner)
    seating.commit(mark)

    assert seating.tables[0].people == 0b0111
    assert seating.table_of == {0: 0, 1: 0, 2: 0}


def test_accepts_checks_slot_room_and_pairs_kept_apart():
    crowd = [everyone_free(f"p{i}", leads=i == 0) for i in range(5)] + [everyone_free("far", "Pacific/Auckland")]
    problem = prepare(crowd, START, WEEKS, Rules(target=3, min_size=2, max_size=3), keep_apart=[("p0", "p1")])
    seating = Seating(problem)
    number = {person.id: i for i, person in enumerate(problem.people)}
    candidate = next(c for c in range(len(problem.table.candidates)) if problem.leads[c])
    table = seating.open(candidate, number["p0"], 1 << number["p0"] | 1 << number["p2"])

    assert seating.accepts(table, 1 << number["p3"])
    assert not seating.accepts(table, 1 << number["p1"])
    assert not seating.accepts(table, 1 << number["far"])
    seating.add(table, 1 << number["p3"])
    assert not seating.accepts(table, 1 << number["p4"])
    assert seating.accepts(table, 1 << number["p4"], leaving=1 << number["p3"])
