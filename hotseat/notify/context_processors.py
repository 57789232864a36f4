"""The header's bell: how many notifications a signed-in person has not read."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.http import HttpRequest
from django.utils import timezone

from hotseat.notify.models import Notification


def unread_count(user_id: int) -> int:
    return (
        Notification.objects.filter(recipient_id=user_id, read_at__isnull=True, due_at__lte=timezone.now())
        .exclude(state=Notification.State.CANCELLED)
        .count()
    )


def notifications(request: HttpRequest) -> dict[str, Callable[[], int] | None]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": None}
    # A callable: the template calls it, so the COUNT runs only on pages that show the bell, once.
    user_id = user.pk
    return {"unread_notifications": cache(lambda: unread_count(user_id))}
