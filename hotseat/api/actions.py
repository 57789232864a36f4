"""Every change to API tokens: create (the token is returned once, never stored), revoke, record a use."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hotseat.accounts.models import User
from hotseat.api.models import PREFIX_LENGTH, ApiToken, token_digest
from hotseat.refusals import RefusalError

# A use is written at most this often per token, so a busy script does not write a row per request.
LAST_USED_PRECISION = timedelta(minutes=1)
MAX_TOKENS = 50


class TokenError(RefusalError):
    """A token that cannot be made or revoked."""


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown to its owner once, then only its digest is left


def create_token(
    user: User, *, name: str, scope: str, expires_at: datetime | None = None, now: datetime | None = None
) -> NewToken:
    now = now or timezone.now()
    if scope not in ApiToken.Scope.values:
        raise TokenError(gettext("Choose read, or read and write."), field="scope")
    if expires_at is not None and expires_at <= now:
        raise TokenError(gettext("The expiry date must be in the future."), field="expires_on")
    with transaction.atomic():
        if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_TOKENS:
            raise TokenError(
                gettext("You have %(count)s tokens; revoke one before you create another.") % {"count": MAX_TOKENS}
            )
        secret = "hs_" + secrets.token_urlsafe(32)
        token = ApiToken.objects.create(
            user=user,
            name=name,
            scope=scope,
            prefix=secret[:PREFIX_LENGTH],
            digest=token_digest(secret),
            created_at=now,
            expires_at=expires_at,
        )
    return NewToken(token, secret)


def revoke_token(token: ApiToken, *, now: datetime | None = None) -> ApiToken:
    now = now or timezone.now()
    with transaction.atomic():
        # A conditional update: revoking twice keeps the first moment.
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
        token.refresh_from_db()
    return token


def record_use(token: ApiToken, *, now: datetime | None = None) -> None:
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_PRECISION:
        return
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
