"""The call part of a week's page: RSVP before the call, attendance after it, the shared call notes."""

from __future__ import annotations

from typing import Any

from hotseat.accounts.requests import Request
from hotseat.meetings.models import Meeting


def call_panel(request: Request, meeting: Meeting) -> dict[str, Any] | None:
    """Context for meetings/_call_panel.html (None: nothing to show)."""
    return None
