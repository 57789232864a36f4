"""The saved outbox: one row per notification, and each person's choices about them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Notification(models.Model):
    """Something to tell one person, by email and in the app.

    Written in the transaction of the change that caused it, once per `key`; the
    dispatcher claims due rows (a lease: `claimed_by` until `claimed_until`), sends, and
    marks them sent. What to say is rendered at send time from `refs`, so a reminder due
    next week tells next week's truth.
    """

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Not emailed (turned off)"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"
        EXPIRED = "expired", "Expired (its time passed before it could be sent)"

    kind = models.CharField(max_length=40)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    key = models.CharField(max_length=200, unique=True, help_text="Names the event, e.g. mastermind_formed:m42:u7.")
    refs = models.JSONField(default=dict, blank=True, help_text="What to render from: object references and values.")
    subject = models.CharField(max_length=300, blank=True, help_text="As last rendered; the in-app list shows it.")
    url = models.CharField(max_length=500, blank=True)
    due_at = models.DateTimeField(help_text="When it happens (or, for a reminder, when to remind).")
    in_digest = models.BooleanField(default=False, help_text="Held for the recipient's daily digest.")
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="Not sent after this (a seat offer's hold): past it, the row is expired."
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Real tries: the message went to the server.")
    next_attempt_at = models.DateTimeField(help_text="The dispatcher takes it from then on.")
    last_error = models.TextField(blank=True)
    claimed_by = models.CharField(max_length=64, blank=True, help_text="The worker that took it last.")
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
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

    down_since = models.DateTimeField(null=True, blank=True, help_text="Unreachable since then; empty when up.")
    failed_probes = models.PositiveIntegerField(default=0, help_text="Connection attempts failed in this outage.")
    next_try_at = models.DateTimeField(null=True, blank=True, help_text="When a worker probes the server again.")
    last_error = models.TextField(blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "mail server status"
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="mail_server_status_one_row")]

    def __str__(self) -> str:
        return f"down since {self.down_since:%Y-%m-%d %H:%M} UTC" if self.down_since else "up"


class NotificationPreference(models.Model):
    """A person's choice for one kind. No row: on, sent straight away."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_choices")
    kind = models.CharField(max_length=40)
    enabled = models.BooleanField(default=True)
    digest = models.BooleanField(default=False, help_text="Grouped into one email a day, at 08:00 their time.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_choice_per_kind")]

    def __str__(self) -> str:
        state = "off" if not self.enabled else "daily digest" if self.digest else "on"
        return f"{self.user}: {self.kind} {state}"
