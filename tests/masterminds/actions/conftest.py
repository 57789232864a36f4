"""Fixtures of the board actions' tests."""

from __future__ import annotations

import pytest

from hotseat.masterminds.signals import seats_changed


@pytest.fixture
def heard_seats():
    """The masterminds ``seats_changed`` was sent for, in order."""
    heard: list[int] = []

    def listen(sender, mastermind, now, **kwargs):
        heard.append(mastermind.pk)

    seats_changed.connect(listen)
    yield heard
    seats_changed.disconnect(listen)
