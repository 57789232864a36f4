"""The board as a spreadsheet: read and check an organizer's CSV, import it, export the board.

A sponsor who ran masterminds from a shared sheet brings it in once. The export has the
same shape, so exporting a board and importing it into an empty cohort of the same
program gives the same groups (numbers, titles, leaders, members) and the same waitlist.
"""

from __future__ import annotations

import csv
import difflib
import re
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from io import StringIO

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from hotseat.accounts.models import User
from hotseat.accounts.timezones import zone_names
from hotseat.masterminds.actions import offer_open_seats, refresh_state
from hotseat.masterminds.errors import BoardError
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.masterminds.seats import open_seat_count
from hotseat.programs.board_cache import bump_board
from hotseat.programs.models import Cohort, Signup

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
GROUP_NUMBER = re.compile(r"(?:group\s*)?#?\s*(\d{1,6})", re.IGNORECASE)


class SheetError(BoardError):
    """The sheet has problems; `report` lists them all and nothing was imported."""

    def __init__(self, report: SheetReport) -> None:
        count = len(report.errors)
        super().__init__(f"The sheet has {count} problem{_s(count)}; nothing was imported.")
        self.report = report


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
    user: User | None = None  # the existing account with this email, if any
    waits_for: PlannedGroup | None = None


@dataclass
class PlannedGroup:
    """A mastermind the sheet fills: an existing one, or one to create."""

    label: str
    title: str
    number: int
    mastermind: Mastermind | None = None
    rows: list[SheetRow] = field(default_factory=list)  # people to seat, in file order
    leader_rows: list[int] = field(default_factory=list)  # every leader row, including people already there
    is_new: bool = False  # stays true once the import has created it
    taken: int = 0  # seats already taken in an existing mastermind
    held_for_them: int = 0  # seats held (offered) for people the sheet seats here

    def __str__(self) -> str:
        return str(self.mastermind) if self.mastermind else f"Group {self.number}: {self.title}"

    @property
    def leader(self) -> SheetRow | None:
        return next((r for r in self.rows if r.role == LEADER), None)

    @property
    def seats_after(self) -> int:
        return self.taken + len(self.rows)


@dataclass
class SheetReport:
    """What an import would do (a dry run), or did."""

    text: str = ""
    rows_parsed: int = 0
    groups: list[PlannedGroup] = field(default_factory=list)
    waitlist: list[SheetRow] = field(default_factory=list)
    already_there: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def groups_to_create(self) -> list[PlannedGroup]:
        return [g for g in self.groups if g.is_new]

    @property
    def groups_to_fill(self) -> list[PlannedGroup]:
        return [g for g in self.groups if not g.is_new]

    @property
    def people(self) -> list[SheetRow]:
        return [r for g in self.groups for r in g.rows] + self.waitlist

    @property
    def people_to_create(self) -> list[SheetRow]:
        return [r for r in self.people if r.user is None]

    @property
    def existing_accounts(self) -> list[SheetRow]:
        return [r for r in self.people if r.user is not None]

    def summary(self) -> str:
        people, groups, accounts = len(self.people), len(self.groups_to_create), len(self.people_to_create)
        text = f"Imported {people} {'person' if people == 1 else 'people'}: {groups} new group{_s(groups)}, "
        text += f"{accounts} new account{_s(accounts)}."
        if self.already_there:
            text += f" {len(self.already_there)} row{_s(len(self.already_there))} already on the board."
        return text

    def add(self, row: int | None, message: str) -> None:
        self.errors.append(Problem(row, message))


def _s(count: int) -> str:
    return "" if count == 1 else "s"


# Reading --------------------------------------------------------------------------


def decode(data: bytes, report: SheetReport) -> str | None:
    if len(data) > MAX_BYTES:
        report.add(None, f"The file is larger than {MAX_BYTES // 1_000_000} MB. Split it, or remove unused columns.")
        return None
    if data.startswith(b"PK\x03\x04"):
        report.add(
            None, "This is a spreadsheet workbook (.xlsx or .ods), not a CSV. Save or download it as “CSV UTF-8”."
        )
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        report.add(None, "This file is saved as UTF-16 (“Unicode text”). Save it as “CSV UTF-8” instead.")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        report.add(None, f"This is not UTF-8 text (unreadable byte at position {exc.start}). Save it as “CSV UTF-8”.")
        return None
    return text


def read_sheet(cohort: Cohort, data: bytes | str) -> SheetReport:
    """Check every row of a sheet against the cohort's board, collecting all problems; change nothing."""
    report = SheetReport()
    text = decode(data, report) if isinstance(data, bytes) else data.removeprefix("\ufeff")
    if text is None:
        return report
    report.text = text
    if len(text.encode()) > MAX_BYTES:
        report.add(None, f"The sheet is larger than {MAX_BYTES // 1_000_000} MB. Split it, or remove unused columns.")
        return report
    if "\x00" in text:
        report.add(None, "This is not a CSV: it contains binary data. Save or download your sheet as “CSV UTF-8”.")
        return report
    rows = _parse(text, report)
    if report.errors:
        return report
    if not rows:
        report.add(2, "The sheet has no rows under the header.")
        return report
    _plan(cohort, rows, report)
    report.errors.sort(key=lambda p: p.row or 0)
    return report


def _header_key(cell: str) -> str:
    return re.sub(r"[\s_\-.]+", "", cell.replace("\ufeff", "").lower())


def _unguard(cell: str) -> str:
    """Undo the quote our export puts before cells that look like formulas."""
    cell = cell.strip()
    return cell[1:] if cell.startswith("'") and cell[1:2] in FORMULA_STARTS else cell


def _parse(text: str, report: SheetReport) -> list[SheetRow]:
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    if not first_line:
        report.add(None, "The file is empty.")
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
                columns = _read_header(record, report)
                if report.errors:
                    return []
                continue
            if number > MAX_ROWS + 1:
                report.add(number, f"The sheet has more than {MAX_ROWS} rows. Import it in parts.")
                return []
            cells = {name: _unguard(record[i]) if i < len(record) else "" for name, i in columns.items()}
            if any(cells.values()):
                sheet_rows.append(_read_row(number, cells, report))
    except csv.Error as exc:
        report.add(number + 1, f"This row is not readable CSV ({exc}).")
        return []
    report.rows_parsed = len(sheet_rows)
    return sheet_rows


def _read_header(record: list[str], report: SheetReport) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(record):
        name = HEADER_ALIASES.get(_header_key(cell))
        if name is None:
            if cell.strip():
                report.ignored_columns.append(cell.strip())
        elif name in columns:
            report.add(1, f"The column “{name}” appears twice in the header.")
        else:
            columns[name] = index
    if not columns:
        report.add(1, "The first row must be the header: group, role, name, email, time zone, notes.")
        return columns
    for name in REQUIRED:
        if name not in columns:
            report.add(
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


def _read_row(number: int, cells: dict[str, str], report: SheetReport) -> SheetRow:
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
        report.add(number, f"{shown}: it must be leader or member (or waitlist).")
    _check_email(row, report)
    _check_zone(row, report)
    if row.role in (LEADER, MEMBER) and not row.group:
        report.add(number, "The group is empty: say which group (e.g. “group 1” or its title).")
    for value, limit, what in ((row.name, 80, "name"), (row.group, 120, "group"), (row.title, 120, "title")):
        if len(value) > limit:
            report.add(number, f"The {what} is longer than {limit} characters.")
    if len(row.notes) > 2000:
        report.add(number, "The notes are longer than 2,000 characters.")
    return row


def _check_email(row: SheetRow, report: SheetReport) -> None:
    if not row.email:
        report.add(row.row, "The email is empty.")
        return
    try:
        validate_email(row.email)
    except ValidationError:
        report.add(row.row, f"“{row.email}” is not a valid email address.")
        return
    if len(row.email) > 150:  # it is also the username, which has at most 150 characters
        report.add(row.row, "The email is longer than 150 characters.")


def _check_zone(row: SheetRow, report: SheetReport) -> None:
    if not row.time_zone:
        return  # existing accounts keep theirs; new ones start in UTC until they set it
    canonical = _zones_by_lower_name().get(row.time_zone.lower())
    if canonical is not None:
        row.time_zone = canonical
        return
    hint = _suggest_zone(row.time_zone)
    did_you_mean = f" Did you mean {hint}?" if hint else ""
    report.add(
        row.row,
        f"Unknown time zone “{row.time_zone}”.{did_you_mean} Use an IANA name such as Europe/Paris "
        "or America/New_York.",
    )


# Checking the rows against the board ------------------------------------------------


def _plan(cohort: Cohort, rows: list[SheetRow], report: SheetReport) -> None:
    now = timezone.now()
    bad_rows = {p.row for p in report.errors}
    first_row_of: dict[str, int] = {}
    for row in rows:
        if row.email in first_row_of:
            report.add(row.row, f"{row.email} is already in the file at row {first_row_of[row.email]}.")
            bad_rows.add(row.row)
        elif row.email:
            first_row_of[row.email] = row.row
    all_rows, rows = rows, [r for r in rows if r.row not in bad_rows]
    emails = [r.email for r in rows]
    users = {u.email.lower(): u for u in User.objects.annotate(key=Lower("email")).filter(key__in=emails)}
    taken_usernames = set(User.objects.filter(username__in=emails).values_list("username", flat=True))
    seats = {
        m.user_id: m
        for m in Membership.objects.filter(cohort=cohort, left_at__isnull=True, user__in=users.values()).select_related(
            "mastermind"
        )
    }
    signups = {s.user_id: s for s in Signup.objects.filter(cohort=cohort, user__in=users.values())}
    masterminds = list(Mastermind.objects.filter(cohort=cohort).order_by("number"))
    for m in masterminds:
        m.cohort = cohort
    groups = _groups(masterminds, rows)
    # Every leader row counts, even one with a problem of its own: one mistake, one message.
    for row in all_rows:
        group = groups.get(_group_key(row.group, masterminds)) if row.role == LEADER and row.group else None
        if group is not None:
            group.leader_rows.append(row.row)
    for row in rows:
        row.user = users.get(row.email)
        if row.user is None and row.email in taken_usernames:
            report.add(row.row, f"{row.email} is the username of an account that now uses another email; use that one.")
            continue
        seat = seats.get(row.user.pk) if row.user else None
        signup = signups.get(row.user.pk) if row.user else None
        group = groups.get(_group_key(row.group, masterminds)) if row.group else None
        if row.role == WAITLIST:
            _plan_waitlist(row, group, seat, signup, report)
            continue
        assert group is not None  # a leader or member row without a group is already an error
        _plan_seat(row, group, seat, signup, report, now=now)
    for group in groups.values():
        if group.rows or group.leader_rows:
            _check_group(cohort, group, report, now)
    report.groups = [g for g in groups.values() if g.rows]


def _group_key(label: str, masterminds: list[Mastermind]) -> str:
    """Existing masterminds by number (“group 3”, “3”) or exact title; anything else is a new group."""
    match = GROUP_NUMBER.fullmatch(label)
    if match:
        number = int(match.group(1))
        return f"m{number}" if any(m.number == number for m in masterminds) else f"n{number}"
    titled = [m for m in masterminds if m.title == label and m.state != Mastermind.State.DISBANDED]
    return f"m{titled[0].number}" if titled else f"t{label}"


def _groups(masterminds: list[Mastermind], rows: list[SheetRow]) -> dict[str, PlannedGroup]:
    by_number = {m.number: m for m in masterminds}
    seat_rows = [r for r in rows if r.group and r.role != WAITLIST]
    groups: dict[str, PlannedGroup] = {}
    # Existing masterminds: named by a seat row or by a waitlist row.
    for row in seat_rows + [r for r in rows if r.group and r.role == WAITLIST]:
        key = _group_key(row.group, masterminds)
        if key.startswith("m") and key not in groups:
            m = by_number[int(key[1:])]
            groups[key] = PlannedGroup(row.group, m.title, m.number, mastermind=m)
    # New groups named by a free number keep it; their title comes from the title column.
    for row in seat_rows:
        key = _group_key(row.group, masterminds)
        if key.startswith("n"):
            group = groups.setdefault(key, PlannedGroup(row.group, "", int(key[1:]), is_new=True))
            group.title = group.title or row.title
    for group in groups.values():
        group.title = group.title or group.label
    # New groups named by a title are numbered after every number in use or asked for.
    next_number = max([0, *by_number, *(g.number for g in groups.values())]) + 1
    for row in seat_rows:
        key = _group_key(row.group, masterminds)
        if key not in groups:
            groups[key] = PlannedGroup(row.group, row.group, next_number, is_new=True)
            next_number += 1
    return groups


def _plan_seat(
    row: SheetRow,
    group: PlannedGroup,
    seat: Membership | None,
    signup: Signup | None,
    report: SheetReport,
    *,
    now: datetime,
) -> None:
    if seat is not None and group.mastermind is not None and seat.mastermind_id == group.mastermind.pk:
        report.already_there.append(Problem(row.row, f"{row.email} is already in {seat.mastermind}."))
    elif seat is not None:
        report.add(
            row.row,
            f"{row.email} is already seated in this cohort, in {seat.mastermind}. One seat per cohort: "
            "move them on the manage page instead.",
        )
    else:
        group.rows.append(row)
        mastermind = group.mastermind
        if signup and mastermind and signup.holds_offer(now) and signup.offer_mastermind_id == mastermind.pk:
            group.held_for_them += 1


def _plan_waitlist(
    row: SheetRow, group: PlannedGroup | None, seat: Membership | None, signup: Signup | None, report: SheetReport
) -> None:
    if seat is not None:
        report.add(row.row, f"{row.email} has a seat in {seat.mastermind}; only people without a seat can wait.")
        return
    if row.group and group is None:
        report.add(row.row, f"Waits for “{row.group}”, which is neither on the board nor a group in this file.")
        return
    if group is not None and group.mastermind is not None and not group.mastermind.is_open:
        report.add(row.row, f"{group} is {group.mastermind.get_state_display().lower()} and takes no waitlist.")
        return
    row.waits_for = group
    if signup is not None and signup.status == Signup.Status.WAITLISTED and not (group and group.is_new):
        wanted = group.mastermind.pk if group and group.mastermind else None
        if signup.waitlist_mastermind_id == wanted:
            report.already_there.append(Problem(row.row, f"{row.email} is already on the waitlist."))
            return
    report.waitlist.append(row)


def _check_group(cohort: Cohort, group: PlannedGroup, report: SheetReport, now: datetime) -> None:
    program = cohort.program
    first = group.rows[0].row if group.rows else group.leader_rows[0]
    for extra in group.leader_rows[1:]:
        report.add(extra, f"{group} has two leaders in the file (rows {group.leader_rows[0]} and {extra}).")
    mastermind = group.mastermind
    if mastermind is None:
        if not group.leader_rows:
            report.add(first, f"The new group “{group.label}” has members but no leader: give it one leader.")
        if len(group.rows) > program.max_group_size:
            report.add(
                group.rows[program.max_group_size].row,
                f"The new group “{group.label}” has {len(group.rows)} people; a mastermind in this program has "
                f"at most {program.max_group_size} seats.",
            )
        return
    group.taken = mastermind.memberships.filter(left_at__isnull=True).count()
    if not group.rows:
        return
    if not mastermind.is_open:
        report.add(first, f"{mastermind} is {mastermind.get_state_display().lower()} and takes no new members.")
        return
    leader = (
        mastermind.memberships.filter(left_at__isnull=True, role=Membership.Role.LEADER).select_related("user").first()
    )
    if leader is not None and group.leader is not None and len(group.leader_rows) == 1:
        report.add(group.leader.row, f"{mastermind} already has a leader, {leader.user}.")
    free = open_seat_count(mastermind, now) + group.held_for_them
    if len(group.rows) > free:
        report.add(
            group.rows[free].row,
            f"{mastermind} has {free} open seat{_s(free)} of {mastermind.capacity} and the file "
            f"adds {len(group.rows)} people. Raise its capacity first (at most {program.max_group_size}).",
        )


# Importing ------------------------------------------------------------------------


def import_sheet(cohort: Cohort, report: SheetReport) -> SheetReport:
    """Action: put everybody in the sheet on the board, or nobody.

    The sheet is checked again under the board's locks, since the board may have changed
    since the dry run. People already where the sheet puts them are skipped, so importing
    the same file twice changes nothing the second time.
    """
    if report.errors:
        raise SheetError(report)
    try:
        return _import(cohort, report.text)
    except IntegrityError:
        raise BoardError("The board changed while importing; nothing was imported. Try the dry run again.") from None


@transaction.atomic
def _import(cohort: Cohort, text: str) -> SheetReport:
    now = timezone.now()
    # Lock the cohort (new group numbers) and its masterminds (seats), as lead_mastermind and take_seat do.
    cohort = Cohort.objects.select_for_update(no_key=True, of=("self",)).select_related("program").get(pk=cohort.pk)
    list(Mastermind.objects.select_for_update(no_key=True).filter(cohort=cohort))
    bump_board(cohort.pk)
    report = read_sheet(cohort, text)
    if report.errors:
        raise SheetError(report)
    users = _create_users(report.people_to_create)
    users.update({row.email: row.user for row in report.existing_accounts if row.user is not None})
    signups = {s.user_id: s for s in Signup.objects.select_for_update().filter(cohort=cohort, user__in=users.values())}

    def signup_for(row: SheetRow) -> Signup:
        user = users[row.email]
        role = MEMBER if row.role == WAITLIST else row.role
        signup = signups.setdefault(user.pk, Signup(cohort=cohort, user=user, role=role))
        signup.notes = signup.notes or row.notes
        return signup

    seats: list[Membership] = []
    freed: set[int] = set()
    for group in report.groups:
        if group.is_new:
            capacity = max(cohort.program.group_size, len(group.rows))
            group.mastermind = Mastermind.objects.create(
                cohort=cohort, number=group.number, title=group.title, capacity=capacity
            )
        mastermind = group.mastermind
        assert mastermind is not None
        # The leader sits first: when a leader leaves, the longest-seated member takes over.
        for row in sorted(group.rows, key=lambda r: r.role != LEADER):
            seats.append(Membership(mastermind=mastermind, cohort=cohort, user=users[row.email], role=row.role))
            signup = signup_for(row)
            if signup.holds_offer(now) and signup.offer_mastermind_id != mastermind.pk:
                freed.add(signup.offer_mastermind_id)  # type: ignore[arg-type]
            signup.status = Signup.Status.PLACED
            signup.waitlist_mastermind = signup.offer_mastermind = None
            signup.waitlisted_at = signup.offer_expires_at = None
    Membership.objects.bulk_create(seats)
    for index, row in enumerate(report.waitlist):
        signup = signup_for(row)
        signup.status = Signup.Status.WAITLISTED
        signup.waitlist_mastermind = row.waits_for.mastermind if row.waits_for else None
        # Someone already waiting keeps their place; newcomers queue in file order.
        signup.waitlisted_at = signup.waitlisted_at or now + timedelta(microseconds=index)
    existing = [s for s in signups.values() if s.pk is not None]
    Signup.objects.bulk_create([s for s in signups.values() if s.pk is None])
    Signup.objects.bulk_update(
        existing, ["status", "notes", "waitlist_mastermind", "waitlisted_at", "offer_mastermind", "offer_expires_at"]
    )
    for group in report.groups:
        assert group.mastermind is not None
        refresh_state(group.mastermind, now)
    for mastermind in Mastermind.objects.select_related("cohort__program").filter(pk__in=freed):
        offer_open_seats(mastermind, now)
    return report


def _create_users(rows: Iterable[SheetRow]) -> dict[str, User]:
    """New accounts have no password: people set one with “forgot password” on the log-in page."""
    new = []
    for row in rows:
        user = User(email=row.email, username=row.email, display_name=row.name, time_zone=row.time_zone or "UTC")
        user.set_unusable_password()
        new.append(user)
    User.objects.bulk_create(new)
    # Fetched again: not every database returns the new primary keys from a bulk insert.
    return {u.email: u for u in User.objects.filter(email__in=[u.email for u in new])}
