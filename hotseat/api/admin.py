"""API tokens in the admin: an operator finds a person's tokens and revokes one (say, a leaked one).

Read-only otherwise: a token is made by its owner, on the profile's page, and shown to them only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hotseat.admin_base import ReadAndDelete
from hotseat.api.actions import revoke_token
from hotseat.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(ReadAndDelete):
    list_display = ("name", "user", "prefix", "scope", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("scope",)
    search_fields = ("user__email", "user__display_name", "name", "prefix")
    list_select_related = ("user",)
    exclude = ("digest",)
    actions = ["revoke"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoked, a token stays listed: its owner sees when it stopped working

    @admin.action(description=_("Revoke (the token stops working at once)"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            revoke_token(token)
        messages.success(
            request,
            ngettext("%(count)s token revoked.", "%(count)s tokens revoked.", len(tokens)) % {"count": len(tokens)},
        )
