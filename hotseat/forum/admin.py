"""The forum's admin: a program's forum (the API key write-only), forum usernames, the steps to read."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hotseat.admin_base import ReadAndDelete
from hotseat.forum.models import ForumAccount, ForumSettings, ForumSpace, ForumStep


class ForumSettingsForm(forms.ModelForm[ForumSettings]):
    # Never rendered back: empty keeps the saved key.
    api_key = forms.CharField(
        label=_("API key"),
        required=False,
        max_length=200,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("An admin API key of the forum. Leave empty to keep the saved one."),
    )

    class Meta:
        model = ForumSettings
        fields = ["program", "enabled", "url", "api_key", "api_username", "parent_category_id"]

    def clean_api_key(self) -> str:
        key = self.cleaned_data.get("api_key") or ""
        return key.strip() or (self.instance.api_key if self.instance.pk else "")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("enabled") and not cleaned.get("api_key"):
            self.add_error("api_key", _("The forum cannot be turned on without an API key."))
        return cleaned


@admin.register(ForumSettings)
class ForumSettingsAdmin(admin.ModelAdmin[ForumSettings]):
    form = ForumSettingsForm
    list_display = ["program", "url", "enabled", "has_key"]

    @admin.display(boolean=True, description=_("API key saved"))
    def has_key(self, obj: ForumSettings) -> bool:
        return bool(obj.api_key)


@admin.register(ForumAccount)
class ForumAccountAdmin(admin.ModelAdmin[ForumAccount]):
    list_display = ["user", "username"]
    search_fields = ["user__email", "username"]
    raw_id_fields = ["user"]


@admin.register(ForumSpace)
class ForumSpaceAdmin(ReadAndDelete):
    list_display = ["group_name", "mastermind", "group_id", "category_id", "topic_id"]


@admin.register(ForumStep)
class ForumStepAdmin(ReadAndDelete):
    list_display = ["key", "kind", "state", "attempts", "due_at", "answer_status"]
    list_filter = ["state", "kind"]
    search_fields = ["key"]
