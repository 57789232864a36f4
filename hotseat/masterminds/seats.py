"""Counting seats: taken, held for a waitlisted person, open."""

from __future__ import annotations

from datetime import datetime

from hotseat.masterminds.models import Mastermind, Membership
from hotseat.programs.models import Signup


def active_memberships(mastermind: Mastermind) -> list[Membership]:
    return list(mastermind.memberships.seated().select_related("user").order_by("joined_at", "pk"))


def open_seat_count(mastermind: Mastermind, now: datetime) -> int:
    taken = mastermind.memberships.seated().count()
    held = Signup.objects.filter(offer_mastermind=mastermind, offer_expires_at__gt=now).count()
    return max(0, mastermind.capacity - taken - held)
