"""The proposals card on the manage page: registered when Django starts, a link to the propose page."""

from __future__ import annotations

from django.urls import reverse

from hotseat.masterminds.manage_cards import CARDS, cards_for
from tests.clients import signed_in


def test_the_card_is_registered_and_has_no_draft_yet(cohort):
    assert CARDS["proposals"].template == "proposals/_manage_card.html"
    [shown] = [s for s in cards_for(cohort) if s.template == "proposals/_manage_card.html"]

    assert shown.context == {"draft": None}


def test_manage_page_links_to_the_propose_page(cohort, organizer):
    client = signed_in(organizer)

    page = client.get(reverse("manage", args=[cohort.program.slug, cohort.slug])).content.decode()

    assert reverse("propose", args=[cohort.program.slug, cohort.slug]) in page
    assert "A draft proposal is waiting" not in page
