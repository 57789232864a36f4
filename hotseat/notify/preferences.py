"""Each person's choice per kind (on / off, straight away / daily digest) and unsubscribe tokens."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from hotseat.accounts.timezones import zone
from hotseat.notify.kinds import Kind
from hotseat.notify.models import NotificationPreference

UNSUBSCRIBE_SALT = "hotseat.notify.unsubscribe"
# The digest email's own unsubscribe link turns off email for every kind it groups.
DIGEST = "digest"


@dataclass(frozen=True)
class Choice:
    enabled: bool = True
    digest: bool = False


DEFAULT = Choice()


def effective(kind: Kind, stored: Choice | None) -> Choice:
    """What applies: mandatory kinds are always on, and only some kinds can wait for a digest."""
    if not kind.optional or stored is None:
        return DEFAULT
    return Choice(enabled=stored.enabled, digest=stored.enabled and stored.digest and kind.digest)


def choice(user_id: int, kind: Kind) -> Choice:
    row = NotificationPreference.objects.filter(user_id=user_id, kind=kind.name).first()
    return effective(kind, Choice(row.enabled, row.digest) if row else None)


def stored_choices(pairs: Iterable[tuple[int, str]]) -> dict[tuple[int, str], Choice]:
    """The stored choices for many (user id, kind) pairs in one query; absent pairs are left out."""
    pairs = set(pairs)
    if not pairs:
        return {}
    rows = NotificationPreference.objects.filter(
        user_id__in={u for u, _ in pairs}, kind__in={k for _, k in pairs}
    ).values_list("user_id", "kind", "enabled", "digest")
    return {(u, k): Choice(enabled, digest) for u, k, enabled, digest in rows if (u, k) in pairs}


def unsubscribe_token(user_id: int, kind: str) -> str:
    # Not timestamped: an unsubscribe link in a year-old email must still work.
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object([user_id, kind])


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """The (user id, kind) a token was made for; signing.BadSignature if it was not made by us."""
    value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    match value:
        case [int(user_id), str(kind)]:
            return user_id, kind
    raise signing.BadSignature("unexpected unsubscribe token payload")


def unsubscribe_url(user_id: int, kind: str) -> str:

    return settings.SITE_URL + reverse("notify:unsubscribe", args=[unsubscribe_token(user_id, kind)])


def next_digest_at(time_zone: str, after: datetime) -> datetime:
    """The first digest time (NOTIFY_DIGEST_HOUR, 08:00 by default, in the person's zone) after `after`."""
    tz = zone(time_zone)
    local = after.astimezone(tz)
    at = time(settings.NOTIFY_DIGEST_HOUR)
    day = local.date()
    candidate = datetime.combine(day, at, tzinfo=tz)
    if candidate <= local:
        candidate = datetime.combine(day + timedelta(days=1), at, tzinfo=tz)
    return candidate
