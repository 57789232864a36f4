"""The manage page's cards from the apps above programs: registered once, shown in order."""

from __future__ import annotations

from django.urls import reverse

from hotseat.masterminds import manage_cards
from hotseat.masterminds.manage_cards import ManageCard, ShownCard, cards_for
from tests.clients import signed_in


def manage_page(cohort, organizer) -> str:
    client = signed_in(organizer)
    response = client.get(reverse("manage", args=[cohort.program.slug, cohort.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_cards_for_lists_the_registered_cards_in_order(cohort, monkeypatch):
    monkeypatch.setattr(manage_cards, "CARDS", {})
    manage_cards.register(ManageCard("first", "first.html", lambda c: {"n": 1}))
    manage_cards.register(ManageCard("second", "second.html", lambda c: {"cohort": c}))
    manage_cards.register(ManageCard("first", "first.html", lambda c: {"n": 2}))

    assert cards_for(cohort) == [ShownCard("first.html", {"n": 2}), ShownCard("second.html", {"cohort": cohort})]


def test_manage_page_without_cards_still_opens(cohort, organizer, monkeypatch):
    monkeypatch.setattr(manage_cards, "CARDS", {})

    page = manage_page(cohort, organizer)

    assert "Manage the board" in page
    assert "Propose groups" not in page
