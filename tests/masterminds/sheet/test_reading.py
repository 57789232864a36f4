"""Reading a sheet: every problem a person can get from the file itself, with its row."""

from __future__ import annotations

import pytest

from hotseat.masterminds.sheet.planning import read_sheet
from hotseat.masterminds.sheet.reading import MAX_BYTES, Sheet, SheetRow, read_rows
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
        (["A,leader,,a@example.com,PST,"], 2, "Unknown time zone “PST”. Did you mean America/Los_Angeles?"),
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
        ("group,role,name,email\nA,leader,Zoé,z@example.com\n".encode("latin-1"), "This is not UTF-8 text"),
        (b"group,role,email\n\x00\x01\x02", "it contains binary data"),
        (b"", "The file is empty."),
        (b"group,role,email\n" + b"x" * MAX_BYTES, "larger than 1 MB"),
    ],
)
def test_read_rows_explains_a_file_it_cannot_read(data, expected):
    report, _ = read(data)

    assert expected in errors_at(report, None)
    assert report.rows_parsed == 0


def test_read_rows_refuses_more_than_2000_rows():
    rows = [f"A,member,,p{i}@example.com,," for i in range(2001)]

    report, _ = read(sheet(*rows))

    assert "more than 2000 rows" in errors_at(report, 2002)


def test_read_rows_counts_rows_as_a_spreadsheet_does():
    text = 'group,role,name,email,notes\nA,leader,,a@example.com,"two\nlines"\n,,,,\nA,boss,,b@example.com,\n'

    report, _ = read(text)

    assert [p.row for p in report.errors] == [4]
    assert report.rows_parsed == 2
