"""Planning an import: the rows checked against the board as it is, every problem with its row, nothing written."""

from __future__ import annotations

import pytest

from hotseat.masterminds.models import Mastermind, Membership
from hotseat.masterminds.sheet.planning import read_sheet
from tests.factories import MastermindFactory, seat
from tests.masterminds.sheet.sheets import errors_at, sheet


@pytest.mark.parametrize(
    ("rows", "row", "expected"),
    [
        (["A,leader,,a@example.com,,", "A,member,,A@example.com,,"], 3, "already in the file at row 2"),
        (["A,leader,,a@example.com,,", "A,leader,,b@example.com,,"], 3, "two leaders in the file (rows 2 and 3)"),
        (["A,member,,a@example.com,,", "A,member,,b@example.com,,"], 2, "has members but no leader"),
        (
            ["A,leader,,p0@example.com,,", *[f"A,member,,p{i}@example.com,," for i in range(1, 9)]],
            10,
            "The new group “A” has 9 people; a mastermind in this program has at most 8 seats.",
        ),
        (["Elsewhere,waitlist,,a@example.com,,"], 2, "Waits for “Elsewhere”, which is neither on the board"),
    ],
)
def test_read_sheet_reports_a_bad_row_of_the_plan_with_its_number(cohort, rows, row, expected):
    report = read_sheet(cohort, sheet(*rows))

    assert expected in errors_at(report, row)


def test_read_sheet_reports_one_mistake_once(cohort):
    report = read_sheet(cohort, sheet("A,leader,,a@example.com,Atlantis,", "A,member,,b@example.com,,"))

    assert [p.row for p in report.errors] == [2]


def test_read_sheet_refuses_a_person_seated_in_another_group(cohort, alice):
    seat(MastermindFactory(cohort=cohort, number=1, title="Elsewhere"), alice, Membership.Role.LEADER)

    report = read_sheet(cohort, sheet("B,leader,,bob@example.com,,", "B,member,,alice@example.com,,"))

    assert "alice@example.com is already seated in this cohort, in Group 1: Elsewhere" in errors_at(report, 3)


def test_read_sheet_refuses_more_people_than_an_existing_group_has_seats(cohort, alice, bob, chloe):
    mastermind = MastermindFactory(cohort=cohort, number=1, title="Forum", capacity=4)
    seat(mastermind, alice, Membership.Role.LEADER)
    seat(mastermind, bob)
    seat(mastermind, chloe)

    report = read_sheet(cohort, sheet("1,member,,dev@example.com,,", "1,member,,erin@example.com,,"))

    assert errors_at(report, 2) == ""
    assert "Group 1: Forum has 1 open seat of 4 and the file adds 2 people" in errors_at(report, 3)


def test_read_sheet_refuses_a_second_leader_for_an_existing_group(cohort, alice):
    seat(MastermindFactory(cohort=cohort, number=1, title="Forum"), alice, Membership.Role.LEADER)

    report = read_sheet(cohort, sheet("1,leader,,bob@example.com,,"))

    assert "Group 1: Forum already has a leader, Alice." in errors_at(report, 2)


def test_read_sheet_refuses_a_group_that_is_no_longer_open(cohort, alice):
    running = MastermindFactory(cohort=cohort, number=1, title="Forum", state=Mastermind.State.RUNNING)
    seat(running, alice, Membership.Role.LEADER)

    report = read_sheet(cohort, sheet("1,member,,bob@example.com,,"))

    assert "Group 1: Forum is running and takes no new members." in errors_at(report, 2)
