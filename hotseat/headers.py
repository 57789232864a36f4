"""Headers every response carries that no Django middleware sets: the Permissions-Policy.

The policy turns off the browser features hotseat never uses (camera, microphone, location,
payments, USB …), so that a script that slipped past the Content-Security-Policy, or a page that
frames a file, cannot ask for them either. What the app does use keeps the browser's default
(same origin only): fullscreen and picture-in-picture for the videos, clipboard-write for the
Copy buttons. The list is ``PERMISSIONS_POLICY`` in settings: feature → allowed origins, where
an empty list means nobody.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase


def permissions_policy(features: Mapping[str, Sequence[str]]) -> str:
    """The header's value: ``camera=(), fullscreen=(self)`` for {"camera": [], "fullscreen": ["self"]}."""
    return ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in features.items())


class PermissionsPolicyMiddleware:
    """Adds ``Permissions-Policy`` to every response that has none of its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.value = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.value)
        return response
