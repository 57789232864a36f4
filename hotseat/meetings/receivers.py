"""The meetings app follows the seats: a member who joins or leaves changes the call reminders and the turns."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.dispatch import receiver

from hotseat.masterminds.models import Mastermind
from hotseat.masterminds.signals import seats_changed
from hotseat.meetings.actions.hot_seat import replan_turns
from hotseat.meetings.models import Schedule
from hotseat.meetings.reminders import sync_reminders


@receiver(seats_changed, dispatch_uid="meetings_follow_seats")
def follow_seats(sender: Any, mastermind: Mastermind, now: datetime, **kwargs: Any) -> None:
    if Schedule.objects.filter(mastermind=mastermind).exists():
        sync_reminders(mastermind, now)  # a newcomer is reminded of the calls, a departed member no longer
    replan_turns(mastermind, now)  # upcoming hot seat turns are shared among who sits there now
