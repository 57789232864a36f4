"""What members answer about their cohort's end, and the "cohort ending" notification that asks them."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from hotseat.accounts.models import User
from hotseat.masterminds.errors import BoardError
from hotseat.masterminds.models import Mastermind, NextStep
from hotseat.masterminds.next_steps import ANSWERING_STATES, answers_open, answers_open_on, ask_at
from hotseat.masterminds.notices import COHORT_ENDING
from hotseat.masterminds.seats import active_memberships
from hotseat.notify.actions import Reminder, reschedule


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
def answer_next_step(mastermind: Mastermind, user: User, choice: str, *, now: datetime | None = None) -> NextStep:
    """Record (or change) a member's answer."""
    now = now or timezone.now()
    mastermind = Mastermind.objects.lock().select_related("cohort").get(pk=mastermind.pk)
    if not mastermind.memberships.seated().filter(user=user).exists():
        raise BoardError(gettext("Only the group's members answer this."))
    if choice not in NextStep.Choice.values:
        raise BoardError(gettext("Pick one of the three answers."))
    if mastermind.state not in ANSWERING_STATES:
        raise BoardError(
            gettext("%(mastermind)s is %(state)s: there is nothing to continue.")
            % {"mastermind": mastermind, "state": mastermind.get_state_display().lower()}
        )
    opens = answers_open_on(mastermind.cohort)
    if not answers_open(mastermind.cohort, timezone.localdate(now)):
        raise BoardError(
            gettext("You can answer from %(day)s, two weeks before the cohort ends.")
            % {"day": date_format(opens, "l j F")}
        )
    step, _ = NextStep.objects.update_or_create(mastermind=mastermind, user=user, defaults={"choice": choice})
    return step
