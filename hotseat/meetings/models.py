"""A mastermind's weekly call: the slot it picked, the meetings it generated, calendar feeds."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from hotseat.accounts.timezones import validate_time_zone


def new_token() -> str:
    """A URL-safe secret for calendar feeds (unguessable; reset by the owner)."""
    return secrets.token_urlsafe(24)


def new_room() -> str:
    """An unguessable Jitsi Meet room name, so nobody needs a paid account to host."""
    return f"hotseat-{secrets.token_urlsafe(18).replace('_', '').replace('-', '')}"


class Schedule(models.Model):
    """The weekly slot a mastermind meets at: a weekday and wall time in the anchor zone (the leader's)."""

    mastermind = models.OneToOneField("masterminds.Mastermind", on_delete=models.CASCADE, related_name="schedule")
    weekday = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(6)], verbose_name=_("weekday"), help_text=_("0 = Monday … 6 = Sunday")
    )
    minute = models.PositiveSmallIntegerField(
        _("minute"), validators=[MaxValueValidator(1439)], help_text=_("Minutes after midnight")
    )
    zone = models.CharField(
        _("time zone"), max_length=64, validators=[validate_time_zone], help_text=_("The anchor zone (the leader's).")
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"), default=60, validators=[MinValueValidator(15), MaxValueValidator(240)]
    )
    # Empty video_url means the default: a Jitsi Meet room named video_room.
    video_url = models.URLField(_("video link"), blank=True, max_length=500)
    video_room = models.CharField(max_length=64, unique=True, default=new_room)
    feed_token = models.CharField(max_length=64, unique=True, default=new_token)
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    chosen_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("weekly call")
        verbose_name_plural = _("weekly calls")
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="schedule_weekday_0_to_6"),
            models.CheckConstraint(condition=Q(minute__lt=1440), name="schedule_minute_in_day"),
        ]

    def __str__(self) -> str:
        return gettext("%(mastermind)s weekly call") % {"mastermind": self.mastermind}


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def upcoming(self, now: datetime) -> MeetingQuerySet:
        """Calls still to start at ``now``, skipped ones left out."""
        return self.filter(starts_at__gt=now).exclude(state=Meeting.State.SKIPPED)


class Meeting(models.Model):
    """One weekly call. Its UID never changes; SEQUENCE goes up with every change (RFC 5545)."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", pgettext_lazy("a call", "Scheduled")
        MOVED = "moved", pgettext_lazy("a call", "Moved")
        SKIPPED = "skipped", pgettext_lazy("a call", "Skipped")

    mastermind = models.ForeignKey("masterminds.Mastermind", on_delete=models.CASCADE, related_name="meetings")
    number = models.PositiveSmallIntegerField(_("week"), help_text=_("Week 1, week 2 … of the cohort."))
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=60)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SCHEDULED)
    sequence = models.PositiveIntegerField(default=0)
    # The hot seat: the member who poses this week's question (set by the turns, see turns.py).
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("in the hot seat"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hot_seats",
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["mastermind", "number"]
        constraints = [models.UniqueConstraint(fields=["mastermind", "number"], name="meeting_number_unique")]

    def __str__(self) -> str:
        return gettext("%(mastermind)s — week %(number)s") % {"mastermind": self.mastermind, "number": self.number}

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class Attendance(models.Model):
    """One person's answer for one call: the RSVP before it, whether they were there after it."""

    class Rsvp(models.TextChoices):
        UNKNOWN = "", _("No answer")
        COMING = "coming", _("Coming")
        CANT_MAKE_IT = "cant", _("Can't make it")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendances")
    rsvp = models.CharField(max_length=8, choices=Rsvp.choices, blank=True, default=Rsvp.UNKNOWN)
    # None: not recorded yet; True/False once the member checked in or the leader took attendance.
    attended = models.BooleanField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="attendance_once_per_meeting")]

    def __str__(self) -> str:
        return gettext("%(user)s at %(meeting)s") % {"user": self.user, "meeting": self.meeting}


class PersonalFeed(models.Model):
    """The secret token of a person's calendar feed (all their meetings)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_token)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return gettext("calendar feed of %(user)s") % {"user": self.user}


class TurnSwap(models.Model):
    """A member asks another to swap hot seat turns: their call ``from_meeting`` for the other's ``to_meeting``."""

    class State(models.TextChoices):
        PENDING = "pending", pgettext_lazy("a swap", "Waiting for an answer")
        ACCEPTED = "accepted", pgettext_lazy("a swap", "Accepted")
        DECLINED = "declined", pgettext_lazy("a swap", "Declined")
        CANCELLED = "cancelled", pgettext_lazy("a swap", "Cancelled")

    from_meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="swaps_out")
    to_meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="swaps_in")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    asked = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="turn_swaps_asked")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("hot seat swap")
        verbose_name_plural = _("hot seat swaps")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_meeting", "to_meeting"],
                condition=Q(state="pending"),
                name="one_pending_swap_per_pair_of_turns",
                violation_error_message=_("You have already asked for this swap."),
            ),
            models.CheckConstraint(condition=~Q(from_meeting=models.F("to_meeting")), name="swap_two_different_calls"),
        ]

    def __str__(self) -> str:
        return gettext("swap week %(first)s ↔ week %(second)s (%(state)s)") % {
            "first": self.from_meeting.number,
            "second": self.to_meeting.number,
            "state": self.state,
        }


class MeetingNotes(models.Model):
    """The shared Markdown notes of one meeting. ``version`` goes up by one with every saved edit."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("call notes")

    def __str__(self) -> str:
        return gettext("notes of %(meeting)s (v%(version)s)") % {"meeting": self.meeting, "version": self.version}


class MeetingNotesRevision(models.Model):
    """One saved version of a meeting's notes (the edit history)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notes_revisions")
    version = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("call notes revision")
        verbose_name_plural = _("call notes revisions")
        ordering = ["meeting", "-version"]
        constraints = [models.UniqueConstraint(fields=["meeting", "version"], name="notes_revision_once")]

    def __str__(self) -> str:
        return gettext("notes of %(meeting)s, version %(version)s") % {"meeting": self.meeting, "version": self.version}
