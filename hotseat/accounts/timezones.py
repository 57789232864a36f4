"""IANA time zones: validation and the choices offered to people."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, tzinfo
from functools import cache, lru_cache

from django.core.exceptions import ValidationError
from django.utils import dateformat, timezone


@cache
def zone_names() -> tuple[str, ...]:
    # Canonical-looking names only: hide legacy aliases such as "US/Pacific" or "EST5EDT".
    names = {n for n in zoneinfo.available_timezones() if "/" in n and not n.startswith(("Etc/", "SystemV/", "US/"))}
    names.add("UTC")
    return tuple(sorted(names))


def validate_time_zone(value: str) -> None:
    # Only place names (and UTC): legacy names such as "EST" ignore daylight saving,
    # which would show people the wrong local time half the year.
    if value not in zone_names():
        raise ValidationError(
            "“%(value)s” is not a time zone we know. Use an IANA name such as Europe/Paris or America/New_York.",
            code="unknown_time_zone",
            params={"value": value},
        )


# Bounded: the name may come from a cookie, so anyone can send new ones. ZoneInfo keeps only
# its 8 most recent zones strongly and re-reads the tz file for the others, which a board
# showing people from dozens of zones paid for on every seat.
@lru_cache(maxsize=512)
def zone(name: str) -> tzinfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def on_clock(moment: datetime, fmt: str, tz: tzinfo | None = None) -> str:
    """``moment`` formatted (Django's date format, e.g. ``"l j F, H:i"``) on ``tz``'s clock (the active zone's),
    followed by the zone's abbreviation at that instant: "Sunday 7 November, 01:30 EST".

    Django's ``T`` prints nothing for a wall time that happens twice (the fall-back hour), so
    the abbreviation comes from the aware datetime itself, whose ``fold`` says which of the two
    it is; a zone without letters gives its offset ("+0545").
    """
    local = timezone.localtime(moment, tz) if timezone.is_aware(moment) else moment
    words = dateformat.format(local, fmt)
    if local.tzinfo is None:
        return words
    return f"{words} {local.tzname() or local.strftime('%z')}"
