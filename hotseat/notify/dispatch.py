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

Counting: a row is charged a try when its message goes to the server (committed just before,
so a crash mid-send counts), never when it is claimed: rows claimed and not reached (a stop,
a crash, a batch cut short) cost nothing. A server that cannot be reached at all is an outage
of the whole outbox (outage.py), not a failure of any row. Failed tries are retried on a capped
back-off, as many times as fit in NOTIFY_RETRY_WINDOW_HOURS (outage.max_tries).

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

from hotseat.notify import kinds, outage
from hotseat.notify.emails import SUBJECT_PREFIX, render_digest, render_notification
from hotseat.notify.models import Notification
from hotseat.notify.outage import backoff, max_tries
from hotseat.notify.preferences import Choice, effective, stored_choices
from hotseat.notify.refs import GoneError, load

log = logging.getLogger(__name__)

State = Notification.State

__all__ = ["Dispatcher", "Report", "backoff", "deliver_due", "deliver_now"]


def lease() -> timedelta:
    return timedelta(seconds=settings.NOTIFY_LEASE_SECONDS)


def _claimable(now: datetime) -> Q:
    # A `sending` row whose lease ran out belongs to a worker that died: anyone may take it.
    return Q(state=State.PENDING, next_attempt_at__lte=now) | Q(
        state=State.SENDING, claimed_until__lt=now, attempts__lt=max_tries()
    )


def _permanent(error: BaseException) -> bool:
    """A 5xx answer or an address we cannot even write: trying again will not help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return isinstance(error, ValueError)


def _connection_lost(error: BaseException) -> bool:
    """The conversation broke off mid-message: the next message needs a new connection first."""
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
    expired: int = 0
    given_back: int = 0  # claimed, not tried: a stop, or the mail server down
    mail_server_down: bool = False

    def __str__(self) -> str:
        return ", ".join(
            name.replace("_", " ") if value is True else f"{name.replace('_', ' ')} {value}"
            for name, value in vars(self).items()
            if value
        )


class _Mailer:
    """One connection to the mail server for a whole batch, opened before the first message."""

    def __init__(self) -> None:
        self.backend: Any = None

    def open(self) -> None:
        """Connect (if not connected yet); raises if the server cannot be reached."""
        if self.backend is None:
            backend = mail.mailers.default
            try:
                backend.open()
            except BaseException:
                _close_quietly(backend)
                raise
            self.backend = backend

    def send(self, message: EmailMessage) -> None:
        self.open()
        try:
            self.backend.send_messages([message])
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        backend, self.backend = self.backend, None
        if backend is not None:
            _close_quietly(backend)


def _close_quietly(backend: Any) -> None:
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
        # Set when this sweep won the probe of a recorded outage: its first connection decides it.
        self.probing = False

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
        take = {"state": State.SENDING, "claimed_by": self.worker_id, "claimed_until": now + lease()}
        with transaction.atomic(using=self.db):
            if connections[self.db].features.has_select_for_update_skip_locked:
                ids = list(due.select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit])
                Notification.objects.filter(pk__in=ids).update(**take)
            else:
                ids = [pk for pk in due.values_list("pk", flat=True)[:limit] if due.filter(pk=pk).update(**take)]
        self.report.claimed += len(ids)
        return ids

    def fail_exhausted(self) -> None:
        """Rows whose worker died while sending them, on their last try: give up on them, loudly."""
        count = Notification.objects.filter(
            state=State.SENDING, claimed_until__lt=self.now(), attempts__gte=max_tries()
        ).update(state=State.FAILED, claimed_until=None, last_error="the worker stopped while sending, every try")
        if count:
            log.error("%d notifications failed: their worker stopped while sending them, every try", count)
        self.report.failed += count

    def release(self, ids: Iterable[int]) -> None:
        """Give back rows claimed but never tried: due as they were, in their order, no try charged."""
        self.report.given_back += self._mine(ids).update(state=State.PENDING, claimed_until=None)

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
                # The mail server is down, or dropped us: the rest of the batch waits, untried.
                self.release(n.pk for n in rows[index + 1 :])
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
        if row.expires_at is not None and row.expires_at <= self.now():
            # A seat held until Thursday, told on Friday, is worse than not told: the app lists it.
            self._finish([row], State.EXPIRED, f"not sent: its time ran out at {row.expires_at:%Y-%m-%d %H:%M} UTC")
            return True
        try:
            message = render_notification(row, kind, refs)
        except Exception as error:  # a template or data bug: a real try, retried with back-off, then failed
            log.exception("could not render notification %s", row.key)
            if self._record_try([row]) == 1:
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
            late = [n for n in rows if n not in off and n.expires_at is not None and n.expires_at <= self.now()]
            self._finish(late, State.EXPIRED, "not sent: its time ran out before the digest")
            rows = [n for n in rows if n not in off and n not in late]
            if rows and not self._send(rows, render_digest(rows[0].recipient, rows)):
                return

    def _connect(self) -> bool:
        """Make sure the mail server answers; if it does not, record the outage (no row is charged)."""
        try:
            self.mailer.open()
        except Exception as error:  # refused, timed out, 421 at the greeting, login refused: not this row's fault
            self.report.mail_server_down = True
            outage.server_down(error, self.now())
            self.probing = False
            return False
        if self.probing:
            outage.server_up(self.now())
            self.probing = False
        return True

    def _record_try(self, rows: list[Notification]) -> int:
        """Charge each row one try and renew its lease, committed before the message goes out."""
        for row in rows:
            row.attempts += 1
        return self._mine(n.pk for n in rows).update(attempts=F("attempts") + 1, claimed_until=self.now() + lease())

    def _send(self, rows: list[Notification], message: EmailMessage, *, subject: str | None = None) -> bool:
        """Send one email for `rows` and record it; False if the rest of the batch should wait."""
        ids = [n.pk for n in rows]
        if self.report.mail_server_down or not self._connect():
            self.release(ids)
            return False
        if self._record_try(rows) != len(ids):
            return self._lost(rows)
        if self.locks_rows:
            with transaction.atomic(using=self.db):
                held = list(self._mine(ids).select_for_update().values_list("pk", flat=True))
                if len(held) != len(ids):
                    return self._lost(rows)
                return self._send_and_mark(rows, message, subject)
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
            return not _connection_lost(error)
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
        elif state == State.EXPIRED:
            self.report.expired += count
        else:
            self.report.failed += count

    def _failed(self, rows: list[Notification], error: BaseException) -> None:
        """A real try failed (row.attempts counts it): retry on the back-off within the window, or give up."""
        text = f"{type(error).__name__}: {error}"[:2000]
        now, tries = self.now(), max_tries()
        for row in rows:
            retry_at = now + backoff(row.attempts)
            if _permanent(error):
                self._finish([row], State.FAILED, text)
                outcome = "giving up"
            elif row.attempts >= tries:
                self._finish([row], State.FAILED, text)
                outcome = f"giving up: {tries} tries over {settings.NOTIFY_RETRY_WINDOW_HOURS} hours"
            else:
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
                tries,
                outcome,
                text,
            )


def deliver_due(
    worker_id: str,
    now: datetime | None = None,
    batch: int | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Report:
    """Claim up to `batch` due notifications (and due digests), send them, record the outcome.

    While the mail server is recorded down, the sweep holds everything until a worker's probe
    (the first connection of a sweep, once `next_try_at` has come) finds it back.
    """
    limit = batch or settings.NOTIFY_BATCH
    with Dispatcher(worker_id, now, should_stop) as dispatcher:
        dispatcher.fail_exhausted()
        allowed, dispatcher.probing = outage.may_try(dispatcher.now(), lease())
        if not allowed:
            dispatcher.report.mail_server_down = True
            return dispatcher.report
        dispatcher.deliver(dispatcher.claim(Notification.objects.filter(in_digest=False), limit))
        if not dispatcher.should_stop() and not dispatcher.report.mail_server_down:
            dispatcher.deliver_digests(limit)
        if dispatcher.probing:
            # Nothing this sweep took needed the server (skipped, cancelled, expired): probe on the next one.
            outage.probe_later(dispatcher.now())
    return dispatcher.report


def deliver_now(notification_id: int, worker_id: str) -> Report:
    """Send one notification straight away if it is due and nobody has it (the post-commit task).

    Not while the mail server is recorded down: the request that wrote it must not wait for a
    timeout, and the sweeps resume everything when the server is back.
    """
    with Dispatcher(worker_id) as dispatcher:
        if outage.is_down():
            dispatcher.report.mail_server_down = True
            return dispatcher.report
        ids = dispatcher.claim(Notification.objects.filter(pk=notification_id, in_digest=False), 1)
        dispatcher.deliver(ids)
    return dispatcher.report
