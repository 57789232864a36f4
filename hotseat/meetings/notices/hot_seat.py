"""What the hot seat rotation tells people: the nudge before their turn, swap requests and answers, a changed presenter.

Rendered when sent, in the recipient's zone, from the rows as they are then.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, cast

from django.urls import reverse
from django.utils.translation import gettext_lazy

from hotseat.accounts.models import User
from hotseat.masterminds.models import Mastermind
from hotseat.meetings.models import Meeting
from hotseat.notify import kinds
from hotseat.notify.actions import Reminder, reschedule
from hotseat.notify.kinds import Kind, Refs
from hotseat.notify.models import Notification

HOT_SEAT_NUDGE = "hot_seat_nudge"
TURN_SWAP = "turn_swap"
HOT_SEAT_CHANGED = "hot_seat_changed"

# Issue 6: the presenter hears it two days before their call — time to think about the
# question and post it early, so the group can read it before the call.
NUDGE_LEAD = timedelta(days=2)

_ENDED = (Mastermind.State.FINISHED, Mastermind.State.DISBANDED)


def _group_url(refs: Refs) -> str:
    return reverse("group", args=[refs["mastermind"].pk])


def _week_url(refs: Refs) -> str:
    meeting = refs["meeting"]
    return reverse("week", args=[meeting.mastermind_id, meeting.number])


def _context(recipient: User, refs: Refs) -> dict[str, Any]:
    return {**refs, "group_url": _group_url(refs), "week_url": _week_url(refs) if "meeting" in refs else ""}


def nudge_prefix(mastermind: Mastermind) -> str:
    return f"{HOT_SEAT_NUDGE}:m{mastermind.pk}:"


def wanted_nudges(mastermind: Mastermind, meetings: list[Meeting], now: datetime) -> list[Reminder]:
    """One nudge per upcoming call that has a presenter, due ``NUDGE_LEAD`` before it.

    The key holds the call, its start and the presenter: a swap, a deferral or a moved
    call gives a new row and cancels the old one. A call put closer than the lead gets its
    nudge at once (the presenter still needs to know); one already under way gets none.
    """
    if mastermind.state in _ENDED:
        return []
    prefix = nudge_prefix(mastermind)
    wanted = []
    for meeting in meetings:
        if meeting.presenter is None or meeting.state == Meeting.State.SKIPPED or meeting.starts_at <= now:
            continue
        start = meeting.starts_at.astimezone(UTC)
        key = f"{prefix}c{meeting.pk}:{start:%Y%m%dT%H%MZ}:u{meeting.presenter_id}"
        due = max(meeting.starts_at - NUDGE_LEAD, now)
        wanted.append(
            Reminder(
                HOT_SEAT_NUDGE,
                meeting.presenter,
                key=key,
                due_at=due,
                refs={"mastermind": mastermind, "meeting": meeting},
            )
        )
    return wanted


def sync_nudges(mastermind: Mastermind, meetings: list[Meeting], now: datetime) -> list[Notification]:
    """Make the outbox hold exactly the nudges the rotation calls for (inside the change's transaction)."""
    return reschedule(nudge_prefix(mastermind), wanted_nudges(mastermind, meetings, now), now=now)


def register() -> None:
    """Make the kinds known to the outbox (idempotent)."""
    kinds.register(
        Kind(
            HOT_SEAT_NUDGE,
            cast(str, gettext_lazy("Your turn in the hot seat")),
            cast(
                str, gettext_lazy("Two days before the call where you present: a reminder to post your question early.")
            ),
            optional=True,
            digest=False,
            context=_context,
            url=_week_url,
        )
    )
    kinds.register(
        Kind(
            TURN_SWAP,
            cast(str, gettext_lazy("Hot seat swaps")),
            cast(
                str,
                gettext_lazy("When someone asks to swap hot seat turns with you, and when your request is answered."),
            ),
            optional=True,
            digest=False,
            context=_context,
            url=_group_url,
        )
    )
    kinds.register(
        Kind(
            HOT_SEAT_CHANGED,
            cast(str, gettext_lazy("Hot seat changes")),
            cast(str, gettext_lazy("When this week's presenter cannot make it and the rotation moves on.")),
            optional=True,
            digest=True,
            context=_context,
            url=_group_url,
        )
    )


register()
