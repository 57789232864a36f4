"""Programs in French and in English: the program page, signing up, reviewing, the organizer's forms, the email."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from hotseat.notify.kinds import KINDS
from hotseat.programs import actions
from hotseat.programs.models import Program, Signup
from tests.clients import signed_in
from tests.factories import CohortFactory, ProgramFactory, SignupFactory, UserFactory
from tests.languages import english_in, english_words_in, french_in, readable_text

NBSP = "\u00a0"


@pytest.fixture
def organisatrice(db):
    return UserFactory(
        email="odile@example.com", display_name="Odile", time_zone="Europe/Paris", language="fr", is_staff=True
    )


@pytest.fixture
def organizer_en(db):
    return UserFactory(email="owen@example.com", display_name="Owen", time_zone="Europe/London", language="en")


@pytest.fixture
def programme(organisatrice, organizer_en) -> Program:
    return ProgramFactory(
        name="Mastermind Animatrices",
        sponsor="Forums Acme",
        charter="Un appel par semaine, une heure de devoirs.",
        audience="Animatrices de communautés",
        screening_questions="Quelle communauté animez-vous ?\nQuel est votre rôle ?",
        organizers=[organisatrice, organizer_en],
    )


@pytest.fixture
def cohorte(programme):
    # Tuesday 8 December 2026.
    return CohortFactory(program=programme, name="Hiver", slug="hiver", starts_on=dt.date(2026, 12, 8), weeks=3)


def french_person(name: str = "Camille", **fields) -> UserFactory:
    return UserFactory(
        email=f"{name.lower()}@example.com", display_name=name, time_zone="Europe/Paris", language="fr", **fields
    )


def read(html: str) -> str:
    """The page without its hidden inputs (the language switcher's own address): nobody reads those."""
    return re.sub(r"<input type=\"hidden\"[^>]*>", "", html)


def only_french(html: str) -> None:
    assert english_in(read(html)) == []
    assert english_words_in(read(html)) == []


def only_english(html: str) -> None:
    assert french_in(read(html)) == []


def test_program_page_in_french_with_plural_weeks_and_french_dates(programme, cohorte, organisatrice):
    CohortFactory(program=programme, name="Printemps", slug="printemps", starts_on=dt.date(2027, 3, 2), weeks=1)

    html = signed_in(organisatrice).get(reverse("program", args=[programme.slug])).content.decode()

    only_french(html)
    assert "Avec le soutien de Forums Acme" in readable_text(html)
    assert f"Pour qui{NBSP}:" in html
    assert "commence le 8 décembre 2026, 3 semaines" in readable_text(html)
    assert "commence le 2 mars 2027, 1 semaine<" in html
    assert "Ajouter une cohorte" in readable_text(html)


def test_program_page_in_english_has_no_french(programme, cohorte, organizer_en):
    programme.charter = "Weekly calls."
    programme.save()

    html = signed_in(organizer_en).get(reverse("program", args=[programme.slug])).content.decode()

    only_english(html)
    assert "starts 8 December 2026, 3 weeks" in readable_text(html)


def test_signup_page_in_french_with_the_weekday_and_screening_questions(cohorte):
    html = (
        signed_in(french_person("Manon"))
        .get(reverse("signup", args=[cohorte.program.slug, cohorte.slug]))
        .content.decode()
    )

    only_french(html)
    assert "S'inscrire à Hiver" in readable_text(html)
    assert "commence le mardi 8 décembre 2026" in readable_text(html)
    assert "Animer un mastermind" in readable_text(html)
    assert "Rejoindre un groupe comme membre" in readable_text(html)
    assert "Autre chose à nous dire" in readable_text(html)
    assert "Envoyer mon inscription" in readable_text(html)


def test_signup_refused_and_accepted_in_french(cohorte):
    manon = french_person("Manon")
    client = signed_in(manon)
    address = reverse("signup", args=[cohorte.program.slug, cohorte.slug])
    form = {"role": "member", "q0": "Un forum de jardinage", "q1": "Animatrice", "notes": ""}

    done = client.post(address, form)
    again = client.get(address)

    assert [str(m) for m in get_messages(done.wsgi_request)] == [
        f"Merci{NBSP}! L'équipe d'organisation va examiner votre inscription{NBSP}; nous vous écrirons."
    ]
    assert f"Vous êtes déjà inscrit ou inscrite{NBSP}: en attente d'examen." in [
        str(m) for m in get_messages(again.wsgi_request)
    ]
    cohorte.signup_closes_at = timezone.now() - dt.timedelta(days=1)
    cohorte.save()
    closed = signed_in(french_person("Lucie")).get(address).content.decode()
    only_french(closed)
    assert "Les inscriptions à cette cohorte sont closes." in readable_text(closed)


def test_review_queue_in_french_and_the_decision_sent(cohorte, organisatrice):
    people = [french_person(name) for name in ("Camille", "Manon", "Lucie")]
    signups = [
        SignupFactory(
            cohort=cohorte,
            user=person,
            status=Signup.Status.PENDING,
            role=role,
            notes="Merci",
            answers=[{"question": "Quelle communauté animez-vous ?", "answer": "Un forum"}],
        )
        for person, role in zip(people, ["leader", "member", "either"], strict=True)
    ]
    client = signed_in(organisatrice)

    html = client.get(reverse("review_queue", args=[cohorte.program.slug, cohorte.slug])).content.decode()

    only_french(html)
    assert "En attente d'examen (3)" in readable_text(html)
    assert "souhaite animer un mastermind" in readable_text(html)
    assert "souhaite rejoindre un groupe comme membre" in readable_text(html)
    assert "Mettre sur liste d'attente" in readable_text(html)
    response = client.post(
        reverse("review", args=[signups[0].pk]), {f"s{signups[0].pk}-decision": "accepted"}, follow=True
    )
    html = response.content.decode()
    only_french(html)
    assert f"Camille{NBSP}: inscription acceptée. Nous lui avons écrit." in html
    assert "Déjà examinées" in readable_text(html)
    assert "Acceptée" in readable_text(html)


def test_reviewing_a_seated_signup_is_refused_in_french(cohorte, organisatrice):
    seated = SignupFactory(cohort=cohorte, user=french_person(), status=Signup.Status.PLACED)

    with translation.override("fr"), pytest.raises(actions.SignupError) as refused:
        actions.review_signup(seated, organisatrice, decision="accepted")

    assert refused.value.message == f"Camille a déjà une place{NBSP}; rien à examiner."


def test_organizer_forms_in_french(programme, organisatrice):
    client = signed_in(organisatrice)

    new_program = client.get(reverse("program_new")).content.decode()
    new_cohort = client.get(reverse("cohort_new", args=[programme.slug])).content.decode()
    refused = client.post(
        reverse("cohort_new", args=[programme.slug]), {"name": "Hiver", "slug": "hiver", "weeks": "99"}
    ).content.decode()

    for html in (new_program, new_cohort):
        only_french(html)
    assert "Créer un programme" in readable_text(new_program)
    assert "Questions d'admission" in readable_text(new_program)
    assert "L'équipe d'organisation examine chaque inscription" in readable_text(new_program)
    assert "Ajouter une cohorte à Mastermind Animatrices" in readable_text(new_cohort)
    assert "Ouverture des inscriptions" in readable_text(new_cohort)
    assert "Créer la cohorte" in readable_text(refused)


def test_organizer_forms_in_english_have_no_french(programme, organizer_en):
    organizer_en.is_staff = True
    organizer_en.save()
    client = signed_in(organizer_en)

    for address in (reverse("program_new"), reverse("cohort_new", args=[programme.slug])):
        only_english(client.get(address).content.decode())


def render_email(signup: Signup, language: str) -> tuple[str, str, str]:
    context = {"recipient": signup.user, "site_url": "https://hotseat.example", "signup": signup}
    with translation.override(language):
        return tuple(
            render_to_string(f"notify/signup_reviewed/{name}", context)
            for name in ("subject.txt", "body.txt", "body.html")
        )


def own_part(html: str) -> str:
    """The email's own text, without the footer every email shares (notify's)."""
    return html.split("hotseat ·", maxsplit=1)[0]


@pytest.mark.parametrize(
    ("status", "subject", "sentence"),
    [
        ("accepted", f"C'est parti{NBSP}: Mastermind Animatrices — Hiver", "est acceptée"),
        ("waitlisted", "Vous êtes sur liste d'attente pour", "dès qu'une place se libère"),
        ("declined", "À propos de votre inscription à", "n'a pas été retenue cette fois-ci"),
    ],
)
def test_signup_reviewed_email_in_french(cohorte, status, subject, sentence):
    signup = SignupFactory(cohort=cohorte, user=french_person(), status=status, organizer_message="À bientôt")

    subject_text, text, html = render_email(signup, "fr")

    for part in (subject_text, text, own_part(html)):
        only_french(part)
    assert subject in subject_text
    assert "Bonjour Camille," in text
    assert sentence in text
    assert sentence in html
    assert f"Un message de l'équipe d'organisation{NBSP}:" in text


def test_signup_reviewed_email_in_english_has_no_french(cohorte):
    signup = SignupFactory(cohort=cohorte, user=UserFactory(language="en"), status="accepted")

    subject, text, html = render_email(signup, "en")

    assert subject.startswith("You're in:")
    for part in (subject, text, html):
        only_english(part)
    assert "/p/" in html  # the board's link is there


def test_the_kind_is_described_in_the_readers_language():
    kind = KINDS["signup_reviewed"]
    with translation.override("fr"):
        assert str(kind.label) == "Décisions sur vos inscriptions"
    with translation.override("en"):
        assert str(kind.label) == "Decisions on your signups"


def test_the_admins_signup_list_names_its_columns_in_french(cohorte):
    admin = UserFactory(email="adele@example.com", language="fr", is_staff=True, is_superuser=True)
    SignupFactory(cohort=cohorte, user=french_person(), status=Signup.Status.WAITLISTED)

    html = signed_in(admin).get(reverse("admin:programs_signup_changelist")).content.decode()

    text = readable_text(html)
    for column in ("Personne", "Cohorte", "Rôle", "Statut", "Sur liste d'attente depuis", "Place réservée dans"):
        assert column in text
    assert "Camille dans Mastermind Animatrices — Hiver (Sur liste d'attente)" in text  # the signup's own name
