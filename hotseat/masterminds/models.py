from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from hotseat.row_locks import LockingQuerySet


class MastermindQuerySet(LockingQuerySet["Mastermind"]):
    pass


class MembershipQuerySet(models.QuerySet["Membership"]):
    def seated(self) -> MembershipQuerySet:
        """Seats taken now (a seat given back keeps its row, with ``left_at`` set)."""
        return self.filter(left_at__isnull=True)

    def leaders(self) -> MembershipQuerySet:
        """The seats of the people leading their mastermind now."""
        return self.seated().filter(role=Membership.Role.LEADER)


class Mastermind(models.Model):
    """One small group inside a cohort."""

    class State(models.TextChoices):
        FORMING = "forming", pgettext_lazy("mastermind state", "Forming")
        FORMED = "formed", pgettext_lazy("mastermind state", "Formed")
        RUNNING = "running", pgettext_lazy("mastermind state", "Running")
        FINISHED = "finished", pgettext_lazy("mastermind state", "Finished")
        DISBANDED = "disbanded", pgettext_lazy("mastermind state", "Disbanded")

    OPEN_STATES = (State.FORMING, State.FORMED)

    cohort = models.ForeignKey(
        "programs.Cohort", on_delete=models.CASCADE, related_name="masterminds", verbose_name=_("cohort")
    )
    number = models.PositiveIntegerField(_("number"), help_text=_("Group 1, group 2 … within the cohort."))
    title = models.CharField(_("title"), max_length=120)
    focus = models.TextField(_("focus"), blank=True, help_text=_("What the group will work on."))
    preferred_times = models.CharField(
        _("preferred times"),
        max_length=200,
        blank=True,
        help_text=_("e.g. “Tuesdays or Thursdays, 17:00–19:00 Paris”."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), default=4, validators=[MinValueValidator(2), MaxValueValidator(20)]
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.FORMING)
    formed_at = models.DateTimeField(_("formed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = MastermindQuerySet.as_manager()

    class Meta:
        verbose_name = _("mastermind")
        verbose_name_plural = _("masterminds")
        ordering = ["cohort", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "number"], name="mastermind_number_unique_in_cohort"),
        ]

    def __str__(self) -> str:
        return gettext("Group %(number)s: %(title)s") % {"number": self.number, "title": self.title}

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES


class Membership(models.Model):
    """A taken seat. `left_at` set means the seat was given back (kept for history)."""

    class Role(models.TextChoices):
        LEADER = "leader", _("Leader")
        MEMBER = "member", _("Member")

    mastermind = models.ForeignKey(
        Mastermind, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("mastermind")
    )
    # Denormalised from the mastermind so the database itself enforces one seat per cohort.
    cohort = models.ForeignKey(
        "programs.Cohort", on_delete=models.CASCADE, related_name="memberships", verbose_name=_("cohort")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=6, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now, editable=False)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    # Hot seat rotation: False = opted out of presenting this cohort (still a member);
    # turn_order = the leader's chosen order (None: by joining order).
    presents = models.BooleanField(_("presents"), default=True, help_text=_("Takes turns in the hot seat."))
    turn_order = models.PositiveSmallIntegerField(_("turn order"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("seat", "seat")
        verbose_name_plural = pgettext_lazy("seat", "seats")
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "user"],
                condition=Q(left_at__isnull=True),
                name="one_active_seat_per_cohort",
                violation_error_message=_("This person already has a seat in this cohort."),
            ),
            models.UniqueConstraint(
                fields=["mastermind"],
                condition=Q(left_at__isnull=True, role="leader"),
                name="one_active_leader_per_mastermind",
                violation_error_message=_("A mastermind has exactly one leader."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(person)s (%(role)s) in %(mastermind)s") % {
            "person": self.user,
            "role": self.get_role_display(),
            "mastermind": self.mastermind,
        }

    @property
    def is_leader(self) -> bool:
        return self.role == self.Role.LEADER


class NextStep(models.Model):
    """What a member wants after the cohort: continue with this group, be remixed, or pause."""

    class Choice(models.TextChoices):
        CONTINUE = "continue", _("Continue with this group")
        REMIX = "remix", _("Remix me into a new group")
        PAUSE = "pause", _("Pause for a cohort")

    mastermind = models.ForeignKey(
        Mastermind, on_delete=models.CASCADE, related_name="next_steps", verbose_name=_("mastermind")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="next_steps", verbose_name=_("person")
    )
    choice = models.CharField(_("choice"), max_length=8, choices=Choice.choices)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("next step")
        verbose_name_plural = _("next steps")
        ordering = ["mastermind", "user"]
        constraints = [
            models.UniqueConstraint(fields=["mastermind", "user"], name="one_next_step_per_member"),
        ]

    def __str__(self) -> str:
        return gettext("%(person)s: %(choice)s (%(mastermind)s)") % {
            "person": self.user,
            "choice": self.get_choice_display(),
            "mastermind": self.mastermind,
        }


class SeatInvitation(models.Model):
    """An organizer's invitation to a seat (or to the waitlist) for someone not yet in the program.

    Importing a sheet seats nobody who has not said yes: people not yet in the program are invited,
    and take the seat when they accept it, if it is still free. Whether they had an account before
    is theirs to know, not the organizer's: both get the same invitation.
    """

    class Role(models.TextChoices):
        LEADER = "leader", "Leader"
        MEMBER = "member", "Member"
        WAITLIST = "waitlist", _("Waitlist")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", pgettext_lazy("invitation", "Accepted")
        DECLINED = "declined", pgettext_lazy("invitation", "Declined")

    cohort = models.ForeignKey(
        "programs.Cohort", on_delete=models.CASCADE, related_name="seat_invitations", verbose_name=_("cohort")
    )
    # The group the seat is in; for the waitlist, the group waited for (empty: any group).
    mastermind = models.ForeignKey(
        Mastermind,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("mastermind"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seat_invitations", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("seat invitation")
        verbose_name_plural = _("seat invitations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "user"],
                condition=Q(status="pending"),
                name="one_pending_invitation_per_cohort",
                violation_error_message=_("This person is already invited to this cohort."),
            ),
            models.CheckConstraint(
                condition=Q(role="waitlist") | Q(mastermind__isnull=False),
                name="invitation_to_a_seat_names_its_group",
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(person)s invited to %(where)s (%(role)s, %(status)s)") % {
            "person": self.user,
            "where": self.mastermind or self.cohort,
            "role": self.get_role_display(),
            "status": self.get_status_display(),
        }

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
