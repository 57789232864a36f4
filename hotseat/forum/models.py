"""A program's forum, people's forum accounts, each mastermind's space on it and the calls that make it.

Every call to the forum is a `ForumStep` row, written in the transaction of the change that
causes it (like the outbox), and sent by the worker (delivery.py). A step waits for the one it
comes `after` (members, invites and the category need the group; the welcome topic needs the
category).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ForumSettings(models.Model):
    """The program's Discourse forum; the API key is write-only (the admin never shows it back)."""

    program = models.OneToOneField(
        "programs.Program", on_delete=models.CASCADE, related_name="forum_settings", verbose_name=_("program")
    )
    enabled = models.BooleanField(
        _("on"), default=False, help_text=_("Give every mastermind that forms a private space on the forum.")
    )
    url = models.URLField(_("forum address"), max_length=300, help_text=_("For example https://forum.example.org"))
    api_key = models.CharField(_("API key"), max_length=200, blank=True)
    api_username = models.CharField(
        _("API username"), max_length=60, default="system", help_text=_("The admin the key acts as.")
    )
    parent_category_id = models.PositiveIntegerField(
        _("parent category id"),
        null=True,
        blank=True,
        help_text=_("The groups' categories are made under this one; empty for the top level."),
    )

    # After a 429 the whole forum waits (the limit is the key's, not one call's).
    quiet_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("forum settings")
        verbose_name_plural = _("forum settings")

    def __str__(self) -> str:
        return self.url


class ForumAccount(models.Model):
    """A person's username on the forum: they are added to their group by it, not invited by email."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_account", verbose_name=_("person")
    )
    username = models.CharField(_("forum username"), max_length=60)

    class Meta:
        verbose_name = _("forum account")
        verbose_name_plural = _("forum accounts")

    def __str__(self) -> str:
        return self.username


class ForumSpace(models.Model):
    """What the forum made for one mastermind, filled in as its steps are done."""

    mastermind = models.OneToOneField(
        "masterminds.Mastermind", on_delete=models.CASCADE, related_name="forum_space", verbose_name=_("mastermind")
    )
    forum = models.ForeignKey(ForumSettings, on_delete=models.CASCADE, related_name="spaces", verbose_name=_("forum"))
    group_name = models.CharField(_("forum group"), max_length=20, unique=True)
    group_id = models.PositiveBigIntegerField(_("forum group id"), null=True, blank=True)
    category_slug = models.CharField(_("category slug"), max_length=50)
    category_id = models.PositiveBigIntegerField(_("category id"), null=True, blank=True)
    topic_id = models.PositiveBigIntegerField(_("welcome topic id"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("forum space")
        verbose_name_plural = _("forum spaces")

    def __str__(self) -> str:
        return self.group_name

    @property
    def category_url(self) -> str:
        if self.category_id is None:
            return ""
        return f"{self.forum.url.rstrip('/')}/c/{self.category_slug}/{self.category_id}"


class ForumStep(models.Model):
    """One call to the forum, sent by the worker until it is done or has failed for good."""

    class Kind(models.TextChoices):
        GROUP = "group", _("create the group")
        MEMBERS = "members", _("add the members")
        INVITE = "invite", _("invite by email")
        CATEGORY = "category", _("create the category")
        WELCOME = "welcome", _("post the welcome topic")

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    space = models.ForeignKey(ForumSpace, on_delete=models.CASCADE, related_name="steps", verbose_name=_("space"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    key = models.CharField(_("key"), max_length=120, unique=True, help_text=_("Names the call, e.g. m42:group."))
    after = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="next_steps", verbose_name=_("after")
    )
    email = models.EmailField(_("email"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    due_at = models.DateTimeField(_("due at"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    tried_at = models.DateTimeField(_("last tried at"), null=True, blank=True)
    calls = models.PositiveSmallIntegerField(_("requests of the last try"), default=0)
    claimed_by = models.CharField(max_length=64, blank=True, editable=False)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    answer_status = models.PositiveSmallIntegerField(_("forum's status"), null=True, blank=True)
    answer = models.TextField(_("forum's answer"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("forum step")
        verbose_name_plural = _("forum steps")
        ordering = ["pk"]
        indexes = [models.Index(fields=["state", "due_at"], name="forum_step_due")]
        constraints = [
            models.CheckConstraint(condition=~Q(kind="invite") | ~Q(email=""), name="forum_step_invite_has_email")
        ]

    def __str__(self) -> str:
        return self.key
