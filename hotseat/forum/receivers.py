"""The forum app follows the masterminds: a group that forms gets its private space on the program's forum."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.dispatch import receiver

from hotseat.forum.actions import open_space
from hotseat.masterminds.models import Mastermind
from hotseat.masterminds.signals import mastermind_formed


@receiver(mastermind_formed, dispatch_uid="forum_open_space_on_forming")
def open_its_space(sender: Any, mastermind: Mastermind, now: datetime, **kwargs: Any) -> None:
    open_space(mastermind, now=now)
