"""Reading a sheet: every problem a person can get from the file itself, with its row."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from hotseat.accounts.timezones import validate_time_zone
from hotseat.masterminds.sheet.planning import read_sheet
from hotseat.masterminds.sheet.reading import MAX_BYTES, MAX_ROWS, Sheet, SheetRow, read_rows
from tests.masterminds.sheet.sheets import errors_at, sheet


def read(data: str | bytes) -> tuple[Sheet, list[SheetRow]]:
    found = Sheet()
    return found, read_rows(data, found)


def test_read_sheet_reads_semicolons_a_bom_and_loose_headers(cohort):
    text = "Group;Role;Name;E-mail;Time_Zone;NOTES;Shoe size\r\nA;Leader;Jo;jo@example.com;Europe/Paris;;42\r\n"

    report = read_sheet(cohort, b"\xef\xbb\xbf" + text.encode())

    assert report.errors == []
    assert report.ignored_columns == ["Shoe size"]
    (row,) = report.people
    assert (row.group, row.role, row.email, row.time_zone) == ("A", "leader", "jo@example.com", "Europe/Paris")


@pytest.mark.parametrize(
    ("rows", "row", "expected"),
    [
        (["A,leader,,,Europe/Paris,"], 2, "The email is empty."),
        (["A,leader,,not-an-email,Europe/Paris,"], 2, "“not-an-email” is not a valid email address."),
        (["A,leader,,a@example.com,PST,"], 2, "“PST” is not a time zone we know. Did you mean America/Los_Angeles?"),
        (["A,leader,,a@example.com,Paris,"], 2, "Did you mean Europe/Paris?"),
        (["A,leader,,a@example.com,Nowhere/Land,"], 2, "Use an IANA name such as Europe/Paris"),
        (["A,host,,a@example.com,,"], 2, "Unknown role “host”: it must be leader or member"),
        (["A,,,a@example.com,,"], 2, "The role is empty"),
        ([",member,,a@example.com,,"], 2, "The group is empty"),
        ([f"A,leader,{'x' * 81},a@example.com,,"], 2, "The name is longer than 80 characters."),
    ],
)
def test_read_rows_reports_a_bad_row_with_its_number(rows, row, expected):
    report, _ = read(sheet(*rows))

    assert expected in errors_at(report, row)


def test_read_rows_reports_every_bad_row_at_once():
    report, _ = read(
        sheet(
            "A,leader,,a@example.com,,",
            "A,member,,,,",
            "A,boss,,c@example.com,,",
            "A,member,,d@example.com,EST5EDTX,",
        ),
    )

    assert [p.row for p in report.errors] == [3, 4, 5]


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


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00", "not a CSV. Save or download it as “CSV UTF-8”"),
        ("group,role,email\nA,leader,é@example.com\n".encode("utf-16"), "saved as UTF-16"),
        (b"group,role,name,email\nA,leader,Zo\xe9\x81,z@example.com\n", "neither UTF-8 nor Windows-1252"),
        (b"group,role,email\n\x00\x01\x02", "it contains binary data"),
        (b"", "The file is empty."),
        (b"group,role,email\n" + b"x" * MAX_BYTES, "larger than 2 MB"),
    ],
)
def test_read_rows_explains_a_file_it_cannot_read(data, expected):
    report, _ = read(data)

    assert expected in errors_at(report, None)
    assert report.rows_parsed == 0


def test_read_rows_refuses_more_than_5000_rows():
    rows = [f"A,member,,p{i}@example.com,," for i in range(5001)]

    report, _ = read(sheet(*rows))

    assert "more than 5,000 rows" in errors_at(report, 5002)


def test_read_rows_takes_5000_rows():
    rows = [f"A,member,,p{i}@example.com,," for i in range(5000)]

    report, found = read(sheet(*rows))

    assert report.errors == []
    assert len(found) == 5000


def test_a_sheet_fits_in_the_text_box_it_comes_back_in(settings):
    # After a dry run the sheet is sent back as the text box's content; browsers send CRLFs.
    assert MAX_BYTES + MAX_ROWS < settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def test_read_rows_counts_rows_as_a_spreadsheet_does():
    text = 'group,role,name,email,notes\nA,leader,,a@example.com,"two\nlines"\n,,,,\nA,boss,,b@example.com,\n'

    report, _ = read(text)

    assert [p.row for p in report.errors] == [4]
    assert report.rows_parsed == 2


# What Excel saves, on a French or German computer ----------------------------------------------

EXCEL_FR = "Groupe;Role;Name;Email;Time zone\r\nA;leader;Zoé Müller;zoe@example.com;Europe/Paris\r\n"


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["no BOM", "BOM"])
def test_read_rows_reads_excel_csv_in_windows_1252_with_semicolons_and_says_so(bom):
    data = bom + EXCEL_FR.replace("Groupe", "Group").encode("cp1252")

    report, rows = read(data)

    assert report.errors == []
    assert [(r.group, r.name, r.email) for r in rows] == [("A", "Zoé Müller", "zoe@example.com")]
    assert any("Read as Windows-1252" in n for n in report.notices)
    assert any("semicolons" in n for n in report.notices)


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["no BOM", "BOM"])
def test_read_rows_reads_utf8_with_or_without_a_bom_without_a_notice(bom):
    report, rows = read(bom + "group,role,name,email\nA,leader,Zoé,zoe@example.com\n".encode())

    assert report.errors == []
    assert rows[0].name == "Zoé"
    assert report.notices == []


def test_read_rows_sniffs_tabs():
    report, rows = read("group\trole\temail\nA\tleader\tzoe@example.com\n")

    assert report.errors == []
    assert report.delimiter == "\t"
    assert rows[0].email == "zoe@example.com"


def test_read_rows_sniffs_a_semicolon_sheet_whose_cells_hold_commas():
    text = "group;role;name;email;notes\nA;leader;Doe, Jane;jane@example.com;likes commas, a lot\n"

    report, rows = read(text)

    assert report.errors == []
    assert (rows[0].name, rows[0].notes) == ("Doe, Jane", "likes commas, a lot")


# One rule for time zones: the profile form's ---------------------------------------------------


def profile_form_message(zone: str) -> str:
    with pytest.raises(ValidationError) as refused:
        validate_time_zone(zone)
    return " ".join(refused.value.messages)


@pytest.mark.parametrize(
    ("zone", "suggestion"),
    [("EST5EDT", "America/New_York"), ("US/Pacific", "America/Los_Angeles"), ("PST8PDT", "America/Los_Angeles")],
)
def test_read_rows_refuses_a_legacy_zone_as_the_profile_form_does(zone, suggestion):
    report, _ = read(sheet(f"A,leader,,a@example.com,{zone},"))

    assert errors_at(report, 2) == profile_form_message(zone)
    assert f"Did you mean {suggestion}?" in errors_at(report, 2)


def test_read_rows_takes_a_place_name_whatever_its_case():
    report, rows = read(sheet("A,leader,,a@example.com,europe/berlin,"))

    assert report.errors == []
    assert rows[0].time_zone == "Europe/Berlin"


def test_read_rows_says_which_column_each_problem_is_in():
    report, _ = read(sheet("A,boss,,not-an-email,Mars/Base,"))

    assert [(p.row, p.column) for p in report.errors] == [(2, "role"), (2, "email"), (2, "time zone")]
