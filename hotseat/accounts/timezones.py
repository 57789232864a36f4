"""IANA time zones: validation and the choices offered to people."""

from __future__ import annotations

import difflib
import re
import zoneinfo
from datetime import datetime, tzinfo
from functools import cache, lru_cache

from django.core.exceptions import ValidationError
from django.utils import dateformat, timezone
from django.utils.translation import gettext


@cache
def zone_names() -> tuple[str, ...]:
    # Canonical-looking names only: hide legacy aliases such as "US/Pacific" or "EST5EDT".
    names = {n for n in zoneinfo.available_timezones() if "/" in n and not n.startswith(("Etc/", "SystemV/", "US/"))}
    names.add("UTC")
    return tuple(sorted(names))


# What people write that is not a place name: abbreviations (which do not follow daylight saving)
# and legacy names of the tz database, with the place name to use instead.
ZONE_HINTS = {
    "est": "America/New_York",
    "edt": "America/New_York",
    "et": "America/New_York",
    "est5edt": "America/New_York",
    "us/eastern": "America/New_York",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "ct": "America/Chicago",
    "cst6cdt": "America/Chicago",
    "us/central": "America/Chicago",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "mst7mdt": "America/Denver",
    "us/mountain": "America/Denver",
    "us/arizona": "America/Phoenix",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "pt": "America/Los_Angeles",
    "pst8pdt": "America/Los_Angeles",
    "us/pacific": "America/Los_Angeles",
    "us/alaska": "America/Anchorage",
    "us/hawaii": "Pacific/Honolulu",
    "hst": "Pacific/Honolulu",
    "gmt": "UTC",
    "etc/utc": "UTC",
    "etc/gmt": "UTC",
    "bst": "Europe/London",
    "wet": "Europe/Lisbon",
    "cet": "Europe/Paris",
    "cest": "Europe/Paris",
    "met": "Europe/Paris",
    "eet": "Europe/Athens",
    "ist": "Asia/Kolkata",
    "jst": "Asia/Tokyo",
    "aest": "Australia/Sydney",
}


def suggest_zone(value: str) -> str | None:
    """The place name someone probably meant by `value` (an abbreviation, a legacy name, a city, a typo)."""
    key = value.strip().lower()
    if key in ZONE_HINTS:
        return ZONE_HINTS[key]
    by_lower = {name.lower(): name for name in zone_names()}
    if key in by_lower:
        return by_lower[key]
    by_city = {name.rsplit("/", 1)[-1].lower(): name for name in zone_names()}
    city = re.sub(r"\s+", "_", key.rsplit("/", 1)[-1])
    if city in by_city:
        return by_city[city]
    close = difflib.get_close_matches(value.strip().replace(" ", "_"), zone_names(), n=1, cutoff=0.8)
    return close[0] if close else None


def validate_time_zone(value: str) -> None:
    # Only place names (and UTC): legacy names such as "EST" ignore daylight saving,
    # which would show people the wrong local time half the year.
    if value not in zone_names():
        hint = suggest_zone(value) if len(value) <= 64 else None
        if hint:
            message = gettext(
                "“%(value)s” is not a time zone we know. Did you mean %(suggestion)s? "
                "Use an IANA name such as Europe/Paris or America/New_York."
            )
        else:
            message = gettext(
                "“%(value)s” is not a time zone we know. Use an IANA name such as Europe/Paris or America/New_York."
            )
        raise ValidationError(message, code="unknown_time_zone", params={"value": value, "suggestion": hint})


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
