"""Exporting the board as CSV, in the shape the import reads."""

from __future__ import annotations

from django.utils import timezone

from hotseat.masterminds import actions as mastermind_actions
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.masterminds.sheet.export import board_rows
from hotseat.masterminds.sheet.importing import import_sheet
from hotseat.masterminds.sheet.planning import read_sheet
from hotseat.programs.models import Cohort, Signup
from tests.factories import CohortFactory, MastermindFactory, SignupFactory, UserFactory, seat
from tests.masterminds.sheet.sheets import export_text, groups_of, parsed, url


def test_board_export_lists_every_seat_and_the_waitlist(client, cohort, organizer, alice, bob, erin):
    forum = MastermindFactory(cohort=cohort, number=1, title="Forum")
    seat(forum, bob)
    seat(forum, alice, Membership.Role.LEADER)
    Signup.objects.filter(user=alice).update(notes="leads on Tuesdays")
    SignupFactory(
        cohort=cohort,
        user=erin,
        status=Signup.Status.WAITLISTED,
        waitlist_mastermind=forum,
        waitlisted_at=timezone.now(),
    )
    client.force_login(organizer)

    response = client.get(url("board_export", cohort))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{cohort.program.slug}-{cohort.slug}-board.csv"'
    rows = parsed(b"".join(response.streaming_content).decode("utf-8-sig"))
    assert [(r["group"], r["title"], r["state"], r["role"], r["email"], r["notes"]) for r in rows] == [
        ("1", "Forum", "forming", "leader", "alice@example.com", "leads on Tuesdays"),
        ("1", "Forum", "forming", "member", "bob@example.com", ""),
        ("1", "Forum", "forming", "waitlist", "erin@example.com", ""),
    ]
    assert rows[0]["name"] == "Alice"
    assert rows[0]["time zone"] == "America/New_York"


def test_board_export_escapes_cells_that_spreadsheets_would_run(client, cohort, organizer):
    forum = MastermindFactory(cohort=cohort, number=1, title='=HYPERLINK("http://evil")')
    for name in ["+cmd", "-2+3", "@SUM(A1)", "Plain"]:
        seat(forum, UserFactory(display_name=name))
    client.force_login(organizer)

    rows = parsed(export_text(client, cohort))

    assert [r["name"] for r in rows] == ["'+cmd", "'-2+3", "'@SUM(A1)", "Plain"]
    assert rows[0]["title"] == '\'=HYPERLINK("http://evil")'


def test_board_export_then_import_gives_the_same_groups(
    client, cohort, organizer, alice, bob, chloe, dev, erin, django_capture_on_commit_callbacks
):
    SignupFactory(cohort=cohort, user=alice)
    for person in (bob, chloe, dev):
        SignupFactory(cohort=cohort, user=person)
    formed = mastermind_actions.lead_mastermind(cohort, alice, title="-Growing a forum")
    for person in (bob, chloe, dev):
        mastermind_actions.take_seat(formed, person)
    forming = MastermindFactory(cohort=cohort, number=2, title="Events")
    seat(forming, UserFactory(email="kai@example.com", display_name="=Kai"), Membership.Role.LEADER)
    SignupFactory(cohort=cohort, user=erin)
    mastermind_actions.join_waitlist(cohort, erin, forming)
    client.force_login(organizer)
    empty = CohortFactory(program=cohort.program)

    with django_capture_on_commit_callbacks(execute=True):
        report = import_sheet(empty, read_sheet(empty, export_text(client, cohort).encode()))

    assert report.errors == []
    assert groups_of(empty) == groups_of(cohort)
    assert [m.state for m in Mastermind.objects.filter(cohort=empty).order_by("number")] == ["formed", "forming"]
    assert export_text(client, empty) == export_text(client, cohort)


def test_board_export_queries_do_not_grow_with_the_board(cohort, django_assert_num_queries):
    def board_of(groups: int) -> Cohort:
        target = CohortFactory(program=cohort.program)
        for number in range(1, groups + 1):
            mastermind = MastermindFactory(cohort=target, number=number)
            seat(mastermind, UserFactory(), Membership.Role.LEADER)
            seat(mastermind, UserFactory())
        SignupFactory(cohort=target, status=Signup.Status.WAITLISTED, waitlisted_at=timezone.now())
        return target

    small, large = board_of(1), board_of(3)

    with django_assert_num_queries(3):
        assert len(list(board_rows(small))) == 4
    with django_assert_num_queries(3):
        assert len(list(board_rows(large))) == 8
