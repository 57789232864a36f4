from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class GroupProposal(models.Model):
    """An organizer's draft of masterminds for a cohort; nothing is on the board until it is published.

    `data` holds the draft (see hotseat/proposals/draft.py): groups with leader, members
    and slot, the people left out and why, the upper bound. `revision` goes up with every
    change, so a move sent from a page that shows an older draft is refused instead of
    applied to a draft its sender has not seen.
    """

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        DISCARDED = "discarded", "Discarded"

    cohort = models.ForeignKey("programs.Cohort", on_delete=models.CASCADE, related_name="proposals")
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    data = models.JSONField(default=dict)
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "masterminds_groupproposal"  # its table from when it lived in masterminds: moving it moved no data
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort"],
                condition=Q(state="draft"),
                name="one_draft_proposal_per_cohort",
                violation_error_message="This cohort already has a draft proposal.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_state_display()} proposal for {self.cohort_id} (revision {self.revision})"
