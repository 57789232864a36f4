"""The home page, the group page, the week page and the availability page in French for a French reader,
in English for an English one.

Chloe (Europe/Paris) reads French, Bob (America/Los_Angeles) English. In the running group Alice
leads, Bob is in the hot seat in week 1, Chloe and Dev are members. The test data is French or
neutral. Only our part of each page is looked at (tests/homework/french.py): the call panel, the
rotation and the weekly time are the meetings app's, tested there.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from hotseat.accounts import actions as account_actions
from hotseat.homework import actions
from hotseat.masterminds.models import SeatInvitation
from hotseat.meetings.templatetags.meeting_times import relative
from tests.factories import CohortFactory, MastermindFactory
from tests.homework.files import EXE
from tests.homework.french import ours
from tests.languages import english_in, english_words_in, french_in

pytestmark = pytest.mark.usefixtures("homework_media")

NBSP = "\u00a0"
AVAILABILITY = "/accounts/availability/"


@pytest.fixture
def readers(chloe, bob):
    chloe.language = "fr"
    chloe.save()
    bob.language = "en"
    bob.save()
    return {"fr": chloe, "en": bob}


@pytest.fixture
def named(group):
    """The running group, with French names for its program, cohort and mastermind."""
    mastermind = group.mastermind
    mastermind.title = "Forum des pairs"
    mastermind.save()
    mastermind.cohort.name = "Printemps"
    mastermind.cohort.save()
    mastermind.cohort.program.name = "Programme des animatrices"
    mastermind.cohort.program.save()
    return group


@pytest.fixture
def question(named, bob):
    return actions.post_question(named.week1, by=bob, title="Comment faire parler les lecteurs discrets ?")


def _in_zone(user, language, *moments):
    """What the meetings app's `relative` says of `moments` for `user`: theirs to translate, left out here."""
    with translation.override(language), timezone.override(user.time_zone):
        return [relative(moment) for moment in moments]


def _page(client, user, url, **extra):
    client.force_login(user)
    response = client.get(url, **extra)
    assert response.status_code == 200
    return response


def _check(html: str, language: str) -> None:
    if language == "fr":
        assert english_in(html) == []
        assert english_words_in(html) == []
    else:
        assert french_in(html) == []


# --- the week page ------------------------------------------------------------------------------


@pytest.fixture
def busy_week(named, question, alice, bob, dev):
    """Week 1: Dev posted (70 minutes, more than the guide), Bob replied, Alice skips, Chloe has not posted."""
    homework = actions.post_homework(question, by=dev, body="Un fil de bienvenue, épinglé.", minutes_spent=70)
    actions.reply(homework, by=bob, body="Merci, **bonne** piste.")
    actions.skip_homework(question, by=alice)
    return named


@pytest.mark.parametrize("language", ["fr", "en"])
def test_week_page_in_the_readers_language(client, readers, busy_week, language):
    reader = readers[language]
    response = _page(client, reader, f"/m/{busy_week.mastermind.pk}/weeks/1/")
    html = ours(response.text, drop=_in_zone(reader, language, busy_week.week1.starts_at))
    _check(html, language)
    if language == "fr":
        assert "Ordre du jour" in html
        assert "Posée par Bob" in html
        assert f"Font une pause cette semaine{NBSP}: Alice." in html
        assert f"Pas encore publié{NBSP}: Chloe (vous)." in html
        assert "1 h 10 min" in html
        assert "Plus que l&#x27;heure suggérée par le guide" in html
        assert "Publier vos devoirs" in html
        # What the paste script says comes from the page (hotseat/static/homework/paste.js reads it).
        assert 'data-uploading="Envoi de {name}…"' in response.text
        assert 'data-failed="L\'envoi a échoué."' in response.text


def test_week_page_says_dates_the_french_way(client, readers, spring, alice):
    # Week 1 of the spring group: Tuesday 2 March 2027, 12:00 in New York, 18:00 in Paris.
    week1 = spring.meetings.get(number=1)
    actions.post_question(week1, by=alice, title="Par où commencer ?")
    response = _page(client, readers["fr"], f"/m/{spring.pk}/weeks/1/")
    assert "<strong>mardi 2 mars, 18:00 CET</strong>" in response.text
    # Due 24 hours before week 2's call.
    assert (
        "À rendre le lundi 8 mars, 18:00 CET — les devoirs rendus plus tard sont aussi les bienvenus." in response.text
    )


@pytest.mark.parametrize(("posts", "said"), [(1, "(1 devoir rendu)"), (3, "(3 devoirs rendus)")])
def test_week_page_counts_posts_in_french(client, readers, named, question, alice, dev, posts, said):
    chloe = readers["fr"]
    for author in [dev, alice, chloe][:posts]:
        actions.post_homework(question, by=author, body="Essayé.")
    html = ours(_page(client, chloe, f"/m/{named.mastermind.pk}/weeks/1/").text)
    assert said in html


def test_week_page_refusal_in_french(client, readers, named):
    chloe = readers["fr"]
    client.force_login(chloe)
    response = client.post(f"/m/{named.mastermind.pk}/weeks/1/question/", {"title": "Ma question", "body": ""})
    assert response.status_code == 422
    html = ours(response.text, drop=_in_zone(chloe, "fr", named.week1.starts_at))
    assert "C&#x27;est à Bob de poser la question de la semaine 1." in html
    _check(html, "fr")


def test_week_page_refused_file_in_french_next_to_its_field(client, readers, named, question):
    chloe = readers["fr"]
    client.force_login(chloe)
    response = client.post(
        f"/m/{named.mastermind.pk}/weeks/1/homework/",
        {"body": "Mes essais", "attachment": SimpleUploadedFile("outil.exe", EXE)},
    )
    assert response.status_code == 422
    html = ours(response.text, drop=_in_zone(chloe, "fr", named.week1.starts_at))
    assert f"«{NBSP}outil.exe{NBSP}» ne peut pas être joint." in html
    _check(html, "fr")


def test_posting_homework_thanks_in_french(client, readers, named, question):
    chloe = readers["fr"]
    client.force_login(chloe)
    response = client.post(f"/m/{named.mastermind.pk}/weeks/1/homework/", {"body": "Mes essais"}, follow=True)
    html = ours(response.text, drop=_in_zone(chloe, "fr", named.week1.starts_at))
    assert f"Vos devoirs sont publiés. Merci{NBSP}!" in html
    _check(html, "fr")


# --- the group page -----------------------------------------------------------------------------


def _group_drop(response, reader, language) -> list[str]:
    """The meetings app's words on the group page: weekly times, their notes, how soon the next call is."""
    page = response.context["page"]
    words = [page.next_note, *page.notes]
    if page.weekly:
        words.append(page.weekly.label)
    words += [seat.weekly.label for seat in page.seats if seat.weekly]
    if page.next_local:
        words += _in_zone(reader, language, page.next_local.meeting.starts_at)
    return words


@pytest.mark.parametrize("language", ["fr", "en"])
def test_group_page_in_the_readers_language(client, readers, busy_week, language):
    reader = readers[language]
    response = _page(client, reader, f"/m/{busy_week.mastermind.pk}/")
    html = ours(response.text, drop=_group_drop(response, reader, language))
    _check(html, language)
    if language == "fr":
        assert "La question de la semaine" in html
        assert "— Bob, semaine 1" in html
        assert "Dev · a publié" in html
        assert "Alice · fait une pause cette semaine" in html
        assert "Chloe (vous) · pas encore" in html
        assert "Ouvrir la semaine 1" in html
        assert "Participation" in html
        assert "Prochain appel" in html


def test_group_page_says_the_weekly_time_in_french_on_its_anchor_clock(client, readers, spring):
    chloe = readers["fr"]
    response = _page(client, chloe, f"/m/{spring.pk}/")
    assert "(le mardi à 12:00 America/New_York)" in response.text


# --- the home page ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "en"])
def test_home_page_in_the_readers_language(client, readers, named, program, language):
    CohortFactory(program=program, name="Automne", starts_on=date(2027, 3, 2), weeks=10)
    html = ours(_page(client, readers[language], "/").text)
    _check(html, language)
    if language == "fr":
        assert "Groupes de mastermind entre pairs" in html
        assert "Vos masterminds" in html
        assert "Commence le mardi 2 mars 2027 · 10 semaines · 0 mastermind" in html


def test_home_page_in_french_for_a_visitor_who_asks_for_it(client, db):
    html = ours(client.get("/", HTTP_ACCEPT_LANGUAGE="fr").text)
    _check(html, "fr")
    assert "De petits groupes, un appel par semaine" in html


@pytest.mark.parametrize(
    ("count", "said"),
    [
        (1, "On vous invite à prendre une place dans un mastermind."),
        (3, "On vous invite à prendre 3 places dans un mastermind."),
    ],
)
def test_home_page_counts_invitations_in_french(client, readers, program, count, said):
    chloe = readers["fr"]
    for number in range(count):
        cohort = CohortFactory(program=program, name=f"Session {number}")
        SeatInvitation.objects.create(cohort=cohort, mastermind=MastermindFactory(cohort=cohort), user=chloe)
    html = ours(_page(client, chloe, "/").text)
    assert said in html
    _check(html, "fr")


# --- the availability page ----------------------------------------------------------------------


def _availability_drop(response) -> list[str]:
    """The accounts app's words on the page: the hours summed up and typed (availability_forms.py)."""
    context = response.context
    offer = context["offer"] or {}
    return [context["summary"], *context["saved_hours"], context["editor"].text, offer.get("preview", "")]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_availability_page_in_the_readers_language(client, readers, language):
    reader = readers[language]
    account_actions.save_availability(reader, zone=str(reader.time_zone), windows=[(1, 1020, 1140)], holidays=[])
    response = _page(client, reader, AVAILABILITY)
    html = ours(response.text, drop=_availability_drop(response))
    _check(html, language)
    if language == "fr":
        assert "Vos disponibilités" in html
        assert '<abbr title="mardi">mar</abbr>' in html
        assert 'aria-label="mardi 17:00"' in html
        assert "Inclure le week-end" in html
    else:
        assert '<abbr title="Tuesday">Tue</abbr>' in html
        assert 'aria-label="Tuesday 17:00"' in html


def test_availability_offer_to_convert_in_french(client, readers):
    chloe = readers["fr"]
    account_actions.save_availability(chloe, zone="Europe/Paris", windows=[(1, 1020, 1140)], holidays=[])
    chloe.time_zone = "Europe/London"
    chloe.save()
    response = _page(client, chloe, AVAILABILITY)
    html = ours(response.text, drop=_availability_drop(response))
    _check(html, "fr")
    assert f"Vos heures sont enregistrées en Europe/Paris{NBSP}; votre profil indique Europe/London." in html
    assert "La conversion décale chaque plage de 1 h plus tôt" in html


def test_week_page_in_french_for_the_presenter_who_poses_and_closes(client, readers, named):
    chloe = readers["fr"]  # in the hot seat in week 2
    url = f"/m/{named.mastermind.pk}/weeks/2/"
    html = ours(_page(client, chloe, url).text, drop=_in_zone(chloe, "fr", named.week2.starts_at))
    _check(html, "fr")
    assert "Votre question" in html
    assert "J&#x27;aimerais parler des devoirs lors du prochain appel" in html
    assert "Publier la question" in html

    posted = client.post(f"{url}question/", {"title": "Quel rythme tenir ?", "body": ""}, follow=True)
    html = ours(posted.text, drop=_in_zone(chloe, "fr", named.week2.starts_at))
    _check(html, "fr")
    assert "Votre question est publiée. Le groupe a été prévenu." in html
    assert "Ce que je vais en faire" in html

    closed = client.post(f"{url}close/", {"closing_note": "Un appel par mois."}, follow=True)
    html = ours(closed.text, drop=_in_zone(chloe, "fr", named.week2.starts_at))
    _check(html, "fr")
    assert "Semaine clôturée. Merci d&#x27;avoir partagé ce que vous allez en faire." in html


def test_group_page_in_french_for_the_leader_with_the_tools(client, readers, named, alice):
    alice.language = "fr"
    alice.save()
    response = _page(client, alice, f"/m/{named.mastermind.pk}/")
    # The tools' forms are the meetings app's (hotseat/meetings/forms.py): their labels are theirs.
    labels = [
        str(text)
        for name in ("skip_form", "move_form", "move_from_form")
        for field in response.context[name]
        for text in (field.label, field.help_text, *(label for _, label in getattr(field.field, "choices", ())))
    ]
    html = ours(response.text, drop=[*_group_drop(response, alice, "fr"), *labels])
    assert "Modifier les appels" in html
    assert "Sauter une semaine" in html
    assert "Déplacer tous les appels à partir d&#x27;une semaine" in html
    assert english_in(html) == []


def test_availability_saved_in_place_says_so_in_french(client, readers):
    chloe = readers["fr"]
    client.force_login(chloe)
    response = client.post(
        AVAILABILITY,
        {"zone": "Europe/Paris", "source": "grid", "cell": ["1-1020", "1-1050"]},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.text  # the form and the status line alone, for htmx to swap in
    for theirs in filter(None, _availability_drop(response)):
        html = html.replace(theirs, " ")
    assert f"Enregistré{NBSP}:" in html
    assert 'aria-label="mardi 17:00" checked' in html
    assert english_in(html) == []
