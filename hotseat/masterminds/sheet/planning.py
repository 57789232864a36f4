"""Planning an import: the rows of a sheet and the board as it is → what the import would do.

Pure of writes: a dry run is a plan with its problems, and the import (`sheet.importing`)
plans again under the board's locks before it writes anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from hotseat.accounts.models import User
from hotseat.masterminds.models import Mastermind, Membership, SeatInvitation
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
    invited_before: int = 0  # people a sheet invited here before, who have not answered yet

    def __str__(self) -> str:
        if self.mastermind:
            return str(self.mastermind)
        return gettext("Group %(number)s: %(title)s") % {"number": self.number, "title": self.title}

    @property
    def leader(self) -> SheetRow | None:
        return next((r for r in self.rows if r.role == LEADER), None)

    @property
    def invited(self) -> list[SheetRow]:
        return [r for r in self.rows if r.invite]

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
    def people_to_seat(self) -> list[SheetRow]:
        """People already in the program: they are seated (or put on the waitlist) as the sheet says."""
        return [r for r in self.people if not r.invite]

    @property
    def people_to_invite(self) -> list[SheetRow]:
        """Everybody else, with an account on the site or not (the organizer is not told which): invited."""
        return [r for r in self.people if r.invite]

    @property
    def people_to_create(self) -> list[SheetRow]:
        """The invited people the import makes an account for. Never shown: it would say who had one."""
        return [r for r in self.people if r.user is None]

    def plan_sentence(self) -> str:
        """What the import will do, in one sentence (the dry run)."""
        seated, invited, groups = len(self.people_to_seat), len(self.people_to_invite), len(self.groups_to_create)
        # Three counts, each with its own plural: each part is a whole phrase of its own.
        return gettext("%(seated)s; %(invited)s; %(groups)s.") % {
            "seated": ngettext(
                "%(count)s person already in the program will be seated or put on the waitlist",
                "%(count)s people already in the program will be seated or put on the waitlist",
                seated,
            )
            % {"count": seated},
            "invited": ngettext(
                "%(count)s person will be invited and take their seat when they accept",
                "%(count)s people will be invited and take their seat when they accept",
                invited,
            )
            % {"count": invited},
            "groups": _new_groups(groups),
        }

    def summary(self) -> str:
        """What the import did, in one sentence (the result)."""
        seated, invited, groups = len(self.people_to_seat), len(self.people_to_invite), len(self.groups_to_create)
        text = gettext("Imported the sheet: %(seated)s, %(invited)s, %(groups)s.") % {
            "seated": ngettext(
                "%(count)s person seated or on the waitlist", "%(count)s people seated or on the waitlist", seated
            )
            % {"count": seated},
            "invited": ngettext("%(count)s person invited", "%(count)s people invited", invited) % {"count": invited},
            "groups": _new_groups(groups),
        }
        if self.already_there:
            done = len(self.already_there)
            skipped = ngettext(
                "%(count)s row already done (skipped).", "%(count)s rows already done (skipped).", done
            ) % {"count": done}
            text = f"{text} {skipped}"
        return text


def _new_groups(count: int) -> str:
    return ngettext("%(count)s new group", "%(count)s new groups", count) % {"count": count}


def read_sheet(cohort: Cohort, data: bytes | str, *, now: datetime | None = None) -> SheetReport:
    """Check every row of a sheet against the cohort's board, collecting all problems; change nothing."""
    report = SheetReport()
    rows = read_rows(data, report)
    # Only a file that cannot be read stops here: every row is checked against the board, even
    # when others have problems, so the organizer sees every problem of every row at once.
    if not report.unreadable and rows:
        _plan(cohort, rows, report, now=now or timezone.now())
    report.sort_errors()
    return report


# A problem in one of these columns leaves a row nothing to plan with; one elsewhere (a time zone,
# a name too long) does not stop the row from being checked against the board.
BLOCKING_COLUMNS = ("email", "role", "group")


def _plan(cohort: Cohort, rows: list[SheetRow], report: SheetReport, *, now: datetime) -> None:
    bad_rows = {p.row for p in report.errors if p.column in BLOCKING_COLUMNS}
    first_row_of: dict[str, int] = {}
    for row in rows:
        if row.email in first_row_of:
            report.add(
                row.row,
                gettext("%(email)s is already in the file at row %(row)s.")
                % {"email": row.email, "row": first_row_of[row.email]},
                "email",
            )
            bad_rows.add(row.row)
        elif row.email:
            first_row_of[row.email] = row.row
    all_rows, rows = rows, [r for r in rows if r.row not in bad_rows]
    emails = [r.email for r in rows]
    # One query per kind of lookup, however many rows.
    users = {u.email.lower(): u for u in User.objects.annotate(key=Lower("email")).filter(key__in=emails)}
    in_program = _in_program(cohort, users.values())
    seats = {
        m.user_id: m
        for m in Membership.objects.seated().filter(cohort=cohort, user__in=users.values()).select_related("mastermind")
    }
    signups = {s.user_id: s for s in Signup.objects.filter(cohort=cohort, user__in=users.values())}
    invited = set(
        SeatInvitation.objects.filter(
            cohort=cohort, user__in=users.values(), status=SeatInvitation.Status.PENDING
        ).values_list("user_id", flat=True)
    )
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
        row.invite = row.user is None or row.user.pk not in in_program
        group = groups.get(_group_key(row.group, masterminds)) if row.group else None
        if row.user is not None and row.user.pk in invited:
            # Said the same way for every invited person, whether they had an account before or not.
            report.already_there.append(
                Problem(row.row, gettext("%(email)s is already invited to this cohort.") % {"email": row.email})
            )
            if group is not None and row.role != WAITLIST:
                group.invited_before += 1
            continue
        seat = seats.get(row.user.pk) if row.user and not row.invite else None
        signup = signups.get(row.user.pk) if row.user and not row.invite else None
        if row.role == WAITLIST:
            _plan_waitlist(row, group, seat, signup, report)
            continue
        assert group is not None  # a leader or member row without a group is already an error
        _plan_seat(row, group, seat, signup, report, now=now)
    existing = [g.mastermind for g in groups.values() if g.mastermind is not None and (g.rows or g.leader_rows)]
    counts = _seat_counts(existing, now)
    for group in groups.values():
        if group.rows or group.leader_rows:
            _check_group(cohort, group, counts, report)
    report.groups = [g for g in groups.values() if g.rows]


def _in_program(cohort: Cohort, users: Iterable[User]) -> set[int]:
    """Who of `users` the organizers know in this program: its organizers, people signed up to one of its cohorts."""
    users = list(users)
    signed_up = (
        Signup.objects.filter(cohort__program_id=cohort.program_id, user__in=users)
        .exclude(status=Signup.Status.WITHDRAWN)
        .values_list("user_id", flat=True)
    )
    organizers = cohort.program.organizers.filter(pk__in=[u.pk for u in users]).values_list("pk", flat=True)
    return set(signed_up) | set(organizers)


@dataclass(frozen=True)
class _SeatCounts:
    taken: dict[int, int]
    held: dict[int, int]
    leaders: dict[int, User]


def _seat_counts(masterminds: list[Mastermind], now: datetime) -> _SeatCounts:
    """Seats taken and held, and the leader, of each existing mastermind the sheet names: three queries."""
    taken = dict(
        Membership.objects.seated()
        .filter(mastermind__in=masterminds)
        .values_list("mastermind_id")
        .annotate(n=Count("pk"))
        .values_list("mastermind_id", "n")
    )
    held = dict(
        Signup.objects.filter(offer_mastermind__in=masterminds, offer_expires_at__gt=now)
        .values_list("offer_mastermind_id")
        .annotate(n=Count("pk"))
        .values_list("offer_mastermind_id", "n")
    )
    leaders = {
        m.mastermind_id: m.user
        for m in Membership.objects.leaders().filter(mastermind__in=masterminds).select_related("user")
    }
    return _SeatCounts(taken, held, leaders)


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
        report.already_there.append(
            Problem(
                row.row,
                gettext("%(email)s is already in %(mastermind)s.")
                % {"email": row.email, "mastermind": seat.mastermind},
            )
        )
    elif seat is not None:
        report.add(
            row.row,
            gettext(
                "%(email)s is already seated in this cohort, in %(mastermind)s. One seat per cohort: "
                "move them on the manage page instead."
            )
            % {"email": row.email, "mastermind": seat.mastermind},
            "email",
        )
    else:
        group.rows.append(row)
        row.planned_group = group
        mastermind = group.mastermind
        if signup and mastermind and signup.holds_offer(now) and signup.offer_mastermind_id == mastermind.pk:
            group.held_for_them += 1


def _plan_waitlist(
    row: SheetRow, group: PlannedGroup | None, seat: Membership | None, signup: Signup | None, report: SheetReport
) -> None:
    if seat is not None:
        report.add(
            row.row,
            gettext("%(email)s has a seat in %(mastermind)s; only people without a seat can wait.")
            % {"email": row.email, "mastermind": seat.mastermind},
            "role",
        )
        return
    if row.group and group is None:
        report.add(
            row.row,
            gettext("Waits for “%(group)s”, which is neither on the board nor a group in this file.")
            % {"group": row.group},
            "group",
        )
        return
    if group is not None and group.mastermind is not None and not group.mastermind.is_open:
        report.add(
            row.row,
            gettext("%(mastermind)s is %(state)s and takes no waitlist.")
            % {"mastermind": group, "state": group.mastermind.get_state_display().lower()},
            "group",
        )
        return
    row.waits_for = group
    if signup is not None and signup.status == Signup.Status.WAITLISTED and not (group and group.is_new):
        wanted = group.mastermind.pk if group and group.mastermind else None
        if signup.waitlist_mastermind_id == wanted:
            report.already_there.append(Problem(row.row, f"{row.email} is already on the waitlist."))
            return
    report.waitlist.append(row)


def _check_group(cohort: Cohort, group: PlannedGroup, counts: _SeatCounts, report: SheetReport) -> None:
    program = cohort.program
    first = group.rows[0].row if group.rows else group.leader_rows[0]
    for extra in group.leader_rows[1:]:
        report.add(
            extra,
            gettext("%(mastermind)s has two leaders in the file (rows %(first)s and %(second)s).")
            % {"mastermind": group, "first": group.leader_rows[0], "second": extra},
            "role",
        )
    mastermind = group.mastermind
    if mastermind is None:
        if not group.leader_rows:
            report.add(
                first,
                gettext("The new group “%(group)s” has members but no leader: give it one leader.")
                % {"group": group.label},
                "role",
            )
        if len(group.rows) > program.max_group_size:
            report.add(
                group.rows[program.max_group_size].row,
                gettext(
                    "The new group “%(group)s” has %(people)s people; a mastermind in this program has "
                    "at most %(max)s seats."
                )
                % {"group": group.label, "people": len(group.rows), "max": program.max_group_size},
                "group",
            )
        return
    group.taken = counts.taken.get(mastermind.pk, 0)
    if not group.rows:
        return
    if not mastermind.is_open:
        report.add(
            first,
            gettext("%(mastermind)s is %(state)s and takes no new members.")
            % {"mastermind": mastermind, "state": mastermind.get_state_display().lower()},
            "group",
        )
        return
    leader = counts.leaders.get(mastermind.pk)
    if leader is not None and group.leader is not None and len(group.leader_rows) == 1:
        report.add(
            group.leader.row,
            gettext("%(mastermind)s already has a leader, %(leader)s.") % {"mastermind": mastermind, "leader": leader},
            "role",
        )
    open_seats = max(0, mastermind.capacity - group.taken - counts.held.get(mastermind.pk, 0))
    # People invited before count: their seat is not held, but the sheet means them to have it.
    free = max(0, open_seats + group.held_for_them - group.invited_before)
    if len(group.rows) > free:
        report.add(
            group.rows[free].row,
            ngettext(
                "%(mastermind)s has %(free)s open seat of %(capacity)s and the file adds %(people)s people. "
                "Raise its capacity first (at most %(max)s).",
                "%(mastermind)s has %(free)s open seats of %(capacity)s and the file adds %(people)s people. "
                "Raise its capacity first (at most %(max)s).",
                free,
            )
            % {
                "mastermind": mastermind,
                "free": free,
                "capacity": mastermind.capacity,
                "people": len(group.rows),
                "max": program.max_group_size,
            },
            "group",
        )
