import time

import pytest

from hotseat.matching import MatchingError
from hotseat.matching.budget import Budget


def test_a_step_budget_runs_out_after_its_steps():
    budget = Budget(steps=3)
    budget.spend(2)

    assert not budget.out
    budget.spend()
    assert budget.out


def test_a_budget_without_limits_never_runs_out():
    budget = Budget()
    budget.spend(10**9)

    assert not budget.bounded
    assert not budget.out


def test_a_budget_runs_out_once_its_deadline_has_passed():
    budget = Budget(steps=1000, seconds=3600)
    assert not budget.out

    # Moved back rather than waited for: the test never depends on the clock's pace.
    assert budget.deadline is not None
    budget.deadline = time.monotonic() - 1

    assert budget.out


def test_a_share_gets_its_part_of_the_steps_left_and_charges_them_to_the_whole():
    budget = Budget(steps=100)
    budget.spend(40)

    part = budget.share(1 / 3)
    part.spend(20)

    assert part.steps == 20
    assert part.out
    assert budget.used == 60
    assert not budget.out


def test_a_share_of_a_clock_budget_ends_no_later_than_the_whole():
    budget = Budget(seconds=3600)

    part = budget.share(1 / 3)

    assert part.steps is None
    assert part.deadline is not None
    assert budget.deadline is not None
    assert part.deadline <= budget.deadline


@pytest.mark.parametrize(("steps", "seconds", "message"), [(0, None, "step budget"), (None, -1.0, "positive")])
def test_bad_limits_are_refused(steps, seconds, message):
    with pytest.raises(MatchingError, match=message):
        Budget(steps=steps, seconds=seconds)
