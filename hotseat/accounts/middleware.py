"""Show every time in the viewer's zone: their profile's, else the browser's (cookie)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from hotseat.accounts.timezones import zone

BROWSER_ZONE_COOKIE = "hotseat_tz"


def viewer_zone_name(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return str(user.time_zone)
    return request.COOKIES.get(BROWSER_ZONE_COOKIE, "UTC")


class TimezoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = viewer_zone_name(request)
        tz = zone(name)
        request.viewer_zone = tz  # type: ignore[attr-defined]
        timezone.activate(tz)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
