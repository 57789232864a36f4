"""The hot seat part of the group page: who presents when, "you're in the hot seat next week", swaps."""

from __future__ import annotations

from typing import Any

from hotseat.accounts.requests import Request
from hotseat.masterminds.models import Mastermind


def rotation_panel(request: Request, mastermind: Mastermind) -> dict[str, Any] | None:
    """Context for meetings/_rotation.html (None: nothing to show)."""
    return None
