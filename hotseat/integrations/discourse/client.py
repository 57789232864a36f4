"""The calls hotseat makes to a Discourse forum's REST API, over the standard library's HTTP.

Every call returns one of four results and never raises for the forum's sake: `Answer` (the forum
did it, or answered a look-up), `Refused` (an HTTP error with the forum's words), `RateLimited`
(429, with how long the forum asked us to wait) or `Unreachable` (no answer at all: refused
connection, timeout, a broken reply). The caller decides what to retry.

Redirects are never followed: `GET /t/external_id/{id}.json` answers 301 to the topic, and its
Location is all we need; following a redirect elsewhere would also send the API key there.
The requests match Discourse's published description (tests/contracts/discourse/openapi.json),
which the contract tests check through Prism.
"""

from __future__ import annotations

import http.client
import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

# Discourse's visibility levels of a group: 0 public, 1 logged-in users, 2 members only.
MEMBERS_ONLY = 2
# Category permission types: 1 create, reply and see.
FULL_ACCESS = 1
DEFAULT_RETRY_AFTER = 60.0
MAX_RETRY_AFTER = 3600.0
ANSWER_CHARS = 2000


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any] = field(default_factory=dict)
    location: str = ""


@dataclass(frozen=True)
class Refused:
    status: int
    text: str


@dataclass(frozen=True)
class RateLimited:
    retry_after: float  # seconds
    text: str = ""


@dataclass(frozen=True)
class Unreachable:
    reason: str


Result = Answer | Refused | RateLimited | Unreachable


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float:
    """Retry-After as seconds: a number of seconds or an HTTP date; a missing or odd value means a minute."""
    if not value:
        return DEFAULT_RETRY_AFTER
    value = value.strip()
    if re.fullmatch(r"\d{1,9}(\.\d+)?", value):
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return DEFAULT_RETRY_AFTER
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


@dataclass
class Forum:
    """One Discourse forum, reached with an admin API key acting as `api_username`.

    `calls` counts the requests made through this object (the caller keeps to the forum's rate).
    """

    url: str
    api_key: str
    api_username: str
    timeout: float = 10.0
    calls: int = field(default=0, compare=False)

    def _call(self, method: str, path: str, payload: dict[str, Any] | None = None) -> Result:
        self.calls += 1
        data = None if payload is None else json.dumps(payload).encode()
        headers = {"Api-Key": self.api_key, "Api-Username": self.api_username, "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        url = self.url.rstrip("/") + path
        try:
            scheme = urlsplit(url).scheme
        except ValueError:
            scheme = ""
        if scheme not in ("http", "https"):
            return Unreachable(f"not an http(s) address: {self.url[:200]}")
        request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310 -- http(s), checked above
        try:
            with _OPENER.open(request, timeout=self.timeout) as response:
                return _answer(response.status, response.read(), response.headers.get("Location", ""))
        except urllib.error.HTTPError as error:
            with error:
                try:
                    text = error.read().decode(errors="replace")[:ANSWER_CHARS]
                except (OSError, http.client.HTTPException):
                    text = ""
                if 300 <= error.code < 400:
                    return Answer(error.code, {}, error.headers.get("Location", ""))
                if error.code == 429:
                    return RateLimited(retry_after_seconds(error.headers.get("Retry-After")), text)
                return Refused(error.code, text)
        except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as error:
            # ValueError: a malformed URL in the settings, or a reply http.client cannot parse.
            reason = getattr(error, "reason", None) or error
            return Unreachable(f"{type(error).__name__}: {reason}"[:ANSWER_CHARS])

    # Groups

    def find_group(self, name: str) -> Result:
        return self._call("GET", f"/groups/{quote(name, safe='')}.json")

    def create_group(self, name: str, full_name: str) -> Result:
        group = {"name": name, "full_name": full_name, "visibility_level": MEMBERS_ONLY}
        return self._call("POST", "/admin/groups.json", {"group": group})

    def add_members(self, group_id: int, usernames: list[str]) -> Result:
        return self._call("PUT", f"/groups/{group_id}/members.json", {"usernames": ",".join(usernames)})

    # Invites

    def invite(self, email: str, group_names: list[str], message: str = "") -> Result:
        payload: dict[str, Any] = {"email": email, "group_names": ",".join(group_names)}
        if message:
            payload["custom_message"] = message
        return self._call("POST", "/invites.json", payload)

    # Categories

    def find_category(self, category_id: int) -> Result:
        return self._call("GET", f"/c/{category_id}/show.json")

    def list_categories(self) -> Result:
        return self._call("GET", "/categories.json?" + urlencode({"include_subcategories": "true"}))

    def create_category(self, name: str, slug: str, parent_id: int | None, group_name: str) -> Result:
        # The group's permission only: no "everyone", so the category is private to the group.
        payload: dict[str, Any] = {"name": name, "slug": slug, "permissions": {group_name: FULL_ACCESS}}
        if parent_id is not None:
            payload["parent_category_id"] = parent_id
        return self._call("POST", "/categories.json", payload)

    # Topics

    def find_topic(self, external_id: str) -> Result:
        return self._call("GET", f"/t/external_id/{quote(external_id, safe='')}.json")

    def create_topic(self, title: str, raw: str, category_id: int, external_id: str) -> Result:
        payload = {"title": title, "raw": raw, "category": category_id, "external_id": external_id}
        return self._call("POST", "/posts.json", payload)


def _answer(status: int, raw: bytes, location: str) -> Result:
    if not raw.strip():
        return Answer(status, {}, location)
    try:
        body = json.loads(raw)
    except ValueError:
        return Refused(status, "not JSON: " + raw[:ANSWER_CHARS].decode(errors="replace"))
    return Answer(status, body if isinstance(body, dict) else {"items": body}, location)


def subcategory_with_slug(categories: dict[str, Any], parent_id: int | None, slug: str) -> dict[str, Any] | None:
    """The category of `GET /categories.json?include_subcategories=true` with this slug under this parent."""
    listed = [c for c in (categories.get("category_list") or {}).get("categories") or [] if isinstance(c, dict)]
    if parent_id is not None:
        parents = [c for c in listed if c.get("id") == parent_id]
        listed = [c for p in parents for c in p.get("subcategory_list") or [] if isinstance(c, dict)]
    return next((c for c in listed if c.get("slug") == slug), None)


def topic_id_from_location(location: str) -> int | None:
    """`/t/42.json`, `/t/some-slug/42.json` (or a full URL) → 42."""
    match = re.search(r"/t/(?:[^/]+/)?(\d+)(?:\.json)?/?$", location.split("?", maxsplit=1)[0])
    return int(match.group(1)) if match else None
