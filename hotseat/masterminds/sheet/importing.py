"""Importing a sheet: the action that puts everybody in it on the board, or nobody.

People already in the program are seated (or queued) as the sheet says; everybody else, with an
account on the site or not, is invited and takes the seat only by accepting (`actions.invitations`).
It is bulk: one query per kind of write and lookup, nothing hashed, so thousands of rows take seconds.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from hotseat.accounts.models import User
from hotseat.masterminds.actions import offer_open_seats, refresh_state
from hotseat.masterminds.errors import BoardError
from hotseat.masterminds.models import Mastermind, Membership, SeatInvitation
from hotseat.masterminds.notices import SEAT_INVITED
from hotseat.masterminds.sheet.planning import PlannedGroup, SheetReport, read_sheet
from hotseat.masterminds.sheet.reading import LEADER, MEMBER, WAITLIST, SheetRow
from hotseat.masterminds.signals import seats_changed
from hotseat.notify.actions import notify_many
from hotseat.programs.board_cache import bump_board
from hotseat.programs.models import Cohort, Signup


class SheetError(BoardError):
    """The sheet has problems; `report` lists them all and nothing was imported."""

    def __init__(self, report: SheetReport) -> None:
        count = len(report.errors)
        super().__init__(
            ngettext(
                "The sheet has %(count)s problem; nothing was imported.",
                "The sheet has %(count)s problems; nothing was imported.",
                count,
            )
            % {"count": count}
        )
        self.report = report


def import_sheet(cohort: Cohort, report: SheetReport, *, now: datetime | None = None) -> SheetReport:
    """Action: put everybody in the sheet on the board (or invite them), or nobody.

    The sheet is checked again under the board's locks, since the board may have changed
    since the dry run. People already where the sheet puts them are skipped, so importing
    the same file twice changes nothing the second time.
    """
    if report.errors:
        raise SheetError(report)
    try:
        return _import(cohort, report.text, now=now or timezone.now())
    except IntegrityError:
        raise BoardError(
            gettext("The board changed while importing; nothing was imported. Try the dry run again.")
        ) from None


@transaction.atomic
def _import(cohort: Cohort, text: str, *, now: datetime) -> SheetReport:
    # Lock the cohort (new group numbers) and its masterminds (seats), as lead_mastermind and take_seat do.
    cohort = Cohort.objects.lock().select_related("program").get(pk=cohort.pk)
    list(Mastermind.objects.lock().filter(cohort=cohort))
    bump_board(cohort.pk)
    report = read_sheet(cohort, text, now=now)
    if report.errors:
        raise SheetError(report)
    new_accounts = _create_users(report.people_to_create)
    for row in report.people_to_create:
        row.user = new_accounts[row.email]
    _create_groups(cohort, report.groups_to_create, now)
    changed = _seat_people_in_program(cohort, report, now)
    _invite(cohort, report.people_to_invite, now)
    for group in changed:
        assert group.mastermind is not None
        # A new group still forming has no state to change and nobody to ask about the cohort's end yet.
        if not group.is_new or group.seats_after - len(group.invited) >= cohort.program.min_to_start:
            refresh_state(group.mastermind, now)
        # Calls, hot seat turns and reminders follow the newcomers, as after take_seat.
        seats_changed.send(sender=Mastermind, mastermind=group.mastermind, now=now)
    return report


def _create_groups(cohort: Cohort, groups: list[PlannedGroup], now: datetime) -> None:
    """The new masterminds, in one insert. A group of invited people waits, empty, for them to accept."""
    made = [
        Mastermind(
            cohort=cohort,
            number=g.number,
            title=g.title,
            capacity=max(cohort.program.group_size, len(g.rows)),
            created_at=now,
        )
        for g in groups
    ]
    Mastermind.objects.bulk_create(made)
    # Fetched again: not every database returns the new primary keys from a bulk insert.
    by_number = {m.number: m for m in Mastermind.objects.filter(cohort=cohort, number__in=[g.number for g in groups])}
    for group in groups:
        group.mastermind = by_number[group.number]
        group.mastermind.cohort = cohort


def _seat_people_in_program(cohort: Cohort, report: SheetReport, now: datetime) -> list[PlannedGroup]:
    """Seat (or queue) the people the organizers already have in the program. Returns the groups it changed."""
    rows = report.people_to_seat
    users = {row.email: row.user for row in rows if row.user is not None}
    signups = {s.user_id: s for s in Signup.objects.select_for_update().filter(cohort=cohort, user__in=users.values())}

    def signup_for(row: SheetRow) -> Signup:
        user = users[row.email]
        role = MEMBER if row.role == WAITLIST else row.role
        if user.pk not in signups:
            signups[user.pk] = Signup(cohort=cohort, user=user, role=role, created_at=_nth(now, len(signups)))
        signup = signups[user.pk]
        signup.notes = signup.notes or row.notes
        return signup

    seats: list[Membership] = []
    freed: set[int] = set()
    changed: list[PlannedGroup] = []
    for group in report.groups:
        mastermind = group.mastermind
        assert mastermind is not None
        # The leader sits first: when a leader leaves, the longest-seated member takes over.
        seated_here = sorted((r for r in group.rows if not r.invite), key=lambda r: r.role != LEADER)
        if seated_here:
            changed.append(group)
        for row in seated_here:
            seats.append(
                Membership(
                    mastermind=mastermind,
                    cohort=cohort,
                    user=users[row.email],
                    role=row.role,
                    joined_at=_nth(now, len(seats)),
                )
            )
            signup = signup_for(row)
            if signup.holds_offer(now) and signup.offer_mastermind_id != mastermind.pk:
                freed.add(signup.offer_mastermind_id)  # type: ignore[arg-type]
            signup.leave_queue(Signup.Status.PLACED)
    Membership.objects.bulk_create(seats)
    for index, row in enumerate(r for r in report.waitlist if not r.invite):
        signup = signup_for(row)
        signup.status = Signup.Status.WAITLISTED
        signup.waitlist_mastermind = row.waits_for.mastermind if row.waits_for else None
        # Someone already waiting keeps their place; newcomers queue in file order.
        signup.waitlisted_at = signup.waitlisted_at or _nth(now, index)
    existing = [s for s in signups.values() if s.pk is not None]
    Signup.objects.bulk_create([s for s in signups.values() if s.pk is None])
    Signup.objects.bulk_update(existing, ["notes", *Signup.QUEUE_FIELDS])
    for mastermind in Mastermind.objects.select_related("cohort__program").filter(pk__in=freed):
        offer_open_seats(mastermind, now)
    return changed


def _invite(cohort: Cohort, rows: list[SheetRow], now: datetime) -> None:
    """Invite everybody else: the same invitation and the same email, whether they had an account or not."""
    invitations = [
        SeatInvitation(
            cohort=cohort,
            mastermind=row.waits_for.mastermind if row.role == WAITLIST and row.waits_for else _group_of(row),
            user=row.user,
            role=row.role,
            notes=row.notes,
            created_at=_nth(now, index),
        )
        for index, row in enumerate(rows)
    ]
    SeatInvitation.objects.bulk_create(invitations)
    if invitations and invitations[0].pk is None:  # a database that does not return the new keys
        invitations = list(
            SeatInvitation.objects.filter(cohort=cohort, created_at__gte=now, status=SeatInvitation.Status.PENDING)
        )
    for invitation in invitations:
        invitation.cohort = cohort  # the subject is rendered now: no query per person
    notify_many(
        SEAT_INVITED,
        ((i.user, f"{SEAT_INVITED}:i{i.pk}", {"invitation": i}) for i in invitations),
        now=now,
    )


def _group_of(row: SheetRow) -> Mastermind | None:
    return row.planned_group.mastermind if row.planned_group else None


def _nth(now: datetime, index: int) -> datetime:
    """The moment of the index-th row written: a microsecond apart, so what is listed by time keeps file order."""
    return now + timedelta(microseconds=index)


def _create_users(rows: Iterable[SheetRow]) -> dict[str, User]:
    """Accounts for addresses new to the site, with no password and nothing hashed.

    People choose a password with “forgot password” on the log-in page (their invitation says so).
    The username is the email, unless an account already has it as its username (then one no one has).
    """
    rows = list(rows)
    emails = [row.email for row in rows]
    taken = set(User.objects.filter(username__in=emails).values_list("username", flat=True))
    new = []
    for row in rows:
        username = row.email if row.email not in taken else f"{row.email[:130]}.{secrets.token_hex(4)}"
        user = User(email=row.email, username=username, display_name=row.name, time_zone=row.time_zone or "UTC")
        user.set_unusable_password()
        new.append(user)
    User.objects.bulk_create(new)
    # Fetched again: not every database returns the new primary keys from a bulk insert.
    return {u.email: u for u in User.objects.filter(email__in=emails)}
