"""What members are told about their group's seats: it formed, a seat is held for you (the notification kinds).

The cohort-ending notification lives with the next-step answers, in next_steps.py.
"""

from __future__ import annotations

from functools import cache
from typing import Any, cast

from django.urls import reverse
from django.utils.translation import gettext_lazy

from hotseat.accounts.models import User
from hotseat.masterminds.models import NextStep
from hotseat.masterminds.seats import active_memberships
from hotseat.notify import kinds
from hotseat.notify.kinds import Kind, Refs

MASTERMIND_FORMED = "mastermind_formed"
SEAT_OFFERED = "seat_offered"
COHORT_ENDING = "cohort_ending"
SEAT_INVITED = "seat_invited"


def _(text: str) -> str:
    """A kind's label and description, looked up in the reader's language each time it is shown.

    Lazy: the kinds are registered when Django starts, before anyone's language is known.
    (``Kind`` is typed with ``str``; a lazy string stands in for one wherever it is read.)
    """
    return cast("str", gettext_lazy(text))


def _cohort_url(refs: Refs) -> str:
    return str(refs["mastermind"].cohort.get_absolute_url())


def _formed_context(recipient: User, refs: Refs) -> dict[str, Any]:
    # Who is in it *now*: someone may have left between forming and this email.
    members = active_memberships(refs["mastermind"])
    leader = next((m for m in members if m.is_leader), None)
    is_leader = leader is not None and leader.user_id == recipient.pk
    return {**refs, "members": members, "leader": leader, "is_leader": is_leader}


def _ending_context(recipient: User, refs: Refs) -> dict[str, Any]:
    mastermind = refs["mastermind"]
    step = NextStep.objects.filter(mastermind=mastermind, user=recipient).first()
    return {**refs, "answer": step, "answer_url": reverse("next_step", args=[mastermind.pk])}


@cache
def _invitations_path() -> str:
    # One page for every invitation, reversed once: a sheet writes thousands of these at a time.
    return reverse("seat_invitations")


def _invitations_url(refs: Refs) -> str:
    return _invitations_path()


def register() -> None:
    """Make the kinds known to the outbox (idempotent)."""
    kinds.register(
        Kind(
            MASTERMIND_FORMED,
            _("Your mastermind formed"),
            _("When your group has enough people to start: who is in it and what happens next."),
            digest=True,
            context=_formed_context,
            url=_cohort_url,
            related={"mastermind": ("cohort__program",)},
        )
    )
    kinds.register(
        Kind(
            SEAT_OFFERED,
            _("Seats held for you"),
            _(
                "When a seat opens for you from the waitlist. It is held 48 hours, "
                "so this one is never held for a digest."
            ),
            url=_cohort_url,
            related={"mastermind": ("cohort__program",)},
            expires=lambda refs: refs["expires_at"],  # the hold's end: an offer told later is expired, not sent
        )
    )
    kinds.register(
        Kind(
            COHORT_ENDING,
            _("Your cohort is ending"),
            _("Two weeks before your cohort ends: continue with your group, be remixed into a new one, or pause."),
            digest=True,
            context=_ending_context,
            url=lambda refs: reverse("next_step", args=[refs["mastermind"].pk]),
            related={"mastermind": ("cohort__program",)},
        )
    )
    kinds.register(
        Kind(
            SEAT_INVITED,
            _("Invitations to a group"),
            _(
                "When an organizer invites you to a mastermind (from their sheet): "
                "you take the seat only if you accept."
            ),
            url=_invitations_url,
            related={"invitation": ("cohort__program", "mastermind")},
        )
    )


register()
