"""The cards that apps above programs add to a cohort's manage page (proposals: "Propose groups").

programs sits below those apps and cannot import them, so each one registers its card when
Django starts (its AppConfig.ready) and the manage page shows the registered cards in order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from hotseat.programs.models import Cohort


@dataclass(frozen=True)
class ManageCard:
    """A card: ``template`` is rendered with the page's context plus ``card``, what ``context(cohort)`` returns."""

    name: str
    template: str
    context: Callable[[Cohort], Mapping[str, Any]]


@dataclass(frozen=True)
class ShownCard:
    template: str
    context: Mapping[str, Any]


CARDS: dict[str, ManageCard] = {}


def register(card: ManageCard) -> ManageCard:
    """Add a card to every manage page (idempotent: a card registered again keeps its place)."""
    CARDS[card.name] = card
    return card


def cards_for(cohort: Cohort) -> list[ShownCard]:
    """The cards of one cohort's manage page, in the order they were registered."""
    return [ShownCard(card.template, card.context(cohort)) for card in CARDS.values()]
