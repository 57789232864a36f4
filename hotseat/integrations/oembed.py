"""Preview titles of video links (Loom, YouTube, Vimeo) through each provider's oEmbed endpoint.

No database here: a URL in, a provider and maybe a title out. Every fetch has a timeout, and
any failure (no network, a slow or broken endpoint, a private video) gives None: the caller
shows the provider's name instead. The homework app stores what came back (LinkPreview), so a
link is fetched once, after the post that holds it is saved, never while a page renders.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from urllib.error import URLError
from urllib.parse import urlencode, urlsplit
from urllib.request import HTTPRedirectHandler, Request, build_opener

from django.conf import settings

log = logging.getLogger(__name__)

PROVIDER_NAMES = {"youtube": "YouTube", "vimeo": "Vimeo", "loom": "Loom"}

# The public oEmbed endpoints; settings.OEMBED_ENDPOINTS may override them (tests, a proxy).
ENDPOINTS = {
    "youtube": "https://www.youtube.com/oembed",
    "vimeo": "https://vimeo.com/api/oembed.json",
    "loom": "https://www.loom.com/v1/oembed",
}

_HOSTS = {
    "youtube.com": "youtube",
    "www.youtube.com": "youtube",
    "m.youtube.com": "youtube",
    "youtu.be": "youtube",
    "vimeo.com": "vimeo",
    "www.vimeo.com": "vimeo",
    "player.vimeo.com": "vimeo",
    "loom.com": "loom",
    "www.loom.com": "loom",
}

# Links in Markdown or bare in the text: stop at whitespace, quotes and closing brackets.
_URL = re.compile(r"https://[^\s<>()\[\]\"']+")
MAX_TITLE = 300
MAX_BYTES = 64 * 1024


@dataclass(frozen=True)
class VideoLinkRef:
    url: str
    provider: str

    @property
    def provider_name(self) -> str:
        return PROVIDER_NAMES[self.provider]


def provider_of(url: str) -> str | None:
    """'youtube', 'vimeo' or 'loom' for a link to one of their videos; None for anything else."""
    parts = urlsplit(url)
    if parts.scheme != "https":
        return None
    provider = _HOSTS.get((parts.hostname or "").lower())
    if provider is None or parts.path in ("", "/"):
        return None
    return provider


def video_links(text: str) -> list[VideoLinkRef]:
    """The provider video links in a text, in order, each once."""
    seen: dict[str, VideoLinkRef] = {}
    for match in _URL.finditer(text or ""):
        url = match.group(0).rstrip(".,;:!?")
        provider = provider_of(url)
        if provider is not None and url not in seen and len(url) <= 500:
            seen[url] = VideoLinkRef(url, provider)
    return list(seen.values())


class _NoRedirect(HTTPRedirectHandler):
    # An endpoint that redirects is not one we asked; do not follow it anywhere.
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def fetch_title(url: str, *, timeout: float | None = None) -> str | None:
    """The video's title from its provider's oEmbed endpoint, or None if it cannot be had in time."""
    provider = provider_of(url)
    if provider is None:
        return None
    endpoints = {**ENDPOINTS, **getattr(settings, "OEMBED_ENDPOINTS", {})}
    endpoint = endpoints[provider]
    wait = timeout if timeout is not None else float(getattr(settings, "OEMBED_TIMEOUT_SECONDS", 3))
    request = Request(  # noqa: S310 (the endpoint is ours to configure: http(s) only)
        f"{endpoint}?{urlencode({'url': url, 'format': 'json'})}",
        headers={"Accept": "application/json", "User-Agent": "hotseat link preview"},
    )
    if urlsplit(request.full_url).scheme not in ("http", "https"):
        return None
    try:
        with build_opener(_NoRedirect).open(request, timeout=wait) as response:
            if response.status != 200:
                return None
            data = json.loads(response.read(MAX_BYTES + 1)[:MAX_BYTES])
    except (URLError, OSError, ValueError) as exc:
        log.info("no preview title for %s: %s", url, exc)
        return None
    title = data.get("title") if isinstance(data, dict) else None
    if not isinstance(title, str) or not title.strip():
        return None
    return " ".join(title.split())[:MAX_TITLE]
