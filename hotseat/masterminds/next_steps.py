"""The end of a cohort: each member says whether to continue with their group, be remixed, or pause.

From the start of the cohort's last ``ANSWER_WEEKS`` weeks a member answers on
/m/<id>/next/; the "cohort ending" notification (kind ``cohort_ending``) asks them, on
the morning that period starts, on their own clock. The next cohort's proposal reads the
answers (hotseat/proposals/input.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef

from hotseat.accounts.models import User
from hotseat.accounts.timezones import zone
from hotseat.masterminds.models import Mastermind, Membership, NextStep
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
        return [(str(label), self.counts.get(value, 0)) for value, label in NextStep.Choice.choices]


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
