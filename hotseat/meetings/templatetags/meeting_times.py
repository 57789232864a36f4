"""Times of calls in templates: how far away ("in 2 days", "tomorrow", "3 hours ago")."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone

from hotseat.meetings.clock import relative as relative_words

register = template.Library()


@register.filter
def relative(value: datetime | None) -> str:
    """How far ``value`` is from now, in the viewer's calendar days: 'in 3 hours', 'tomorrow', '2 days ago'."""
    if not isinstance(value, datetime):
        return ""
    return relative_words(value, timezone.now(), timezone.get_current_timezone())


@register.filter
def relative_from(value: datetime | None, moment: datetime | None) -> str:
    """How far ``value`` is from ``moment`` (say, when a reminder fell due), in the active zone's calendar days."""
    if not isinstance(value, datetime) or not isinstance(moment, datetime):
        return ""
    return relative_words(value, moment, timezone.get_current_timezone())
