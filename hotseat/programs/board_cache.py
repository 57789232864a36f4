"""The public board, rendered once a minute for everyone who is not signed in.

A board is read mostly by people following a shared link, and every open tab polls it
every 30 s; rendering 250 cards costs ~100 ms. So the HTML for anonymous viewers lives
in Django's cache (locmem per process by default, Redis with CACHE_URL: no state of our
own in process memory), under a key made of:

- the cohort and its **board version**, a counter in the cache that every action changing
  the board bumps once its transaction commits (`bump_board`), so a seat taken shows up
  on the next view;
- the viewer's time zone: dates are formatted in it and the footer names it;
- the viewer's language (their cookie, else their browser's Accept-Language): every word
  of the page is in it;
- the current UTC **minute**: each seat shows its member's local time "now" to the
  minute, held seats lapse and sign-up opens and closes with time.

Because the minute is in the key, anything that changes the board without an action
(an edit in the admin, a profile's new name or zone, a meeting starting a group) shows
on anonymous boards within about 60 s; actions show at once. A hit runs no SQL: which
cohort a URL shows is cached too, for a minute. With the default locmem cache every
process keeps its own versions, so an action shows at once in the process that ran it
and within that minute in the others (other web workers, the task worker that passes on
lapsed holds); with Redis (CACHE_URL), everywhere at once.

Signed-in viewers are never served a page from here: their page has their seat, their forms
and their CSRF token. Nor are responses carrying messages. What their board shares with
everyone (the waitlist, the cards of groups they have no part in) is cached under the same
key, with whether they may take a seat (`fetch_parts`); their own part is read on every
request. So for them too an action shows at once, and an edit behind the actions' back
within the minute. Their own part (their place, their cards, the page around) is cached under
the same key and their user: it changes only through actions too. With the default locmem
cache and several web processes, a seat taken through another process can still show open for
the rest of the minute; taking it is refused with the board's message and a board rendered
whole (masterminds/views/board.py). With Redis (CACHE_URL) it shows taken at once everywhere.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.middleware.csrf import get_token

# An entry is useful for the minute in its key only; a little slack for clock skew.
ENTRY_SECONDS = 90

# base.html puts the CSRF token into <body hx-headers>, even for anonymous viewers. A
# cached page holding one visitor's (masked) token would hand every later visitor that
# visitor's CSRF secret. The page is rendered with this placeholder instead and each
# response gets the token of its own visitor (and their CSRF cookie, as a fresh render
# would). Letters, digits and hyphens only, so that autoescaping leaves it alone.
CSRF_PLACEHOLDER = "csrf-token-of-this-visitor-7d3f9a1c"
_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode()


# Which cohort a board URL shows, so that a hit runs no SQL at all. A cohort whose slug
# changes or that is deleted in the admin keeps its old URL for this long at most.
COHORT_SECONDS = 60


def cohort_at(program_slug: str, cohort_slug: str, lookup: Callable[[], int]) -> int:
    """The cohort at these slugs: from the cache, else `lookup()` (which may raise Http404)."""
    key = f"board:cohort:{program_slug}/{cohort_slug}"
    found: int | None = cache.get(key)
    if found is None:
        found = lookup()
        cache.set(key, found, COHORT_SECONDS)
    return found


def _version_key(cohort_id: int) -> str:
    return f"board:version:{cohort_id}"


def board_version(cohort_id: int) -> int:
    """The cohort's board version; a new one (never seen before) if the cache lost it."""
    key = _version_key(cohort_id)
    version = cache.get(key)
    if version is None:
        # Start from the clock, not 0: after an eviction or a cache restart, old numbers
        # (and the entries keyed by them) must not come back.
        cache.add(key, time.time_ns(), timeout=None)
        version = cache.get(key, 0)
    return int(version)


def _bump(cohort_id: int) -> None:
    try:
        cache.incr(_version_key(cohort_id))
    except ValueError:  # not in the cache: the next reader starts a new version
        cache.add(_version_key(cohort_id), time.time_ns(), timeout=None)


def bump_board(cohort_id: int) -> None:
    """Make anonymous boards of this cohort fresh once the current transaction commits.

    On commit, so a rolled-back action changes nothing and nobody caches the board as it
    was before the commit under the new version. Robust: the action has happened even if
    the cache is down; the minute in the key then bounds the staleness.
    """
    transaction.on_commit(lambda: _bump(cohort_id), robust=True)


def board_key(cohort_id: int, version: int, zone_name: str, now_minute: int, language: str) -> str:
    return f"board:{cohort_id}:{version}:{now_minute}:{zone_name}:{language}"


def minute_of(timestamp: float) -> int:
    return int(timestamp // 60)


def etag(key: str) -> str:
    return '"' + hashlib.blake2b(key.encode(), digest_size=12).hexdigest() + '"'


def serves(request: HttpRequest) -> bool:
    """Whether this board request may be answered from (and fill) the cache."""
    if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        return False
    # len() loads the messages without marking them read: the fresh render shows them.
    return len(messages.get_messages(request)) == 0


def fetch(key: str, render: Callable[[], str]) -> bytes:
    """The cached HTML under `key`, rendered and stored on a miss."""
    html: bytes | None = cache.get(key)
    if html is None:
        html = render().encode()
        cache.set(key, html, ENTRY_SECONDS)
    return html


def fetch_parts(key: str, render: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The signed-in board's shared parts under `key` (masterminds/views/board.py), built and stored on a miss."""
    parts: dict[str, Any] | None = cache.get(key)
    if parts is None:
        parts = render()
        cache.set(key, parts, ENTRY_SECONDS)
    return parts


def fetch_page(key: str, render: Callable[[], str]) -> list[bytes]:
    """A full page rendered with CSRF_PLACEHOLDER, cut where each visitor's token goes."""
    parts: list[bytes] | None = cache.get(key)
    if parts is None:
        parts = render().encode().split(_PLACEHOLDER_BYTES)
        cache.set(key, parts, ENTRY_SECONDS)
    return parts


def with_token(request: HttpRequest, parts: list[bytes]) -> bytes:
    return get_token(request).encode().join(parts) if len(parts) > 1 else parts[0]
