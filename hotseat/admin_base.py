"""ModelAdmin bases the apps share.

Every state change goes through an action (DESIGN.md), so records whose changes carry
notifications, reminders or invariants across rows are shown read-only in the admin: an
operator looks them up and, for moderation or support, may delete one.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from hotseat.typed_input import WindowDateField, WindowSplitDateTimeField

# The admin's date fields keep their widgets and take the one window of typed dates (hotseat.typed_input):
# an operator's typo of year 9999 would otherwise break every page that shows the row.
DATES_IN_WINDOW: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.DateField: {"form_class": WindowDateField},
    models.DateTimeField: {"form_class": WindowSplitDateTimeField},
}


class ReadAndDelete(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
