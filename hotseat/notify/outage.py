"""The mail server as a whole: up, or down since when, and when to try it again.

A worker that cannot connect to the mail server (refused, timed out, 421 at the greeting,
authentication refused) learns nothing about the notification it was about to send: the
next one would fail the same way. So such a failure charges no row a try. It is recorded
here, once for all workers (a row in the database, not process memory): one log line when
the outage starts, one when it ends, and in between the sweeps hold the whole outbox and
let one worker probe the server on a capped back-off (`backoff`, the rows' own schedule).
When a probe connects, the outage is over and every waiting row goes, in its order.
"""

from __future__ import annotations

import functools
import logging
from datetime import datetime, timedelta

from django.conf import settings

from hotseat.notify.models import MailServerStatus, Notification

log = logging.getLogger("hotseat.notify.outage")


def backoff(tries: int) -> timedelta:
    """Wait after the `tries`-th failure: base, twice that, four times … up to the cap."""
    seconds = settings.NOTIFY_RETRY_BASE_SECONDS * 2 ** max(0, min(tries - 1, 30))
    return timedelta(seconds=min(seconds, settings.NOTIFY_RETRY_MAX_SECONDS))


@functools.cache
def _offsets(window: int, base: int, cap: int) -> tuple[timedelta, ...]:
    offsets, at, tries = [timedelta(0)], timedelta(0), 1
    while True:
        at += backoff(tries)
        if at > timedelta(seconds=window):
            return tuple(offsets)
        offsets.append(at)
        tries += 1


def retry_offsets() -> tuple[timedelta, ...]:
    """When each try of a row happens, counted from its first, if every one fails: those that fit in the window."""
    return _offsets(
        settings.NOTIFY_RETRY_WINDOW_HOURS * 3600, settings.NOTIFY_RETRY_BASE_SECONDS, settings.NOTIFY_RETRY_MAX_SECONDS
    )


def max_tries() -> int:
    """How many tries a row gets before it is failed: as many as the back-off fits in NOTIFY_RETRY_WINDOW_HOURS."""
    return len(retry_offsets())


def current() -> MailServerStatus | None:
    """The recorded status; None means nobody ever saw the server down (it is up)."""
    return MailServerStatus.objects.filter(pk=MailServerStatus.ROW).first()


def may_try(now: datetime, probe_for: timedelta) -> tuple[bool, bool]:
    """May this sweep talk to the mail server? Returns (may it, is it a probe of an outage).

    During an outage only one worker at a time wins the probe (a conditional UPDATE), and
    only once `next_try_at` has come; the others hold their sweep.
    """
    status = current()
    if status is None or status.down_since is None:
        return True, False
    won = MailServerStatus.objects.filter(
        pk=MailServerStatus.ROW, down_since__isnull=False, next_try_at__lte=now
    ).update(next_try_at=now + probe_for)
    return bool(won), True


def server_down(error: BaseException, now: datetime) -> datetime:
    """Record a failed connection; returns when to try again. Logs once per outage."""
    text = f"{type(error).__name__}: {error}"[:2000]
    MailServerStatus.objects.get_or_create(pk=MailServerStatus.ROW)
    started = MailServerStatus.objects.filter(pk=MailServerStatus.ROW, down_since__isnull=True).update(
        down_since=now, failed_probes=1, next_try_at=now + backoff(1), last_error=text, checked_at=now
    )
    if started:
        waiting = Notification.objects.filter(
            state__in=[Notification.State.PENDING, Notification.State.SENDING], next_attempt_at__lte=now
        ).count()
        log.error(
            "mail server unreachable (%s): holding the outbox (%d due), no notification is charged a try; "
            "probing again from %s UTC with back-off up to %d s",
            text,
            waiting,
            f"{now + backoff(1):%Y-%m-%d %H:%M:%S}",
            settings.NOTIFY_RETRY_MAX_SECONDS,
        )
        return now + backoff(1)
    status = MailServerStatus.objects.get(pk=MailServerStatus.ROW)
    status.failed_probes += 1
    status.next_try_at = now + backoff(status.failed_probes)
    status.last_error, status.checked_at = text, now
    status.save(update_fields=["failed_probes", "next_try_at", "last_error", "checked_at"])
    log.info("mail server still unreachable (%s); next probe at %s UTC", text, f"{status.next_try_at:%H:%M:%S}")
    return status.next_try_at


def server_up(now: datetime) -> None:
    """A connection succeeded: end the outage, if one was recorded. Logs once."""
    status = current()
    if status is None or status.down_since is None:
        return
    ended = MailServerStatus.objects.filter(pk=MailServerStatus.ROW, down_since=status.down_since).update(
        down_since=None, failed_probes=0, next_try_at=None, checked_at=now
    )
    if ended:
        log.warning(
            "mail server reachable again after %s (%d failed probes): resuming the outbox",
            str(now - status.down_since).split(".")[0],
            status.failed_probes,
        )


def is_down() -> bool:
    status = current()
    return status is not None and status.down_since is not None


def probe_later(now: datetime) -> None:
    """The sweep that won the probe never needed the server: let the next sweep probe at once."""
    MailServerStatus.objects.filter(pk=MailServerStatus.ROW, down_since__isnull=False).update(next_try_at=now)
