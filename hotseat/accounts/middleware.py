"""Show every time in the viewer's zone and every word in the viewer's language."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

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


class LanguageMiddleware:
    """A signed-in person's own choice of language wins over their browser's.

    Django's LocaleMiddleware (above) has already picked the cookie's or Accept-Language's
    language; its response half still sets Content-Language and Vary from what is active.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
