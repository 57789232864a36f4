"""Importing a sheet: the action that puts everybody in it on the board, or nobody."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from hotseat.accounts.models import User
from hotseat.masterminds.actions import offer_open_seats, refresh_state
from hotseat.masterminds.errors import BoardError
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.masterminds.sheet.planning import SheetReport, read_sheet
from hotseat.masterminds.sheet.reading import LEADER, MEMBER, WAITLIST, SheetRow
from hotseat.masterminds.signals import seats_changed
from hotseat.programs.board_cache import bump_board
from hotseat.programs.models import Cohort, Signup


class SheetError(BoardError):
    """The sheet has problems; `report` lists them all and nothing was imported."""

    def __init__(self, report: SheetReport) -> None:
        count = len(report.errors)
        super().__init__(f"The sheet has {count} problem{'' if count == 1 else 's'}; nothing was imported.")
        self.report = report


def import_sheet(cohort: Cohort, report: SheetReport, *, now: datetime | None = None) -> SheetReport:
    """Action: put everybody in the sheet on the board, or nobody.

    The sheet is checked again under the board's locks, since the board may have changed
    since the dry run. People already where the sheet puts them are skipped, so importing
    the same file twice changes nothing the second time.
    """
    if report.errors:
        raise SheetError(report)
    try:
        return _import(cohort, report.text, now=now or timezone.now())
    except IntegrityError:
        raise BoardError("The board changed while importing; nothing was imported. Try the dry run again.") from None


@transaction.atomic
def _import(cohort: Cohort, text: str, *, now: datetime) -> SheetReport:
    # Lock the cohort (new group numbers) and its masterminds (seats), as lead_mastermind and take_seat do.
    cohort = Cohort.objects.lock().select_related("program").get(pk=cohort.pk)
    list(Mastermind.objects.lock().filter(cohort=cohort))
    bump_board(cohort.pk)
    report = read_sheet(cohort, text, now=now)
    if report.errors:
        raise SheetError(report)
    users = _create_users(report.people_to_create)
    users.update({row.email: row.user for row in report.existing_accounts if row.user is not None})
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
    for group in report.groups:
        if group.is_new:
            capacity = max(cohort.program.group_size, len(group.rows))
            group.mastermind = Mastermind.objects.create(
                cohort=cohort, number=group.number, title=group.title, capacity=capacity, created_at=now
            )
        mastermind = group.mastermind
        assert mastermind is not None
        # The leader sits first: when a leader leaves, the longest-seated member takes over.
        for row in sorted(group.rows, key=lambda r: r.role != LEADER):
            user = users[row.email]
            seats.append(
                Membership(
                    mastermind=mastermind, cohort=cohort, user=user, role=row.role, joined_at=_nth(now, len(seats))
                )
            )
            signup = signup_for(row)
            if signup.holds_offer(now) and signup.offer_mastermind_id != mastermind.pk:
                freed.add(signup.offer_mastermind_id)  # type: ignore[arg-type]
            signup.leave_queue(Signup.Status.PLACED)
    Membership.objects.bulk_create(seats)
    for index, row in enumerate(report.waitlist):
        signup = signup_for(row)
        signup.status = Signup.Status.WAITLISTED
        signup.waitlist_mastermind = row.waits_for.mastermind if row.waits_for else None
        # Someone already waiting keeps their place; newcomers queue in file order.
        signup.waitlisted_at = signup.waitlisted_at or _nth(now, index)
    existing = [s for s in signups.values() if s.pk is not None]
    Signup.objects.bulk_create([s for s in signups.values() if s.pk is None])
    Signup.objects.bulk_update(existing, ["notes", *Signup.QUEUE_FIELDS])
    for group in report.groups:
        assert group.mastermind is not None
        refresh_state(group.mastermind, now)
        # Calls, hot seat turns and reminders follow the newcomers, as after take_seat.
        seats_changed.send(sender=Mastermind, mastermind=group.mastermind, now=now)
    for mastermind in Mastermind.objects.select_related("cohort__program").filter(pk__in=freed):
        offer_open_seats(mastermind, now)
    return report


def _nth(now: datetime, index: int) -> datetime:
    """The moment of the index-th row written: a microsecond apart, so what is listed by time keeps file order."""
    return now + timedelta(microseconds=index)


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
