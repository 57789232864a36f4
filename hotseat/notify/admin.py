from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from hotseat.notify import actions
from hotseat.notify.models import MailServerStatus, Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    """The outbox, read-only: rows are written by actions and the dispatcher; failed ones can be retried."""

    list_display = (
        "key",
        "kind",
        "recipient",
        "state",
        "attempts",
        "due_at",
        "next_attempt_at",
        "expires_at",
        "sent_at",
    )
    list_filter = ("state", "kind", "in_digest")
    search_fields = ("key", "recipient__email")
    list_select_related = ("recipient",)
    date_hierarchy = "due_at"
    actions = ["retry"]
    change_form_template = "admin/notify/notification/change_form.html"

    def get_readonly_fields(self, request: HttpRequest, obj: Notification | None = None) -> list[str]:
        return [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Retry the selected failed notifications"))
    def retry(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        count = actions.retry_failed(queryset.filter(state=Notification.State.FAILED).values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext(
                "%(count)d failed notification queued again.", "%(count)d failed notifications queued again.", count
            )
            % {"count": count},
        )

    def get_urls(self) -> list[URLPattern]:
        retry = self.admin_site.admin_view(require_POST(self.retry_one))
        return [path("<int:object_id>/retry/", retry, name="notify_notification_retry"), *super().get_urls()]

    def retry_one(self, request: HttpRequest, object_id: int) -> HttpResponse:
        notification = get_object_or_404(Notification, pk=object_id)
        if not self.has_change_permission(request, notification):
            raise PermissionDenied
        if actions.retry_failed([notification.pk]):
            self.message_user(request, gettext("%(notification)s is queued again.") % {"notification": notification})
        else:
            self.message_user(
                request,
                gettext("%(notification)s has not failed; nothing to retry.") % {"notification": notification},
                messages.WARNING,
            )
        return HttpResponseRedirect(reverse("admin:notify_notification_change", args=[notification.pk]))


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin[NotificationPreference]):
    list_display = ("user", "kind", "enabled", "digest")
    list_filter = ("kind", "enabled", "digest")
    search_fields = ("user__email",)
    raw_id_fields = ("user",)


@admin.register(MailServerStatus)
class MailServerStatusAdmin(admin.ModelAdmin[MailServerStatus]):
    """What the workers recorded about the mail server (the health page reads it); written by them only."""

    list_display = ("__str__", "failed_probes", "next_try_at", "checked_at", "last_error")

    def get_readonly_fields(self, request: HttpRequest, obj: MailServerStatus | None = None) -> list[str]:
        return [f.name for f in MailServerStatus._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
