"""Cursor pagination for lists: ``?limit=&cursor=``, answered with ``items`` and ``next``.

A cursor is the last key of the page before, encoded so callers treat it as opaque; keys are unique
and ordered (the primary key, or a meeting's week number within its mastermind), so a row added or
removed while someone pages on is neither repeated nor skipped.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext
from ninja import Schema
from pydantic import Field

from hotseat.refusals import RefusalError

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
# Keys are database integers; a cursor past them names no row and is refused like any other bad one.
MAX_KEY = 2**31 - 1


class PageQuery(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: str | None = Field(None, max_length=40)


class CursorError(RefusalError):
    """A cursor we did not hand out."""


def encode_cursor(key: int) -> str:
    return base64.urlsafe_b64encode(f"k{key}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raw = ""
    digits = raw[1:]
    if not raw.startswith("k") or not digits.isascii() or not digits.isdigit() or int(digits) > MAX_KEY:
        raise CursorError(gettext("This cursor is not one the API handed out."), field="cursor")
    return int(digits)


def paginate(queryset: QuerySet[Any], page: PageQuery, key: str = "pk") -> tuple[Sequence[Any], str | None]:
    """One page of ``queryset`` ordered by ``key``, and the cursor of the next page (None at the end)."""
    rows = queryset.order_by(key)
    if page.cursor:
        rows = rows.filter(**{f"{key}__gt": decode_cursor(page.cursor)})
    items = list(rows[: page.limit + 1])
    if len(items) <= page.limit:
        return items, None
    items = items[: page.limit]
    return items, encode_cursor(getattr(items[-1], key))
