"""How the outbox is doing, for people and monitors: /health/outbox/ (200 ok, 503 otherwise)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings

from hotseat.notify import outage
from hotseat.notify.models import Notification

State = Notification.State
OK, MAIL_SERVER_DOWN, STALLED = "ok", "mail_server_down", "stalled"


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def outbox_health(now: datetime) -> dict[str, Any]:
    """The status (ok, mail_server_down, stalled: due rows wait and no worker takes them) and its details."""
    status = outage.current()
    due = Notification.objects.filter(state=State.PENDING, next_attempt_at__lte=now)
    oldest = due.order_by("next_attempt_at").values_list("next_attempt_at", flat=True).first()
    waited = (now - oldest).total_seconds() if oldest else 0.0
    if status is not None and status.down_since is not None:
        verdict = MAIL_SERVER_DOWN
    elif waited > settings.NOTIFY_HEALTH_MAX_DELAY_SECONDS:
        verdict = STALLED
    else:
        verdict = OK
    down = status is not None and status.down_since is not None
    return {
        "status": verdict,
        "mail_server": {
            "up": not down,
            "down_since": _iso(status.down_since) if down and status else None,
            "failed_probes": status.failed_probes if down and status else 0,
            "next_try_at": _iso(status.next_try_at) if down and status else None,
            "last_error": status.last_error if status else "",
        },
        "queue": {
            "due": due.count(),
            "oldest_due_waited_seconds": round(waited),
            # Failed rows stay failed until an organizer retries them in the admin.
            "failed": Notification.objects.filter(state=State.FAILED).count(),
        },
    }
