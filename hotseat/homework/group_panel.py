"""The homework part of the group page: this week's question, who has posted, the timeline of past weeks."""

from __future__ import annotations

from typing import Any

from hotseat.accounts.requests import Request
from hotseat.masterminds.models import Mastermind


def homework_panel(request: Request, mastermind: Mastermind) -> dict[str, Any] | None:
    """Context for homework/_group.html (None: nothing to show)."""
    return None
