from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import pgettext_lazy

from hotseat.accounts.timezones import on_clock, zone, zone_names

register = template.Library()

# The short formats templates ask for, each as the active language writes it: English "Tue 8 Dec, 12:00",
# French « mar 8 déc, 12:00 » (Django's M capitalizes French months: « Déc »). Long ones ("l j F, H:i")
# read right in every language as they are.
SHORT_FORMATS = {
    "D j M, H:i": pgettext_lazy("date format: Tue 8 Dec, 12:00", "D j M, H:i"),
    "D j M Y, H:i": pgettext_lazy("date format: Tue 8 Dec 2026, 12:00", "D j M Y, H:i"),
    "D j M": pgettext_lazy("date format: Tue 8 Dec", "D j M"),
}


@register.filter
def zoned(value: datetime | None, fmt: str = "D j M, H:i") -> str:
    """An instant on the viewer's clock (the active zone) with the zone's abbreviation of that instant.

    ``{{ meeting.starts_at|zoned:"l j F, H:i" }}`` gives "Sunday 7 November, 01:30 EST", the
    abbreviation right on both sides of a clock change, which ``|date:"... T"`` is not (it
    drops the abbreviation of a wall time that happens twice).
    """
    if not isinstance(value, datetime):
        return ""
    return on_clock(value, str(SHORT_FORMATS.get(fmt, fmt)))


@register.filter
def clock_in(value: datetime, name: str) -> str:
    """The wall-clock time of an instant in zone `name`, e.g. "08:20 EST" (a member's time now).

    Formatted here because Django's |date would convert back to the viewer's zone.
    """
    # Every seat on a board shows "now": hundreds of identical (minute, zone) pairs per page.
    return _clock(int(value.timestamp() // 60), name)


@lru_cache(maxsize=2048)
def _clock(minute: int, name: str) -> str:
    return on_clock(datetime.fromtimestamp(minute * 60, tz=UTC), "H:i", zone(name))


@register.simple_tag
def tz_datalist() -> SafeString:
    options = format_html_join("", '<option value="{}">', ((n,) for n in zone_names()))
    return format_html('<datalist id="tz-names">{}</datalist>', options)
