"""Video calls: which link a mastermind meets at, which provider it is, and what to warn about.

No database and no network: a schedule (or its fields) in, a VideoLink out. The default is a
Jitsi Meet room with an unguessable name, so nobody needs a paid account to host; a leader may
paste a Zoom, Google Meet, Teams or other link instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy

Provider = Literal["jitsi", "zoom", "meet", "teams", "other"]

PROVIDER_NAMES: dict[Provider, str | Promise] = {
    "jitsi": "Jitsi Meet",
    "zoom": "Zoom",
    "meet": "Google Meet",
    "teams": "Microsoft Teams",
    "other": pgettext_lazy("provider", "Video call"),
}

# Zoom's free (Basic) plan ends every meeting at 40 minutes.
ZOOM_FREE_MINUTES = 40
# Schedule.video_url's column size.
MAX_URL_LENGTH = 500


class HasVideoSettings(Protocol):
    """What video_link_for reads: a Schedule, or anything shaped like one."""

    video_url: str
    video_room: str
    duration_minutes: int


@dataclass(frozen=True)
class VideoLink:
    url: str
    provider: Provider
    warnings: list[str] = field(default_factory=list)

    @property
    def provider_name(self) -> str:
        return str(PROVIDER_NAMES[self.provider])


def jitsi_room_url(room: str) -> str:
    return f"{settings.JITSI_BASE_URL}/{quote(room, safe='')}"


def _host_is(host: str, domain: str) -> bool:
    return host == domain or host.endswith(f".{domain}")


def provider_of(url: str) -> Provider:
    """The provider of a meeting link, from its host name."""
    host = (urlsplit(url).hostname or "").lower()
    jitsi_host = (urlsplit(settings.JITSI_BASE_URL).hostname or "").lower()
    if _host_is(host, "zoom.us") or _host_is(host, "zoomgov.com"):
        return "zoom"
    if host == "meet.google.com":
        return "meet"
    if host in {"teams.microsoft.com", "teams.live.com"}:
        return "teams"
    if host in {"meet.jit.si", "8x8.vc"} or (jitsi_host and host == jitsi_host):
        return "jitsi"
    return "other"


def warnings_for(provider: Provider, duration_minutes: int) -> list[str]:
    if provider == "zoom" and duration_minutes > ZOOM_FREE_MINUTES:
        return [
            gettext(
                "Zoom's free plan ends meetings at %(free)d minutes; this call is %(minutes)d minutes."
                " Use a paid Zoom account or the free Jitsi room."
            )
            % {"free": ZOOM_FREE_MINUTES, "minutes": duration_minutes}
        ]
    return []


def video_link_for(schedule: HasVideoSettings) -> VideoLink:
    """The link members join the weekly call at: the pasted one, or the mastermind's own Jitsi room."""
    url = schedule.video_url or jitsi_room_url(schedule.video_room)
    provider = provider_of(url)
    return VideoLink(url=url, provider=provider, warnings=warnings_for(provider, schedule.duration_minutes))


def validate_video_url(raw: str) -> str:
    """A pasted meeting link, cleaned; "" means "use the Jitsi room". Raises ValidationError with a clear message."""
    url = raw.strip()
    if not url:
        return ""
    if len(url) > MAX_URL_LENGTH:
        msg = gettext("This link is %(length)d characters long; the most we keep is %(most)d.") % {
            "length": len(url),
            "most": MAX_URL_LENGTH,
        }
        raise ValidationError(msg, code="too_long")
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        msg = gettext("A link cannot contain spaces or line breaks. Paste just the link.")
        raise ValidationError(msg, code="spaces")
    parts = urlsplit(url)
    if parts.scheme.lower() != "https":
        msg = gettext("Use an https:// link (the one your video service gives you), so the call is encrypted.")
        raise ValidationError(msg, code="not_https")
    if "@" in parts.netloc:
        msg = gettext("This link has a user name or password in it. Paste the meeting link without them.")
        raise ValidationError(msg, code="credentials")
    try:
        URLValidator(schemes=["https"])(url)
    except ValidationError:
        msg = gettext("This does not look like a web link. Copy it again from your video service.")
        raise ValidationError(msg, code="invalid") from None
    return url
