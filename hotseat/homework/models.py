"""Questions, homework posts, feedback and their attachments.

A week's cycle: the presenter of a meeting poses one Question; every other member posts one
Homework on it (or says they skip this week); Feedback replies thread under each post;
files live in the storage API as Attachments, fetched only through an access-checked view.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

# The guide for homework: an hour. More is allowed, and shown gently.
GUIDE_MINUTES = 60
MAX_MINUTES = 24 * 60


class Question(models.Model):
    """What the week's presenter asks the group; one per meeting."""

    meeting = models.OneToOneField(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="question", verbose_name=_("call")
    )
    # The presenter whose question it is; posted_by differs when the leader typed it for them.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="questions",
        verbose_name=_("author"),
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("posted by")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("details"), blank=True)
    wants_feedback = models.BooleanField(_("I'd like to discuss the homework on the next call"), default=False)
    closing_note = models.TextField(_("What I'll do with this"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    posted_at = models.DateTimeField(_("posted at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="question_has_title"),
            # A closed week has its note; an open one has none yet.
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True, closing_note="")
                | (Q(closed_at__isnull=False) & ~Q(closing_note="")),
                name="question_closed_with_note",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Homework(models.Model):
    """One member's post acting on a question, or their "skipping this week"."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="homework", verbose_name=_("question")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="homework", verbose_name=_("author")
    )
    body = models.TextField(_("text"), blank=True)
    minutes_spent = models.PositiveSmallIntegerField(_("minutes spent"), null=True, blank=True)
    skipped = models.BooleanField(_("skipping this week"), default=False)
    helpful = models.BooleanField(_("helpful"), default=False)
    posted_at = models.DateTimeField(_("posted at"))
    # When its author last changed the text (None: as first posted); a helpful mark is not an edit.
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("homework post")
        verbose_name_plural = _("homework posts")
        ordering = ["posted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "author"], name="homework_once_per_member"),
            # A post has words; a skip has none, no minutes, and cannot be marked helpful.
            models.CheckConstraint(
                condition=Q(skipped=True, body="", minutes_spent__isnull=True, helpful=False)
                | (Q(skipped=False) & ~Q(body="")),
                name="homework_post_or_skip",
            ),
            models.CheckConstraint(
                condition=Q(minutes_spent__isnull=True) | Q(minutes_spent__gte=1, minutes_spent__lte=MAX_MINUTES),
                name="homework_minutes_in_day",
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(author)s on %(question)s") % {"author": self.author, "question": self.question}

    @property
    def over_guide(self) -> bool:
        return self.minutes_spent is not None and self.minutes_spent > GUIDE_MINUTES


class Feedback(models.Model):
    """A reply in the thread under a homework post."""

    homework = models.ForeignKey(
        Homework, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("homework post")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("author")
    )
    body = models.TextField(_("text"))
    posted_at = models.DateTimeField(_("posted at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["posted_at", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(body=""), name="feedback_has_body")]

    def __str__(self) -> str:
        return gettext("%(author)s on %(homework)s") % {"author": self.author, "homework": self.homework}


class Attachment(models.Model):
    """An uploaded file, checked by its bytes, stored under a random name through the storage API."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        VIDEO = "video", _("Video")
        PDF = "pdf", pgettext_lazy("file kind", "PDF")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    mastermind = models.ForeignKey(
        "masterminds.Mastermind", on_delete=models.CASCADE, related_name="attachments", verbose_name=_("mastermind")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("uploaded by")
    )
    # Where it shows; both empty while a pasted screenshot waits for its post to be saved.
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments")
    homework = models.ForeignKey(Homework, null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments")
    stored_name = models.CharField(max_length=255, unique=True)
    # Shown only, after cleaning; never used to store or to decide the type.
    original_name = models.CharField(_("file name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    content_type = models.CharField(_("content type"), max_length=64)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["image", "video", "pdf"]), name="attachment_known_kind"),
            models.CheckConstraint(condition=Q(size__gt=0), name="attachment_not_empty"),
            models.CheckConstraint(
                condition=Q(question__isnull=True) | Q(homework__isnull=True), name="attachment_on_one_post"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("attachment", args=[self.uid])


class LinkPreview(models.Model):
    """The title of a Loom/YouTube/Vimeo link, fetched once by oEmbed (hotseat/integrations/oembed.py)."""

    url = models.URLField(_("link"), max_length=500, unique=True)
    provider = models.CharField(_("provider"), max_length=20)
    title = models.CharField(_("title"), max_length=300, blank=True)
    fetched_at = models.DateTimeField(_("fetched at"), auto_now=True)

    class Meta:
        verbose_name = _("link preview")
        verbose_name_plural = _("link previews")

    def __str__(self) -> str:
        return self.title or self.url
