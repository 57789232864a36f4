"""A mastermind that forms in a program with the forum on writes its steps, once, in the forming transaction."""

from __future__ import annotations

import pytest
from django.db import transaction

from hotseat.forum.models import ForumSpace, ForumStep
from hotseat.masterminds import actions
from tests.forum.helpers import formed_group, forum_on
from tests.masterminds.seating import accept

pytestmark = pytest.mark.django_db

Kind = ForumStep.Kind


def test_forming_writes_one_set_of_steps(cohort, alice, bob, chloe, dev):
    forum_on(cohort, "https://forum.example.org")
    mastermind = formed_group(cohort, alice, bob, chloe, dev)
    space = ForumSpace.objects.get(mastermind=mastermind)
    steps = {step.key: step for step in space.steps.all()}
    m = f"m{mastermind.pk}"
    assert set(steps) == {
        f"{m}:group",
        f"{m}:members",
        f"{m}:invite:u{chloe.pk}",
        f"{m}:invite:u{dev.pk}",
        f"{m}:category",
        f"{m}:welcome",
    }
    group = steps[f"{m}:group"]
    assert group.after is None
    assert {steps[f"{m}:invite:u{chloe.pk}"].email, steps[f"{m}:invite:u{dev.pk}"].email} == {chloe.email, dev.email}
    assert all(steps[k].after == group for k in steps if k.split(":")[1] in ("members", "invite", "category"))
    assert steps[f"{m}:welcome"].after == steps[f"{m}:category"]
    assert all(step.state == ForumStep.State.PENDING for step in steps.values())


def test_forming_again_writes_nothing_more(cohort, alice, bob, chloe, dev, erin):
    forum_on(cohort, "https://forum.example.org")
    mastermind = formed_group(cohort, alice, bob, chloe, dev)
    before = ForumStep.objects.count()
    actions.leave_seat(cohort, dev)  # below the minimum: forming again
    mastermind.refresh_from_db()
    assert mastermind.state == mastermind.State.FORMING
    accept(cohort, erin)
    actions.take_seat(mastermind, erin)  # formed a second time
    mastermind.refresh_from_db()
    assert mastermind.state == mastermind.State.FORMED
    assert ForumStep.objects.count() == before
    assert ForumSpace.objects.count() == 1


def test_no_steps_when_the_forum_is_off_or_absent(cohort, alice, bob, chloe, dev):
    forum_on(cohort, "https://forum.example.org", enabled=False)
    formed_group(cohort, alice, bob, chloe, dev)
    assert not ForumStep.objects.exists()
    assert not ForumSpace.objects.exists()


def test_the_steps_roll_back_with_the_seat(cohort, alice, bob, chloe, dev):
    forum_on(cohort, "https://forum.example.org")
    accept(cohort, alice, bob, chloe, dev)
    mastermind = actions.lead_mastermind(cohort, alice, title="Growing a forum")
    actions.take_seat(mastermind, bob)
    actions.take_seat(mastermind, chloe)

    class AbandonError(Exception):
        pass

    def fourth_seat_then_abandon() -> None:
        with transaction.atomic():
            actions.take_seat(mastermind, dev)  # the fourth: it forms, and its steps are written…
            assert ForumStep.objects.exists()
            raise AbandonError  # …then the transaction rolls back

    with pytest.raises(AbandonError):
        fourth_seat_then_abandon()
    assert not ForumStep.objects.exists()
