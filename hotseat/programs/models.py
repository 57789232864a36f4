from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from hotseat.row_locks import LockingQuerySet


def installation_language() -> str:
    return str(settings.LANGUAGE_CODE)


class Program(models.Model):
    """A sponsor's ongoing series of masterminds."""

    class Review(models.TextChoices):
        AUTO = "auto", _("Accept everyone automatically")
        ORGANIZER = "organizer", _("An organizer reviews each signup")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    sponsor = models.CharField(_("sponsor"), max_length=120, help_text=_("Who runs and pays for the program."))
    charter = models.TextField(
        _("charter"), blank=True, help_text=_("Markdown. What the program is and how groups work.")
    )
    audience = models.TextField(_("who it is for"), blank=True)
    screening_questions = models.TextField(
        _("screening questions"), blank=True, help_text=_("One question per line, asked to everyone who signs up.")
    )
    review = models.CharField(_("review"), max_length=12, choices=Review.choices, default=Review.ORGANIZER)
    group_size = models.PositiveSmallIntegerField(
        _("default seats per mastermind"), default=4, validators=[MinValueValidator(2), MaxValueValidator(20)]
    )
    min_to_start = models.PositiveSmallIntegerField(
        _("people needed to start"), default=4, validators=[MinValueValidator(2), MaxValueValidator(20)]
    )
    max_group_size = models.PositiveSmallIntegerField(
        _("most seats a leader may allow"), default=8, validators=[MinValueValidator(2), MaxValueValidator(20)]
    )
    # Emails go out in this language to people who never chose one of their own.
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=installation_language,
        help_text=_("Emails go out in this language to people who have not chosen one."),
    )
    organizers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("organizers"), related_name="organized_programs", blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_to_start__lte=F("group_size")) & Q(group_size__lte=F("max_group_size")),
                name="program_sizes_ordered",
                violation_error_message=_("Sizes must satisfy: people to start ≤ default seats ≤ maximum seats."),
            ),
            models.CheckConstraint(condition=Q(min_to_start__gte=2), name="program_min_to_start_at_least_2"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("program", args=[self.slug])

    @property
    def questions(self) -> list[str]:
        return [line.strip() for line in self.screening_questions.splitlines() if line.strip()]


class CohortQuerySet(LockingQuerySet["Cohort"]):
    pass


class Cohort(models.Model):
    """One time-boxed run of a program."""

    program = models.ForeignKey(Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80)
    starts_on = models.DateField(_("starts on"))
    weeks = models.PositiveSmallIntegerField(
        _("weeks"), default=10, validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    signup_opens_at = models.DateTimeField(
        _("sign-up opens at"), null=True, blank=True, help_text=_("Empty: open now.")
    )
    signup_closes_at = models.DateTimeField(
        _("sign-up closes at"), null=True, blank=True, help_text=_("Empty: open until closed by hand.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["program", "slug"], name="cohort_slug_unique_in_program"),
            models.CheckConstraint(
                condition=Q(signup_opens_at__isnull=True)
                | Q(signup_closes_at__isnull=True)
                | Q(signup_opens_at__lt=F("signup_closes_at")),
                name="cohort_signup_window_ordered",
                violation_error_message=_("Sign-up must open before it closes."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program.name} — {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("board", args=[self.program.slug, self.slug])

    @property
    def ends_on(self) -> date:
        return self.starts_on + timedelta(weeks=self.weeks) - timedelta(days=1)

    def signup_open(self, now: datetime) -> bool:
        if self.signup_opens_at and now < self.signup_opens_at:
            return False
        return not (self.signup_closes_at and now >= self.signup_closes_at)


class Signup(models.Model):
    """A person's request to take part in a cohort."""

    class Role(models.TextChoices):
        LEADER = "leader", _("Lead a mastermind")
        MEMBER = "member", _("Join as a member")
        EITHER = "either", pgettext_lazy("role", "Either")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending review")
        ACCEPTED = "accepted", pgettext_lazy("signup", "Accepted")
        WAITLISTED = "waitlisted", _("On the waitlist")
        DECLINED = "declined", pgettext_lazy("signup", "Declined")
        PLACED = "placed", pgettext_lazy("signup", "Seated")
        WITHDRAWN = "withdrawn", pgettext_lazy("signup", "Withdrawn")

    # Statuses that let a person act on the board.
    ACTIVE = (Status.ACCEPTED, Status.WAITLISTED, Status.PLACED)

    cohort = models.ForeignKey(Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="signups"
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    answers = models.JSONField(_("answers"), default=list, blank=True, help_text='[{"question": ..., "answer": ...}]')
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    organizer_message = models.TextField(_("message from the organizers"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    # The board's waitlist: which mastermind they wait for (empty: any), in order of arrival.
    waitlist_mastermind = models.ForeignKey(
        "masterminds.Mastermind",
        verbose_name=_("waiting for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="waitlisted",
    )
    waitlisted_at = models.DateTimeField(_("on the waitlist since"), null=True, blank=True)
    # A seat held for this person after someone left; it lapses at offer_expires_at.
    offer_mastermind = models.ForeignKey(
        "masterminds.Mastermind",
        verbose_name=_("seat held in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offers",
    )
    offer_expires_at = models.DateTimeField(_("seat held until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("signup")
        verbose_name_plural = _("signups")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="signup_once_per_cohort"),
            models.CheckConstraint(
                condition=Q(offer_mastermind__isnull=True) | Q(offer_expires_at__isnull=False),
                name="signup_offer_has_expiry",
            ),
        ]
        indexes = [models.Index(fields=["cohort", "status", "waitlisted_at"])]

    def __str__(self) -> str:
        return gettext("%(person)s in %(cohort)s (%(status)s)") % {
            "person": self.user,
            "cohort": self.cohort,
            "status": self.get_status_display(),
        }

    @property
    def can_use_board(self) -> bool:
        return self.status in self.ACTIVE

    QUEUE_FIELDS = ("status", "waitlist_mastermind", "waitlisted_at", "offer_mastermind", "offer_expires_at")

    def leave_queue(self, status: str) -> None:
        """Set `status` and take the person off the waitlist, dropping any seat held for them (not saved)."""
        self.status = status
        self.waitlist_mastermind = None
        self.waitlisted_at = None
        self.offer_mastermind = None
        self.offer_expires_at = None

    def holds_offer(self, now: datetime) -> bool:
        return bool(self.offer_mastermind_id and self.offer_expires_at and self.offer_expires_at > now)
