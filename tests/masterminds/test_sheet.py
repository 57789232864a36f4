"""Importing an organizer's spreadsheet onto the board, and exporting the board as CSV."""

from __future__ import annotations

import csv
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hotseat.accounts.models import User
from hotseat.masterminds import actions as mastermind_actions
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.masterminds.sheet import MAX_BYTES, SheetError, SheetReport, import_sheet, read_sheet
from hotseat.masterminds.sheet_export import board_rows
from hotseat.programs.models import Cohort, Signup
from tests.factories import CohortFactory, MastermindFactory, SignupFactory, UserFactory, seat

HEADER = "group,role,name,email,time zone,notes"


def sheet(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def upload(data: str | bytes, name: str = "board.csv") -> SimpleUploadedFile:
    content = data.encode() if isinstance(data, str) else data
    return SimpleUploadedFile(name, content, content_type="text/csv")


def errors_at(report: SheetReport, row: int | None) -> str:
    return " | ".join(p.message for p in report.errors if p.row == row)


def url(name: str, cohort: Cohort) -> str:
    return reverse(name, args=[cohort.program.slug, cohort.slug])


def groups_of(cohort: Cohort) -> list[tuple[int, str, str, list[str]]]:
    """(number, title, leader email, member emails) of each mastermind, by number."""
    result = []
    for m in Mastermind.objects.filter(cohort=cohort).order_by("number"):
        seats = list(m.memberships.filter(left_at__isnull=True).select_related("user").order_by("joined_at", "pk"))
        leader = next(s.user.email for s in seats if s.is_leader)
        result.append((m.number, m.title, leader, [s.user.email for s in seats if not s.is_leader]))
    return result


def export_text(client, cohort: Cohort) -> str:  # type: ignore[no-untyped-def]
    response = client.get(url("board_export", cohort))
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


def parsed(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(StringIO(text)))


TWO_GROUPS = sheet(
    "group 1,leader,Alice,alice@example.com,America/New_York,runs a forum",
    "group 1,member,Bob,bob@example.com,America/Los_Angeles,",
    "group 1,member,Chloe,chloe@example.com,Europe/Paris,",
    "group 1,member,Dev,dev@example.com,Europe/London,",
    "Growth circle,leader,Fatou Diallo,fatou@example.com,Africa/Dakar,new here",
    "Growth circle,member,Gus,Gus@Example.com,europe/berlin,",
)


# Importing -----------------------------------------------------------------------------------


def test_import_sheet_creates_groups_accounts_and_forms_the_full_group(
    cohort, alice, bob, chloe, dev, outbox, django_capture_on_commit_callbacks
):
    report = read_sheet(cohort, TWO_GROUPS.encode())
    assert report.errors == []
    assert (report.rows_parsed, len(report.groups_to_create)) == (6, 2)
    assert ({r.email for r in report.people_to_create}) == {"fatou@example.com", "gus@example.com"}
    assert len(report.existing_accounts) == 4

    with django_capture_on_commit_callbacks(execute=True):
        import_sheet(cohort, report)

    assert groups_of(cohort) == [
        (1, "group 1", "alice@example.com", ["bob@example.com", "chloe@example.com", "dev@example.com"]),
        (2, "Growth circle", "fatou@example.com", ["gus@example.com"]),
    ]
    full, small = Mastermind.objects.filter(cohort=cohort).order_by("number")
    assert (full.state, small.state) == (Mastermind.State.FORMED, Mastermind.State.FORMING)
    assert small.capacity == cohort.program.group_size
    assert sorted(m.to[0] for m in outbox if "formed" in m.subject) == sorted(
        ["alice@example.com", "bob@example.com", "chloe@example.com", "dev@example.com"]
    )
    fatou = User.objects.get(email="fatou@example.com")
    assert (fatou.display_name, fatou.time_zone, fatou.has_usable_password()) == ("Fatou Diallo", "Africa/Dakar", False)
    assert User.objects.get(email="gus@example.com").time_zone == "Europe/Berlin"
    statuses = set(Signup.objects.filter(cohort=cohort).values_list("status", flat=True))
    assert statuses == {Signup.Status.PLACED}
    assert Signup.objects.get(cohort=cohort, user=alice).notes == "runs a forum"
    assert alice.display_name == User.objects.get(pk=alice.pk).display_name  # existing accounts keep their name


def test_import_sheet_fills_existing_groups_by_number_or_title(cohort, alice, bob, chloe, dev):
    first = MastermindFactory(cohort=cohort, number=3, title="Moderation at scale")
    seat(first, alice, Membership.Role.LEADER)
    second = MastermindFactory(cohort=cohort, number=4, title="Events")
    seat(second, bob, Membership.Role.LEADER)
    text = sheet(
        "3,member,,chloe@example.com,,",
        "Events,member,,dev@example.com,,",
        "group 7,leader,Hana,hana@example.com,Asia/Tokyo,",
    )

    import_sheet(cohort, read_sheet(cohort, text))

    assert Membership.objects.get(user=chloe, left_at__isnull=True).mastermind == first
    assert Membership.objects.get(user=dev, left_at__isnull=True).mastermind == second
    new = Mastermind.objects.get(cohort=cohort, title="group 7")
    assert new.number == 7  # a free number asked for is kept


def test_import_sheet_places_people_with_a_signup_and_queues_the_waitlist(cohort, alice, bob, erin):
    SignupFactory(cohort=cohort, user=bob, status=Signup.Status.PENDING, notes="from the form")
    text = sheet(
        "Forum,leader,,alice@example.com,,",
        "Forum,member,,bob@example.com,,sheet note",
        "Forum,waitlist,,erin@example.com,,",
        ",waitlist,Ivy,ivy@example.com,Europe/Rome,",
    )

    import_sheet(cohort, read_sheet(cohort, text))

    bob_signup = Signup.objects.get(cohort=cohort, user=bob)
    assert (bob_signup.status, bob_signup.notes) == (Signup.Status.PLACED, "from the form")
    forum = Mastermind.objects.get(cohort=cohort, title="Forum")
    waiting = list(Signup.objects.filter(cohort=cohort, status=Signup.Status.WAITLISTED).order_by("waitlisted_at"))
    assert [(s.user.email, s.waitlist_mastermind) for s in waiting] == [
        ("erin@example.com", forum),
        ("ivy@example.com", None),
    ]


def test_import_sheet_reads_semicolons_a_bom_and_loose_headers(cohort):
    text = "Group;Role;Name;E-mail;Time_Zone;NOTES;Shoe size\r\nA;Leader;Jo;jo@example.com;Europe/Paris;;42\r\n"

    report = read_sheet(cohort, b"\xef\xbb\xbf" + text.encode())

    assert report.errors == []
    assert report.ignored_columns == ["Shoe size"]
    (row,) = report.people
    assert (row.group, row.role, row.email, row.time_zone) == ("A", "leader", "jo@example.com", "Europe/Paris")


def test_import_sheet_matches_existing_accounts_whatever_the_case(cohort, alice):
    report = read_sheet(cohort, sheet("A,leader,Someone Else,ALICE@Example.COM,Asia/Tokyo,"))

    import_sheet(cohort, report)

    assert [r.user for r in report.existing_accounts] == [alice]
    assert Membership.objects.get(cohort=cohort).user == alice
    alice.refresh_from_db()
    assert (alice.display_name, alice.time_zone) == ("Alice", "America/New_York")


def test_import_sheet_twice_changes_nothing_the_second_time(
    cohort, alice, bob, chloe, dev, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_sheet(cohort, read_sheet(cohort, TWO_GROUPS))
    before = groups_of(cohort)
    outbox.clear()

    again = read_sheet(cohort, TWO_GROUPS)
    with django_capture_on_commit_callbacks(execute=True):
        import_sheet(cohort, again)

    assert again.errors == []
    assert [p.row for p in again.already_there] == [2, 3, 4, 5, 6, 7]
    assert again.groups == []
    assert groups_of(cohort) == before
    assert Membership.objects.filter(cohort=cohort).count() == 6
    assert outbox == []


def test_import_sheet_twice_keeps_the_waitlist_as_it_is(cohort, erin):
    text = sheet(
        "Forum,leader,,kim@example.com,,", "Forum,waitlist,,erin@example.com,,", ",waitlist,,lou@example.com,,"
    )
    import_sheet(cohort, read_sheet(cohort, text))
    before = list(Signup.objects.filter(status=Signup.Status.WAITLISTED).values_list("pk", "waitlisted_at"))

    again = read_sheet(cohort, text)
    import_sheet(cohort, again)

    assert [p.row for p in again.already_there] == [2, 3, 4]
    assert list(Signup.objects.filter(status=Signup.Status.WAITLISTED).values_list("pk", "waitlisted_at")) == before


def test_import_sheet_with_one_bad_row_imports_nothing(cohort):
    text = sheet(
        "A,leader,,kim@example.com,Europe/Paris,",
        "A,member,,lou@example.com,Mars/Olympus,",
    )
    report = read_sheet(cohort, text)

    with pytest.raises(SheetError):
        import_sheet(cohort, report)

    assert errors_at(report, 3).startswith("Unknown time zone “Mars/Olympus”")
    assert not Mastermind.objects.filter(cohort=cohort).exists()
    assert not User.objects.filter(email="kim@example.com").exists()


def test_import_sheet_checks_the_board_again_when_it_changed_after_the_dry_run(cohort, alice, bob):
    report = read_sheet(cohort, sheet("A,leader,,alice@example.com,,", "A,member,,bob@example.com,,"))
    other = MastermindFactory(cohort=cohort, number=1, title="Elsewhere")
    seat(other, bob, Membership.Role.LEADER)

    with pytest.raises(SheetError) as raised:
        import_sheet(cohort, report)

    assert "already seated in this cohort, in Group 1: Elsewhere" in errors_at(raised.value.report, 3)
    assert not Membership.objects.filter(user=alice).exists()


def test_imported_account_can_ask_for_a_password_reset(client, cohort, outbox):
    import_sheet(cohort, read_sheet(cohort, sheet("A,leader,Noor,noor@example.com,Asia/Dubai,")))

    response = client.post(reverse("account_reset_password"), {"email": "noor@example.com"})

    assert response.status_code == 302
    (message,) = outbox
    assert message.to == ["noor@example.com"]
    assert "/password/reset/key/" in message.body


# Every problem, with its row -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "row", "expected"),
    [
        (["A,leader,,,Europe/Paris,"], 2, "The email is empty."),
        (["A,leader,,not-an-email,Europe/Paris,"], 2, "“not-an-email” is not a valid email address."),
        (["A,leader,,a@example.com,PST,"], 2, "Unknown time zone “PST”. Did you mean America/Los_Angeles?"),
        (["A,leader,,a@example.com,Paris,"], 2, "Did you mean Europe/Paris?"),
        (["A,leader,,a@example.com,Nowhere/Land,"], 2, "Use an IANA name such as Europe/Paris"),
        (["A,host,,a@example.com,,"], 2, "Unknown role “host”: it must be leader or member"),
        (["A,,,a@example.com,,"], 2, "The role is empty"),
        (["A,leader,,a@example.com,,", "A,member,,A@example.com,,"], 3, "already in the file at row 2"),
        (["A,leader,,a@example.com,,", "A,leader,,b@example.com,,"], 3, "two leaders in the file (rows 2 and 3)"),
        (["A,member,,a@example.com,,", "A,member,,b@example.com,,"], 2, "has members but no leader"),
        ([",member,,a@example.com,,"], 2, "The group is empty"),
        (
            ["A,leader,,p0@example.com,,", *[f"A,member,,p{i}@example.com,," for i in range(1, 9)]],
            10,
            "The new group “A” has 9 people; a mastermind in this program has at most 8 seats.",
        ),
        (["Elsewhere,waitlist,,a@example.com,,"], 2, "Waits for “Elsewhere”, which is neither on the board"),
        ([f"A,leader,{'x' * 81},a@example.com,,"], 2, "The name is longer than 80 characters."),
    ],
)
def test_read_sheet_reports_a_bad_row_with_its_number(cohort, rows, row, expected):
    report = read_sheet(cohort, sheet(*rows))

    assert expected in errors_at(report, row)


def test_read_sheet_reports_every_bad_row_at_once(cohort):
    report = read_sheet(
        cohort,
        sheet(
            "A,leader,,a@example.com,,",
            "A,member,,,,",
            "A,boss,,c@example.com,,",
            "A,member,,d@example.com,EST5EDTX,",
        ),
    )

    assert [p.row for p in report.errors] == [3, 4, 5]


def test_read_sheet_reports_one_mistake_once(cohort):
    report = read_sheet(cohort, sheet("A,leader,,a@example.com,Atlantis,", "A,member,,b@example.com,,"))

    assert [p.row for p in report.errors] == [2]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("group,role,name,time zone", "Missing column “email”"),
        ("name;email", "Missing column “group”"),
        ("who,what,where", "The first row must be the header"),
        ("group,role,email,Email", "The column “email” appears twice"),
    ],
)
def test_read_sheet_reports_a_bad_header_on_row_1(cohort, header, expected):
    report = read_sheet(cohort, sheet("A,leader,a@example.com", header=header))

    assert expected in errors_at(report, 1)
    assert report.groups == []


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


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00", "not a CSV. Save or download it as “CSV UTF-8”"),
        ("group,role,email\nA,leader,é@example.com\n".encode("utf-16"), "saved as UTF-16"),
        ("group,role,name,email\nA,leader,Zoé,z@example.com\n".encode("latin-1"), "This is not UTF-8 text"),
        (b"group,role,email\n\x00\x01\x02", "it contains binary data"),
        (b"", "The file is empty."),
        (b"group,role,email\n" + b"x" * MAX_BYTES, "larger than 1 MB"),
    ],
)
def test_read_sheet_explains_a_file_it_cannot_read(cohort, data, expected):
    report = read_sheet(cohort, data)

    assert expected in errors_at(report, None)
    assert report.rows_parsed == 0


def test_read_sheet_refuses_more_than_2000_rows(cohort):
    rows = [f"A,member,,p{i}@example.com,," for i in range(2001)]

    report = read_sheet(cohort, sheet(*rows))

    assert "more than 2000 rows" in errors_at(report, 2002)


def test_read_sheet_counts_rows_as_a_spreadsheet_does(cohort):
    text = 'group,role,name,email,notes\nA,leader,,a@example.com,"two\nlines"\n,,,,\nA,boss,,b@example.com,\n'

    report = read_sheet(cohort, text)

    assert [p.row for p in report.errors] == [4]
    assert report.rows_parsed == 2


# Exporting ------------------------------------------------------------------------------------


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


# The pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["board_import", "board_export"])
def test_sheet_pages_send_anonymous_people_to_log_in(client, cohort, name):
    response = client.get(url(name, cohort))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", ["board_import", "board_export"])
@pytest.mark.parametrize("who", ["outsider", "leader in this cohort"])
def test_sheet_pages_are_not_found_for_people_who_do_not_organize(client, cohort, alice, bob, name, who):
    mastermind = MastermindFactory(cohort=cohort, number=1, title="Forum")
    seat(mastermind, alice, Membership.Role.LEADER)
    client.force_login(bob if who == "outsider" else alice)

    assert client.get(url(name, cohort)).status_code == 404
    assert client.post(url("board_import", cohort), {"action": "import", "text": TWO_GROUPS}).status_code == 404
    assert Mastermind.objects.filter(cohort=cohort).count() == 1


@pytest.mark.parametrize("name", ["board_import", "board_export"])
def test_sheet_pages_open_for_organizers(client, cohort, organizer, name):
    client.force_login(organizer)

    assert client.get(url(name, cohort)).status_code == 200


def test_manage_page_links_to_import_and_export(client, cohort, organizer):
    client.force_login(organizer)

    page = client.get(url("manage", cohort)).text

    assert url("board_import", cohort) in page
    assert url("board_export", cohort) in page
    assert "CSV_LINKS" not in page


def test_board_import_dry_run_shows_the_plan_and_imports_nothing(client, cohort, organizer, alice, bob, chloe, dev):
    client.force_login(organizer)

    response = client.post(url("board_import", cohort), {"action": "dry_run", "sheet": upload(TWO_GROUPS)})

    assert response.status_code == 200
    assert "Ready to import" in response.text
    assert "Growth circle" in response.text
    assert response.context["report"].rows_parsed == 6
    assert not Mastermind.objects.filter(cohort=cohort).exists()
    assert not User.objects.filter(email="fatou@example.com").exists()


def test_board_import_lists_every_bad_row_and_keeps_the_upload(client, cohort, organizer):
    text = sheet("A,leader,,kim@example.com,Europe/Paris,", "A,chief,,lou@example.com,PST,")
    client.force_login(organizer)

    response = client.post(url("board_import", cohort), {"action": "dry_run", "sheet": upload(text)})

    assert response.status_code == 400
    assert response.context["form"]["text"].value() == text
    assert "lou@example.com,PST" in response.text
    assert '<th scope="row">3</th>' in response.text
    assert "Unknown role “chief”" in response.text
    assert "Did you mean America/Los_Angeles?" in response.text
    assert not Mastermind.objects.exists()


def test_board_import_imports_the_kept_sheet_without_a_new_upload(
    client, cohort, organizer, alice, bob, chloe, dev, outbox, django_capture_on_commit_callbacks
):
    client.force_login(organizer)
    dry = client.post(url("board_import", cohort), {"action": "dry_run", "sheet": upload(TWO_GROUPS)})
    kept = dry.context["form"]["text"].value()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("board_import", cohort), {"action": "import", "text": kept})

    assert response.status_code == 302
    assert response["Location"] == cohort.get_absolute_url()
    assert len(groups_of(cohort)) == 2
    assert len([m for m in outbox if "formed" in m.subject]) == 4
    board = client.get(response["Location"])
    assert "Imported 6 people: 2 new groups, 2 new accounts." in board.text


def test_board_import_with_a_bad_row_imports_nothing(client, cohort, organizer):
    text = sheet("A,leader,,kim@example.com,,", "A,member,,lou@example.com,Moon/Base,")
    client.force_login(organizer)

    response = client.post(url("board_import", cohort), {"action": "import", "sheet": upload(text)})

    assert response.status_code == 400
    assert "nothing was imported" in response.text
    assert response.context["form"]["text"].value() == text
    assert not Mastermind.objects.exists()
    assert not User.objects.filter(email="kim@example.com").exists()


def test_board_import_explains_a_file_that_is_not_utf8(client, cohort, organizer):
    client.force_login(organizer)
    latin1 = "group,role,name,email\nA,leader,Zoé,z@example.com\n".encode("latin-1")

    response = client.post(url("board_import", cohort), {"action": "dry_run", "sheet": upload(latin1)})

    assert response.status_code == 400
    assert "This is not UTF-8 text" in response.text
    assert "CSV UTF-8" in response.text


def test_board_import_explains_a_binary_file(client, cohort, organizer):
    client.force_login(organizer)
    workbook = upload(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xfe", name="board.xlsx")

    response = client.post(url("board_import", cohort), {"action": "import", "sheet": workbook})

    assert response.status_code == 400
    assert "spreadsheet workbook (.xlsx or .ods), not a CSV" in response.text


def test_board_import_asks_for_a_file_when_there_is_none(client, cohort, organizer):
    client.force_login(organizer)

    response = client.post(url("board_import", cohort), {"action": "dry_run"})

    assert response.status_code == 400
    assert "Choose a CSV file." in response.text
