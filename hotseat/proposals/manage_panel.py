"""The proposals card of a cohort's manage page: a way to the propose page, and the draft waiting there."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hotseat.masterminds import manage_cards
from hotseat.masterminds.manage_cards import ManageCard
from hotseat.programs.models import Cohort
from hotseat.proposals.actions import current_draft


def context(cohort: Cohort) -> Mapping[str, Any]:
    return {"draft": current_draft(cohort)}


def register() -> None:
    manage_cards.register(ManageCard("proposals", "proposals/_manage_card.html", context))


register()
