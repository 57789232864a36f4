"""Accounts in French and English: the profile, sign-up and login, time zones and availability."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from hotseat.accounts import actions
from hotseat.accounts.actions import AvailabilityError, convert_availability, save_availability
from hotseat.accounts.availability_forms import AvailabilityForm, describe, parse_typed_hours, summary, typed_hours
from hotseat.accounts.models import User, WeeklyAvailability
from hotseat.accounts.templatetags.zones import zoned
from hotseat.accounts.timezones import validate_time_zone
from hotseat.scheduling import Window
from tests.accounts.own_part import own_part, typeset
from tests.factories import UserFactory
from tests.languages import english_in, english_words_in, french_in

NBSP = "\u00a0"
PROFILE = {
    "display_name": "Camille",
    "time_zone": "Europe/Paris",
    "community_name": "Forum des jardiniers",
    "community_url": "https://jardins.example.org",
    "community_platform": "discourse",
    "community_role": "animatrice",
    "bio": "Jardins partagés",
}


@pytest.fixture
def camille(db):
    return UserFactory(
        email="camille@example.com", display_name="Camille", time_zone="Europe/Paris", language="fr", bio="Jardins"
    )


@pytest.fixture
def nora(db):
    return UserFactory(email="nora@example.com", display_name="Nora", time_zone="America/New_York", language="en")


def french_page(html: str) -> str:
    page = own_part(html)
    assert english_in(page) == []
    assert english_words_in(page) == []
    return page


# The profile ------------------------------------------------------------------------------


def test_profile_reads_in_french(client, camille):
    client.force_login(camille)

    response = client.get(reverse("profile"))

    page = french_page(response.text)
    for sentence in (
        "Votre profil",
        "Fuseau horaire",
        "Un nom IANA comme Europe/Paris. Nous le détectons depuis votre navigateur.",
        "Langue",
        "Selon mon navigateur",
        "Groupe Facebook",
        "Plateforme de la communauté",
        typeset("Vos disponibilités</a> : les heures de la semaine où vous pouvez participer à un appel."),
        "Changer de mot de passe",
        "Enregistrer",
    ):
        assert sentence in page
    assert response["Content-Language"] == "fr"


def test_profile_reads_in_english_for_an_english_speaker(client, nora):
    client.force_login(nora)

    page = own_part(client.get(reverse("profile")).text)

    assert french_in(page) == []
    assert "As my browser says" in page
    assert "Your availability</a>: the weekly hours you can take a call." in page


def test_profile_offers_the_browser_then_each_language_in_its_own_name(client, camille):
    client.force_login(camille)

    page = client.get(reverse("profile")).text

    options = page[page.index('name="language"') : page.index("</select>", page.index('name="language"'))]
    assert [o.split(">")[1] for o in options.split("<option")[1:]] == [
        "Selon mon navigateur</option",
        "English</option",
        "Français</option",
    ]
    assert 'value="fr" selected' in options


def test_profile_refuses_an_unknown_zone_in_french_with_its_suggestion(client, camille):
    client.force_login(camille)

    response = client.post(reverse("profile"), {**PROFILE, "time_zone": "PST", "language": "fr"})

    assert response.status_code == 400
    page = french_page(response.text)
    assert (
        typeset(
            "« PST » n'est pas un fuseau horaire que nous connaissons. Vouliez-vous dire America/Los_Angeles ?"
            " Utilisez un nom IANA comme Europe/Paris ou America/New_York."
        )
    ) in page


def test_choosing_french_in_the_profile_gives_french_pages_from_the_next_one(client, nora):
    client.force_login(nora)

    response = client.post(reverse("profile"), {**PROFILE, "language": "fr"}, follow=True)

    nora.refresh_from_db()
    assert nora.language == "fr"
    page = french_page(response.text)
    assert "Profil enregistré." in page
    assert "Votre profil" in page


def test_giving_the_choice_back_to_the_browser(client, camille):
    client.force_login(camille)

    response = client.post(
        reverse("profile"), {**PROFILE, "language": ""}, headers={"accept-language": "en"}, follow=True
    )

    camille.refresh_from_db()
    assert camille.language == ""
    page = own_part(response.text)
    assert french_in(page) == []
    assert "Profile saved." in page


def test_profile_refuses_a_language_hotseat_does_not_speak(client, camille):
    client.force_login(camille)

    response = client.post(reverse("profile"), {**PROFILE, "language": "de"})

    assert response.status_code == 400
    assert "Sélectionnez un choix valide." in own_part(response.text)
    camille.refresh_from_db()
    assert camille.language == "fr"


# Sign-up and login (allauth's own French, our fields) -------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("account_login", ["Connexion", "Mot de passe oublié"]),
        ("account_signup", ["Votre nom", "Affiché sur le tableau.", "Fuseau horaire", "Création de compte"]),
        ("account_reset_password", ["Réinitialiser mon mot de passe"]),
    ],
)
def test_allauth_pages_read_in_french_for_a_french_browser(client, db, url, expected):
    response = client.get(reverse(url), headers={"accept-language": "fr"})

    page = french_page(response.text)
    for sentence in expected:
        assert sentence in page
    assert response["Content-Language"] == "fr"


def test_signup_refuses_an_unknown_zone_in_french(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "lea@example.com",
            "display_name": "Léa",
            "time_zone": "Mars/Olympus",
            "password1": "jardin-partage-2026",
            "password2": "jardin-partage-2026",
        },
        headers={"accept-language": "fr"},
    )

    page = french_page(response.text)
    assert typeset("« Mars/Olympus » n'est pas un fuseau horaire que nous connaissons.") in page
    assert not User.objects.filter(email="lea@example.com").exists()


def test_a_wrong_password_is_refused_in_french(client, camille):
    response = client.post(
        reverse("account_login"), {"login": camille.email, "password": "mauvais"}, headers={"accept-language": "fr"}
    )

    page = french_page(response.text)
    assert "incorrects" in page


# Time zones -------------------------------------------------------------------------------


def test_unknown_zone_messages_in_french_and_in_english():
    with translation.override("fr"), pytest.raises(ValidationError) as with_hint:
        validate_time_zone("cest")
    with translation.override("fr"), pytest.raises(ValidationError) as without:
        validate_time_zone("Mars/Olympus")
    with translation.override("en"), pytest.raises(ValidationError) as english:
        validate_time_zone("cest")

    assert with_hint.value.messages == [
        typeset(
            "« cest » n'est pas un fuseau horaire que nous connaissons. Vouliez-vous dire Europe/Paris ?"
            " Utilisez un nom IANA comme Europe/Paris ou America/New_York."
        )
    ]
    assert without.value.messages == [
        typeset(
            "« Mars/Olympus » n'est pas un fuseau horaire que nous connaissons."
            " Utilisez un nom IANA comme Europe/Paris ou America/New_York."
        )
    ]
    assert english.value.messages == [
        "“cest” is not a time zone we know. Did you mean Europe/Paris?"
        " Use an IANA name such as Europe/Paris or America/New_York."
    ]


def test_an_instant_on_the_viewers_clock_in_french():
    moment = datetime(2026, 12, 8, 11, 0, tzinfo=UTC)
    with translation.override("fr"), timezone.override(ZoneInfo("Europe/Paris")):
        assert zoned(moment, "l j F, H:i") == "mardi 8 décembre, 12:00 CET"
        # The short form: French months in lower case, as the glossary writes them.
        assert zoned(moment, "D j M, H:i") == "mar 8 déc, 12:00 CET"
        assert zoned(moment, "D j M Y, H:i") == "mar 8 déc 2026, 12:00 CET"
    with translation.override("en"), timezone.override(ZoneInfo("America/New_York")):
        assert zoned(moment, "l j F, H:i") == "Tuesday 8 December, 06:00 EST"
        assert zoned(moment, "D j M, H:i") == "Tue 8 Dec, 06:00 EST"


# Availability: typed hours, the form, the actions ----------------------------------------


def test_typed_hours_read_and_are_typed_in_french_and_in_english():
    windows = [Window(1, 17 * 60, 19 * 60), Window(3, 12 * 60, 14 * 60)]
    with translation.override("fr"):
        assert describe(windows) == "mar 17:00–19:00, jeu 12:00–14:00"
        assert summary(windows, "Europe/Paris") == "mar 17:00–19:00, jeu 12:00–14:00 (Europe/Paris)"
        assert summary([], "Europe/Paris") == "Aucun horaire indiqué pour l'instant (Europe/Paris)"
        assert typed_hours(windows) == "mar 17:00-19:00\njeu 12:00-14:00"
        assert parse_typed_hours(typed_hours(windows)) == windows
        assert parse_typed_hours("mardi 17:00 à 19:00\nJeudi 12:00-14:00") == windows
        # What someone types from an English habit still reads.
        assert parse_typed_hours("Tue 17:00-19:00\nthu 12:00-14:00") == windows
    with translation.override("en"):
        assert describe(windows) == "Tue 17:00–19:00, Thu 12:00–14:00"
        assert parse_typed_hours(typed_hours(windows)) == windows


def test_typed_hours_mistakes_are_told_in_french():
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        parse_typed_hours(
            "mar 17:00-19:00\nmer 22:00-01:00\nxx 10:00-11:00\nmardi 18:00-20:00\n"
            "ven 9h\nsam 10:15-11:00\ndim 10:00-10:00"
        )

    assert refused.value.messages == [
        typeset("Ligne 2 : mercredi 22:00–01:00 passe minuit : saisissez mercredi 22:00–24:00 et jeudi 00:00–01:00."),
        typeset("Ligne 3 : « xx » n'est pas un jour de la semaine : utilisez lun, mar, mer, jeu, ven, sam ou dim."),
        typeset("Ligne 5 : « 9h » n'est pas un début et une fin : écrivez par exemple 17:00-19:00."),
        typeset("Ligne 6 : 10:15 ne tombe pas sur une demi-heure : utilisez des heures qui finissent par :00 ou :30."),
        typeset("Ligne 7 : dimanche 10:00–10:00 est vide."),
        typeset(
            "Les lignes 1 et 4 se chevauchent : mardi 17:00–19:00 et mardi 18:00–20:00."
            " Réunissez-les en une seule ligne ou déplacez-en une."
        ),
    ]
    for message in refused.value.messages:
        assert english_in(message) == []
        assert english_words_in(message) == []


def test_the_availability_form_says_dates_the_french_way():
    today = date(2026, 12, 9)
    with translation.override("fr"):
        past = AvailabilityForm({"zone": "Europe/Paris", "new_holiday": "2026-12-08"}, today=today)
        far = AvailabilityForm({"zone": "Europe/Paris", "new_holiday": "2029-01-05"}, today=today)
        typo = AvailabilityForm({"zone": "Europe/Paris", "new_holiday": "2026-13-40"}, today=today)
        assert past.errors["new_holiday"] == [
            typeset("Le mardi 8 décembre 2026 est passé : choisissez aujourd'hui ou une date à venir.")
        ]
        assert far.errors["new_holiday"] == [
            "Choisissez une date dans les deux prochaines années (jusqu'au 9 décembre 2028)."
        ]
        assert typo.errors["new_holiday"] == ["Saisissez une vraie date, par exemple 2027-12-24."]
    with translation.override("en"):
        past = AvailabilityForm({"zone": "Europe/Paris", "new_holiday": "2026-12-08"}, today=today)
        assert past.errors["new_holiday"] == ["Tuesday 8 December 2026 has passed: pick today or a later date."]


def test_availability_refusals_are_told_in_french(camille):
    with translation.override("fr"):
        with pytest.raises(AvailabilityError) as overlap:
            save_availability(camille, zone="Europe/Paris", windows=[(1, 1020, 1140), (1, 1080, 1200)], holidays=[])
        with pytest.raises(AvailabilityError) as far:
            save_availability(
                camille, zone="Europe/Paris", windows=[], holidays=[date(2029, 3, 6)], today=date(2026, 12, 8)
            )
        with pytest.raises(AvailabilityError) as zone:
            save_availability(camille, zone="Paris", windows=[], holidays=[])
        with pytest.raises(AvailabilityError) as stale:
            convert_availability(camille, from_zone="Europe/Paris", to_zone="Asia/Tokyo", first_day=date(2026, 12, 8))

    assert (overlap.value.field, overlap.value.message) == (
        "windows",
        typeset("mardi 17:00–19:00 chevauche mardi 18:00–20:00 : réunissez-les en une seule plage ou déplacez-en une."),
    )
    assert (far.value.field, far.value.message) == (
        "holidays",
        typeset("Le mardi 6 mars 2029 est dans plus de deux ans : choisissez une date jusqu'au 8 décembre 2028."),
    )
    assert zone.value.field == "zone"
    assert typeset("Vouliez-vous dire Europe/Paris ?") in zone.value.message
    assert stale.value.message == (
        typeset(
            "Vos horaires ont changé depuis l'ouverture de cette page ; rien n'a été converti. Vérifiez-les ci-dessous."
        )
    )
    assert not WeeklyAvailability.objects.filter(user=camille).exists()


@pytest.mark.parametrize(("count", "expected"), [(1, "Cela fait 1 date"), (3, "Cela fait 3 dates")])
def test_the_count_of_dates_says_its_plural_in_french(camille, monkeypatch, count, expected):
    monkeypatch.setattr(actions, "MAX_HOLIDAYS", 0)
    days = [date(2027, 1, d) for d in range(4, 4 + count)]

    with translation.override("fr"), pytest.raises(AvailabilityError) as refused:
        save_availability(camille, zone="Europe/Paris", windows=[], holidays=days, today=date(2026, 12, 8))

    assert refused.value.message == f"{expected}{NBSP}; indiquez-en au plus 0."


def test_model_labels_and_choices_are_french_in_french():
    with translation.override("fr"):
        assert str(User._meta.get_field("community_platform").verbose_name) == "plateforme de la communauté"
        assert str(User.Platform.OTHER.label) == "Autre"
        assert str(WeeklyAvailability._meta.verbose_name_plural) == "disponibilités hebdomadaires"
    with translation.override("en"):
        assert str(User.Platform.OTHER.label) == "Other"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("account_email", ["Adresses e-mail", "Ajouter une adresse e-mail"]),
        ("account_change_password", ["Modifier le mot de passe"]),
    ],
)
def test_allauth_pages_of_a_signed_in_person_read_in_french(client, camille, url, expected):
    client.force_login(camille)

    page = french_page(client.get(reverse(url)).text)

    for sentence in expected:
        assert sentence in page


# allauth's emails -------------------------------------------------------------------------


def test_a_password_reset_email_is_in_the_accounts_language_whatever_the_browser(client, camille, nora, outbox):
    lea = UserFactory(email="lea@example.com", language="")
    for person, browser in ((camille, "en"), (nora, "fr"), (lea, "fr")):
        client.post(reverse("account_reset_password"), {"email": person.email}, headers={"accept-language": browser})

    by_address = {message.to[0]: message for message in outbox}
    assert set(by_address) == {camille.email, nora.email, lea.email}
    for address in (camille.email, lea.email):
        french = by_address[address]
        assert french.subject == "[hotseat] E-mail de réinitialisation de mot de passe"
        assert english_words_in(french.body.split("http")[0]) == []
    english = by_address[nora.email]
    assert english.subject == "[hotseat] Password Reset Email"
