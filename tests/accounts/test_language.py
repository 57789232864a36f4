"""Which language a person reads: the footer's switcher, the browser's header, the profile's choice."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from hotseat.accounts.actions import choose_language
from hotseat.refusals import RefusalError
from tests.accounts.own_part import own_part
from tests.factories import UserFactory
from tests.languages import english_in, french_in

LOGIN = "/accounts/login/"
COOKIE = settings.LANGUAGE_COOKIE_NAME


def _switch(client, language, next_url=LOGIN, **kwargs):
    return client.post(reverse("set_language"), {"language": language, "next": next_url}, **kwargs)


def _is_french(response) -> bool:
    return response["Content-Language"] == "fr" and '<html lang="fr">' in response.text


def test_the_switcher_signed_out_sets_the_cookie_and_the_next_page_is_french(client, db):
    response = _switch(client, "fr")

    assert response.status_code == 302
    assert response["Location"] == LOGIN
    cookie = response.cookies[COOKIE]
    assert cookie.value == "fr"
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    page = client.get(LOGIN)
    assert _is_french(page)
    assert "Connexion" in own_part(page.text)

    back = _switch(client, "en")
    assert back.cookies[COOKIE].value == "en"
    assert client.get(LOGIN)["Content-Language"] == "en"


def test_the_switcher_signed_in_keeps_the_choice_on_the_account(client, db):
    person = UserFactory(language="", display_name="Léa")
    client.force_login(person)

    _switch(client, "fr", next_url=reverse("profile"))

    person.refresh_from_db()
    assert person.language == "fr"
    # Another browser, with no cookie and an English header: the account's choice decides.
    other = Client()
    other.force_login(person)
    page = other.get(reverse("profile"), headers={"accept-language": "en"})
    assert _is_french(page)
    assert english_in(own_part(page.text)) == []


@pytest.mark.parametrize("language", ["de", "", "FR", "fr-ca", "x" * 5000, "fr\x00"])
def test_an_unknown_language_changes_nothing(client, db, language):
    person = UserFactory(language="en")
    client.force_login(person)

    response = _switch(client, language)

    assert response.status_code == 302
    assert COOKIE not in response.cookies
    person.refresh_from_db()
    assert person.language == "en"


@pytest.mark.parametrize(
    "next_url",
    [
        "https://elsewhere.example/",
        "//elsewhere.example/",
        "http:/\\elsewhere.example",
        "javascript:alert(1)",
        "\\\\elsewhere.example",
        "",
    ],
)
def test_a_foreign_next_sends_home(client, db, next_url):
    response = _switch(client, "fr", next_url=next_url)

    assert (response.status_code, response["Location"]) == (302, "/")


@pytest.mark.parametrize("next_url", [" /accounts/login/\x00", "/" + "a" * 10000, "/%E9t%C3%A9?x=\u00e9", "/\u2028"])
def test_an_odd_next_stays_on_the_site_never_a_500(client, db, next_url):
    response = _switch(client, "fr", next_url=next_url)

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert (location.scheme, location.netloc) == ("", "")


def test_the_switcher_takes_only_a_post(client, db):
    assert client.get(reverse("set_language"), {"language": "fr", "next": LOGIN}).status_code == 405


def test_a_french_browser_gives_a_visitor_french(client, db):
    page = client.get(LOGIN, headers={"accept-language": "fr-FR,fr;q=0.9,en;q=0.5"})

    assert _is_french(page)
    assert english_in(own_part(page.text)) == []
    assert "Accept-Language" in page["Vary"]


def test_an_english_browser_gives_a_visitor_english(client, db):
    page = client.get(LOGIN, headers={"accept-language": "en-US,en;q=0.9"})

    assert page["Content-Language"] == "en"
    assert '<html lang="en">' in page.text
    assert french_in(own_part(page.text)) == []


def test_a_cookie_beats_the_browsers_header(client, db):
    client.cookies[COOKIE] = "fr"

    assert _is_french(client.get(LOGIN, headers={"accept-language": "en"}))


def test_a_persons_stored_choice_beats_their_browsers_header_and_cookie(client, db):
    person = UserFactory(language="en")
    client.force_login(person)
    client.cookies[COOKIE] = "fr"

    page = client.get(reverse("profile"), headers={"accept-language": "fr"})

    assert page["Content-Language"] == "en"
    assert "Accept-Language" in page["Vary"]
    assert french_in(own_part(page.text)) == []


def test_a_person_who_chose_nothing_reads_as_their_browser_says(client, db):
    person = UserFactory(language="")
    client.force_login(person)

    assert _is_french(client.get(reverse("profile"), headers={"accept-language": "fr"}))
    assert client.get(reverse("profile"), headers={"accept-language": "en"})["Content-Language"] == "en"


def test_choose_language_stores_a_language_clears_it_and_refuses_others(db):
    person = UserFactory(language="")

    choose_language(person, "fr")
    person.refresh_from_db()
    assert person.language == "fr"

    choose_language(person, "")
    person.refresh_from_db()
    assert person.language == ""

    with pytest.raises(RefusalError) as refused:
        choose_language(person, "de")
    assert refused.value.field == "language"
    person.refresh_from_db()
    assert person.language == ""
