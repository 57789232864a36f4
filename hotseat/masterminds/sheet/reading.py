"""Reading an organizer's sheet: bytes → rows, with every problem a person can get from the file itself.

Nothing here looks at the board: unreadable files, a bad header, bad emails, roles and time zones
are found from the text alone. Planning (`sheet.planning`) checks the rows against the board.
"""

from __future__ import annotations

import csv
import difflib
import re
import zoneinfo
from dataclasses import dataclass, field
from functools import cache
from io import StringIO
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from hotseat.accounts.timezones import zone_names

if TYPE_CHECKING:
    from hotseat.accounts.models import User
    from hotseat.masterminds.sheet.planning import PlannedGroup

MAX_BYTES = 1_000_000
MAX_ROWS = 2_000
LEADER, MEMBER, WAITLIST = "leader", "member", "waitlist"
REQUIRED = ("group", "role", "email")
# Spreadsheet apps run a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Header cells are compared lower-cased without spaces, underscores, dashes or dots.
HEADER_ALIASES = {
    "group": "group",
    "groupnumber": "group",
    "mastermind": "group",
    "title": "title",
    "grouptitle": "title",
    "state": "state",
    "role": "role",
    "name": "name",
    "displayname": "name",
    "fullname": "name",
    "email": "email",
    "emailaddress": "email",
    "mail": "email",
    "timezone": "time zone",
    "tz": "time zone",
    "zone": "time zone",
    "notes": "notes",
    "note": "notes",
}
# Abbreviations people write in sheets, which are not IANA zones (or do not follow daylight saving).
ZONE_HINTS = {
    "est": "America/New_York",
    "edt": "America/New_York",
    "et": "America/New_York",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "ct": "America/Chicago",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "pt": "America/Los_Angeles",
    "bst": "Europe/London",
    "cet": "Europe/Paris",
    "cest": "Europe/Paris",
    "ist": "Asia/Kolkata",
    "jst": "Asia/Tokyo",
    "aest": "Australia/Sydney",
}


@dataclass(frozen=True)
class Problem:
    row: int | None  # as a spreadsheet counts rows: the header is row 1. None: the whole file.
    message: str


@dataclass
class SheetRow:
    row: int
    group: str
    title: str
    role: str
    name: str
    email: str
    time_zone: str
    notes: str
    # Filled in by planning:
    user: User | None = None  # the existing account with this email, if any
    waits_for: PlannedGroup | None = None  # the group a waitlist row waits for; None: any group


@dataclass
class Sheet:
    """What reading found: the text, the problems with their rows, the columns it did not know."""

    text: str = ""
    rows_parsed: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, row: int | None, message: str) -> None:
        self.errors.append(Problem(row, message))


def read_rows(data: bytes | str, sheet: Sheet) -> list[SheetRow]:
    """The rows worth planning, with every problem of the file itself noted in `sheet`.

    A file that cannot be read at all (encoding, size, binary data, header) gives no rows.
    """
    text = decode(data, sheet) if isinstance(data, bytes) else data.removeprefix("\ufeff")
    if text is None:
        return []
    sheet.text = text
    if len(text.encode()) > MAX_BYTES:
        sheet.add(None, f"The sheet is larger than {MAX_BYTES // 1_000_000} MB. Split it, or remove unused columns.")
        return []
    if "\x00" in text:
        sheet.add(None, "This is not a CSV: it contains binary data. Save or download your sheet as “CSV UTF-8”.")
        return []
    rows = _parse(text, sheet)
    if not rows and not sheet.errors:
        sheet.add(2, "The sheet has no rows under the header.")
    return rows


def decode(data: bytes, sheet: Sheet) -> str | None:
    if len(data) > MAX_BYTES:
        sheet.add(None, f"The file is larger than {MAX_BYTES // 1_000_000} MB. Split it, or remove unused columns.")
        return None
    if data.startswith(b"PK\x03\x04"):
        sheet.add(
            None, "This is a spreadsheet workbook (.xlsx or .ods), not a CSV. Save or download it as “CSV UTF-8”."
        )
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        sheet.add(None, "This file is saved as UTF-16 (“Unicode text”). Save it as “CSV UTF-8” instead.")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        sheet.add(None, f"This is not UTF-8 text (unreadable byte at position {exc.start}). Save it as “CSV UTF-8”.")
        return None
    return text


def _header_key(cell: str) -> str:
    return re.sub(r"[\s_\-.]+", "", cell.replace("\ufeff", "").lower())


def _unguard(cell: str) -> str:
    """Undo the quote our export puts before cells that look like formulas."""
    cell = cell.strip()
    return cell[1:] if cell.startswith("'") and cell[1:2] in FORMULA_STARTS else cell


def _parse(text: str, sheet: Sheet) -> list[SheetRow]:
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    if not first_line:
        sheet.add(None, "The file is empty.")
        return []
    # European Excel separates with semicolons: take the separator that finds the most known columns.
    delimiter = max(
        (",", ";", "\t"),
        key=lambda d: sum(_header_key(c) in HEADER_ALIASES for c in next(csv.reader([first_line], delimiter=d))),
    )
    records = csv.reader(StringIO(text, newline=""), delimiter=delimiter)
    columns: dict[str, int] = {}
    sheet_rows: list[SheetRow] = []
    number = 0
    try:
        for number, record in enumerate(records, start=1):
            if number == 1:
                columns = _read_header(record, sheet)
                if sheet.errors:
                    return []
                continue
            if number > MAX_ROWS + 1:
                sheet.add(number, f"The sheet has more than {MAX_ROWS} rows. Import it in parts.")
                return []
            cells = {name: _unguard(record[i]) if i < len(record) else "" for name, i in columns.items()}
            if any(cells.values()):
                sheet_rows.append(_read_row(number, cells, sheet))
    except csv.Error as exc:
        sheet.add(number + 1, f"This row is not readable CSV ({exc}).")
        return []
    sheet.rows_parsed = len(sheet_rows)
    return sheet_rows


def _read_header(record: list[str], sheet: Sheet) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(record):
        name = HEADER_ALIASES.get(_header_key(cell))
        if name is None:
            if cell.strip():
                sheet.ignored_columns.append(cell.strip())
        elif name in columns:
            sheet.add(1, f"The column “{name}” appears twice in the header.")
        else:
            columns[name] = index
    if not columns:
        sheet.add(1, "The first row must be the header: group, role, name, email, time zone, notes.")
        return columns
    for name in REQUIRED:
        if name not in columns:
            sheet.add(
                1,
                f"Missing column “{name}”. The header needs group, role and email; "
                "name, time zone and notes are optional.",
            )
    return columns


@cache
def _zones_by_lower_name() -> dict[str, str]:
    return {name.lower(): name for name in zoneinfo.available_timezones()}


def _suggest_zone(value: str) -> str | None:
    key = value.strip().lower()
    if key in ZONE_HINTS:
        return ZONE_HINTS[key]
    by_city = {name.rsplit("/", 1)[-1].lower(): name for name in zone_names()}
    city = re.sub(r"\s+", "_", key)
    if city in by_city:
        return by_city[city]
    close = difflib.get_close_matches(value.strip().replace(" ", "_"), zone_names(), n=1, cutoff=0.8)
    return close[0] if close else None


def _read_row(number: int, cells: dict[str, str], sheet: Sheet) -> SheetRow:
    row = SheetRow(
        row=number,
        group=cells.get("group", ""),
        title=cells.get("title", ""),
        role=cells.get("role", "").lower(),
        name=cells.get("name", ""),
        email=cells.get("email", "").lower(),
        time_zone=cells.get("time zone", ""),
        notes=cells.get("notes", ""),
    )
    if row.role not in (LEADER, MEMBER, WAITLIST):
        shown = f"Unknown role “{cells.get('role', '')}”" if row.role else "The role is empty"
        sheet.add(number, f"{shown}: it must be leader or member (or waitlist).")
    _check_email(row, sheet)
    _check_zone(row, sheet)
    if row.role in (LEADER, MEMBER) and not row.group:
        sheet.add(number, "The group is empty: say which group (e.g. “group 1” or its title).")
    for value, limit, what in ((row.name, 80, "name"), (row.group, 120, "group"), (row.title, 120, "title")):
        if len(value) > limit:
            sheet.add(number, f"The {what} is longer than {limit} characters.")
    if len(row.notes) > 2000:
        sheet.add(number, "The notes are longer than 2,000 characters.")
    return row


def _check_email(row: SheetRow, sheet: Sheet) -> None:
    if not row.email:
        sheet.add(row.row, "The email is empty.")
        return
    try:
        validate_email(row.email)
    except ValidationError:
        sheet.add(row.row, f"“{row.email}” is not a valid email address.")
        return
    if len(row.email) > 150:  # it is also the username, which has at most 150 characters
        sheet.add(row.row, "The email is longer than 150 characters.")


def _check_zone(row: SheetRow, sheet: Sheet) -> None:
    if not row.time_zone:
        return  # existing accounts keep theirs; new ones start in UTC until they set it
    canonical = _zones_by_lower_name().get(row.time_zone.lower())
    if canonical is not None:
        row.time_zone = canonical
        return
    hint = _suggest_zone(row.time_zone)
    did_you_mean = f" Did you mean {hint}?" if hint else ""
    sheet.add(
        row.row,
        f"Unknown time zone “{row.time_zone}”.{did_you_mean} Use an IANA name such as Europe/Paris "
        "or America/New_York.",
    )
