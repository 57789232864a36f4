"""allauth's adapter, where it asks for the client's address (login and sign-up limits count by it).

Behind the reverse proxy of docs/deploy.md every request comes from the proxy's address, so a limit
per address would be one limit for everyone: five wrong passwords from anyone would lock everybody
out. The address is therefore read from `X-Forwarded-For`, but only as far as the proxies we run
append to it: `TRUSTED_PROXY_COUNT` (allauth's `ALLAUTH_TRUSTED_PROXY_COUNT`) says how many, and
the address is the one the outermost of them saw. With none configured, the header is ignored,
whatever a client writes in it, and the address is the connection's.
"""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth ships no type hints
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
