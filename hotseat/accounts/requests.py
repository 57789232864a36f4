"""Request types for views, so the type checker knows what our middleware adds."""

from __future__ import annotations

from datetime import tzinfo

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from hotseat.accounts.models import User


class Request(HttpRequest):
    """Any request: the viewer may be anonymous."""

    user: User | AnonymousUser
    htmx: HtmxDetails
    viewer_zone: tzinfo


class SignedInRequest(Request):
    """A request behind @login_required."""

    user: User


def viewer_zone_key(request: Request) -> str:
    """The IANA name of the zone the viewer sees times in (UTC when the middleware set none)."""
    return str(getattr(getattr(request, "viewer_zone", None), "key", "UTC"))
