"""The end of a cohort: each member says whether to continue with their group, be remixed, or pause.

From the start of the cohort's last ``ANSWER_WEEKS`` weeks a member answers on
/m/<id>/next/; the "cohort ending" notification (kind ``cohort_ending``) asks them, on
the morning that period starts, on their own clock. The next cohort's proposal reads the
answers (hotseat/proposals/input.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from hotseat.accounts.models import User
from hotseat.accounts.timezones import zone
from hotseat.masterminds.errors import BoardError
from hotseat.masterminds.models import Mastermind, Membership, NextStep
from hotseat.masterminds.seats import active_memberships
from hotseat.notify import kinds
from hotseat.notify.actions import Reminder, reschedule
from hotseat.notify.kinds import Kind, Refs
from hotseat.programs.models import Cohort

COHORT_ENDING = "cohort_ending"
ANSWER_WEEKS = 2
ASK_AT = time(9, 0)  # on the member's own clock
ANSWERING_STATES = (Mastermind.State.FORMED, Mastermind.State.RUNNING, Mastermind.State.FINISHED)


def answers_open_on(cohort: Cohort) -> date:
    """The first day members can answer: the start of the cohort's last ANSWER_WEEKS weeks."""
    return cohort.starts_on + timedelta(weeks=max(0, cohort.weeks - ANSWER_WEEKS))


def answers_open(cohort: Cohort, today: date) -> bool:
    return today >= answers_open_on(cohort)


def ask_at(cohort: Cohort, user: User) -> datetime:
    return datetime.combine(answers_open_on(cohort), ASK_AT, tzinfo=zone(user.time_zone))


def sync_cohort_ending(mastermind: Mastermind, *, now: datetime | None = None) -> None:
    """Make the outbox hold one "cohort ending" notification per current member (call it where seats change)."""
    prefix = f"{COHORT_ENDING}:m{mastermind.pk}:"
    members = active_memberships(mastermind) if mastermind.state in ANSWERING_STATES else []
    cohort = mastermind.cohort
    reschedule(
        prefix,
        [
            Reminder(
                COHORT_ENDING,
                m.user,
                key=f"{prefix}u{m.user_id}:{answers_open_on(cohort):%Y%m%d}",
                due_at=ask_at(cohort, m.user),
                refs={"mastermind": mastermind},
            )
            for m in members
        ],
        now=now,
    )


def sync_all_cohort_endings(today: date) -> int:
    """Re-derive the notifications of every group of a cohort not yet over (idempotent: a daily cron job)."""
    synced = 0
    for mastermind in Mastermind.objects.filter(state__in=ANSWERING_STATES).select_related("cohort"):
        if mastermind.cohort.ends_on >= today:
            with transaction.atomic():
                sync_cohort_ending(mastermind)
            synced += 1
    return synced


@transaction.atomic
def answer_next_step(mastermind: Mastermind, user: User, choice: str) -> NextStep:
    """Record (or change) a member's answer."""
    mastermind = Mastermind.objects.lock().select_related("cohort").get(pk=mastermind.pk)
    if not mastermind.memberships.seated().filter(user=user).exists():
        raise BoardError("Only the group's members answer this.")
    if choice not in NextStep.Choice.values:
        raise BoardError("Pick one of the three answers.")
    if mastermind.state not in ANSWERING_STATES:
        raise BoardError(f"{mastermind} is {mastermind.get_state_display().lower()}: there is nothing to continue.")
    opens = answers_open_on(mastermind.cohort)
    if not answers_open(mastermind.cohort, timezone.localdate()):
        raise BoardError(f"You can answer from {opens:%A %-d %B}, two weeks before the cohort ends.")
    step, _ = NextStep.objects.update_or_create(mastermind=mastermind, user=user, defaults={"choice": choice})
    return step


@dataclass(frozen=True)
class Summary:
    """A cohort's answers for its organizers: how many chose what, and each group's page."""

    opens_on: date
    counts: dict[str, int]
    members: int
    groups: list[Mastermind]

    @property
    def answered(self) -> int:
        return sum(self.counts.values())

    @property
    def rows(self) -> list[tuple[str, int]]:
        return [(label, self.counts.get(value, 0)) for value, label in NextStep.Choice.choices]


def next_steps_summary(cohort: Cohort) -> Summary:
    """Three queries, whatever the size of the cohort."""
    seated = Membership.objects.seated().filter(mastermind=OuterRef("mastermind"), user=OuterRef("user"))
    counts = dict(
        NextStep.objects.filter(Exists(seated), mastermind__cohort=cohort)
        .values("choice")
        .annotate(n=Count("pk"))
        .values_list("choice", "n")
    )
    groups = list(Mastermind.objects.filter(cohort=cohort, state__in=ANSWERING_STATES).order_by("number"))
    members = Membership.objects.seated().filter(mastermind__in=groups).count()
    return Summary(answers_open_on(cohort), counts, members, groups)


def _context(recipient: User, refs: Refs) -> dict[str, Any]:
    mastermind = refs["mastermind"]
    step = NextStep.objects.filter(mastermind=mastermind, user=recipient).first()
    return {**refs, "answer": step, "answer_url": reverse("next_step", args=[mastermind.pk])}


def register() -> None:
    kinds.register(
        Kind(
            COHORT_ENDING,
            "Your cohort is ending",
            "Two weeks before your cohort ends: continue with your group, be remixed into a new one, or pause.",
            digest=True,
            context=_context,
            url=lambda refs: reverse("next_step", args=[refs["mastermind"].pk]),
            related={"mastermind": ("cohort__program",)},
        )
    )


register()
