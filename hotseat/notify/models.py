"""The saved outbox: one row per notification, and each person's choices about them."""

from __future__ import annotations

from datetime import UTC

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """Something to tell one person, by email and in the app.

    Written in the transaction of the change that caused it, once per `key`; the
    dispatcher claims due rows (a lease: `claimed_by` until `claimed_until`), sends, and
    marks them sent. What to say is rendered at send time from `refs`, so a reminder due
    next week tells next week's truth.
    """

    class State(models.TextChoices):
        PENDING = "pending", pgettext_lazy("notification", "Pending")
        SENDING = "sending", pgettext_lazy("notification", "Sending")
        SENT = "sent", pgettext_lazy("notification", "Sent")
        SKIPPED = "skipped", _("Not emailed (turned off)")
        FAILED = "failed", pgettext_lazy("notification", "Failed")
        CANCELLED = "cancelled", pgettext_lazy("notification", "Cancelled")
        EXPIRED = "expired", _("Expired (its time passed before it could be sent)")

    kind = models.CharField(_("kind"), max_length=40)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    key = models.CharField(
        _("key"), max_length=200, unique=True, help_text=_("Names the event, e.g. mastermind_formed:m42:u7.")
    )
    refs = models.JSONField(
        _("references"), default=dict, blank=True, help_text=_("What to render from: object references and values.")
    )
    subject = models.CharField(
        _("subject"), max_length=300, blank=True, help_text=_("As last rendered; the in-app list shows it.")
    )
    url = models.CharField(_("link"), max_length=500, blank=True)
    due_at = models.DateTimeField(_("due at"), help_text=_("When it happens (or, for a reminder, when to remind)."))
    in_digest = models.BooleanField(
        _("in the digest"), default=False, help_text=_("Held for the recipient's daily digest.")
    )
    expires_at = models.DateTimeField(
        _("expires at"),
        null=True,
        blank=True,
        help_text=_("Not sent after this (a seat offer's hold): past it, the row is expired."),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(
        _("tries"), default=0, help_text=_("Real tries: the message went to the server.")
    )
    next_attempt_at = models.DateTimeField(_("next try at"), help_text=_("The dispatcher takes it from then on."))
    last_error = models.TextField(_("last error"), blank=True)
    claimed_by = models.CharField(
        _("claimed by"), max_length=64, blank=True, help_text=_("The worker that took it last.")
    )
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-due_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="notification_dispatch"),
            models.Index(fields=["recipient", "due_at"], name="notification_inbox"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="sending") | Q(claimed_until__isnull=False, claimed_by__gt=""),
                name="notification_sending_is_claimed",
            ),
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False), name="notification_sent_has_time"
            ),
        ]

    def __str__(self) -> str:
        return self.key


class MailServerStatus(models.Model):
    """What the workers know about the mail server, shared by all of them (one row, pk 1).

    When a worker cannot even connect, the whole outbox waits: no row is charged a try, one
    line is logged, and the workers probe again at `next_try_at` (capped back-off). The health
    page (`/health/outbox/`) reports it.
    """

    ROW = 1

    down_since = models.DateTimeField(
        _("down since"), null=True, blank=True, help_text=_("Unreachable since then; empty when up.")
    )
    failed_probes = models.PositiveIntegerField(
        _("failed probes"), default=0, help_text=_("Connection attempts failed in this outage.")
    )
    next_try_at = models.DateTimeField(
        _("next try at"), null=True, blank=True, help_text=_("When a worker probes the server again.")
    )
    last_error = models.TextField(_("last error"), blank=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("mail server status")
        verbose_name_plural = _("mail server status")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="mail_server_status_one_row")]

    def __str__(self) -> str:
        if self.down_since is None:
            return gettext("up")
        return gettext("down since %(moment)s UTC") % {
            "moment": date_format(timezone.localtime(self.down_since, UTC), "Y-m-d H:i")
        }


class NotificationPreference(models.Model):
    """A person's choice for one kind. No row: on, sent straight away."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_choices",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    enabled = models.BooleanField(_("emailed"), default=True)
    digest = models.BooleanField(
        _("daily digest"), default=False, help_text=_("Grouped into one email a day, at 08:00 their time.")
    )

    class Meta:
        verbose_name = _("notification choice")
        verbose_name_plural = _("notification choices")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_choice_per_kind")]

    def __str__(self) -> str:
        values = {"person": self.user, "kind": self.kind}
        if not self.enabled:
            return gettext("%(person)s: %(kind)s off") % values
        if self.digest:
            return gettext("%(person)s: %(kind)s in the daily digest") % values
        return gettext("%(person)s: %(kind)s on") % values
