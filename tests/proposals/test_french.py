"""The "propose groups" page in French and in English: counts, weekly times, refusals, moves, the manage card."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from hotseat.matching import form_groups
from hotseat.proposals.actions import current_draft, move_in_proposal, propose_groups
from hotseat.proposals.display import notes_of
from hotseat.proposals.draft import UNPLACED, slot_label
from hotseat.scheduling import Slot
from tests.clients import signed_in
from tests.factories import CohortFactory, ProgramFactory, UserFactory
from tests.languages import english_in, english_words_in, french_in, readable_text
from tests.masterminds.crowds import PARIS, crowd, person
from tests.matching.strategies import START, everyone_free
from tests.matching.test_problem import CROWD

NBSP = "\u00a0"
HTMX = {"HX-Request": "true"}


def read(html: str) -> str:
    """The page without its hidden inputs (form fields and the language switcher's own address): nobody reads those."""
    return re.sub(r"<input type=\"hidden\"[^>]*>", "", html)


def only_french(html: str) -> None:
    assert english_in(read(html)) == []
    assert english_words_in(read(html)) == []


@pytest.fixture
def organisatrice(db):
    return UserFactory(
        email="odile@example.com", display_name="Odile", time_zone="Europe/Paris", language="fr", is_staff=True
    )


@pytest.fixture
def organizer_en(db):
    return UserFactory(email="owen@example.com", display_name="Owen", time_zone="Europe/Paris", language="en")


@pytest.fixture
def cohorte(organisatrice, organizer_en):
    programme = ProgramFactory(
        name="Mastermind Animatrices",
        sponsor="Forums Acme",
        charter="Un appel par semaine.",
        organizers=[organisatrice, organizer_en],
    )
    return CohortFactory(program=programme, name="Hiver", slug="hiver")


def url(cohort) -> str:
    return reverse("propose", args=[cohort.program.slug, cohort.slug])


@pytest.mark.parametrize(
    ("people", "sentence"),
    [
        (1, "1 personne acceptée n'a pas encore de place."),
        (3, "3 personnes acceptées n'ont pas encore de place."),
    ],
)
def test_propose_page_before_a_proposal_in_french(cohorte, organisatrice, people, sentence):
    for number in range(people):
        person(cohorte, f"P{number}", PARIS, leads=number == 0)

    html = signed_in(organisatrice).get(url(cohorte)).content.decode()

    only_french(html)
    assert sentence in readable_text(html)
    assert "Proposer des groupes" in html
    assert "Rien ne change sur le tableau avant que vous publiiez." in html


def test_a_proposal_in_french_with_its_weekly_times(cohorte, organisatrice):
    crowd(cohorte, 2)
    client = signed_in(organisatrice)

    response = client.post(url(cohorte), {"action": "build"})
    html = client.get(url(cohorte)).content.decode()

    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Voici une proposition de groupes. Rien n'est sur le tableau avant que vous la publiiez."
    ]
    only_french(html)
    text = readable_text(html)
    assert "8 placées sur 8 possibles" in text
    assert "2 groupes · 0 laissée de côté." in text  # French says 0 in the singular
    assert "Nouveau groupe 1" in text
    assert "4 personnes" in text
    assert "Publier sur le tableau" in text
    # "Tuesdays 18:00 CET" reads « le mardi à 18:00 CET ».
    assert re.search(r"le (lundi|mardi|mercredi|jeudi|vendredi) à \d\d:\d\d", text)
    assert "(heure du ou de la leader" in text


def test_the_move_form_in_french(cohorte, organisatrice):
    people = crowd(cohorte, 1)
    propose_groups(cohorte, organisatrice)
    member = people[1]

    html = signed_in(organisatrice).get(url(cohorte), {"move": str(member.pk)}).content.decode()

    only_french(html)
    text = readable_text(html)
    assert f"Déplacer {member.name} vers" in text
    assert "comme leader" in text
    assert "Un nouveau groupe, qu'elle ou il anime" in text
    assert "Laisser de côté" in text


def test_a_refused_proposal_in_french(cohorte, organisatrice):
    for number in range(3):
        person(cohorte, f"P{number}", PARIS)  # nobody volunteers to lead

    response = signed_in(organisatrice).post(url(cohorte), {"action": "build"})

    html = response.content.decode()
    assert response.status_code == 400
    only_french(html)
    assert "Personne ne s'est proposé pour animer" in readable_text(html)


def test_a_refused_move_in_french_through_htmx(cohorte, organisatrice):
    crowd(cohorte, 1)
    proposal = propose_groups(cohorte, organisatrice)

    response = signed_in(organisatrice).post(
        url(cohorte),
        {"action": "move", "person": "nobody", "to": "g1", "revision": proposal.revision + 5},
        headers=HTMX,
    )

    html = response.content.decode()
    assert response.status_code == 422
    only_french(html)
    assert "Cette proposition a changé depuis que vous l'avez ouverte" in readable_text(html)


@pytest.mark.parametrize(
    ("groups", "sentence"),
    [
        (1, f"1 groupe enfreint encore une règle (signalé ci-dessous){NBSP}: corrigez-le"),
        (2, f"2 groupes enfreignent encore une règle (signalés ci-dessous){NBSP}: corrigez-les"),
    ],
)
def test_publishing_flagged_groups_is_refused_in_french(cohorte, organisatrice, groups, sentence):
    crowd(cohorte, groups)
    proposal = propose_groups(cohorte, organisatrice)
    for group in proposal.data["groups"]:
        proposal = move_in_proposal(proposal, group["leader"], UNPLACED)  # a group without its leader breaks a rule

    response = signed_in(organisatrice).post(url(cohorte), {"action": "publish", "revision": proposal.revision})

    html = response.content.decode()
    assert response.status_code == 400
    only_french(html)
    assert sentence in html
    assert "Pas de leader" in html


def test_the_proposal_in_english_has_no_french(cohorte, organizer_en):
    crowd(cohorte, 2)
    client = signed_in(organizer_en)
    client.post(url(cohorte), {"action": "build"})

    html = client.get(url(cohorte)).content.decode()

    assert french_in(read(html)) == []
    assert "8 of a possible 8 placed" in html
    assert re.search(r"(Mon|Tues|Wednes|Thurs|Fri)days \d\d:\d\d", readable_text(html))


def test_weekly_times_follow_the_language():
    slot = Slot(1, 12 * 60, "Europe/Paris")

    with translation.override("fr"):
        french = slot_label(slot)
    with translation.override("en"):
        english = slot_label(slot)

    assert french == "le mardi à 12:00 Europe/Paris"
    assert english == "Tuesdays 12:00 Europe/Paris"


@pytest.mark.parametrize(("groups", "sentence"), [(1, "(1 groupe, dernière"), (3, "(3 groupes, dernière")])
def test_the_manage_card_in_french(cohorte, organisatrice, groups, sentence):
    crowd(cohorte, groups)
    draft = propose_groups(cohorte, organisatrice)
    context = {"card": {"draft": current_draft(cohorte)}, "program": cohorte.program, "cohort": cohorte}

    with translation.override("fr"):
        html = render_to_string("proposals/_manage_card.html", context)

    only_french(html)
    assert len(draft.data["groups"]) == groups
    assert sentence in html
    assert "Un brouillon de proposition vous attend" in html
    assert "Ouvrir le brouillon" in html


def test_a_wish_not_honoured_is_told_in_the_readers_language():
    crowd = [*CROWD, everyone_free("erin", "Pacific/Auckland")]

    formation = form_groups(crowd, START, 4, keep_together=[("bob", "erin")])
    draft = {"notes": list(formation.notes), "worded_notes": [list(note) for note in formation.worded_notes]}

    english = "'bob', 'erin' asked to stay together but share no slot, so they are seated separately."
    assert formation.notes == (english,)
    with translation.override("fr"):
        assert notes_of(draft) == [
            f"'bob', 'erin' ont demandé à rester ensemble, mais n'ont aucun créneau en commun{NBSP}:"
            " ces personnes sont placées séparément."
        ]
    with translation.override("en"):
        assert notes_of(draft) == [english]
    assert notes_of({"notes": [english]}) == [english]  # a draft saved before notes were worded
