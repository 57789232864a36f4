"""Reading an organizer's sheet: bytes → rows, with every problem a person can get from the file itself.

Nothing here looks at the board: unreadable files, a bad header, bad emails, roles and time zones
are found from the text alone. Planning (`sheet.planning`) checks the rows against the board.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from io import StringIO
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_lazy

from hotseat.accounts.timezones import validate_time_zone, zone_names

if TYPE_CHECKING:
    from hotseat.accounts.models import User
    from hotseat.masterminds.sheet.planning import PlannedGroup

# Under Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB), with room for a browser's CRLFs: after a dry
# run the sheet goes back to the server as the text box's content, and must fit.
MAX_BYTES = 2_000_000
MAX_ROWS = 5_000
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


@dataclass(frozen=True)
class Problem:
    row: int | None  # as a spreadsheet counts rows: the header is row 1. None: the whole file.
    message: str
    column: str = ""  # the column it is about (“email”, “time zone” …); empty: the row or the file


# The order columns are shown in, problems of a row listed in it.
COLUMN_ORDER = ("group", "title", "role", "name", "email", "time zone", "notes", "")


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
    planned_group: PlannedGroup | None = None  # the group a leader or member row takes a seat in
    invite: bool = True  # not yet in the program (with an account or without): invited, never seated directly


@dataclass
class Sheet:
    """What reading found: the text, the problems with their rows, the columns it did not know."""

    text: str = ""
    rows_parsed: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # how the file was read, when it is worth saying
    delimiter: str = ","

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rows_text(self) -> str:
        return number_format(self.rows_parsed, force_grouping=True)

    @property
    def unreadable(self) -> bool:
        """A problem of the whole file or its header: no row could be checked against the board."""
        return any(p.row is None or p.row == 1 for p in self.errors)

    def add(self, row: int | None, message: str, column: str = "") -> None:
        self.errors.append(Problem(row, message, column))

    def sort_errors(self) -> None:
        self.errors.sort(key=lambda p: (p.row or 0, COLUMN_ORDER.index(p.column) if p.column in COLUMN_ORDER else 99))

    @property
    def errors_by_row(self) -> list[tuple[int | None, list[Problem]]]:
        """The problems grouped by row, rows in file order: fix the file top to bottom in one pass."""
        grouped: dict[int | None, list[Problem]] = {}
        for problem in self.errors:
            grouped.setdefault(problem.row, []).append(problem)
        return sorted(grouped.items(), key=lambda item: item[0] or 0)

    @property
    def errors_by_column(self) -> list[tuple[str, int]]:
        """How many problems each column has, the most first (“time zone: 12”)."""
        counts: dict[str, int] = {}
        for problem in self.errors:
            if problem.column:
                counts[problem.column] = counts.get(problem.column, 0) + 1
        return sorted(counts.items(), key=lambda item: -item[1])


def read_rows(data: bytes | str, sheet: Sheet) -> list[SheetRow]:
    """The rows worth planning, with every problem of the file itself noted in `sheet`.

    A file that cannot be read at all (encoding, size, binary data, header) gives no rows.
    """
    text = decode(data, sheet) if isinstance(data, bytes) else data.removeprefix("\ufeff")
    if text is None:
        return []
    sheet.text = text
    if len(text.encode()) > MAX_BYTES:
        sheet.add(
            None,
            gettext("The sheet is larger than %(size)s MB. Split it, or remove unused columns.")
            % {"size": MAX_BYTES // 1_000_000},
        )
        return []
    if "\x00" in text:
        sheet.add(
            None, gettext("This is not a CSV: it contains binary data. Save or download your sheet as “CSV UTF-8”.")
        )
        return []
    rows = _parse(text, sheet)
    if not rows and not sheet.errors:
        sheet.add(2, gettext("The sheet has no rows under the header."))
    return rows


def decode(data: bytes, sheet: Sheet) -> str | None:
    if len(data) > MAX_BYTES:
        sheet.add(
            None,
            gettext("The file is larger than %(size)s MB. Split it, or remove unused columns.")
            % {"size": MAX_BYTES // 1_000_000},
        )
        return None
    if data.startswith(b"PK\x03\x04"):
        sheet.add(
            None,
            gettext("This is a spreadsheet workbook (.xlsx or .ods), not a CSV. Save or download it as “CSV UTF-8”."),
        )
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        sheet.add(None, gettext("This file is saved as UTF-16 (“Unicode text”). Save it as “CSV UTF-8” instead."))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Excel's plain “CSV” on a French or German computer: Windows-1252 (sometimes behind a UTF-8 BOM).
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("cp1252")
    except UnicodeDecodeError as exc:
        sheet.add(
            None,
            gettext(
                "This is neither UTF-8 nor Windows-1252 text (unreadable byte at position %(position)s). "
                "Save it as “CSV UTF-8”."
            )
            % {"position": exc.start},
        )
        return None
    sheet.notices.append(
        gettext(
            "Read as Windows-1252 (Excel’s “CSV” on Windows), since the file is not UTF-8. "
            "Check that accented names look right below; if not, save it as “CSV UTF-8”."
        )
    )
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
        sheet.add(None, gettext("The file is empty."))
        return []
    # European Excel separates with semicolons: take the separator that finds the most known columns.
    delimiter = _sniff_delimiter(text, first_line)
    sheet.delimiter = delimiter
    if delimiter != ",":
        sheet.notices.append(str(SEPARATED_BY[delimiter]))
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
                sheet.add(
                    number,
                    gettext("The sheet has more than %(rows)s rows. Import it in parts.")
                    % {"rows": number_format(MAX_ROWS, force_grouping=True)},
                )
                return []
            cells = {name: _unguard(record[i]) if i < len(record) else "" for name, i in columns.items()}
            if any(cells.values()):
                sheet_rows.append(_read_row(number, cells, sheet))
    except csv.Error as exc:
        sheet.add(number + 1, gettext("This row is not readable CSV (%(error)s).") % {"error": exc})
        return []
    sheet.rows_parsed = len(sheet_rows)
    return sheet_rows


DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}
# What the import page says when the file is not separated by commas.
SEPARATED_BY = {
    ",": gettext_lazy("Columns separated by commas."),
    ";": gettext_lazy("Columns separated by semicolons."),
    "\t": gettext_lazy("Columns separated by tabs."),
}


def _sniff_delimiter(text: str, first_line: str) -> str:
    """The separator that finds the most known columns in the header; csv's Sniffer breaks the ties."""

    def known(delimiter: str) -> int:
        return sum(_header_key(c) in HEADER_ALIASES for c in next(csv.reader([first_line], delimiter=delimiter)))

    scores = {d: known(d) for d in DELIMITER_NAMES}
    best = max(scores.values())
    tied = [d for d, score in scores.items() if score == best]
    if len(tied) == 1:
        return tied[0]
    try:
        sniffed = csv.Sniffer().sniff(text[:10_000], delimiters="".join(tied)).delimiter
    except csv.Error:
        return tied[0]
    return sniffed if sniffed in tied else tied[0]


def _read_header(record: list[str], sheet: Sheet) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(record):
        name = HEADER_ALIASES.get(_header_key(cell))
        if name is None:
            if cell.strip():
                sheet.ignored_columns.append(cell.strip())
        elif name in columns:
            sheet.add(1, gettext("The column “%(column)s” appears twice in the header.") % {"column": name}, name)
        else:
            columns[name] = index
    if not columns:
        sheet.add(1, gettext("The first row must be the header: group, role, name, email, time zone, notes."))
        return columns
    for name in REQUIRED:
        if name not in columns:
            sheet.add(
                1,
                gettext(
                    "Missing column “%(column)s”. The header needs group, role and email; "
                    "name, time zone and notes are optional."
                )
                % {"column": name},
                name,
            )
    return columns


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
        if row.role:
            message = gettext("Unknown role “%(role)s”: it must be leader or member (or waitlist).") % {
                "role": cells.get("role", "")
            }
        else:
            message = gettext("The role is empty: it must be leader or member (or waitlist).")
        sheet.add(number, message, "role")
    _check_email(row, sheet)
    _check_zone(row, sheet)
    if row.role in (LEADER, MEMBER) and not row.group:
        sheet.add(number, gettext("The group is empty: say which group (e.g. “group 1” or its title)."), "group")
    too_long = (
        (row.name, 80, "name", gettext_lazy("The name is longer than %(limit)s characters.")),
        (row.group, 120, "group", gettext_lazy("The group is longer than %(limit)s characters.")),
        (row.title, 120, "title", gettext_lazy("The title is longer than %(limit)s characters.")),
        (row.notes, 2000, "notes", gettext_lazy("The notes are longer than %(limit)s characters.")),
    )
    for value, limit, what, too_long_message in too_long:
        if len(value) > limit:
            sheet.add(number, str(too_long_message) % {"limit": number_format(limit, force_grouping=True)}, what)
    return row


def _check_email(row: SheetRow, sheet: Sheet) -> None:
    if not row.email:
        sheet.add(row.row, gettext("The email is empty."), "email")
        return
    try:
        validate_email(row.email)
    except ValidationError:
        sheet.add(row.row, gettext("“%(email)s” is not a valid email address.") % {"email": row.email}, "email")
        return
    if len(row.email) > 150:  # it is also the username, which has at most 150 characters
        sheet.add(row.row, gettext("The email is longer than %(limit)s characters.") % {"limit": 150}, "email")


@cache
def _zones_by_lower_name() -> dict[str, str]:
    return {name.lower(): name for name in zone_names()}


def _check_zone(row: SheetRow, sheet: Sheet) -> None:
    """The profile form's rule (`validate_time_zone`), read without minding the case as sheets are typed."""
    if not row.time_zone:
        return  # existing accounts keep theirs; new ones start in UTC until they set it
    row.time_zone = _zones_by_lower_name().get(row.time_zone.lower(), row.time_zone)
    try:
        validate_time_zone(row.time_zone)
    except ValidationError as exc:
        sheet.add(row.row, " ".join(exc.messages), "time zone")
