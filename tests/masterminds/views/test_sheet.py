"""The sheet pages: import a spreadsheet onto the board (dry run, then import), export the board."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hotseat.accounts.models import User
from hotseat.masterminds.models import Mastermind, Membership
from tests.factories import MastermindFactory, seat
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
