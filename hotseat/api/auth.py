"""Who calls the API: a personal token (``Authorization: Bearer hs_…``) or the browser's session.

A token that is unknown, revoked or expired authenticates nobody (401). A read token may only read:
a write with it is refused (403). Each token, and each signed-in browser, has a budget of requests
per minute in Django's cache (``API_RATE_LIMIT``), shared by every web process when the cache is
Redis; past it the answer is 429 with ``Retry-After``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone, translation
from ninja.security import HttpBearer, SessionAuth

from hotseat.accounts.models import User
from hotseat.api import actions
from hotseat.api.models import ApiToken, token_digest

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WINDOW_SECONDS = 60


class ReadOnlyTokenError(Exception):
    """A write sent with a read token."""


class RateLimitedError(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Caller:
    """The person behind a request, and the token they sent (None for the browser's session)."""

    user: User
    token: ApiToken | None


def spend(key: str) -> None:
    """Counts one request against ``key``'s budget of this minute; raises past it."""
    now = timezone.now().timestamp()
    window = int(now // WINDOW_SECONDS)
    bucket = f"api-rate:{key}:{window}"
    # add() then incr(): atomic on Redis and on the local-memory cache alike.
    cache.add(bucket, 0, timeout=WINDOW_SECONDS * 2)
    try:
        used = cache.incr(bucket)
    except ValueError:  # the bucket expired between add() and incr()
        cache.add(bucket, 1, timeout=WINDOW_SECONDS * 2)
        used = 1
    if used > settings.API_RATE_LIMIT:
        raise RateLimitedError(max(1, int((window + 1) * WINDOW_SECONDS - now) + 1))


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        now = timezone.now()
        if not token.startswith("hs_") or len(token) > 100:
            return None
        found = ApiToken.objects.usable(now).select_related("user").filter(digest=token_digest(token)).first()
        if found is None or not found.user.is_active:
            return None
        spend(f"token:{found.pk}")
        if request.method not in SAFE_METHODS and not found.may_write:
            raise ReadOnlyTokenError
        actions.record_use(found, now=now)
        if found.user.language:
            # The session's middleware did this for a browser; a token's owner is known only now.
            translation.activate(found.user.language)
            request.LANGUAGE_CODE = translation.get_language()
        return Caller(found.user, found)


class BrowserSessionAuth(SessionAuth):
    """The signed-in browser, with Django's CSRF check on writes (the docs page sends the token)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Caller | None:
        user = super().authenticate(request, key)
        if not isinstance(user, User):
            return None
        spend(f"session-user:{user.pk}")
        return Caller(user, None)


def caller(request: HttpRequest) -> Caller:
    """The caller the authentication found (every operation of the API requires one)."""
    found = request.auth  # type: ignore[attr-defined]  # set by django-ninja once authenticated
    assert isinstance(found, Caller)
    return found
