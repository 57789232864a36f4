"""The forum's part of the group page: a link to the group's private category, once the forum has made it."""

from __future__ import annotations

from dataclasses import dataclass

from hotseat.forum.models import ForumSpace
from hotseat.masterminds.models import Mastermind


@dataclass(frozen=True)
class ForumPanel:
    category_url: str


def forum_panel(mastermind: Mastermind, *, is_member: bool) -> ForumPanel | None:
    """Only for the group's members (the category is private to them), and only once it exists. One query."""
    if not is_member:
        return None
    space = (
        ForumSpace.objects.select_related("forum")
        .filter(mastermind=mastermind, category_id__isnull=False, forum__enabled=True)
        .first()
    )
    return ForumPanel(space.category_url) if space is not None else None
