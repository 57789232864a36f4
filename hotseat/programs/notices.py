"""What a person is told about their signup: the organizers' decision (the notification kind)."""

from __future__ import annotations

from typing import cast

from django.utils.translation import gettext_lazy as _

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
            # Lazy: worded in the reader's language wherever the kind is shown.
            cast(str, _("Decisions on your signups")),
            cast(str, _("When organizers accept, waitlist or decline your signup for a cohort.")),
            digest=True,
            url=_cohort_url,
            related={"signup": ("cohort__program", "user")},
        )
    )


register()
