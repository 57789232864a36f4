"""Notifications in French and English: emails in their recipient's language, pages in their reader's.

Pages are looked at in their own part (tests/accounts/own_part.py): the header and the footer are
base.html's, whose sentences are the lead's to translate. Emails are looked at whole, links aside.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from hotseat.notify import actions, kinds
from hotseat.notify.actions import notify
from hotseat.notify.dispatch import deliver_due
from hotseat.notify.emails import render_digest
from hotseat.notify.kinds import Kind
from hotseat.notify.languages import email_language, program_language
from hotseat.notify.models import Notification
from hotseat.notify.preferences import Choice, unsubscribe_url
from tests.accounts.own_part import own_part
from tests.factories import CohortFactory, MastermindFactory, ProgramFactory, UserFactory
from tests.languages import english_in, english_words_in, french_in
from tests.notify.conftest import TEMPLATES

NBSP = "\u00a0"
# Tuesday 24 November 2026, 11:00 UTC: 12:00 in Paris, 06:00 in New York (both on winter time).
TUESDAY_NOON_PARIS = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)
URL = re.compile(r"https?://\S+")


def link_path(url: str) -> str:
    return url[url.index("/n/") :]


def words(part: str) -> str:
    """An email's part without its links, whose signed tokens are letters at random."""
    return URL.sub("", part)


def _parts(message):
    return (
        message.get_body(preferencelist=("plain",)).get_content(),
        message.get_body(preferencelist=("html",)).get_content(),
    )


@pytest.fixture
def seance(settings) -> Iterator[Kind]:
    """A kind of the tests' own, whose templates (tests/notify/templates/notify/seance) hold no English words."""
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], TEMPLATES]}]
    kind = kinds.register(
        Kind(
            "seance",
            gettext_lazy("daily digest"),  # any label the catalog translates
            digest=True,
            url=lambda refs: refs["cohort"].get_absolute_url(),
        )
    )
    yield kind
    kinds.unregister(kind.name)


@pytest.fixture
def only_seance(seance, monkeypatch) -> Kind:
    """The settings page lists every kind a person may turn off: here only the tests' own."""
    monkeypatch.setattr(kinds, "KINDS", {seance.name: seance})
    return seance


@pytest.fixture
def cohorte(db):
    program = ProgramFactory(name="Masterminds des communautés", sponsor="Forums Dupont", language="en")
    return CohortFactory(program=program, name="Cohorte de janvier")


@pytest.fixture
def camille(db):
    return UserFactory(email="camille@example.com", display_name="Camille", time_zone="Europe/Paris", language="fr")


@pytest.fixture
def nora(db):
    return UserFactory(email="nora@example.com", display_name="Nora", time_zone="America/New_York", language="en")


def _seance(person, cohort, key, **kwargs):
    return notify("seance", person, key=key, cohort=cohort, starts_at=TUESDAY_NOON_PARIS, **kwargs)


# Emails ---------------------------------------------------------------------------------


def test_one_kind_reaches_a_french_and_an_english_person_each_in_their_language_and_zone(
    seance, cohorte, camille, nora, smtp_inbox
):
    _seance(camille, cohorte, "fr")
    _seance(nora, cohorte, "en")

    assert deliver_due("test").emails == 2

    (french,) = smtp_inbox.to(camille.email)
    (english,) = smtp_inbox.to(nora.email)
    assert french["Subject"] == "[hotseat] Cohorte de janvier · mardi 24 novembre, 12:00 CET"
    assert english["Subject"] == "[hotseat] Cohorte de janvier · Tuesday 24 November, 06:00 EST"
    french_text, french_html = _parts(french)
    english_text, english_html = _parts(english)
    for part in (french_text, french_html):
        assert english_in(part) == []
        assert english_words_in(words(part)) == []
        assert "Bonjour Camille," in part
        assert "mardi 24 novembre, 12:00 CET" in part
    assert f"Ne plus recevoir ces e-mails{NBSP}: {unsubscribe_url(camille.pk, 'seance')}" in french_text
    assert f"Vos notifications{NBSP}: " in french_text
    assert "Choisir ce que vous recevez" in french_html
    assert '<html lang="fr">' in french_html
    for part in (english_text, english_html):
        assert french_in(part) == []
        assert "Hello Nora," in part
        assert "Tuesday 24 November, 06:00 EST" in part
    assert "Stop these emails: " in english_text
    assert '<html lang="en">' in english_html
    # The subject kept in the outbox is the one sent, in its language.
    assert Notification.objects.get(key="fr").subject == "Cohorte de janvier · mardi 24 novembre, 12:00 CET"


def test_a_person_who_chose_no_language_gets_the_programs(seance, smtp_inbox, db):
    in_french = CohortFactory(program=ProgramFactory(language="fr"), name="Cohorte de mars")
    in_english = CohortFactory(program=ProgramFactory(language="en"), name="Cohorte de mai")
    lea = UserFactory(email="lea@example.com", display_name="Léa", time_zone="Europe/Paris", language="")
    _seance(lea, in_french, "programme-fr")
    _seance(lea, in_english, "programme-en")

    deliver_due("test")

    by_subject = {m["Subject"]: _parts(m)[0] for m in smtp_inbox.to(lea.email)}
    assert set(by_subject) == {
        "[hotseat] Cohorte de mars · mardi 24 novembre, 12:00 CET",
        "[hotseat] Cohorte de mai · Tuesday 24 November, 12:00 CET",
    }
    assert "Bonjour Léa," in by_subject["[hotseat] Cohorte de mars · mardi 24 novembre, 12:00 CET"]
    assert "Hello Léa," in by_subject["[hotseat] Cohorte de mai · Tuesday 24 November, 12:00 CET"]


def test_a_persons_own_choice_beats_the_programs(seance, smtp_inbox, nora, db):
    _seance(nora, CohortFactory(program=ProgramFactory(language="fr")), "choix")

    deliver_due("test")

    (message,) = smtp_inbox.to(nora.email)
    assert "Hello Nora," in _parts(message)[0]


def test_the_program_is_found_from_each_kind_of_reference(cohorte, camille, db):
    cohorte.program.language = "fr"
    cohorte.program.save()
    mastermind = MastermindFactory(cohort=cohorte)

    assert program_language({"program": cohorte.program}) == "fr"
    assert program_language({"cohort": cohorte}) == "fr"
    assert program_language({"mastermind": mastermind}) == "fr"
    # Plain values, people and rows that lead to no program say nothing; the first that does decides.
    assert program_language({"count": 3, "who": camille, "at": TUESDAY_NOON_PARIS}) == ""
    other = CohortFactory(program=ProgramFactory(language="en"))
    assert program_language({"who": camille, "first": other, "second": cohorte}) == "en"


def test_email_language_falls_back_to_the_installations(settings, cohorte, db):
    nobody = UserFactory(language="")
    cohorte.program.language = "fr"
    cohorte.program.save()

    assert email_language(nobody, [{"cohort": cohorte}]) == "fr"
    assert email_language(nobody, [{}, {"cohort": cohorte}]) == "fr"
    settings.LANGUAGE_CODE = "fr"
    assert email_language(nobody, []) == "fr"
    settings.LANGUAGE_CODE = "en"
    assert email_language(nobody, [{"n": 1}]) == "en"
    nobody.language = "xx"  # not a language hotseat speaks: as if none was chosen
    assert email_language(nobody, []) == "en"


@pytest.mark.parametrize(
    ("count", "french", "english"), [(1, "1 nouveauté", "1 update"), (3, "3 nouveautés", "3 updates")]
)
def test_the_digest_counts_its_updates_in_each_language(seance, cohorte, camille, nora, count, french, english):
    for person in (camille, nora):
        actions.set_choices(person, {"seance": Choice(digest=True)})
        for n in range(count):
            _seance(person, cohorte, f"{person.pk}:{n}")

    french_mail = render_digest(camille, list(Notification.objects.filter(recipient=camille)))
    english_mail = render_digest(nora, list(Notification.objects.filter(recipient=nora)))

    assert french_mail.subject == f"[hotseat] Votre récapitulatif hotseat{NBSP}: {french}"
    assert english_mail.subject == f"[hotseat] Your hotseat digest: {english}"


def test_the_digest_is_sent_in_french_with_each_update_written_again_in_french(seance, cohorte, smtp_inbox, db):
    cohorte.program.language = "fr"
    cohorte.program.save()
    lea = UserFactory(email="lea@example.com", display_name="Léa", time_zone="Europe/Paris", language="")
    actions.set_choices(lea, {"seance": Choice(digest=True)})
    held = [_seance(lea, cohorte, "un"), _seance(lea, cohorte, "deux")]
    # As if written in English when the rows were made: the digest words them again.
    Notification.objects.filter(pk__in=[n.pk for n in held]).update(subject="Written in English")

    deliver_due("test", now=max(n.next_attempt_at for n in Notification.objects.filter(recipient=lea)))

    (digest,) = smtp_inbox.to(lea.email)
    assert digest["Subject"] == f"[hotseat] Votre récapitulatif hotseat{NBSP}: 2 nouveautés"
    for part in _parts(digest):
        assert english_in(part) == []
        assert english_words_in(words(part)) == []
        assert "Bonjour Léa," in part
        assert f"Depuis votre dernier récapitulatif{NBSP}:" in part
        assert part.count("Cohorte de janvier · mardi 24 novembre, 12:00 CET") == 2
        assert "Vous avez choisi de les recevoir une fois par jour." in part
        assert "Written in English" not in part


# Pages ----------------------------------------------------------------------------------


def test_inbox_reads_in_french_with_french_dates(client, seance, cohorte, camille):
    _seance(camille, cohorte, "lue", due_at=TUESDAY_NOON_PARIS)
    off = _seance(camille, cohorte, "coupee", due_at=TUESDAY_NOON_PARIS - timedelta(days=1))
    Notification.objects.filter(pk=off.pk).update(state=Notification.State.SKIPPED)
    client.force_login(camille)

    response = client.get(reverse("notify:inbox"))

    html = own_part(response.text)
    assert english_in(html) == []
    assert english_words_in(html) == []
    assert "Tout marquer comme lu" in html
    assert "Choisissez celles que vous recevez par e-mail" in html
    assert "mardi 24 novembre 2026, 12:00 CET" in html
    assert "lundi 23 novembre 2026, 12:00 CET" in html
    assert "pas envoyée par e-mail (vous les avez désactivées)" in html
    assert "nouvelle" in html
    assert response["Content-Language"] == "fr"


def test_inbox_reads_in_english_for_an_english_speaker(client, seance, cohorte, nora):
    _seance(nora, cohorte, "lue", due_at=TUESDAY_NOON_PARIS)
    client.force_login(nora)

    html = own_part(client.get(reverse("notify:inbox")).text)

    assert french_in(html) == []
    assert "Mark all read" in html
    assert "Tuesday 24 November 2026, 06:00 EST" in html


def test_an_empty_inbox_says_so_in_french(client, camille):
    client.force_login(camille)

    html = own_part(client.get(reverse("notify:inbox")).text)

    assert english_in(html) == []
    assert english_words_in(html) == []
    assert "Rien pour l'instant." in html


def test_settings_page_reads_in_french_and_saves_with_a_french_message(client, only_seance, camille):
    client.force_login(camille)

    page = own_part(client.get(reverse("notify:settings")).text)
    assert english_in(page) == []
    assert english_words_in(page) == []
    assert "Notifications par e-mail" in page
    assert "M'envoyer un e-mail tout de suite" in page
    assert "Dans le récapitulatif quotidien (08:00, à votre heure)" in page
    assert "Pas d'e-mail (toujours listées dans Notifications)" in page
    assert "récapitulatif quotidien" in page  # the kind's label

    saved = client.post(reverse("notify:settings"), {"seance": "off"}, follow=True)
    assert "Vos choix de notifications sont enregistrés." in own_part(saved.text)


def test_settings_page_reads_in_english_for_an_english_speaker(client, only_seance, nora):
    client.force_login(nora)

    page = own_part(client.get(reverse("notify:settings")).text)

    assert french_in(page) == []
    assert "Email me straight away" in page


@pytest.mark.parametrize("kind", ["seance", "digest"])
def test_unsubscribe_pages_read_in_the_persons_language_whatever_the_browser(client, seance, camille, nora, kind):
    french_link = link_path(unsubscribe_url(camille.pk, kind))
    english_link = link_path(unsubscribe_url(nora.pk, kind))

    confirm = client.get(french_link, headers={"accept-language": "en"})
    done = client.post(french_link, headers={"accept-language": "en"})
    for response in (confirm, done):
        html = own_part(response.text)
        assert english_in(html) == []
        assert english_words_in(html) == []
        assert response["Content-Language"] == "fr"
        assert camille.email in html
    assert f"Ne plus recevoir ces e-mails{NBSP}?" in own_part(confirm.text)
    assert "Désabonnement effectué" in own_part(done.text)
    assert "Vous avez changé d'avis" in own_part(done.text)

    english = client.get(english_link, headers={"accept-language": "fr"})
    assert french_in(own_part(english.text)) == []
    assert "Stop these emails?" in english.text
    assert english["Content-Language"] == "en"


def test_unsubscribe_page_follows_the_browser_of_a_person_who_chose_no_language(client, seance, db):
    lea = UserFactory(language="")
    link = link_path(unsubscribe_url(lea.pk, "seance"))

    response = client.get(link, headers={"accept-language": "fr"})

    assert response["Content-Language"] == "fr"
    assert english_in(own_part(response.text)) == []


@pytest.mark.parametrize(
    ("count", "french"), [(1, "1 notification en échec remise"), (3, "3 notifications en échec remises")]
)
def test_admin_retry_says_how_many_in_french(client, seance, cohorte, count, french, db):
    staff = UserFactory(language="fr", is_staff=True, is_superuser=True)
    rows = [_seance(UserFactory(), cohorte, f"echec:{n}") for n in range(count)]
    Notification.objects.filter(pk__in=[n.pk for n in rows]).update(state=Notification.State.FAILED)
    client.force_login(staff)

    response = client.post(
        reverse("admin:notify_notification_changelist"),
        {"action": "retry", "_selected_action": [n.pk for n in rows]},
        follow=True,
    )

    assert french in response.text
    assert "queued again" not in response.text


def test_model_labels_and_choices_are_french_in_french(db):
    with translation.override("fr"):
        assert str(Notification._meta.verbose_name_plural) == "notifications"
        assert str(Notification.State.SKIPPED.label) == "Pas envoyée par e-mail (désactivée)"
        assert str(Notification._meta.get_field("due_at").verbose_name) == "prévue le"
    with translation.override("en"):
        assert str(Notification.State.SKIPPED.label) == "Not emailed (turned off)"


def test_the_admin_offers_to_retry_a_failed_notification_in_french(client, seance, cohorte, db):
    staff = UserFactory(language="fr", is_staff=True, is_superuser=True)
    row = _seance(UserFactory(), cohorte, "echec")
    Notification.objects.filter(pk=row.pk).update(state=Notification.State.FAILED)
    client.force_login(staff)

    page = client.get(reverse("admin:notify_notification_change", args=[row.pk])).text

    assert ">Relancer</button>" in page
    assert "En échec" in page  # the row's state
    assert "Prévue le" in page  # a field's label
    assert ">Retry<" not in page
