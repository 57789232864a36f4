"""The bounds of what a caller puts in a path: slugs as the models allow them, ids within database integers."""

from __future__ import annotations

from typing import Annotated

from ninja import Path

from hotseat.api.pagination import MAX_KEY

SlugPath = Annotated[str, Path(..., min_length=1, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")]
IdPath = Annotated[int, Path(..., ge=1, le=MAX_KEY)]
