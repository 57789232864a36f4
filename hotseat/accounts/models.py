from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from hotseat.accounts.timezones import validate_time_zone
from hotseat.scheduling import Availability, Window


def username_for(email: str) -> str:
    """The internal username: the email when it fits Django's 150 characters, else a stable digest."""
    if len(email) <= 150:
        return email
    return "email-sha256-" + hashlib.sha256(email.encode()).hexdigest()


class HotseatUserManager(UserManager["User"]):
    """People log in with their email. Emails are stored lower-case: allauth looks them up that way."""

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        return (email or "").strip().lower()

    def create_user(self, username=None, email=None, password=None, **extra_fields):  # type: ignore[no-untyped-def]
        email = self.normalize_email(email)
        return super().create_user(username or username_for(email), email, password, **extra_fields)

    def create_superuser(self, username=None, email=None, password=None, **extra_fields):  # type: ignore[no-untyped-def]
        email = self.normalize_email(email)
        return super().create_superuser(username or username_for(email), email, password, **extra_fields)


class User(AbstractUser):
    """A person. Logs in with their email; the profile lives on the same row."""

    class Platform(models.TextChoices):
        DISCOURSE = "discourse", "Discourse"
        DISCORD = "discord", "Discord"
        SLACK = "slack", "Slack"
        CIRCLE = "circle", "Circle"
        FACEBOOK = "facebook", _("Facebook group")
        REDDIT = "reddit", "Reddit"
        OTHER = "other", pgettext_lazy("community platform", "Other")

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC", validators=[validate_time_zone])
    # Blank until the person picks one: their browser (or the program, for emails) decides.
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    community_name = models.CharField(_("community name"), max_length=120, blank=True)
    community_url = models.URLField(_("community URL"), blank=True)
    community_platform = models.CharField(_("community platform"), max_length=20, choices=Platform.choices, blank=True)
    community_role = models.CharField(_("role in the community"), max_length=120, blank=True)
    bio = models.TextField(_("bio"), max_length=1000, blank=True)

    objects = HotseatUserManager()  # type: ignore[misc]  # the stubs declare it a ClassVar

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["username"]

    class Meta:
        ordering = ["display_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = HotseatUserManager.normalize_email(self.email)
        if not self.username:
            self.username = username_for(self.email)
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        return self.display_name or self.email.split("@")[0]


class WeeklyAvailability(models.Model):
    """When a person can take a call: weekly windows on the wall clock of `zone`, plus dates away.

    Stored as local wall-clock windows + IANA zone (never as UTC), so a window stays
    "Tuesday 17:00-19:00 Paris" through every clock change. `windows` is a list of
    [weekday, start_minute, end_minute] (weekday 0 = Monday, minutes 0-1440);
    `holidays` a list of ISO dates. The scheduling core validates both.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="availability", verbose_name=_("person"))
    zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    windows = models.JSONField(_("weekly windows"), default=list, blank=True)
    holidays = models.JSONField(_("dates away"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("weekly availability")
        verbose_name_plural = _("weekly availabilities")

    def __str__(self) -> str:
        return gettext("availability of %(name)s") % {"name": self.user}

    def as_core(self) -> Availability:
        """The scheduling core's view (raises SchedulingError on bad stored data)."""
        return Availability(
            zone=self.zone,
            windows=tuple(Window(int(d), int(s), int(e)) for d, s, e in self.windows),
            holidays=frozenset(date.fromisoformat(str(h)) for h in self.holidays),
        )
