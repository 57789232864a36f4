"""A program with its forum on, pointed at a fake forum or at Prism, and a group that forms in it."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from hotseat.forum.delivery import send_due_steps
from hotseat.forum.models import ForumAccount, ForumSettings, ForumStep
from hotseat.masterminds.models import Mastermind
from hotseat.programs.models import Cohort
from tests.groups import full_group
from tests.integrations.discourse.fake_forum import API_KEY

PARENT_CATEGORY = 7


def forum_on(cohort: Cohort, url: str, *, enabled: bool = True) -> ForumSettings:
    return ForumSettings.objects.create(
        program=cohort.program,
        enabled=enabled,
        url=url,
        api_key=API_KEY,
        api_username="system",
        parent_category_id=PARENT_CATEGORY,
    )


def formed_group(cohort: Cohort, alice, bob, chloe, dev) -> Mastermind:
    """Alice leads Bob, Chloe and Dev; Alice and Bob have forum accounts, Chloe and Dev are invited by email."""
    ForumAccount.objects.create(user=alice, username="alice_nyc")
    ForumAccount.objects.create(user=bob, username="bob")
    mastermind = full_group(cohort, alice, bob, chloe, dev)
    mastermind.refresh_from_db()
    assert mastermind.state == Mastermind.State.FORMED
    return mastermind


def run_worker(now: datetime | None = None, *, loops: int = 10) -> datetime:
    """The worker's job, loop after loop (each a second apart) until nothing is left to send; returns the clock."""
    now = now or timezone.now()
    for _ in range(loops):
        send_due_steps(now)
        if not ForumStep.objects.filter(state__in=[ForumStep.State.PENDING, ForumStep.State.SENDING]).exists():
            break
        now += timedelta(seconds=1)
    return now


def states() -> dict[str, str]:
    return {step.key.split(":", 1)[1]: step.state for step in ForumStep.objects.all()}
