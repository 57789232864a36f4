"""Planning an import: the rows of a sheet and the board as it is → what the import would do.

Pure of writes: a dry run is a plan with its problems, and the import (`sheet.importing`)
plans again under the board's locks before it writes anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models.functions import Lower
from django.utils import timezone

from hotseat.accounts.models import User
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.masterminds.seats import open_seat_count
from hotseat.masterminds.sheet.reading import LEADER, WAITLIST, Problem, Sheet, SheetRow, read_rows
from hotseat.programs.models import Cohort, Signup

GROUP_NUMBER = re.compile(r"(?:group\s*)?#?\s*(\d{1,6})", re.IGNORECASE)


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
class SheetReport(Sheet):
    """What an import would do (a dry run), or did."""

    groups: list[PlannedGroup] = field(default_factory=list)
    waitlist: list[SheetRow] = field(default_factory=list)
    already_there: list[Problem] = field(default_factory=list)

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


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def read_sheet(cohort: Cohort, data: bytes | str, *, now: datetime | None = None) -> SheetReport:
    """Check every row of a sheet against the cohort's board, collecting all problems; change nothing."""
    report = SheetReport()
    rows = read_rows(data, report)
    if report.errors or not rows:
        return report
    _plan(cohort, rows, report, now=now or timezone.now())
    report.errors.sort(key=lambda p: p.row or 0)
    return report


def _plan(cohort: Cohort, rows: list[SheetRow], report: SheetReport, *, now: datetime) -> None:
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
        for m in Membership.objects.seated().filter(cohort=cohort, user__in=users.values()).select_related("mastermind")
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
    group.taken = mastermind.memberships.seated().count()
    if not group.rows:
        return
    if not mastermind.is_open:
        report.add(first, f"{mastermind} is {mastermind.get_state_display().lower()} and takes no new members.")
        return
    leader = mastermind.memberships.leaders().select_related("user").first()
    if leader is not None and group.leader is not None and len(group.leader_rows) == 1:
        report.add(group.leader.row, f"{mastermind} already has a leader, {leader.user}.")
    free = open_seat_count(mastermind, now) + group.held_for_them
    if len(group.rows) > free:
        report.add(
            group.rows[free].row,
            f"{mastermind} has {free} open seat{_s(free)} of {mastermind.capacity} and the file "
            f"adds {len(group.rows)} people. Raise its capacity first (at most {program.max_group_size}).",
        )
