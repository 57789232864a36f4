"""The meetings app in French for a French speaker, and in English only for an English speaker.

Every page of the app (the scheduling page, the calendar page, the video link page), the
parts it gives the group's and the week's pages (the rotation, the call panel, the call's
links), the calendar feeds and every email kind, rendered for a person who chose French:
no English sentence of the catalog and no English function word, and the French sentences
we expect. The pages extend base.html and the emails notify's frame, which are not this
app's: the checks read the page's <main> (and its title), and the email's own content.

Needs the compiled catalog (``make messages``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from hotseat.accounts.models import User
from hotseat.masterminds.models import Mastermind
from hotseat.meetings.actions import attendance, hot_seat, notes
from hotseat.meetings.actions import schedule as actions
from hotseat.meetings.actions.feeds import personal_feed_of
from hotseat.meetings.calendar import mastermind_feed_links, person_feed_links
from hotseat.meetings.clock import dates_in_words, relative, weekly_time
from hotseat.meetings.errors import HotSeatError
from hotseat.meetings.forms import MoveFromForm, MoveMeetingForm, SkipForm
from hotseat.meetings.models import Meeting, Schedule
from hotseat.meetings.panels.hot_seat import hot_seat_panel
from hotseat.meetings.panels.meeting import meeting_panel
from hotseat.notify import kinds
from hotseat.notify.models import Notification
from hotseat.notify.refs import load
from tests.clients import signed_in
from tests.factories import ProgramFactory, UserFactory
from tests.groups import seated_group
from tests.languages import english_in, english_words_in, french_in
from tests.meetings.groups import NOON, TUESDAY, free

# Before the cohort (2 March 2027): every call is still to come.
BEFORE = datetime(2027, 2, 1, 12, tzinfo=UTC)


def person(name: str, zone: str, language: str) -> User:
    return UserFactory(email=f"{name.lower()}@example.com", display_name=name, time_zone=zone, language=language)


@pytest.fixture
def camille(db) -> User:
    """The leader, in New York (the anchor of the weekly time), who reads French."""
    return person("Camille", "America/New_York", "fr")


@pytest.fixture
def lea(db) -> User:
    return person("Léa", "Europe/Paris", "fr")


@pytest.fixture
def hugo(db) -> User:
    return person("Hugo", "Europe/Paris", "fr")


@pytest.fixture
def alice(db) -> User:
    """The English speaker of the group, in London."""
    return person("Alice", "Europe/London", "en")


@pytest.fixture
def programme(organizer):
    return ProgramFactory(name="Animateurs de communautés", organizers=[organizer], language="fr")


@pytest.fixture
def cercle(programme, camille, lea, hugo, alice) -> Mastermind:
    """Camille leads Léa, Hugo and Alice; ten calls on Tuesdays at 12:00 New York from 2 March 2027."""
    mastermind = seated_group(programme, camille, [lea, hugo, alice], title="Cercle des forums")
    actions.pick_slot(
        mastermind, weekday=TUESDAY, minute=NOON, zone="America/New_York", duration_minutes=60, by=camille, now=BEFORE
    )
    return Mastermind.objects.get(pk=mastermind.pk)


@pytest.fixture(autouse=True)
def _active_language_reset() -> Iterator[None]:
    """A French person's request leaves French active in the test's thread: the next test starts without it."""
    yield
    translation.deactivate()


def week(mastermind: Mastermind, number: int) -> Meeting:
    return Meeting.objects.select_related("presenter").get(mastermind=mastermind, number=number)


def main_of(html: str) -> str:
    """The page's title and <main>: what this app puts on the page (base.html's frame is the lead's)."""
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    main = re.search(r"<main\b.*?</main>", html, re.S)
    assert main is not None
    return (title.group(1) if title else "") + main.group(0)


def shown(html: str) -> str:
    """``html`` without what nobody reads as words: hidden inputs, a button's submitted value, the time zone
    datalist (IANA names stay as they are: Europe/Isle_of_Man), and addresses (a feed's or a video room's random
    token may hold "to" or "is")."""
    html = re.sub(r"(?:https?|webcal)://[^\s\"'<>]+", "", html)
    html = re.sub(r"<datalist\b.*?</datalist>", "", html, flags=re.S)
    html = re.sub(r'<input type="hidden"[^>]*>', "", html)
    return re.sub(r'(<button\b[^>]*?) value="[^"]*"', r"\1", html)


def text(html: str) -> str:
    """The words of ``html`` as one reads them (tags dropped, entities decoded, spaces collapsed)."""
    return re.sub(r"[ \t\n]+", " ", unescape(re.sub(r"<[^>]+>", "", shown(html)))).strip()


def assert_french(html: str) -> None:
    assert english_in(shown(html)) == []
    assert english_words_in(shown(html)) == []


# The clock's words ----------------------------------------------------------------------


def notes_in(language: str, meetings: list[Meeting], zone: str, schedule: Schedule, *, who: str = "") -> list[str]:
    """The clock-change sentences of the weekly time on ``zone``'s clock, in ``language``."""
    with translation.override(language):
        weekly = weekly_time(meetings, zone, schedule=schedule)
        assert weekly is not None
        return weekly.notes(who=who)


def test_a_clock_change_is_explained_in_french_and_in_english(cercle):
    meetings = list(Meeting.objects.filter(mastermind=cercle))
    schedule = Schedule.objects.get(mastermind=cercle)
    with translation.override("fr"):
        weekly = weekly_time(meetings, "Europe/Paris", schedule=schedule)
        assert weekly is not None
        french = weekly.notes()
        label = weekly.label
    english = notes_in("en", meetings, "Europe/Paris", schedule)

    nbsp = "\u00a0"
    assert french == [
        f"Les 16 et 23 mars, l'appel a lieu à 17:00 CET pour vous, et non à 18:00{nbsp}: "
        "New York a changé d'heure le 14 mars, Paris change d'heure le 28 mars."
    ]
    assert label == "le mardi à 18:00 CET/CEST"
    assert english == [
        "On 16 and 23 March the call is at 17:00 CET for you, not 18:00: "
        "New York changed its clocks on 14 March, Paris changes them on 28 March."
    ]
    assert french_in(" ".join(english)) == []
    assert_french(" ".join(french))


def test_a_lasting_change_to_another_weekday_is_one_french_sentence(programme, camille):
    ravi = person("Ravi", "Asia/Kolkata", "fr")
    mastermind = seated_group(programme, camille, [ravi], title="Cercle du matin")
    # 13:30 in New York is 00:00 on Wednesday in Kolkata until New York moves its clocks, then 23:00 on Tuesday.
    actions.pick_slot(
        mastermind, weekday=TUESDAY, minute=13 * 60 + 30, zone="America/New_York", duration_minutes=60, by=camille
    )
    meetings = list(Meeting.objects.filter(mastermind=mastermind))
    schedule = Schedule.objects.get(mastermind=mastermind)

    french = notes_in("fr", meetings, ravi.time_zone, schedule, who="Ravi")
    english = notes_in("en", meetings, ravi.time_zone, schedule, who="Ravi")

    assert french == [
        "À partir du 16 mars, l'appel de Ravi a lieu le mardi à 23:00 IST, et non plus le mercredi à 00:00\u00a0: "
        "New York a changé d'heure le 14 mars."
    ]
    assert english == [
        "From 16 March Ravi's call is on Tuesdays at 23:00 IST, not Wednesdays at 00:00: "
        "New York changed its clocks on 14 March."
    ]


def test_relative_times_and_dates_are_worded_in_french_with_their_plurals():
    now = datetime(2027, 3, 16, 9, tzinfo=UTC)
    paris = ZoneInfo("Europe/Paris")
    with translation.override("fr"):
        assert relative(now + timedelta(hours=1), now, paris) == "dans 1 heure"
        assert relative(now + timedelta(hours=3), now, paris) == "dans 3 heures"
        assert relative(now + timedelta(days=1), now, paris) == "demain"
        assert relative(now + timedelta(days=3), now, paris) == "dans 3 jours"
        assert relative(now - timedelta(minutes=1), now, paris) == "il y a 1 minute"
        assert relative(now - timedelta(weeks=3), now, paris) == "il y a 3 semaines"
        assert dates_in_words([date(2027, 3, 2), date(2027, 3, 9), date(2027, 3, 16)]) == "2, 9 et 16 mars"
        assert dates_in_words([date(2027, 3, 30), date(2027, 4, 6)]) == "30 mars et 6 avril"
    with translation.override("en"):
        assert relative(now + timedelta(hours=1), now, paris) == "in 1 hour"
        assert relative(now + timedelta(days=3), now, paris) == "in 3 days"
        assert dates_in_words([date(2027, 3, 30), date(2027, 4, 6)]) == "30 March and 6 April"


# The scheduling page --------------------------------------------------------------------


@pytest.fixture
def free_people(cercle, camille, lea, alice) -> Mastermind:
    """Camille, Léa and Alice marked their free time (Hugo has not)."""
    free(camille, (10, 14))
    free(lea, (15, 20))
    free(alice, (15, 19))
    return cercle


def test_the_scheduling_page_is_french_for_a_french_speaker(free_people, camille):
    response = signed_in(camille).get(reverse("schedule", args=[free_people.pk]))

    assert response.status_code == 200
    page = main_of(response.content.decode())
    assert_french(page)
    words = text(page)
    assert "Choisir l'horaire de l'appel hebdomadaire" in words
    assert "10 appels hebdomadaires du mardi 2 mars 2027 au" in words
    assert "Le groupe se réunit le mardi à 12:00 America/New_York." in words
    assert "Hugo n'a pas encore indiqué ses disponibilités." in words
    assert '<abbr title="mardi">mar</abbr>' in page


def test_the_scheduling_page_is_english_only_for_an_english_speaker(free_people, alice):
    response = signed_in(alice).get(reverse("schedule", args=[free_people.pk]))

    page = main_of(response.content.decode())
    assert french_in(shown(page)) == []
    assert "The group meets on Tuesdays at 12:00 America/New_York." in text(page)


def test_a_refused_weekly_time_is_said_in_french(free_people, camille):
    client = signed_in(camille)
    url = reverse("schedule_pick", args=[free_people.pk])

    too_long = client.post(
        url, {"weekday": "1", "time": "12:00", "zone": "America/New_York", "duration_minutes": "300"}
    )
    same = client.post(url, {"weekday": "1", "time": "12:00", "zone": "America/New_York", "duration_minutes": "60"})

    assert too_long.status_code == 422
    assert "Un appel dure au plus 240 minutes (4 heures)." in text(too_long.content.decode())
    assert same.status_code == 409
    page = main_of(same.content.decode())
    assert_french(page)
    assert "se réunit déjà à cet horaire." in text(page)


def test_a_picked_time_is_confirmed_in_french(free_people, camille):
    response = signed_in(camille).post(
        reverse("schedule_pick", args=[free_people.pk]),
        {"weekday": "3", "time": "11:30", "zone": "America/New_York", "duration_minutes": "60"},
        follow=True,
    )

    assert "Appel hebdomadaire choisi\u00a0: le jeudi à 11:30 America/New_York." in text(response.content.decode())


def test_a_slot_with_missed_calls_counts_them_in_french(cercle, camille, lea):
    free(camille, (10, 14))
    free(lea, (17, 19), holidays=["2027-03-16"])

    response = signed_in(camille).post(
        reverse("schedule_check", args=[cercle.pk]),
        {"weekday": "1", "time": "12:00", "zone": "America/New_York", "duration_minutes": "60"},
    )

    words = text(main_of(response.content.decode()))
    assert "1 sur 2 manquerait des appels" in words
    assert "manque 1 appel sur 10\u00a0: 16 mars (congé)" in words


def test_a_time_the_clocks_skip_is_explained_in_french(cercle, camille):
    # 02:30 on Sunday 28 March 2027 does not exist in Paris: the clocks go from 02:00 to 03:00.
    response = signed_in(camille).post(
        reverse("schedule_check", args=[cercle.pk]),
        {"weekday": "6", "time": "02:30", "zone": "Europe/Paris", "duration_minutes": "60"},
    )

    page = main_of(response.content.decode())
    assert_french(page)
    assert (
        "Changement d'heure\u00a0: 02:30 n'existe pas dans le fuseau Europe/Paris le dimanche 28 mars 2027\u00a0: "
        "on avance l'heure cette nuit-là. Cette semaine-là, l'appel a lieu à 03:30."
    ) in text(page)


# The calendar and video link pages ---------------------------------------------------------


def test_the_calendar_page_and_its_reset_are_french(cercle, lea):
    client = signed_in(lea)

    page = main_of(client.get(reverse("calendar")).content.decode())
    reset = main_of(client.post(reverse("calendar_reset"), follow=True).content.decode())

    assert_french(page)
    assert "Votre agenda" in text(page)
    assert 'data-copied="Copié"' in page
    assert_french(reset)
    assert "Votre lien d'agenda est tout neuf." in text(reset)


def test_the_calendar_page_is_english_only_for_an_english_speaker(cercle, alice):
    page = main_of(signed_in(alice).get(reverse("calendar")).content.decode())

    assert french_in(shown(page)) == []
    assert "Your calendar" in text(page)


def test_the_video_link_page_is_french(cercle, camille):
    client = signed_in(camille)
    url = reverse("video_link_edit", args=[cercle.pk])

    page = main_of(client.get(url).content.decode())
    saved = main_of(client.post(url, {"video_url": ""}, follow=True).content.decode())

    assert_french(page)
    assert "Lien de visio de Cercle des forums" in text(page)
    assert "l'appel de ce groupe dure 60 minutes." in text(page)
    assert_french(saved)
    assert "Les membres rejoignent désormais l'appel sur Jitsi Meet." in text(saved)


# Calendar feeds --------------------------------------------------------------------------


def summaries(body: bytes) -> list[str]:
    calendar = Calendar.from_ical(body)
    return [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]


def test_a_french_persons_feed_has_french_event_titles(cercle, lea, alice):
    actions.skip_meeting(week(cercle, 2), extend_cohort=False, now=BEFORE)
    french_feed = person_feed_links(personal_feed_of(lea)).web.removeprefix(settings.SITE_URL)
    english_feed = person_feed_links(personal_feed_of(alice)).web.removeprefix(settings.SITE_URL)

    french = signed_in(alice).get(french_feed).content  # the owner's language, whoever fetches it
    english = signed_in(lea).get(english_feed).content

    calendar = Calendar.from_ical(french)
    assert str(calendar["NAME"]) == "hotseat\u00a0: mes masterminds"
    assert summaries(french)[:2] == [
        "Mastermind\u00a0: Cercle des forums — semaine 1",
        "Mastermind\u00a0: Cercle des forums — semaine 2 (annulé)",
    ]
    descriptions = [str(event["DESCRIPTION"]) for event in calendar.walk("VEVENT")]
    assert descriptions[1].startswith("L'appel de cette semaine est annulé.")
    assert "Rejoindre l'appel (Jitsi Meet)" in descriptions[0]
    assert_french(" ".join(descriptions))
    assert summaries(english)[:2] == [
        "Mastermind: Cercle des forums — week 1",
        "Mastermind: Cercle des forums — week 2 (skipped)",
    ]


def test_the_group_feed_is_in_its_programs_language(cercle):
    path = mastermind_feed_links(Schedule.objects.get(mastermind=cercle)).web.removeprefix(settings.SITE_URL)

    body = signed_in(UserFactory(language="en")).get(path).content

    assert str(Calendar.from_ical(body)["NAME"]) == "Mastermind\u00a0: Cercle des forums"


# The parts of the group's and the week's pages ----------------------------------------------


def fragment(template: str, viewer: User, context: dict[str, object]) -> str:
    with translation.override(viewer.language or "en"), timezone.override(ZoneInfo(viewer.time_zone)):
        return render_to_string(template, {**context, "user": viewer}, request=_request(viewer))


def _request(viewer: User):
    request = RequestFactory().get("/")
    request.user = viewer
    request.viewer_zone = ZoneInfo(viewer.time_zone)
    return request


def rotation(mastermind: Mastermind, viewer: User, error: HotSeatError | None = None) -> str:
    with translation.override(viewer.language or "en"), timezone.override(ZoneInfo(viewer.time_zone)):
        panel = hot_seat_panel(_request(viewer), mastermind, error=error)
    return fragment(
        "meetings/_hot_seat.html",
        viewer,
        {"hot_seat": panel, "mastermind": mastermind, "viewer_zone": viewer.time_zone},
    )


def test_the_rotation_is_french_with_a_swap_asked_and_a_refusal(cercle, camille, lea, hugo):
    first, second = week(cercle, 1), week(cercle, 2)
    asker, asked = first.presenter, second.presenter
    assert asker is not None
    assert asked is not None
    hot_seat.ask_swap(cercle, asker, mine=first.pk, theirs=second.pk, now=BEFORE)
    with translation.override("fr"), pytest.raises(HotSeatError) as refused_swap:
        hot_seat.ask_swap(cercle, asker, mine=first.pk, theirs=second.pk, now=BEFORE)
    refusal = refused_swap.value
    asked.language = "fr"

    html = rotation(cercle, asked)
    refused = rotation(cercle, asker, error=refusal)

    assert_french(html)
    words = text(html)
    assert "Chaque appel et sa sellette" in words
    assert (
        f"{asker.name} propose un échange\u00a0: vous seriez sur la sellette en semaine 1 au lieu de la semaine 2."
        in words
    )
    assert "Vous êtes sur la sellette après le prochain appel — semaine 2, mardi 9 mars" in words
    assert_french(refused)
    assert f"Vous avez déjà demandé cet échange à {asked.name}." in text(refused)


def test_the_rotation_is_english_only_for_an_english_speaker(cercle, alice):
    html = rotation(cercle, alice)

    assert french_in(shown(html)) == []
    assert "Every call and its hot seat" in text(html)


def test_the_call_panel_is_french_before_and_after_an_answer(cercle, lea):
    meeting = week(cercle, 1)

    def panel() -> str:
        with translation.override("fr"), timezone.override(ZoneInfo(lea.time_zone)):
            context = meeting_panel(_request(lea), meeting)
        return fragment("meetings/_meeting_panel.html", lea, {"panel": context, "mastermind": cercle})

    before = panel()
    attendance.set_rsvp(meeting, lea, "coming", now=BEFORE)
    notes.save_notes(meeting, lea, "Ordre du jour : les retours.", 0, now=BEFORE)
    after = panel()

    assert_french(before)
    assert "mardi 2 mars, 18:00 CET sur votre horloge." in text(before)
    assert "Serez-vous là\u00a0?" in text(before)
    assert_french(after)
    assert "Vous avez dit que vous serez là." in text(after)
    assert "Version 1, enregistrée par Léa le" in text(after)


def test_the_calls_links_are_french(cercle, lea):
    html = fragment("meetings/_meeting_links.html", lea, {"mastermind": cercle, "meeting": week(cercle, 1)})

    assert_french(html)
    assert "sur Jitsi Meet (gratuit, sans compte)" in text(html)
    assert "Ajouter la semaine 1 à votre agenda (.ics)" in text(html)


def test_the_calls_links_without_a_time_are_french(programme, lea):
    mastermind = seated_group(programme, lea, [], title="Cercle du soir")

    html = fragment("meetings/_meeting_links.html", lea, {"mastermind": mastermind})

    assert_french(html)
    assert "Pas encore d'horaire d'appel." in text(html)


def test_anonymous_viewers_see_the_call_links_in_the_active_language(cercle):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with translation.override("fr"):
        html = render_to_string("meetings/_meeting_links.html", {"mastermind": cercle}, request=request)

    assert "Rejoindre l'appel" in html


# Emails ------------------------------------------------------------------------------------


def email(notification: Notification) -> tuple[str, str, str]:
    """(subject, text, html) of a notification in its recipient's language and zone; the html without notify's
    frame (its footer is not this app's)."""
    kind = kinds.get(notification.kind)
    recipient = notification.recipient
    [refs] = load([(notification.refs, kind.related)])
    assert isinstance(refs, dict)
    with translation.override(recipient.language or "en"), timezone.override(ZoneInfo(recipient.time_zone)):
        context = {"recipient": recipient, "site_url": settings.SITE_URL, **kind.context(recipient, refs)}
        subject = render_to_string(f"{kind.templates}/subject.txt", context)
        body = render_to_string(f"{kind.templates}/body.txt", context)
        html = render_to_string(f"{kind.templates}/body.html", context)
    return re.sub(r"[ \t\n]+", " ", subject).strip(), body, html.split("hotseat · peer mastermind groups")[0]


def sent(kind: str, recipient: User, **refs: object) -> Notification:
    rows = Notification.objects.filter(kind=kind, recipient=recipient).order_by("-pk")
    for name, value in refs.items():
        rows = rows.filter(**{f"refs__{name}": value})
    row = rows.first()
    assert row is not None
    return row


def assert_french_email(parts: tuple[str, str, str]) -> None:
    for part in parts:
        assert_french(part)


def test_the_schedule_picked_email_is_french(cercle, lea, alice):
    subject, body, html = parts = email(sent("schedule_picked", lea))

    assert_french_email(parts)
    assert subject.startswith("L'horaire de votre appel hebdomadaire\u00a0: ")
    assert subject.endswith("Cercle des forums")
    assert "Sur votre horloge (Europe/Paris), l'appel a lieu le mardi à 18:00 CET/CEST, pendant 60 minutes." in body
    assert "Les 16 et 23 mars, l'appel a lieu à 17:00 CET pour vous" in body
    assert "Semaine 3\u00a0: mardi 16 mars, 17:00 CET (pas l'horaire habituel)" in body
    assert "Chaque appel, sur votre horloge" in text(html)
    english = email(sent("schedule_picked", alice))
    assert all(french_in(part) == [] for part in english)
    assert english[0].startswith("Your weekly call time: ")


def test_the_meeting_changed_emails_are_french(cercle, lea):
    actions.skip_meeting(week(cercle, 2), extend_cohort=True, now=BEFORE)
    skipped = email(sent("meeting_changed", lea, change="skipped"))
    moved_to = datetime(2027, 3, 19, 17, tzinfo=UTC)
    actions.move_meeting(week(cercle, 3), moved_to, now=BEFORE + timedelta(seconds=1))
    moved = email(sent("meeting_changed", lea, change="moved"))
    actions.move_from(
        cercle, 5, weekday=3, minute=NOON, zone="America/New_York", duration=60, now=BEFORE + timedelta(seconds=2)
    )
    moved_from = email(sent("meeting_changed", lea, change="moved_from"))

    for parts in (skipped, moved, moved_from):
        assert_french_email(parts)
    assert skipped[0].startswith("Pas d'appel en semaine 2 (mardi 9 mars)\u00a0:")
    assert "Le groupe gagne une semaine\u00a0: la semaine 11 a lieu le" in skipped[1]
    assert "du mardi 16 mars, 17:00 CET" in moved[1]
    assert "au  vendredi 19 mars, 18:00 CET." in moved[1]
    assert moved_from[0].startswith("Nouvel horaire d'appel à partir de la semaine 5\u00a0:")


def test_the_reminder_email_is_french(cercle, lea):
    reminder = Notification.objects.filter(kind="meeting_reminder", recipient=lea, refs__lead_hours=24).earliest(
        "due_at"
    )

    subject, body, html = parts = email(reminder)

    assert_french_email(parts)
    assert subject.startswith("Appel du mastermind demain, 18:00 CET\u00a0:")
    assert "L'appel de la semaine 1 de" in body
    assert "a lieu demain\u00a0:" in body
    assert "mardi 2 mars, 18:00 CET sur votre horloge (Europe/Paris), pendant 60 minutes." in body
    assert "Ordre du jour\u00a0:" in text(html)


def test_the_hot_seat_emails_are_french(cercle, camille, lea, hugo, alice):
    for user in (camille, lea, hugo, alice):
        user.language = "fr"
        user.save(update_fields=["language"])
    first, second = week(cercle, 1), week(cercle, 2)
    asker, asked = first.presenter, second.presenter
    assert asker is not None
    assert asked is not None

    nudge = email(sent("hot_seat_nudge", asker, meeting__pk=first.pk))
    swap = hot_seat.ask_swap(cercle, asker, mine=first.pk, theirs=second.pk, now=BEFORE)
    asked_mail = email(sent("turn_swap", asked, event="asked"))
    hot_seat.answer_swap(cercle, swap.pk, asked, accept=False, now=BEFORE)
    declined = email(sent("turn_swap", asker, event="declined"))
    swap = hot_seat.ask_swap(cercle, asker, mine=first.pk, theirs=second.pk, now=BEFORE)
    hot_seat.answer_swap(cercle, swap.pk, asked, accept=True, now=BEFORE)
    accepted = email(sent("turn_swap", asker, event="accepted"))
    hot_seat.defer_turn(cercle, first.pk, asked, now=BEFORE)
    changed = email(sent("hot_seat_changed", hugo))

    for parts in (nudge, asked_mail, declined, accepted, changed):
        assert_french_email(parts)
    assert nudge[0].startswith("Vous êtes sur la sellette le mardi 2 mars\u00a0:")
    assert f"{asker.name} vous propose d'échanger vos tours sur la sellette" in asked_mail[0]
    assert f"{asked.name} a refusé votre demande\u00a0: vous restez sur la sellette en semaine 1" in declined[1]
    assert "vous passez désormais sur la sellette en semaine 2" in accepted[1]
    assert changed[0].startswith("Nouvelle personne sur la sellette en semaine 1\u00a0:")
    assert f"{asked.name} ne pourra pas venir à l'appel de la semaine 1" in changed[1]


def test_the_notification_kinds_are_described_in_french():
    with translation.override("fr"):
        labels = {name: (str(kinds.get(name).label), str(kinds.get(name).help)) for name in MEETING_KINDS}

    assert labels["meeting_reminder"][0] == "Rappels d'appel"
    assert labels["hot_seat_nudge"][0] == "Votre tour sur la sellette"
    for label, help_text in labels.values():
        assert_french(f"{label}. {help_text}")


MEETING_KINDS = (
    "meeting_reminder",
    "schedule_picked",
    "meeting_changed",
    "hot_seat_changed",
    "hot_seat_nudge",
    "turn_swap",
)


def test_a_one_call_calendar_file_is_in_the_downloaders_language(cercle, lea, alice):
    path = reverse("meeting_ics", args=[week(cercle, 1).uid])

    french = Calendar.from_ical(signed_in(lea).get(path).content)
    english = Calendar.from_ical(signed_in(alice).get(path).content)

    assert str(french["NAME"]) == "Mastermind\u00a0: Cercle des forums — semaine 1"
    assert str(english["NAME"]) == "Mastermind: Cercle des forums — week 1"


def test_resetting_the_groups_calendar_link_is_confirmed_in_french(cercle, camille):
    response = signed_in(camille).post(reverse("mastermind_feed_reset", args=[cercle.pk]), follow=True)

    page = main_of(response.content.decode())
    assert_french(page)
    assert "Le lien d'agenda du groupe est tout neuf." in text(page)


# The leader's forms (on the group page) -------------------------------------------------------


def test_the_leaders_forms_and_their_errors_are_french(cercle, camille):
    meetings = list(Meeting.objects.filter(mastermind=cercle))
    with translation.override("fr"), timezone.override(ZoneInfo(camille.time_zone)):
        move = MoveMeetingForm({"number": "99", "starts_at": "demain"}, meetings=meetings)
        move_from = MoveFromForm(
            {"number": "3", "weekday": "9", "time": "", "zone": "", "duration_minutes": "5"}, meetings=meetings
        )
        skip = SkipForm(meetings=meetings)
        messages = [str(message) for error in [*move.errors.values(), *move_from.errors.values()] for message in error]
        html = move.as_div() + move_from.as_div() + skip.as_div()

    assert_french(html)
    words = text(html)
    assert "Semaine 1 — mardi 2 mars, 12:00 EST" in words
    assert "Ajouter une semaine à la fin, pour que le groupe garde tous ses appels" in words
    assert "Sur votre horloge (America/New_York)" in words
    assert "Choisissez l'un des appels à venir." in messages
    assert "Choisissez un jour de la semaine." in messages
    assert "Indiquez une heure, par exemple 18:30." in messages
    assert "Un appel dure au moins 15 minutes." in messages
    assert_french(" ".join(messages))


def test_every_email_to_an_english_speaker_is_english_only(cercle, camille, alice):
    actions.skip_meeting(week(cercle, 2), extend_cohort=True, now=BEFORE)
    first, alices = week(cercle, 1), Meeting.objects.filter(mastermind=cercle, presenter=alice).first()
    assert alices is not None
    assert first.presenter is not None
    swap = hot_seat.ask_swap(cercle, first.presenter, mine=first.pk, theirs=alices.pk, now=BEFORE)
    hot_seat.answer_swap(cercle, swap.pk, alice, accept=True, now=BEFORE)
    hot_seat.defer_turn(cercle, first.pk, alice, now=BEFORE)

    mails = Notification.objects.filter(recipient=alice, kind__in=MEETING_KINDS)
    kinds_seen = set(mails.values_list("kind", flat=True))

    assert {
        "schedule_picked",
        "meeting_changed",
        "meeting_reminder",
        "hot_seat_nudge",
        "hot_seat_changed",
    } <= kinds_seen
    for mail in mails:
        for part in email(mail):
            assert french_in(part) == []
