from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class GroupProposal(models.Model):
    """An organizer's draft of masterminds for a cohort; nothing is on the board until it is published.

    `data` holds the draft (see hotseat/proposals/draft.py): groups with leader, members
    and slot, the people left out and why, the upper bound. `revision` goes up with every
    change, so a move sent from a page that shows an older draft is refused instead of
    applied to a draft its sender has not seen.
    """

    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("proposal", "Draft")
        PUBLISHED = "published", pgettext_lazy("proposal", "Published")
        DISCARDED = "discarded", pgettext_lazy("proposal", "Discarded")

    cohort = models.ForeignKey(
        "programs.Cohort", verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="proposals"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    data = models.JSONField(_("draft"), default=dict)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposal of groups")
        verbose_name_plural = _("proposals of groups")
        db_table = "masterminds_groupproposal"  # its table from when it lived in masterminds: moving it moved no data
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort"],
                condition=Q(state="draft"),
                name="one_draft_proposal_per_cohort",
                violation_error_message=_("This cohort already has a draft proposal."),
            ),
        ]

    def __str__(self) -> str:
        values = {"cohort": self.cohort_id, "revision": self.revision}
        if self.state == self.State.PUBLISHED:
            return gettext("Published proposal for %(cohort)s (revision %(revision)d)") % values
        if self.state == self.State.DISCARDED:
            return gettext("Discarded proposal for %(cohort)s (revision %(revision)d)") % values
        return gettext("Draft proposal for %(cohort)s (revision %(revision)d)") % values
