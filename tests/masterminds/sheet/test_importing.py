"""Importing a sheet: everybody on the board, or nobody; twice is once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hotseat.accounts.models import User
from hotseat.masterminds.actions import accept_invitation, decline_invitation, take_seat
from hotseat.masterminds.errors import BoardError
from hotseat.masterminds.models import Mastermind, Membership, SeatInvitation
from hotseat.masterminds.sheet.importing import SheetError, import_sheet
from hotseat.masterminds.sheet.planning import read_sheet
from hotseat.masterminds.signals import seats_changed
from hotseat.programs.models import Signup
from tests.factories import CohortFactory, MastermindFactory, SignupFactory, UserFactory, seat
from tests.masterminds.sheet.sheets import TWO_GROUPS, errors_at, groups_of, sheet


@pytest.fixture
def signed_up(cohort, alice, bob, chloe, dev):
    """Alice, Bob, Chloe and Dev are in the program: each signed up to the cohort, accepted."""
    for person in (alice, bob, chloe, dev):
        SignupFactory(cohort=cohort, user=person)


def test_import_sheet_seats_people_in_the_program_and_forms_the_full_group(
    cohort, alice, bob, chloe, dev, signed_up, outbox, django_capture_on_commit_callbacks
):
    report = read_sheet(cohort, TWO_GROUPS.encode())
    assert report.errors == []
    assert (report.rows_parsed, len(report.groups_to_create)) == (6, 2)
    assert [r.email for r in report.people_to_seat] == [p.email for p in (alice, bob, chloe, dev)]
    assert [r.email for r in report.people_to_invite] == ["fatou@example.com", "gus@example.com"]

    with django_capture_on_commit_callbacks(execute=True):
        import_sheet(cohort, report)

    assert groups_of(cohort) == [
        (1, "group 1", "alice@example.com", ["bob@example.com", "chloe@example.com", "dev@example.com"]),
        (2, "Growth circle", None, []),
    ]
    full, waiting = Mastermind.objects.filter(cohort=cohort).order_by("number")
    assert (full.state, waiting.state) == (Mastermind.State.FORMED, Mastermind.State.FORMING)
    assert waiting.capacity == cohort.program.group_size
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


def test_import_sheet_never_seats_an_account_not_yet_in_the_program(
    cohort, alice, bob, outbox, django_capture_on_commit_callbacks
):
    text = sheet("A,leader,,alice@example.com,,", "A,member,Someone,BOB@example.com,Asia/Tokyo,hi")

    with django_capture_on_commit_callbacks(execute=True):
        import_sheet(cohort, read_sheet(cohort, text))

    assert not Membership.objects.filter(cohort=cohort).exists()
    assert not Signup.objects.filter(cohort=cohort).exists()
    invitations = list(SeatInvitation.objects.filter(cohort=cohort).order_by("created_at"))
    mastermind = Mastermind.objects.get(cohort=cohort, title="A")
    assert [(i.user, i.mastermind, i.role, i.status) for i in invitations] == [
        (alice, mastermind, "leader", "pending"),
        (bob, mastermind, "member", "pending"),
    ]
    assert sorted(m.to[0] for m in outbox) == ["alice@example.com", "bob@example.com"]
    assert all("invited" in m.subject and "/invitations/" in m.body for m in outbox)
    bob.refresh_from_db()
    assert (bob.display_name, bob.time_zone) == ("Bob", "America/Los_Angeles")


def test_import_sheet_invites_an_account_and_a_new_address_alike(
    cohort, alice, outbox, django_capture_on_commit_callbacks
):
    text = sheet("A,leader,,kim@example.com,,", "A,member,,alice@example.com,,", "A,member,,new@example.com,,")

    with django_capture_on_commit_callbacks(execute=True):
        report = import_sheet(cohort, read_sheet(cohort, text))

    assert report.summary() == "Imported the sheet: 0 people seated or on the waitlist, 3 people invited, 1 new group."
    mails = {m.to[0]: m for m in outbox}
    assert mails["alice@example.com"].subject == mails["new@example.com"].subject
    names = {email: User.objects.get(email=email).name for email in mails}
    bodies = {email: m.body.replace(names[email], "NAME") for email, m in mails.items()}
    assert bodies["alice@example.com"].split("--")[0] == bodies["new@example.com"].split("--")[0]


def test_an_invited_person_takes_the_seat_by_accepting(cohort, alice, bob, django_capture_on_commit_callbacks):
    import_sheet(cohort, read_sheet(cohort, sheet("A,leader,,alice@example.com,,", "A,member,,bob@example.com,,")))
    invitation = SeatInvitation.objects.get(user=bob)

    accept_invitation(invitation.pk, bob)
    accept_invitation(SeatInvitation.objects.get(user=alice).pk, alice)

    assert groups_of(cohort) == [(1, "A", "alice@example.com", ["bob@example.com"])]
    assert Signup.objects.get(cohort=cohort, user=bob).status == Signup.Status.PLACED
    assert set(SeatInvitation.objects.values_list("status", flat=True)) == {"accepted"}


def test_an_invited_person_who_declines_is_not_seated(cohort, bob):
    import_sheet(cohort, read_sheet(cohort, sheet("A,leader,,kim@example.com,,", "A,member,,bob@example.com,,")))

    decline_invitation(SeatInvitation.objects.get(user=bob).pk, bob)

    assert not Membership.objects.filter(user=bob).exists()
    assert SeatInvitation.objects.get(user=bob).status == "declined"
    with pytest.raises(BoardError, match="already answered"):
        accept_invitation(SeatInvitation.objects.get(user=bob).pk, bob)


def test_an_invitation_is_no_seat_once_the_group_is_full(cohort, alice, bob):
    import_sheet(cohort, read_sheet(cohort, sheet("A,leader,,alice@example.com,,", "A,member,,bob@example.com,,")))
    mastermind = Mastermind.objects.get(title="A")
    for person in UserFactory.create_batch(mastermind.capacity):
        SignupFactory(cohort=cohort, user=person)
        take_seat(mastermind, person)

    with pytest.raises(BoardError, match="are all taken"):
        accept_invitation(SeatInvitation.objects.get(user=bob).pk, bob)

    assert not Membership.objects.filter(user=bob).exists()
    assert not Signup.objects.filter(user=bob).exists()
    assert SeatInvitation.objects.get(user=bob).status == "pending"


def test_nobody_accepts_someone_elses_invitation(cohort, alice, bob):
    import_sheet(cohort, read_sheet(cohort, sheet("A,leader,,alice@example.com,,")))

    with pytest.raises(BoardError, match="not yours"):
        accept_invitation(SeatInvitation.objects.get(user=alice).pk, bob)

    assert not Membership.objects.exists()


def test_an_invitation_to_the_waitlist_queues_on_accepting(cohort, erin):
    import_sheet(
        cohort, read_sheet(cohort, sheet("Forum,leader,,kim@example.com,,", "Forum,waitlist,,erin@example.com,,"))
    )

    accept_invitation(SeatInvitation.objects.get(user=erin).pk, erin)

    signup = Signup.objects.get(cohort=cohort, user=erin)
    assert (signup.status, signup.waitlist_mastermind.title) == (Signup.Status.WAITLISTED, "Forum")


def test_import_sheet_twice_invites_once(cohort, alice, outbox, django_capture_on_commit_callbacks):
    text = sheet("A,leader,,alice@example.com,,", "A,member,,new@example.com,,")
    import_sheet(cohort, read_sheet(cohort, text))

    again = read_sheet(cohort, text)
    with django_capture_on_commit_callbacks(execute=True):
        import_sheet(cohort, again)

    assert again.errors == []
    assert [p.message for p in again.already_there] == [
        "alice@example.com is already invited to this cohort.",
        "new@example.com is already invited to this cohort.",
    ]
    assert SeatInvitation.objects.count() == 2
    assert Mastermind.objects.filter(cohort=cohort).count() == 1


def test_import_sheet_gives_a_new_address_an_account_even_when_it_is_someone_elses_username(cohort):
    other = UserFactory(username="kim@example.com", email="kim.new@example.com")

    import_sheet(cohort, read_sheet(cohort, sheet("A,leader,,kim@example.com,,")))

    kim = User.objects.get(email="kim@example.com")
    assert kim != other
    assert SeatInvitation.objects.get().user == kim


def sheet_of(count: int) -> str:
    """`count` new people, in groups of a leader and three members, the last rows waiting for any group."""
    rows = []
    for i in range(count):
        role = "waitlist" if i >= count - 2 else ("leader" if i % 4 == 0 else "member")
        group = "" if role == "waitlist" else f"Circle {i // 4}"
        rows.append(f"{group},{role},Person {i},p{i}@example.com,Europe/Paris,")
    return sheet(*rows)


def test_import_sheet_queries_do_not_grow_with_rows(cohort, alice, bob):
    # Two people of the program are seated in the file's first group whatever its size.
    for person in (alice, bob):
        SignupFactory(cohort=cohort, user=person)
    head = "Circle 0,member,,alice@example.com,,\nCircle 0,member,,bob@example.com,,\n"
    small, large = head + sheet_of(10).split("\n", 1)[1], head + sheet_of(30).split("\n", 1)[1]
    counts = []
    for text in (small, large):
        cohort = CohortFactory(program=cohort.program)
        for person in (alice, bob):
            SignupFactory(cohort=cohort, user=person)
        with CaptureQueriesContext(connection) as queries:
            import_sheet(cohort, read_sheet(cohort, sheet(*text.strip().split("\n"))))
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_import_sheet_fills_existing_groups_by_number_or_title(cohort, alice, bob, chloe, dev, signed_up):
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
    SignupFactory(cohort=cohort, user=alice)
    SignupFactory(cohort=cohort, user=bob, status=Signup.Status.PENDING, notes="from the form")
    SignupFactory(cohort=CohortFactory(program=cohort.program), user=erin, status=Signup.Status.PLACED)
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
    assert [(s.user.email, s.waitlist_mastermind) for s in waiting] == [("erin@example.com", forum)]
    invited = SeatInvitation.objects.get(user__email="ivy@example.com")
    assert (invited.role, invited.mastermind) == ("waitlist", None)


def test_import_sheet_matches_existing_accounts_whatever_the_case(cohort, alice, signed_up):
    report = read_sheet(cohort, sheet("A,leader,Someone Else,ALICE@Example.COM,Asia/Tokyo,"))

    import_sheet(cohort, report)

    assert [r.user for r in report.people_to_seat] == [alice]
    assert Membership.objects.get(cohort=cohort).user == alice
    alice.refresh_from_db()
    assert (alice.display_name, alice.time_zone) == ("Alice", "America/New_York")


def test_import_sheet_twice_changes_nothing_the_second_time(
    cohort, alice, bob, chloe, dev, signed_up, outbox, django_capture_on_commit_callbacks
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
    assert Membership.objects.filter(cohort=cohort).count() == 4
    assert SeatInvitation.objects.filter(cohort=cohort).count() == 2
    assert outbox == []


def test_import_sheet_twice_keeps_the_waitlist_as_it_is(cohort, erin):
    SignupFactory(cohort=cohort, user=erin)
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

    assert errors_at(report, 3).startswith("“Mars/Olympus” is not a time zone we know")
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


# What the import tells the apps above, and the moment it is given ---------------------------


@pytest.fixture
def heard_seats():
    """The masterminds ``seats_changed`` was sent for, in order."""
    heard: list[int] = []

    def listen(sender, mastermind, now, **kwargs):
        heard.append(mastermind.pk)

    seats_changed.connect(listen)
    yield heard
    seats_changed.disconnect(listen)


def test_import_sheet_sends_seats_changed_once_per_mastermind_it_changed(
    cohort, alice, bob, chloe, dev, erin, signed_up, heard_seats
):
    SignupFactory(cohort=cohort, user=erin)
    filled = MastermindFactory(cohort=cohort, number=3, title="Moderation at scale")
    seat(filled, alice, Membership.Role.LEADER)
    untouched = MastermindFactory(cohort=cohort, number=4, title="Events")
    seat(untouched, bob, Membership.Role.LEADER)
    text = sheet(
        "3,member,,chloe@example.com,,",
        "3,member,,dev@example.com,,",
        "Growth circle,leader,,erin@example.com,,",
        "Growth circle,member,,gus@example.com,,",
        "Invited only,leader,,fatou@example.com,,",
        ",waitlist,,ivy@example.com,,",
    )

    import_sheet(cohort, read_sheet(cohort, text))

    created = Mastermind.objects.get(cohort=cohort, title="Growth circle")
    assert heard_seats == [filled.pk, created.pk]


def test_import_sheet_twice_sends_no_seats_changed_the_second_time(
    cohort, alice, bob, chloe, dev, signed_up, heard_seats
):
    import_sheet(cohort, read_sheet(cohort, TWO_GROUPS))
    heard_seats.clear()

    import_sheet(cohort, read_sheet(cohort, TWO_GROUPS))

    assert heard_seats == []


def test_import_sheet_records_the_moment_it_is_given(cohort, alice, erin):
    SignupFactory(cohort=cohort, user=alice)
    SignupFactory(cohort=cohort, user=erin)
    moment = timezone.now() - timedelta(hours=5)
    text = sheet("Forum,leader,,alice@example.com,,", "Forum,waitlist,,erin@example.com,,")

    import_sheet(cohort, read_sheet(cohort, text, now=moment), now=moment)

    forum = Mastermind.objects.get(cohort=cohort, title="Forum")
    assert forum.created_at == moment
    assert Membership.objects.get(mastermind=forum, user=alice).joined_at == moment
    assert Signup.objects.get(cohort=cohort, user=erin).waitlisted_at == moment
