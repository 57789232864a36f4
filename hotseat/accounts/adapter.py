"""allauth's adapter: the client's address (login and sign-up limits count by it), the language of its emails.

allauth's emails (confirm your address, reset your password) are written in the language of the
account they are about when its owner chose one, whatever browser asked for them; else in the
language of the request, as the person reading the page at that moment reads it.

Behind the reverse proxy of docs/deploy.md every request comes from the proxy's address, so a limit
per address would be one limit for everyone: five wrong passwords from anyone would lock everybody
out. The address is therefore read from `X-Forwarded-For`, but only as far as the proxies we run
append to it: `TRUSTED_PROXY_COUNT` (allauth's `ALLAUTH_TRUSTED_PROXY_COUNT`) says how many, and
the address is the one the outermost of them saw. With none configured, the header is ignored,
whatever a client writes in it, and the address is the connection's.
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest
from django.utils import translation

from hotseat.accounts.models import HotseatUserManager, User


def account_language(email: str, context: dict[str, Any]) -> str:
    """The language the owner of the account an email is about chose, "" when none (or no account)."""
    user = context.get("user")
    if not isinstance(user, User):
        user = User.objects.filter(email=HotseatUserManager.normalize_email(email)).only("language").first()
    language = user.language if user is not None else ""
    return language if language in dict(settings.LANGUAGES) else ""


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth ships no type hints
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        with translation.override(account_language(email, context) or translation.get_language()):
            super().send_mail(template_prefix, email, context)

    def get_client_ip(self, request: HttpRequest) -> str:
        try:
            return str(super().get_client_ip(request))
        except ImproperlyConfigured:
            # Fewer addresses in X-Forwarded-For than trusted proxies: the request did not come through
            # all of them (or a client sent the header to the app directly). allauth calls that a
            # misconfiguration and answers 500; the connection's own address is the one we can trust.
            address = request.META.get("REMOTE_ADDR")
            if not address:
                raise PermissionDenied("Unable to determine client IP address") from None
            return str(address)
