"""Exporting the board as a spreadsheet, in the shape `sheet.reading` reads."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from hotseat.masterminds.models import Mastermind, Membership
from hotseat.masterminds.sheet.reading import FORMULA_STARTS, WAITLIST
from hotseat.programs.models import Cohort, Signup

EXPORT_HEADER = ("group", "title", "state", "role", "name", "email", "time zone", "notes")


def _guard(value: object) -> str:
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def board_rows(cohort: Cohort) -> Iterator[tuple[str, ...]]:
    """One row per seat, leader first in each group, then the waitlist in order."""
    yield EXPORT_HEADER
    notes = dict(cohort.signups.values_list("user_id", "notes"))
    seats = (
        Membership.objects.seated()
        .filter(cohort=cohort)
        .exclude(mastermind__state=Mastermind.State.DISBANDED)
        .select_related("mastermind", "user")
        .order_by("mastermind__number", "role", "joined_at", "pk")
    )
    for seat in seats:
        m, user = seat.mastermind, seat.user
        yield (
            str(m.number),
            m.title,
            m.state,
            seat.role,
            user.display_name,
            user.email,
            user.time_zone,
            notes.get(user.pk, ""),
        )
    waiting = (
        cohort.signups.filter(status=Signup.Status.WAITLISTED)
        .select_related("user", "waitlist_mastermind")
        .order_by("waitlisted_at", "pk")
    )
    for signup in waiting:
        waits_for, user = signup.waitlist_mastermind, signup.user
        group = (str(waits_for.number), waits_for.title, waits_for.state) if waits_for else ("", "", "")
        yield (*group, WAITLIST, user.display_name, user.email, user.time_zone, signup.notes)


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_lines(cohort: Cohort) -> Iterator[str]:
    """The board as CSV text, line by line, for a streaming response."""
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so Excel reads the file as UTF-8
    for row in board_rows(cohort):
        yield writer.writerow([_guard(cell) for cell in row])
