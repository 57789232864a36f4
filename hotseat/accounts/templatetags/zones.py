from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache

from django import template
from django.utils import dateformat
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from hotseat.accounts.timezones import zone, zone_names

register = template.Library()


@register.filter
def clock_in(value: datetime, name: str) -> str:
    """The wall-clock time of an instant in zone `name`, e.g. "08:20 EST" (a member's time now).

    Formatted here because Django's |date would convert back to the viewer's zone.
    """
    # Every seat on a board shows "now": hundreds of identical (minute, zone) pairs per page.
    return _clock(int(value.timestamp() // 60), name)


@lru_cache(maxsize=2048)
def _clock(minute: int, name: str) -> str:
    return dateformat.format(datetime.fromtimestamp(minute * 60, tz=UTC).astimezone(zone(name)), "H:i T")


@register.simple_tag
def tz_datalist() -> SafeString:
    options = format_html_join("", '<option value="{}">', ((n,) for n in zone_names()))
    return format_html('<datalist id="tz-names">{}</datalist>', options)
