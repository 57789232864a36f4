"""ModelAdmin bases the apps share.

Every state change goes through an action (DESIGN.md), so records whose changes carry
notifications, reminders or invariants across rows are shown read-only in the admin: an
operator looks them up and, for moderation or support, may delete one.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class ReadAndDelete(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
