"""Sheets for the sheet tests: a CSV from rows, an upload, the problems at a row, the board as groups."""

from __future__ import annotations

import csv
from io import StringIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hotseat.masterminds.models import Mastermind
from hotseat.masterminds.sheet.reading import Sheet
from hotseat.programs.models import Cohort

HEADER = "group,role,name,email,time zone,notes"


def sheet(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def upload(data: str | bytes, name: str = "board.csv") -> SimpleUploadedFile:
    content = data.encode() if isinstance(data, str) else data
    return SimpleUploadedFile(name, content, content_type="text/csv")


def errors_at(report: Sheet, row: int | None) -> str:
    return " | ".join(p.message for p in report.errors if p.row == row)


def url(name: str, cohort: Cohort) -> str:
    return reverse(name, args=[cohort.program.slug, cohort.slug])


def groups_of(cohort: Cohort) -> list[tuple[int, str, str | None, list[str]]]:
    """(number, title, leader email, member emails) of each mastermind, by number (no leader: None)."""
    result = []
    for m in Mastermind.objects.filter(cohort=cohort).order_by("number"):
        seats = list(m.memberships.filter(left_at__isnull=True).select_related("user").order_by("joined_at", "pk"))
        leader = next((s.user.email for s in seats if s.is_leader), None)
        result.append((m.number, m.title, leader, [s.user.email for s in seats if not s.is_leader]))
    return result


def export_text(client, cohort: Cohort) -> str:
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
