"""The masterminds app follows the signups: a seat held for someone declined goes to the next in line."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.dispatch import receiver

from hotseat.masterminds.actions import offer_open_seats
from hotseat.masterminds.models import Mastermind
from hotseat.programs.signals import seat_hold_released


@receiver(seat_hold_released, dispatch_uid="masterminds_pass_released_holds_on")
def pass_the_seat_on(sender: Any, mastermind: Mastermind, now: datetime, **kwargs: Any) -> None:
    offer_open_seats(mastermind, now)
