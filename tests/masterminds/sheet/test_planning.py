"""Planning an import: the rows checked against the board as it is, every problem with its row, nothing written."""

from __future__ import annotations

import pytest

from hotseat.masterminds.models import Mastermind, Membership
from hotseat.masterminds.sheet.planning import read_sheet
from hotseat.programs.models import Signup
from tests.factories import CohortFactory, MastermindFactory, SignupFactory, UserFactory, seat
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


def test_read_sheet_lists_every_problem_of_every_row_at_once(cohort):
    report = read_sheet(
        cohort,
        sheet(
            "A,leader,,kim@example.com,Mars/Olympus,",
            "A,leader,,lou@example.com,,",
            "A,member,,KIM@example.com,,",
            "B,member,,max@example.com,EST5EDT,",
        ),
    )

    assert [(p.row, p.column) for p in report.errors] == [
        (2, "time zone"),
        (3, "role"),
        (4, "email"),
        (5, "role"),
        (5, "time zone"),
    ]
    assert "two leaders in the file (rows 2 and 3)" in errors_at(report, 3)
    assert "kim@example.com is already in the file at row 2" in errors_at(report, 4)
    assert "The new group “B” has members but no leader" in errors_at(report, 5)
    assert "Did you mean America/New_York?" in errors_at(report, 5)


def test_read_sheet_groups_the_problems_by_row_and_counts_them_by_column(cohort):
    report = read_sheet(cohort, sheet("A,leader,,a@example.com,Atlantis,", "A,boss,,b@,Lemuria,"))

    assert [(row, [p.column for p in problems]) for row, problems in report.errors_by_row] == [
        (2, ["time zone"]),
        (3, ["role", "email", "time zone"]),
    ]
    assert report.errors_by_column == [("time zone", 2), ("role", 1), ("email", 1)]


def test_read_sheet_invites_everybody_not_yet_in_the_program_account_or_not(cohort, alice, bob):
    SignupFactory(cohort=CohortFactory(program=cohort.program), user=bob, status=Signup.Status.PLACED)

    report = read_sheet(
        cohort, sheet("A,leader,,bob@example.com,,", "A,member,,alice@example.com,,", "A,member,,new@example.com,,")
    )

    assert report.errors == []
    assert [r.email for r in report.people_to_seat] == ["bob@example.com"]
    assert [r.email for r in report.people_to_invite] == ["alice@example.com", "new@example.com"]


def test_read_sheet_says_nothing_of_an_account_whose_username_is_the_email(cohort):
    UserFactory(username="kim@example.com", email="kim.new@example.com")

    report = read_sheet(cohort, sheet("A,leader,,kim@example.com,,"))

    assert report.errors == []
    assert [r.email for r in report.people_to_invite] == ["kim@example.com"]
