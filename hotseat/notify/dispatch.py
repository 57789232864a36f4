"""The dispatcher: claim due notifications, send each once, record what happened.

Claiming: a short transaction turns due rows into `sending`, leased to one worker
(`claimed_by` until `claimed_until`). On PostgreSQL the candidates are read with
SELECT … FOR UPDATE SKIP LOCKED, so workers take disjoint rows without waiting; on
SQLite (one writer at a time) each candidate is taken by a conditional UPDATE whose
row count says whether this worker got it.

Sending: on PostgreSQL the worker locks its claimed row, sends, and marks it sent in
that same transaction, so no other worker can take the row while its email is on the
wire, even past the lease. SQLite cannot hold a transaction open during an SMTP
exchange without stopping every other writer, so there the lease is renewed right
before sending and the row is marked sent right after, both conditional on still
holding the claim.

The one window: the server accepted the message and the worker died (or lost the
database) before the mark committed. The row is then sent again after its lease
expires, with the same Message-ID. Everything else is sent exactly once or retried.
"""

from __future__ import annotations

import logging
import smtplib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Self

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.db import connections, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from hotseat.notify import kinds
from hotseat.notify.emails import SUBJECT_PREFIX, render_digest, render_notification
from hotseat.notify.models import Notification
from hotseat.notify.preferences import Choice, effective, stored_choices
from hotseat.notify.refs import GoneError, load

log = logging.getLogger(__name__)

State = Notification.State


def lease() -> timedelta:
    return timedelta(seconds=settings.NOTIFY_LEASE_SECONDS)


def backoff(attempts: int) -> timedelta:
    """Wait before the next try: base, twice that, four times … up to the cap."""
    seconds = settings.NOTIFY_RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1)
    return timedelta(seconds=min(seconds, settings.NOTIFY_RETRY_MAX_SECONDS))


def _claimable(now: datetime) -> Q:
    # A `sending` row whose lease ran out belongs to a worker that died: anyone may take it.
    return Q(state=State.PENDING, next_attempt_at__lte=now) | Q(
        state=State.SENDING, claimed_until__lt=now, attempts__lt=settings.NOTIFY_MAX_ATTEMPTS
    )


def _permanent(error: BaseException) -> bool:
    """A 5xx answer or an address we cannot even write: trying again will not help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return isinstance(error, ValueError)


def _server_down(error: BaseException) -> bool:
    """No conversation with the server: the rest of the batch would fail the same way."""
    if isinstance(error, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return True
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


@dataclass
class Report:
    claimed: int = 0
    sent: int = 0
    emails: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    cancelled: int = 0

    def __str__(self) -> str:
        return ", ".join(f"{name} {value}" for name, value in vars(self).items() if value)


class _Mailer:
    """One connection to the mail server for a whole batch, opened when first needed."""

    def __init__(self) -> None:
        self.backend: Any = None

    def send(self, message: EmailMessage) -> None:
        if self.backend is None:
            self.backend = mail.mailers.default
            self.backend.open()
        try:
            self.backend.send_messages([message])
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        backend, self.backend = self.backend, None
        if backend is not None:
            try:
                backend.close()
            except OSError:
                log.debug("closing the mail connection failed", exc_info=True)


class Dispatcher:
    def __init__(
        self, worker_id: str, now: datetime | None = None, should_stop: Callable[[], bool] | None = None
    ) -> None:
        self.worker_id = worker_id[:64]
        self.started = now or timezone.now()
        self._clock = time.monotonic()
        self.should_stop = should_stop or (lambda: False)
        self.mailer = _Mailer()
        self.report = Report()
        self.db = Notification.objects.db
        self.locks_rows = connections[self.db].features.has_select_for_update

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.mailer.close()

    def now(self) -> datetime:
        """The `now` given (tests move it), running on with the real clock."""
        return self.started + timedelta(seconds=time.monotonic() - self._clock)

    def _mine(self, ids: Iterable[int]) -> QuerySet[Notification]:
        return Notification.objects.filter(pk__in=list(ids), state=State.SENDING, claimed_by=self.worker_id)

    # Claiming ----------------------------------------------------------------------

    def claim(self, candidates: QuerySet[Notification], limit: int) -> list[int]:
        now = self.now()
        due = candidates.filter(_claimable(now)).order_by("next_attempt_at", "pk")
        take = {
            "state": State.SENDING,
            "claimed_by": self.worker_id,
            "claimed_until": now + lease(),
            "attempts": F("attempts") + 1,
        }
        with transaction.atomic(using=self.db):
            if connections[self.db].features.has_select_for_update_skip_locked:
                ids = list(due.select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit])
                Notification.objects.filter(pk__in=ids).update(**take)
            else:
                ids = [pk for pk in due.values_list("pk", flat=True)[:limit] if due.filter(pk=pk).update(**take)]
        self.report.claimed += len(ids)
        return ids

    def fail_exhausted(self) -> None:
        """Rows whose worker died while sending, on their last try: give up on them, loudly."""
        count = Notification.objects.filter(
            state=State.SENDING, claimed_until__lt=self.now(), attempts__gte=settings.NOTIFY_MAX_ATTEMPTS
        ).update(state=State.FAILED, claimed_until=None, last_error="the worker stopped while sending, every try")
        if count:
            log.error("%d notifications failed: their worker stopped while sending them, every try", count)
        self.report.failed += count

    def release(self, ids: Iterable[int]) -> None:
        """Give back rows claimed but never tried (a graceful stop): they were not an attempt."""
        self._mine(ids).update(state=State.PENDING, claimed_until=None, attempts=F("attempts") - 1)

    # Delivering --------------------------------------------------------------------

    def deliver(self, ids: Sequence[int]) -> None:
        rows = list(self._mine(ids).select_related("recipient").order_by("next_attempt_at", "pk"))
        choices = stored_choices((n.recipient_id, n.kind) for n in rows)
        known = {n.kind: kinds.KINDS[n.kind] for n in rows if n.kind in kinds.KINDS}
        loaded = load([(n.refs, known[n.kind].related if n.kind in known else {}) for n in rows])
        for index, (row, refs) in enumerate(zip(rows, loaded, strict=True)):
            if self.should_stop():
                self.release(n.pk for n in rows[index:])
                return
            if not self._deliver_one(row, refs, choices):
                # The mail server is down: the rest of the batch waits with this row.
                self._retry_later(rows[index + 1 :], "not tried: the mail server was unreachable")
                return

    def _deliver_one(
        self, row: Notification, refs: dict[str, Any] | GoneError, choices: dict[tuple[int, str], Choice]
    ) -> bool:
        try:
            kind = kinds.get(row.kind)
        except ValueError as error:
            self._finish([row], State.FAILED, str(error))
            return True
        if not effective(kind, choices.get((row.recipient_id, row.kind))).enabled:
            self._finish([row], State.SKIPPED, "email turned off by the recipient")
            return True
        if isinstance(refs, GoneError):
            self._finish([row], State.CANCELLED, str(refs))
            return True
        try:
            message = render_notification(row, kind, refs)
        except Exception as error:  # a template or data bug: retried with back-off, then failed, visibly
            log.exception("could not render notification %s", row.key)
            self._failed([row], error)
            return True
        subject = str(message.subject).removeprefix(SUBJECT_PREFIX)
        return self._send([row], message, subject=subject)

    def deliver_digests(self, limit: int) -> None:
        """One email per person whose held notifications are due (08:00 their time)."""
        now = self.now()
        people = (
            Notification.objects.filter(_claimable(now), in_digest=True)
            .order_by()
            .values_list("recipient_id", flat=True)
            .distinct()
        )
        for recipient_id in list(people[:limit]):
            if self.should_stop():
                return
            ids = self.claim(Notification.objects.filter(in_digest=True, recipient_id=recipient_id), 500)
            rows = list(self._mine(ids).select_related("recipient"))
            if not rows:
                continue
            choices = stored_choices((n.recipient_id, n.kind) for n in rows)
            off = [n for n in rows if not effective(kinds.get(n.kind), choices.get((n.recipient_id, n.kind))).enabled]
            self._finish(off, State.SKIPPED, "email turned off by the recipient")
            rows = [n for n in rows if n not in off]
            if rows and not self._send(rows, render_digest(rows[0].recipient, rows)):
                return

    def _send(self, rows: list[Notification], message: EmailMessage, *, subject: str | None = None) -> bool:
        """Send one email for `rows` and record it; False if the mail server is unreachable."""
        ids = [n.pk for n in rows]
        if self.locks_rows:
            with transaction.atomic(using=self.db):
                held = list(self._mine(ids).select_for_update().values_list("pk", flat=True))
                if len(held) != len(ids):
                    return self._lost(rows)
                return self._send_and_mark(rows, message, subject)
        renewed = self._mine(ids).update(claimed_until=self.now() + lease())
        if renewed != len(ids):
            return self._lost(rows)
        return self._send_and_mark(rows, message, subject)

    def _lost(self, rows: list[Notification]) -> bool:
        # Our lease ran out and another worker took (some of) these rows: leave them to it.
        log.warning("lease lost on %s before sending; another worker has it", ", ".join(n.key for n in rows))
        self.release(n.pk for n in rows)
        return True

    def _send_and_mark(self, rows: list[Notification], message: EmailMessage, subject: str | None) -> bool:
        try:
            self.mailer.send(message)
        except Exception as error:  # smtplib errors are OSErrors; a bad address is a ValueError
            self._failed(rows, error)
            return not _server_down(error)
        done: dict[str, Any] = {"state": State.SENT, "sent_at": self.now(), "claimed_until": None, "last_error": ""}
        if subject is not None:
            done["subject"] = subject[:300]
        marked = self._mine(n.pk for n in rows).update(**done)
        if marked != len(rows):
            log.error("sent %s after its lease ran out: it may arrive twice", ", ".join(n.key for n in rows))
        self.report.emails += 1
        self.report.sent += len(rows)
        return True

    def _finish(self, rows: list[Notification], state: str, reason: str) -> None:
        count = self._mine(n.pk for n in rows).update(state=state, claimed_until=None, last_error=reason)
        if state == State.SKIPPED:
            self.report.skipped += count
        elif state == State.CANCELLED:
            self.report.cancelled += count
        else:
            self.report.failed += count

    def _failed(self, rows: list[Notification], error: BaseException) -> None:
        text = f"{type(error).__name__}: {error}"[:2000]
        for row in rows:
            # row.attempts already counts this try: the claim counted it.
            if _permanent(error) or row.attempts >= settings.NOTIFY_MAX_ATTEMPTS:
                self._finish([row], State.FAILED, text)
                outcome = "giving up"
            else:
                retry_at = self.now() + backoff(row.attempts)
                self._mine([row.pk]).update(
                    state=State.PENDING, claimed_until=None, next_attempt_at=retry_at, last_error=text
                )
                self.report.retried += 1
                outcome = f"next try at {retry_at:%Y-%m-%d %H:%M:%S} UTC"
            log.warning(
                "could not send %s email to %s (try %d of %d, %s): %s",
                row.kind,
                row.recipient.email,
                row.attempts,
                settings.NOTIFY_MAX_ATTEMPTS,
                outcome,
                text,
            )

    def _retry_later(self, rows: list[Notification], reason: str) -> None:
        for row in rows:
            retry_at = self.now() + backoff(row.attempts)
            self._mine([row.pk]).update(
                state=State.PENDING, claimed_until=None, next_attempt_at=retry_at, last_error=reason
            )
        self.report.retried += len(rows)


def deliver_due(
    worker_id: str,
    now: datetime | None = None,
    batch: int | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Report:
    """Claim up to `batch` due notifications (and due digests), send them, record the outcome."""
    limit = batch or settings.NOTIFY_BATCH
    with Dispatcher(worker_id, now, should_stop) as dispatcher:
        dispatcher.fail_exhausted()
        dispatcher.deliver(dispatcher.claim(Notification.objects.filter(in_digest=False), limit))
        if not dispatcher.should_stop():
            dispatcher.deliver_digests(limit)
    return dispatcher.report


def deliver_now(notification_id: int, worker_id: str) -> Report:
    """Send one notification straight away if it is due and nobody has it (the post-commit task)."""
    with Dispatcher(worker_id) as dispatcher:
        ids = dispatcher.claim(Notification.objects.filter(pk=notification_id, in_digest=False), 1)
        dispatcher.deliver(ids)
    return dispatcher.report


def release_claims(worker_id: str) -> int:
    """A worker starting under an id frees what an earlier process with that id left claimed.

    Only safe because ids are unique among live workers (the default is host:pid).
    """
    return Notification.objects.filter(state=State.SENDING, claimed_by=worker_id[:64]).update(
        state=State.PENDING, claimed_until=None
    )
