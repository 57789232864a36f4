"""Every change to the outbox and to people's notification choices.

`notify` is called inside the transaction of the change that causes it, so the row
exists if and only if that change committed. Delivery starts after the commit (a task
per notification); the worker's sweep (dispatch.deliver_due) is what guarantees it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from django.db import transaction
from django.utils import timezone, translation

from hotseat.accounts.models import User
from hotseat.notify import kinds
from hotseat.notify.emails import render_subject
from hotseat.notify.languages import email_language
from hotseat.notify.models import Notification, NotificationPreference
from hotseat.notify.preferences import DIGEST, Choice, choice, effective, next_digest_at, stored_choices
from hotseat.notify.refs import pack
from hotseat.notify.tasks import enqueue_delivery

log = logging.getLogger(__name__)

State = Notification.State
# Rows whose email has not gone out: a new cause may still move or cancel them.
UNSENT = (State.PENDING, State.SKIPPED, State.CANCELLED)
DIRECT_DELIVERY_MAX = 50


@dataclass(frozen=True)
class Reminder:
    """A notification due at a given time, as `reschedule` wants it to be."""

    kind: str
    recipient: User
    key: str
    due_at: datetime
    refs: Mapping[str, object] = field(default_factory=dict)


def _planned(
    kind: kinds.Kind, recipient: User, due: datetime, refs: Mapping[str, object], wants: Choice | None = None
) -> dict[str, object]:
    """The row's fields; ``wants`` is the recipient's choice for the kind when the caller read it already."""
    wants = wants or choice(recipient.pk, kind)
    # Stored for the admin and as the in-app list's fallback: in the language the email will be in.
    with translation.override(email_language(recipient, [refs])):
        subject = render_subject(kind, recipient, refs)
    return {
        "kind": kind.name,
        "recipient": recipient,
        "refs": pack(refs),
        "subject": subject,
        "url": kind.url(refs),
        "due_at": due,
        "expires_at": kind.expires(refs) if kind.expires else None,
        "state": State.PENDING if wants.enabled else State.SKIPPED,
        "in_digest": wants.digest,
        "next_attempt_at": next_digest_at(recipient.time_zone, due) if wants.digest else due,
    }


def _deliver_after_commit(notification: Notification, now: datetime) -> None:
    if notification.state == State.PENDING and not notification.in_digest and notification.due_at <= now:
        # robust: the change has committed; a failed enqueue only waits for the worker's sweep.
        transaction.on_commit(partial(enqueue_delivery, notification.pk), robust=True)


def notify(
    kind: str,
    recipient: User,
    *,
    key: str,
    due_at: datetime | None = None,
    now: datetime | None = None,
    **refs: object,
) -> Notification:
    """Write the notification named `key` (once: a second call with the same key returns the first row).

    `refs` are what the email is about (rows, aware datetimes, plain values); it is
    rendered from them when sent. `due_at` in the future makes it a reminder; `now` is
    the moment of the change that causes it (its `created_at`).
    """
    existing = Notification.objects.filter(key=key).first()
    if existing is not None:
        return existing
    return _write(kinds.get(kind), recipient, key=key, due_at=due_at, now=now or timezone.now(), refs=refs)


def notify_many(
    kind: str, recipients: Iterable[tuple[User, str, Mapping[str, object]]], *, now: datetime | None = None
) -> int:
    """`notify` for many people at once, each (recipient, key, refs): three queries, however many.

    A key already in the outbox is skipped, as `notify` returns the first row. Returns how many were written.
    A few are handed to a delivery task after the commit, as `notify` does; a batch larger than
    `DIRECT_DELIVERY_MAX` waits for the worker's sweep (seconds away) rather than queue a task per row,
    which would cost the request an insert per person after its commit.
    """
    spec = kinds.get(kind)
    now = now or timezone.now()
    wanted = {key: (recipient, refs) for recipient, key, refs in recipients}
    if not wanted:
        return 0
    written = set(Notification.objects.filter(key__in=list(wanted)).values_list("key", flat=True))
    stored = stored_choices({(recipient.pk, kind) for key, (recipient, _) in wanted.items() if key not in written})
    rows = [
        Notification(
            key=key,
            created_at=now,
            **_planned(spec, recipient, now, refs, effective(spec, stored.get((recipient.pk, kind)))),
        )
        for key, (recipient, refs) in wanted.items()
        if key not in written
    ]
    Notification.objects.bulk_create(rows)
    if rows and rows[0].pk is None:  # a database that does not return the new keys from a bulk insert
        rows = list(Notification.objects.filter(key__in=[r.key for r in rows]))
    if len(rows) <= DIRECT_DELIVERY_MAX:
        for row in rows:
            _deliver_after_commit(row, now)
    return len(rows)


def _write(
    spec: kinds.Kind,
    recipient: User,
    *,
    key: str,
    due_at: datetime | None,
    now: datetime,
    refs: Mapping[str, object],
    wants: Choice | None = None,
) -> Notification:
    planned = {**_planned(spec, recipient, due_at or now, refs, wants), "created_at": now}
    notification, created = Notification.objects.get_or_create(key=key, defaults=planned)
    if created:
        _deliver_after_commit(notification, now)
    return notification


def _unchanged(row: Notification, planned: Mapping[str, object]) -> bool:
    """The row already says what ``planned`` would write (so re-deriving writes nothing)."""
    if row.attempts or row.last_error or row.read_at is not None:
        return False
    for name, value in planned.items():
        current = row.recipient_id if name == "recipient" else getattr(row, name)
        if current != (value.pk if name == "recipient" and isinstance(value, User) else value):
            return False
    return True


def cancel(key: str) -> bool:
    """Call off a notification whose cause went away. False if it was already sent (or being sent)."""
    return bool(
        Notification.objects.filter(key=key, state__in=[State.PENDING, State.SKIPPED]).update(
            state=State.CANCELLED, claimed_until=None
        )
    )


@transaction.atomic
def due_and_waiting(key_prefix: str, now: datetime) -> set[str]:
    """Keys under `key_prefix` that fell due by `now` and wait for the worker's sweep.

    Re-deriving reminders keeps these wanted even though their time has passed: somebody
    else's change must not call off a reminder that is about to go. (One whose time had
    passed before it was ever written is not written late.)
    """
    return set(
        Notification.objects.filter(
            key__startswith=key_prefix, state__in=[State.PENDING, State.SKIPPED], due_at__lte=now
        ).values_list("key", flat=True)
    )


def reschedule(key_prefix: str, reminders: Iterable[Reminder], *, now: datetime | None = None) -> list[Notification]:
    """Make the outbox hold exactly `reminders` among the keys starting with `key_prefix`.

    New ones are written, changed ones moved (and revived if they had been cancelled),
    the ones no longer wanted cancelled. Sent, failed and in-flight rows are left alone:
    put what changes the message's meaning (e.g. a meeting's start) into the key.
    """
    wanted = {r.key: r for r in reminders}
    stray = [k for k in wanted if not k.startswith(key_prefix)]
    if stray:
        msg = f"reminder keys must start with {key_prefix!r}: {stray}"
        raise ValueError(msg)
    now = now or timezone.now()
    rows = {n.key: n for n in Notification.objects.select_for_update().filter(key__startswith=key_prefix)}
    Notification.objects.filter(
        pk__in=[n.pk for k, n in rows.items() if k not in wanted and n.state in (State.PENDING, State.SKIPPED)]
    ).update(state=State.CANCELLED, claimed_until=None)
    # Everybody's choices for these kinds, in one query rather than one per reminder.
    stored = stored_choices({(r.recipient.pk, r.kind) for r in wanted.values()})
    fresh: list[Notification] = []
    for key, reminder in wanted.items():
        row = rows.get(key)
        if row is not None and row.state not in UNSENT:
            continue  # sent, failed or in flight: left alone
        spec = kinds.get(reminder.kind)
        wants = effective(spec, stored.get((reminder.recipient.pk, reminder.kind)))
        planned = _planned(spec, reminder.recipient, reminder.due_at, reminder.refs, wants)
        if row is None:
            fresh.append(Notification(key=key, created_at=now, **planned))
        elif not _unchanged(row, planned):
            for name, value in planned.items():
                setattr(row, name, value)
            row.attempts, row.last_error, row.read_at = 0, "", None
            row.save()
            _deliver_after_commit(row, now)
    if fresh:
        # One insert for every new reminder (publishing nine groups writes hundreds). A row another
        # transaction wrote under the same key since the SELECT above is kept, as get_or_create would.
        Notification.objects.bulk_create(fresh, ignore_conflicts=True)
        for row in Notification.objects.filter(key__in=[n.key for n in fresh]):
            rows[row.key] = row
            _deliver_after_commit(row, now)
    return [rows[key] for key in wanted]


def retry_failed(ids: Iterable[int], *, now: datetime | None = None) -> int:
    """Put failed notifications back in the queue (the admin's "retry")."""
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(Notification.objects.select_for_update().filter(pk__in=list(ids), state=State.FAILED))
        Notification.objects.filter(pk__in=[n.pk for n in rows]).update(
            state=State.PENDING, attempts=0, next_attempt_at=now, claimed_until=None
        )
        for row in rows:
            row.state = State.PENDING
            row.next_attempt_at = now
            _deliver_after_commit(row, now)
    return len(rows)


@transaction.atomic
def set_choices(user: User, wanted: Mapping[str, Choice]) -> None:
    for name, wants in wanted.items():
        kind = kinds.get(name)
        if not kind.optional:
            continue
        NotificationPreference.objects.update_or_create(
            user=user, kind=name, defaults={"enabled": wants.enabled, "digest": wants.digest and kind.digest}
        )


@transaction.atomic
def unsubscribe(user_id: int, kind: str) -> list[str]:
    """Turn email off for one person and one kind (or, from a digest, every kind they get as a digest).

    Returns the kinds turned off.
    """
    if kind == DIGEST:
        names = list(
            NotificationPreference.objects.filter(user_id=user_id, enabled=True, digest=True).values_list(
                "kind", flat=True
            )
        )
    else:
        names = [kind]
    for name in names:
        NotificationPreference.objects.update_or_create(user_id=user_id, kind=name, defaults={"enabled": False})
    return names


def mark_all_read(user: User, *, now: datetime | None = None) -> int:
    now = now or timezone.now()
    return Notification.objects.filter(recipient=user, read_at__isnull=True, due_at__lte=now).update(read_at=now)
