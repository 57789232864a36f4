"""Every action that reads the clock takes the moment as a keyword: the demo and tests pass it, nobody patches."""

import importlib
import inspect

import pytest

ACTION_MODULES = [
    "hotseat.accounts.actions",
    "hotseat.programs.actions",
    "hotseat.masterminds.actions.seats",
    "hotseat.masterminds.actions.waitlist",
    "hotseat.masterminds.actions.organizer",
    "hotseat.masterminds.actions.next_steps",
    "hotseat.masterminds.sheet.importing",
    "hotseat.meetings.actions.schedule",
    "hotseat.meetings.actions.attendance",
    "hotseat.meetings.actions.feeds",
    "hotseat.meetings.actions.hot_seat",
    "hotseat.homework.actions",
    "hotseat.proposals.actions",
    "hotseat.notify.actions",
]


def clock_reading_actions():
    for name in ACTION_MODULES:
        module = importlib.import_module(name)
        for attr, function in vars(module).items():
            if attr.startswith("_") or not inspect.isfunction(function) or function.__module__ != name:
                continue
            if "timezone.now()" in inspect.getsource(function):
                yield f"{name}.{attr}", function


@pytest.mark.parametrize(
    ("name", "function"), list(clock_reading_actions()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_an_action_that_reads_the_clock_takes_now_as_a_keyword(name, function):
    now = inspect.signature(function).parameters.get("now")

    assert now is not None, f"{name} reads the clock but takes no now="
    assert now.kind is inspect.Parameter.KEYWORD_ONLY
    assert now.default is None


def test_the_walk_finds_the_actions():
    names = [name for name, _ in clock_reading_actions()]

    assert "hotseat.masterminds.actions.seats.take_seat" in names
    assert "hotseat.meetings.actions.schedule.pick_slot" in names
