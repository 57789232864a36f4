"""The masterminds app in French: every page, refusal and email of the area, and the same in English.

A French-speaking person (``User.language = "fr"``) reads the board, the manage page, the invitations,
the next-step page, the sheet import and the four emails in French only; an English speaker in English
only. What these tests read is what this app renders: the page's title and its <main> (the header and
footer are base.html's), an email's subject and bodies without the layout's footer (notify's).
The compiled catalog must be there: `make messages` (makemessages + compilemessages) first.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from hotseat.accounts.models import User
from hotseat.accounts.timezones import zone
from hotseat.masterminds import actions, manage_cards
from hotseat.masterminds.models import Mastermind, SeatInvitation
from hotseat.masterminds.notices import COHORT_ENDING, MASTERMIND_FORMED, SEAT_INVITED, SEAT_OFFERED
from hotseat.notify import kinds
from hotseat.notify.emails import render_subject
from hotseat.programs.models import Cohort, Program, Signup
from tests.factories import CohortFactory, MastermindFactory, ProgramFactory, SignupFactory, UserFactory
from tests.languages import english_in, english_words_in, french_in
from tests.masterminds.seating import accept

NBSP = "\u00a0"
HTMX = {"HTTP_HX_REQUEST": "true"}


def own_part(html: str) -> str:
    """The page's <title> and <main>: what the masterminds templates render.

    Hidden inputs go: nobody reads them, and a random CSRF token can spell "at" or "is" between its digits.
    """
    title = re.search(r"<title>.*?</title>", html, re.DOTALL)
    main = re.search(r"<main\b.*?</main>", html, re.DOTALL)
    part = (title.group() if title else "") + (main.group() if main else html)
    return re.sub(r"<input\b[^>]*\btype=\"hidden\"[^>]*>", "", part)


def email_part(html: str) -> str:
    """An HTML email without the layout's footer (notify/base_email.html)."""
    return html.split("hotseat · peer mastermind groups", maxsplit=1)[0]


def folded(subject: str) -> str:
    """Every run of whitespace (U+00A0 too) one space: subjects compared the same whether notify's
    render_subject keeps the no-break spaces or folds them."""
    return " ".join(subject.split())


def in_french_only(html: str) -> None:
    assert english_in(html) == []
    assert english_words_in(html) == []


@pytest.fixture
def programme(organizer) -> Program:
    return ProgramFactory(
        name="Mastermind des communautés", sponsor="Forums Acme", min_to_start=3, organizers=[organizer]
    )


@pytest.fixture
def cohorte(programme) -> Cohort:
    # Tuesday 2 March 2027, ten weeks: it ends on Monday 10 May 2027.
    return CohortFactory(program=programme, name="Cohorte de mars", slug="mars", starts_on=date(2027, 3, 2), weeks=10)


@pytest.fixture
def zoe(db) -> User:
    return UserFactory(email="zoe@example.com", display_name="Zoé", time_zone="Europe/Paris", language="fr")


@pytest.fixture
def anglophone(db) -> User:
    return UserFactory(email="ann@example.com", display_name="Ann", time_zone="Europe/London", language="en")


@pytest.fixture
def forum(cohorte, alice, bob, chloe) -> Mastermind:
    """Group 1, led by Alice with Bob and Chloe: formed, 3 of 4 seats taken. Its title reads the same in both."""
    accept(cohorte, alice, bob, chloe)
    mastermind = actions.lead_mastermind(cohorte, alice, title="Forum Acme", capacity=4)
    actions.take_seat(mastermind, bob)
    actions.take_seat(mastermind, chloe)
    return mastermind


def speaks_french(user: User) -> User:
    user.language = "fr"
    user.save(update_fields=["language"])
    return user


# The board


def test_board_reads_in_french_for_a_french_speaker(client, cohorte, forum, zoe):
    SignupFactory(cohort=cohorte, user=zoe)
    client.force_login(zoe)

    page = own_part(client.get(cohorte.get_absolute_url()).text)

    in_french_only(page)
    assert f"Cohorte de mars{NBSP}: le tableau" in page
    assert "10 semaines, du mardi 2 mars 2027 au 10 mai 2027." in page
    assert f"Groupe 1{NBSP}: Forum Acme" in page
    assert "3 sur 4 places prises" in page
    assert "Votre inscription est acceptée." in page
    assert 'aria-label="Prendre cette place dans le groupe 1"' in page
    assert "Personne n’attend." in page


def test_board_reads_in_english_for_an_english_speaker(client, cohorte, forum, anglophone):
    SignupFactory(cohort=cohorte, user=anglophone)
    client.force_login(anglophone)

    page = own_part(client.get(cohorte.get_absolute_url()).text)

    assert french_in(page) == []
    assert "Cohorte de mars: the board" in page
    assert "10 weeks from Tuesday 2 March 2027 to 10 May 2027." in page
    assert "Group 1: Forum Acme" in page
    assert "3 of 4 seats taken" in page


def test_board_tells_a_french_leader_their_role_and_next_step(client, cohorte, forum, alice):
    speaks_french(alice)
    client.force_login(alice)

    page = own_part(client.get(cohorte.get_absolute_url()).text)

    in_french_only(page)
    assert f"Vous êtes <strong>leader</strong> de <strong>Groupe 1{NBSP}: Forum Acme</strong>." in page
    assert f"<strong>Prochaine étape{NBSP}:</strong> votre groupe est formé." in page
    assert f'hx-confirm="Libérer votre place{NBSP}?"' in page


def test_board_shows_a_french_member_their_waitlist_place_and_the_seat_held_for_them(
    client, cohorte, forum, dev, erin, zoe
):
    accept(cohorte, dev, erin, zoe)
    actions.take_seat(forum, dev)  # full: 4 of 4
    actions.join_waitlist(cohorte, zoe, forum)
    actions.join_waitlist(cohorte, speaks_french(erin), forum)
    actions.leave_seat(cohorte, dev)  # the seat opens and is held for zoe, the first in line
    client.force_login(erin)

    page = own_part(client.get(cohorte.get_absolute_url()).text)

    in_french_only(page)
    assert "Vous êtes <strong>numéro 2</strong> sur la liste d’attente de Groupe 1" in page
    assert "Réservée</span>pour Zoé jusqu’au" in page
    assert f"Groupe 1{NBSP}: Forum Acme" in page


def test_board_tells_a_french_member_the_seat_held_for_them_and_for_how_long(client, cohorte, forum, dev, zoe):
    accept(cohorte, dev, zoe)
    actions.take_seat(forum, dev)
    actions.join_waitlist(cohorte, zoe, forum)
    actions.leave_seat(cohorte, dev)
    client.force_login(zoe)

    page = own_part(client.get(cohorte.get_absolute_url()).text)

    in_french_only(page)
    assert f"Une place dans <strong>Groupe 1{NBSP}: Forum Acme</strong> vous est réservée jusqu’au" in page
    held_until = timezone.localtime(Signup.objects.get(cohort=cohorte, user=zoe).offer_expires_at, zone("Europe/Paris"))
    with translation.override("fr"):
        day = date_format(held_until, "l j F, H:i")
    assert day.split()[0] in {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"}
    assert f"vous est réservée jusqu’au {day} CE" in page  # CET or CEST
    assert f"(encore 1{NBSP}jour, 23{NBSP}heures)" in page  # Django's timeuntil, in French
    assert "Prendre ma place réservée" in page


def test_a_refused_seat_is_explained_in_french(client, cohorte, forum, dev, zoe):
    accept(cohorte, dev, zoe)
    actions.take_seat(forum, dev)  # full
    client.force_login(zoe)

    response = client.post(reverse("take_seat", args=[cohorte.program.slug, cohorte.slug, forum.pk]), **HTMX)

    assert response.status_code == 409
    in_french_only(own_part(response.text))
    assert (
        f"Désolé, la dernière place de Groupe 1{NBSP}: Forum Acme vient d’être prise. "
        "Vous pouvez rejoindre sa liste d’attente."
    ) in response.text


def test_a_taken_seat_is_confirmed_in_french(client, cohorte, forum, zoe):
    SignupFactory(cohort=cohorte, user=zoe)
    client.force_login(zoe)

    response = client.post(reverse("take_seat", args=[cohorte.program.slug, cohorte.slug, forum.pk]), follow=True)

    page = own_part(response.text)
    in_french_only(page)
    assert f"Vous avez une place dans Groupe 1{NBSP}: Forum Acme." in page
    assert f"Vous êtes <strong>membre</strong> de <strong>Groupe 1{NBSP}: Forum Acme</strong>." in page


@pytest.mark.parametrize(("capacity", "said"), [(4, "4 places"), (5, "5 places")])
def test_a_leader_changing_the_seats_is_told_in_french(client, cohorte, forum, alice, capacity, said):
    speaks_french(alice)
    client.force_login(alice)

    response = client.post(
        reverse("set_capacity", args=[cohorte.program.slug, cohorte.slug, forum.pk]),
        {"capacity": capacity},
        follow=True,
    )

    page = own_part(response.text)
    in_french_only(page)
    assert f"Groupe 1{NBSP}: Forum Acme a maintenant {said}." in page


def test_the_board_a_visitor_gets_from_the_cache_is_in_their_language(client, cohorte, forum):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    french = own_part(client.get(cohorte.get_absolute_url()).text)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = own_part(client.get(cohorte.get_absolute_url()).text)

    in_french_only(french)
    assert "pour animer un mastermind ou prendre une place." in french
    assert f"Groupe 1{NBSP}: Forum Acme" in french
    assert french_in(english) == []
    assert "to lead a mastermind or take a seat." in english


# The manage page


def test_manage_page_reads_in_french_for_a_french_organizer(client, cohorte, forum, organizer, monkeypatch):
    speaks_french(organizer)
    # The cards other apps add (proposals) are theirs to test.
    monkeypatch.setattr(manage_cards, "CARDS", {})
    client.force_login(organizer)
    url = reverse("manage", args=[cohorte.program.slug, cohorte.slug])

    page = own_part(client.get(url).text)
    closed = own_part(client.post(url, {"action": "close"}, follow=True).text)

    in_french_only(page)
    assert f"Gérer le tableau{NBSP}: Cohorte de mars" in page
    assert "Les inscriptions sont <strong>ouvertes</strong>." in page
    assert "Fusionner deux groupes en formation" in page
    assert "Déplacer vers" in page
    in_french_only(closed)
    assert "Les inscriptions sont closes." in closed
    assert "Rouvrir les inscriptions" in closed


def test_manage_page_reads_in_english_for_an_english_organizer(client, cohorte, forum, organizer, monkeypatch):
    monkeypatch.setattr(manage_cards, "CARDS", {})
    client.force_login(organizer)

    page = own_part(client.get(reverse("manage", args=[cohorte.program.slug, cohorte.slug])).text)

    assert french_in(page) == []
    assert "Manage the board: Cohorte de mars" in page


def test_a_refused_merge_is_explained_in_french(client, cohorte, forum, organizer, monkeypatch):
    forming = MastermindFactory(cohort=cohorte, number=2, title="Forum Bêta")
    speaks_french(organizer)
    monkeypatch.setattr(manage_cards, "CARDS", {})
    client.force_login(organizer)

    response = client.post(
        reverse("manage", args=[cohorte.program.slug, cohorte.slug]),
        {"action": "merge", "merge-into": forming.pk, "merge-other": forming.pk},
    )

    page = own_part(response.text)
    assert response.status_code == 400
    in_french_only(page)
    assert "Choisissez deux masterminds différents." in page


def test_the_admin_actions_on_masterminds_are_described_in_french(client, forum, organizer):
    speaks_french(organizer)
    organizer.is_superuser = True
    organizer.save(update_fields=["is_superuser"])
    client.force_login(organizer)

    page = client.get(reverse("admin:masterminds_mastermind_changelist")).text

    assert "Marquer comme terminé (s’est réuni jusqu’au bout)" in page
    assert "Dissoudre (ne se réunit plus)" in page
    assert "Mark as finished" not in page


# Invitations


@pytest.mark.parametrize(
    ("role", "said"),
    [
        (SeatInvitation.Role.MEMBER, f"Une place dans Groupe 1{NBSP}: Forum Acme."),
        (SeatInvitation.Role.LEADER, f"Animer Groupe 1{NBSP}: Forum Acme."),
        (SeatInvitation.Role.WAITLIST, f"Une place sur la liste d’attente de Groupe 1{NBSP}: Forum Acme."),
    ],
)
def test_invitations_page_reads_in_french(client, cohorte, forum, zoe, role, said):
    SeatInvitation.objects.create(cohort=cohorte, mastermind=forum, user=zoe, role=role)
    client.force_login(zoe)

    page = own_part(client.get(reverse("seat_invitations")).text)

    in_french_only(page)
    assert said in page
    assert "Rien ne se passe sans votre accord" in page


def test_an_invitation_answered_twice_is_refused_in_french(client, cohorte, forum, zoe):
    invitation = SeatInvitation.objects.create(cohort=cohorte, mastermind=forum, user=zoe, role="member")
    actions.decline_invitation(invitation.pk, zoe)
    client.force_login(zoe)

    response = client.post(reverse("answer_invitation", args=[invitation.pk]), {"answer": "accept"})

    page = own_part(response.text)
    assert response.status_code == 409
    in_french_only(page)
    assert "Vous avez déjà répondu à cette invitation (déclinée)." in page


def test_an_empty_invitations_page_reads_in_english_for_an_english_speaker(client, anglophone):
    client.force_login(anglophone)

    page = own_part(client.get(reverse("seat_invitations")).text)

    assert french_in(page) == []
    assert "You have no invitations waiting." in page


# After the cohort


def test_next_step_page_reads_in_french_with_french_dates(client, forum, bob):
    speaks_french(bob)
    client.force_login(bob)

    page = own_part(client.get(reverse("next_step", args=[forum.pk])).text)

    in_french_only(page)
    assert "Cohorte de mars se termine le lundi 10 mai 2027." in page
    assert "Vous pourrez répondre à partir du mardi 27 avril, deux semaines avant la fin de la cohorte." in page
    assert "Me recomposer dans un nouveau groupe" in page
    assert f'Alice{NBSP}: <span class="helptext">pas encore de réponse</span>' in page


def test_an_answer_too_early_is_refused_in_french_with_the_day_it_opens(forum, bob):
    with translation.override("fr"), pytest.raises(Exception, match="mardi 27 avril") as refused:
        actions.next_steps.answer_next_step(forum, bob, "continue", now=datetime(2027, 3, 9, 12, tzinfo=UTC))

    assert str(refused.value) == (
        "Vous pourrez répondre à partir du mardi 27 avril, deux semaines avant la fin de la cohorte."
    )


def test_next_step_page_reads_in_english_for_an_english_speaker(client, forum, bob):
    client.force_login(bob)

    page = own_part(client.get(reverse("next_step", args=[forum.pk])).text)

    assert french_in(page) == []
    assert "Cohorte de mars ends on Monday 10 May 2027." in page


# The sheet import


def import_url(cohort: Cohort) -> str:
    return reverse("board_import", args=[cohort.program.slug, cohort.slug])


ONE_PROBLEM = "group,role,name,email\n1,leader,Zoé,zoe.martin@example.com\n1,chef,Yann,yann@example.com\n"
THREE_PROBLEMS = (
    "group,role,name,email\n"
    "Nouveau,leader,Zoé,zoe.martin@example.com\n"
    "Nouveau,chef,Yann,yann@example.com\n"
    "Nouveau,member,Inès,pas-une-adresse\n"
    ",member,Léa,lea@example.com\n"
)
THREE_ROWS = (
    "group,role,name,email\n"
    "Nouveau,leader,Zoé,zoe.martin@example.com\n"
    "Nouveau,member,Yann,yann@example.com\n"
    "Nouveau,member,Inès,ines@example.com\n"
)


def test_sheet_import_page_reads_in_french(client, cohorte, organizer):
    speaks_french(organizer)
    client.force_login(organizer)

    page = own_part(client.get(import_url(cohorte)).text)

    in_french_only(page)
    assert f"Importer une feuille{NBSP}: Cohorte de mars" in page
    assert "Un <strong>essai à blanc</strong> vérifie chaque ligne sans rien changer." in page
    assert "Au plus 8 personnes par groupe, 2 Mo et 5 000 lignes par fichier." in page.replace(NBSP, " ").replace(
        "\u202f", " "
    )
    assert 'data-checking="Vérification de la feuille…"' in page


@pytest.mark.parametrize(
    ("sheet", "heading"),
    [
        (ONE_PROBLEM, "1 problème à corriger — rien n’a été importé"),
        (THREE_PROBLEMS, "3 problèmes à corriger — rien n’a été importé"),
    ],
)
def test_sheet_problems_are_counted_and_explained_in_french(client, cohorte, organizer, sheet, heading):
    speaks_french(organizer)
    client.force_login(organizer)

    response = client.post(import_url(cohorte), {"action": "dry_run", "text": sheet})

    page = own_part(response.text)
    assert response.status_code == 400
    in_french_only(page)
    assert heading in page
    assert f"Rôle inconnu «{NBSP}chef{NBSP}»{NBSP}: il doit valoir leader ou member (ou waitlist)." in page


def test_sheet_problems_of_every_kind_are_in_french(client, cohorte, organizer):
    speaks_french(organizer)
    client.force_login(organizer)

    page = own_part(client.post(import_url(cohorte), {"action": "dry_run", "text": THREE_PROBLEMS}).text)

    assert f"«{NBSP}pas-une-adresse{NBSP}» n’est pas une adresse e-mail valide." in page
    assert f"Le groupe est vide{NBSP}: indiquez lequel" in page


@pytest.mark.parametrize(
    ("sheet", "rows", "invited"),
    [
        (
            "group,role,name,email\nNouveau,leader,Zoé,zoe.martin@example.com\n",
            "1 ligne lue.",
            "1 personne sera invitée",
        ),
        (THREE_ROWS, "3 lignes lues.", "3 personnes seront invitées"),
    ],
)
def test_a_sheet_ready_to_import_is_described_in_french(client, cohorte, organizer, sheet, rows, invited):
    speaks_french(organizer)
    client.force_login(organizer)

    page = own_part(client.post(import_url(cohorte), {"action": "dry_run", "text": sheet}).text)

    in_french_only(page)
    assert "Prêt à importer" in page
    assert rows in page
    assert invited in page
    assert "1 nouveau groupe." in page


def test_an_imported_sheet_is_summed_up_in_french(client, cohorte, organizer):
    speaks_french(organizer)
    client.force_login(organizer)

    response = client.post(import_url(cohorte), {"action": "import", "text": THREE_ROWS}, follow=True)

    page = own_part(response.text)
    in_french_only(page)
    assert (
        f"Feuille importée{NBSP}: 0 personne placée ou sur liste d’attente, 3 personnes invitées, 1 nouveau groupe."
    ) in page


def test_sheet_import_page_reads_in_english_for_an_english_organizer(client, cohorte, organizer):
    client.force_login(organizer)

    page = own_part(client.post(import_url(cohorte), {"action": "dry_run", "text": THREE_PROBLEMS}).text)

    assert french_in(page) == []
    assert "3 problems to fix — nothing was imported" in page


def test_the_sheet_script_takes_every_word_from_the_page():
    path = finders.find("masterminds/sheet_import.js")
    assert isinstance(path, str)
    code = re.sub(r"//[^\n]*", "", Path(path).read_text(encoding="utf-8"))

    strings = set(re.findall(r'"([^"]*)"', code)) - {"use strict"}  # a directive, not a word to a person
    sentences = [text for text in strings if re.search(r"[A-Za-z]{2,} [A-Za-z]", text)]

    assert sentences == []


# Emails


def render_email(kind_name: str, recipient: User, **refs) -> tuple[str, str, str]:
    """(subject, text, html) of one kind's email, in the recipient's language and zone."""
    kind = kinds.get(kind_name)
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        subject = render_subject(kind, recipient, refs)
        with timezone.override(zone(recipient.time_zone)):
            context = {"recipient": recipient, "site_url": settings.SITE_URL, **kind.context(recipient, refs)}
            text = render_to_string(f"{kind.templates}/body.txt", context)
            html = render_to_string(f"{kind.templates}/body.html", context)
    return subject, text, email_part(html)


def test_mastermind_formed_email_reads_in_french(forum, zoe):
    accept(forum.cohort, zoe)
    actions.take_seat(forum, zoe)

    subject, text, html = render_email(MASTERMIND_FORMED, zoe, mastermind=forum)

    for part in (subject, text, html):
        in_french_only(part)
    assert folded(subject) == folded(f"Votre mastermind est formé{NBSP}: Groupe 1{NBSP}: Forum Acme")
    assert "compte maintenant 4 personnes et il est formé." in text
    assert "Alice <alice@example.com> (leader), America/New_York" in text
    assert f"Prochaine étape{NBSP}: votre leader, Alice, va vous contacter" in text
    assert "Qui en fait partie" in html


def test_mastermind_formed_email_tells_a_french_leader_what_to_do(forum):
    leader = speaks_french(forum.memberships.leaders().get().user)

    _subject, text, html = render_email(MASTERMIND_FORMED, leader, mastermind=forum)

    in_french_only(text)
    in_french_only(html)
    assert f"<strong>Prochaine étape{NBSP}:</strong> contactez votre groupe" in html


def test_seat_offered_email_reads_in_french_with_a_french_date(forum, zoe):
    expires_at = datetime(2027, 3, 4, 11, 30, tzinfo=UTC)  # 12:30 in Paris

    subject, text, html = render_email(SEAT_OFFERED, zoe, mastermind=forum, expires_at=expires_at)

    for part in (subject, text, html):
        in_french_only(part)
    assert folded(subject) == folded(f"Une place s’est libérée pour vous dans Groupe 1{NBSP}: Forum Acme")
    assert "Elle vous est réservée jusqu’au jeudi 4 mars, 12:30 CET" in text
    assert "<strong>jeudi 4 mars, 12:30 CET</strong>" in html


def test_seat_offered_email_reads_in_english_for_an_english_speaker(forum, anglophone):
    expires_at = datetime(2027, 3, 4, 11, 30, tzinfo=UTC)

    subject, text, html = render_email(SEAT_OFFERED, anglophone, mastermind=forum, expires_at=expires_at)

    for part in (subject, text, html):
        assert french_in(part) == []
    assert "It is held for you until Thursday 4 March, 11:30 GMT" in text


def test_cohort_ending_email_reads_in_french(forum, bob):
    speaks_french(bob)
    actions.next_steps.answer_next_step(forum, bob, "remix", now=datetime(2027, 4, 28, 12, tzinfo=UTC))

    subject, text, html = render_email(COHORT_ENDING, bob, mastermind=forum)

    for part in (subject, text, html):
        in_french_only(part)
    assert folded(subject) == folded(
        f"Cohorte de mars se termine bientôt{NBSP}: quelle suite pour Groupe 1{NBSP}: Forum Acme{NBSP}?"
    )
    assert "Cohorte de mars se termine le lundi 10 mai." in text
    assert f"Votre réponse pour l’instant{NBSP}: Me recomposer dans un nouveau groupe." in text
    assert f"<strong>Faire une pause</strong>{NBSP}: ne pas participer à la cohorte suivante." in html


@pytest.mark.parametrize("role", ["member", "leader", "waitlist"])
def test_seat_invited_email_reads_in_french(forum, zoe, role):
    invitation = SeatInvitation.objects.create(
        cohort=forum.cohort, mastermind=forum, user=zoe, role=role, created_at=timezone.now()
    )

    subject, text, html = render_email(SEAT_INVITED, zoe, invitation=invitation)

    for part in (subject, text, html):
        in_french_only(part)
    assert folded(subject) == folded("Vous êtes invité·e dans Mastermind des communautés")
    assert "L’équipe d’organisation de Mastermind des communautés vous invite" in text
    assert "Mot de passe oublié" in text


def test_seat_invited_email_reads_in_english_for_an_english_speaker(forum, anglophone):
    invitation = SeatInvitation.objects.create(cohort=forum.cohort, mastermind=forum, user=anglophone, role="member")

    subject, text, html = render_email(SEAT_INVITED, anglophone, invitation=invitation)

    for part in (subject, text, html):
        assert french_in(part) == []
    assert folded(subject) == folded("You are invited to Mastermind des communautés")


# Words the app registers at start


def test_notification_kinds_are_named_in_the_readers_language():
    with translation.override("fr"):
        french = {name: str(kinds.get(name).label) for name in (MASTERMIND_FORMED, SEAT_OFFERED)}
    with translation.override("en"):
        english = str(kinds.get(SEAT_OFFERED).label)

    assert french == {MASTERMIND_FORMED: "Votre mastermind est formé", SEAT_OFFERED: "Places réservées pour vous"}
    assert english == "Seats held for you"


@pytest.mark.parametrize(
    ("state", "french"),
    [(Mastermind.State.FORMING, "En formation"), (Mastermind.State.RUNNING, "En cours")],
)
def test_a_mastermind_state_is_named_in_french(state, french):
    with translation.override("fr"):
        assert str(Mastermind.State(state).label) == french
