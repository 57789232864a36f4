"""The sheet pages: import a spreadsheet onto the board (dry run, then import), export the board."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from hotseat.accounts.models import User
from hotseat.masterminds.models import Mastermind, Membership, SeatInvitation
from hotseat.masterminds.sheet.importing import import_sheet
from hotseat.masterminds.sheet.planning import read_sheet
from hotseat.masterminds.sheet.reading import MAX_BYTES
from tests.factories import MastermindFactory, SignupFactory, seat
from tests.masterminds.sheet.sheets import TWO_GROUPS, groups_of, sheet, upload, url


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
    assert '<th scope="rowgroup" rowspan="2">3</th>' in response.text
    assert "Unknown role “chief”" in response.text
    assert "Did you mean America/Los_Angeles?" in response.text
    assert not Mastermind.objects.exists()


def test_board_import_imports_the_kept_sheet_without_a_new_upload(
    client, cohort, organizer, alice, bob, chloe, dev, outbox, django_capture_on_commit_callbacks
):
    for person in (alice, bob, chloe, dev):
        SignupFactory(cohort=cohort, user=person)
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
    assert "Imported the sheet: 4 people seated or on the waitlist, 2 people invited, 2 new groups." in board.text


def test_board_import_with_a_bad_row_imports_nothing(client, cohort, organizer):
    text = sheet("A,leader,,kim@example.com,,", "A,member,,lou@example.com,Moon/Base,")
    client.force_login(organizer)

    response = client.post(url("board_import", cohort), {"action": "import", "sheet": upload(text)})

    assert response.status_code == 400
    assert "nothing was imported" in response.text
    assert response.context["form"]["text"].value() == text
    assert not Mastermind.objects.exists()
    assert not User.objects.filter(email="kim@example.com").exists()


def test_board_import_reads_excel_csv_from_a_french_computer_and_says_how(client, cohort, organizer):
    client.force_login(organizer)
    excel = "\ufeffgroup;role;name;email\r\nA;leader;Zoé;z@example.com\r\n".encode("utf-8")[:3] + (
        "group;role;name;email\r\nA;leader;Zoé;z@example.com\r\n".encode("cp1252")
    )

    response = client.post(url("board_import", cohort), {"action": "dry_run", "sheet": upload(excel)})

    assert response.status_code == 200
    assert "Ready to import" in response.text
    assert "Read as Windows-1252" in response.text
    assert "Columns separated by semicolons." in response.text
    assert response.context["report"].people[0].name == "Zoé"


def test_board_import_explains_a_file_it_cannot_decode(client, cohort, organizer):
    client.force_login(organizer)

    response = client.post(
        url("board_import", cohort), {"action": "dry_run", "sheet": upload(b"group,role,email\nA,leader,\x81@x.com\n")}
    )

    assert response.status_code == 400
    assert "neither UTF-8 nor Windows-1252" in response.text
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


def test_board_import_lists_every_problem_with_its_row_and_column(client, cohort, organizer):
    text = sheet("A,leader,,kim@example.com,EST5EDT,", "A,leader,,KIM@example.com,,")
    client.force_login(organizer)

    response = client.post(url("board_import", cohort), {"action": "dry_run", "text": text})

    assert response.status_code == 400
    page = response.text
    assert '<th scope="rowgroup" rowspan="1">2</th>' in page
    assert '<th scope="rowgroup" rowspan="2">3</th>' in page
    assert "Did you mean America/New_York?" in page
    assert "kim@example.com is already in the file at row 2" in page
    assert "two leaders in the file (rows 2 and 3)" in page
    assert "By column: time zone 1, role 1, email 1." in page


def test_board_import_dry_run_says_the_same_for_an_account_and_a_new_address(client, cohort, organizer, alice):
    client.force_login(organizer)

    def dry_run(email: str) -> str:
        text = sheet("A,leader,,kim@example.com,,", f"A,member,,{email},,")
        page = client.post(url("board_import", cohort), {"action": "dry_run", "text": text}).text
        main = page[page.index("<main") : page.index("</main>")]
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", main)

    with_account, without = dry_run("alice@example.com"), dry_run("nobody@example.com")

    assert "2 people will be invited" in with_account
    assert with_account.replace("alice@example.com", "EMAIL").replace("Alice", "EMAIL") == without.replace(
        "nobody@example.com", "EMAIL"
    )


def test_board_import_page_shows_progress_from_a_static_script(client, cohort, organizer):
    client.force_login(organizer)

    response = client.post(url("board_import", cohort), {"action": "dry_run", "text": TWO_GROUPS})

    assert 'data-busy="Importing 6 rows…"' in response.text
    assert "masterminds/sheet_import.js" in response.text
    assert finders.find("masterminds/sheet_import.js") is not None


# A form larger than Django reads (DATA_UPLOAD_MAX_MEMORY_SIZE) ----------------------------------


def csrf_client(user) -> tuple[Client, str]:
    """A browser that sends the CSRF token, as a real one does (the test client skips the check by default)."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    return browser, browser.get(reverse("seat_invitations")).cookies["csrftoken"].value


def test_board_import_refuses_a_paste_over_the_limit_with_a_page_not_a_bare_400(cohort, organizer, settings):
    browser, token = csrf_client(organizer)
    pasted = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    response = browser.post(
        url("board_import", cohort), {"csrfmiddlewaretoken": token, "action": "dry_run", "text": pasted}
    )

    assert response.status_code == 413
    assert "too large to send from the text box" in response.text
    assert "cannot be shown here again" in response.text
    assert "CSV file" in response.text
    assert 'type="file"' in response.text
    assert not Mastermind.objects.exists()


def test_board_import_still_checks_the_csrf_token(cohort, organizer):
    browser, _ = csrf_client(organizer)

    response = browser.post(url("board_import", cohort), {"action": "import", "text": TWO_GROUPS})

    assert response.status_code == 403
    assert not Mastermind.objects.exists()


def test_board_import_takes_a_form_with_a_valid_token(cohort, organizer):
    browser, token = csrf_client(organizer)

    response = browser.post(
        url("board_import", cohort), {"csrfmiddlewaretoken": token, "action": "import", "text": TWO_GROUPS}
    )

    assert response.status_code == 302
    assert Mastermind.objects.filter(cohort=cohort).count() == 2


def test_board_import_explains_an_upload_over_the_limit(client, cohort, organizer):
    client.force_login(organizer)
    big = (sheet("A,leader,,kim@example.com,,") + "x" * MAX_BYTES).encode()

    response = client.post(url("board_import", cohort), {"action": "dry_run", "sheet": upload(big)})

    assert response.status_code == 400
    assert "larger than 2 MB. Split it" in response.text


# Invitations: accepted or declined by the person invited ----------------------------------------


def test_invitations_page_lists_mine_and_accepting_seats_me(client, cohort, alice, bob):
    import_sheet(cohort, read_sheet(cohort, sheet("A,leader,,alice@example.com,,", "A,member,,bob@example.com,,")))
    client.force_login(bob)

    page = client.get(reverse("seat_invitations"))
    invitation = SeatInvitation.objects.get(user=bob)
    response = client.post(reverse("answer_invitation", args=[invitation.pk]), {"answer": "accept"})

    assert "A seat in Group 1: A." in page.text
    assert "Lead Group 1: A" not in page.text  # alice's, not bob's
    assert response.status_code == 302
    assert Membership.objects.get(user=bob).mastermind.title == "A"


def test_invitations_page_refuses_someone_elses_invitation(client, cohort, alice, bob):
    import_sheet(cohort, read_sheet(cohort, sheet("A,leader,,alice@example.com,,")))
    client.force_login(bob)

    response = client.post(
        reverse("answer_invitation", args=[SeatInvitation.objects.get(user=alice).pk]), {"answer": "accept"}
    )

    assert response.status_code == 409
    assert not Membership.objects.exists()
    assert SeatInvitation.objects.get(user=alice).is_pending


def test_invitations_page_declines(client, cohort, bob):
    import_sheet(cohort, read_sheet(cohort, sheet("A,leader,,bob@example.com,,")))
    client.force_login(bob)

    response = client.post(
        reverse("answer_invitation", args=[SeatInvitation.objects.get(user=bob).pk]), {"answer": "decline"}
    )

    assert response.status_code == 302
    assert SeatInvitation.objects.get(user=bob).status == "declined"
    assert "no invitations waiting" in client.get(reverse("seat_invitations")).text
