"""What a person is told about their signup: the organizers' decision (the notification kind)."""

from __future__ import annotations

from hotseat.notify import kinds
from hotseat.notify.kinds import Kind, Refs

SIGNUP_REVIEWED = "signup_reviewed"


def _cohort_url(refs: Refs) -> str:
    return str(refs["signup"].cohort.get_absolute_url())


def register() -> None:
    """Make the kinds known to the outbox (idempotent)."""
    kinds.register(
        Kind(
            SIGNUP_REVIEWED,
            "Decisions on your signups",
            "When organizers accept, waitlist or decline your signup for a cohort.",
            digest=True,
            url=_cohort_url,
            related={"signup": ("cohort__program", "user")},
        )
    )


register()
