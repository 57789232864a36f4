"""The weekly cycle in French and in English: its four emails, its refusals, its words on the group page.

Alice (leader) leads Bob, Chloe and Dev from Tuesday 2 March 2027, calls on Tuesdays at 12:00 New York
(18:00 in Paris, where Chloe lives); Bob is in the hot seat in week 1. The test data is French or
neutral, so that an English word on a French page can only be ours.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from hotseat.homework import actions
from hotseat.homework.errors import HomeworkError
from hotseat.homework.group_panel import Participation
from hotseat.homework.notices import FEEDBACK_POSTED, HOMEWORK_DUE, HOMEWORK_POSTED, QUESTION_POSTED
from hotseat.homework.reminders import sync_homework_reminders
from hotseat.homework.templatetags.homework import duration
from hotseat.homework.uploads import check
from hotseat.meetings.models import Meeting
from hotseat.notify import kinds
from hotseat.notify.models import Notification
from tests.groups import meets_tuesday_noon
from tests.homework.files import EXE, jpeg_claiming, png_of_size
from tests.homework.french import email_parts
from tests.languages import english_in, english_words_in, french_in

NBSP = "\u00a0"


@pytest.fixture
def spring(program, alice, bob, chloe, dev):
    program.name = "Programme des animatrices"
    program.save()
    mastermind = meets_tuesday_noon(program, alice, [bob, chloe, dev])
    mastermind.title = "Forum des pairs"
    mastermind.save()
    mastermind.cohort.name = "Printemps"
    mastermind.cohort.save()
    week1 = Meeting.objects.get(mastermind=mastermind, number=1)
    week1.presenter = bob
    week1.save()
    return mastermind


@pytest.fixture
def week1(spring):
    return Meeting.objects.get(mastermind=spring, number=1)


@pytest.fixture
def question(week1, bob):
    return actions.post_question(week1, by=bob, title="Comment faire parler les lecteurs discrets ?")


def _notification(kind: str, recipient) -> Notification:
    return Notification.objects.get(kind=kind, recipient=recipient)


@pytest.fixture
def emails(spring, question, bob, chloe, dev):
    """One notification of each kind of the weekly cycle: to Chloe, to Bob (the presenter), to Dev."""
    homework = actions.post_homework(question, by=dev, body="Un fil de bienvenue, épinglé.", minutes_spent=40)
    actions.reply(homework, by=bob, body="Merci, **bonne** piste.")
    sync_homework_reminders(spring, question.posted_at)
    return {
        QUESTION_POSTED: _notification(QUESTION_POSTED, chloe),
        HOMEWORK_POSTED: _notification(HOMEWORK_POSTED, bob),
        FEEDBACK_POSTED: _notification(FEEDBACK_POSTED, dev),
        HOMEWORK_DUE: _notification(HOMEWORK_DUE, chloe),
    }


@pytest.mark.parametrize("kind", [QUESTION_POSTED, HOMEWORK_POSTED, FEEDBACK_POSTED, HOMEWORK_DUE])
def test_every_email_of_the_week_is_all_french_for_a_french_reader(emails, kind):
    with translation.override("fr"):
        parts = email_parts(emails[kind])
    for name, part in parts.items():
        assert english_in(part) == [], name
        assert english_words_in(part) == [], name
    assert parts["text"].startswith("Bonjour ")


@pytest.mark.parametrize("kind", [QUESTION_POSTED, HOMEWORK_POSTED, FEEDBACK_POSTED, HOMEWORK_DUE])
def test_every_email_of_the_week_is_all_english_for_an_english_reader(emails, kind):
    with translation.override("en"):
        parts = email_parts(emails[kind])
    for name, part in parts.items():
        assert french_in(part) == [], name
    assert parts["text"].startswith("Hello ")


def test_question_email_in_french_says_the_due_time_on_the_readers_clock(emails):
    with translation.override("fr"):
        parts = email_parts(emails[QUESTION_POSTED])
    # Due 24 hours before week 2's call (Tuesday 9 March, 18:00 in Paris).
    assert f"À rendre le lundi 8 mars, 18:00 CET{NBSP};" in parts["text"]
    # A subject is one line: notify's render_subject folds every space, the no-break one too.
    assert "Question de la semaine 1 : Comment faire parler" in " ".join(parts["subject"].split())
    assert "Bob a posé la question de la semaine dans <strong>" in parts["html"]


def test_reminder_email_in_french_has_the_short_date_in_its_subject(emails):
    with translation.override("fr"):
        parts = email_parts(emails[HOMEWORK_DUE])
    assert " ".join(parts["subject"].split()).startswith("Devoirs à rendre le lun 8 mar, 18:00 CET : ")
    assert "Un petit rappel amical" in parts["text"]
    assert f"«{NBSP}Je fais une pause cette semaine{NBSP}»" in parts["text"]


def test_homework_email_in_french_counts_minutes(emails):
    with translation.override("fr"):
        parts = email_parts(emails[HOMEWORK_POSTED])
    assert "Dev a publié ses devoirs sur votre question" in parts["text"]
    assert "(40 minutes)." in parts["text"]


def test_a_refusal_is_said_in_french(week1, chloe):
    with translation.override("fr"), pytest.raises(HomeworkError) as refused:
        actions.post_question(week1, by=chloe, title="Ma question")
    assert refused.value.message == "C'est à Bob de poser la question de la semaine 1."


def test_a_refused_file_is_said_in_french(spring, chloe):
    with translation.override("fr"), pytest.raises(HomeworkError) as refused:
        actions.upload(spring, by=chloe, file=SimpleUploadedFile("outil.exe", EXE))
    assert refused.value.message.startswith(f"«{NBSP}outil.exe{NBSP}» ne peut pas être joint.")
    assert english_in(refused.value.message) == []
    assert english_words_in(refused.value.message) == []


@pytest.mark.parametrize(
    ("picture", "said"),
    [
        (png_of_size(8000, 6000), "8000 × 6000 pixels (48 mégapixels)"),
        (jpeg_claiming(12000, 12000), "12000 × 12000 pixels (144 mégapixels)"),
    ],
)
def test_too_many_pixels_are_said_in_french(picture, said):
    with translation.override("fr"), pytest.raises(HomeworkError) as refused:
        check(SimpleUploadedFile("grande.png", picture))
    assert refused.value.message == (
        f"«{NBSP}grande.png{NBSP}» fait {said}{NBSP}; les images peuvent faire jusqu'à 40 mégapixels."
        " Réduisez-la et joignez-la à nouveau."
    )


def test_upload_view_answers_in_the_french_readers_language(client, spring, chloe):
    chloe.language = "fr"
    chloe.save()
    client.force_login(chloe)
    response = client.post(f"/m/{spring.pk}/files/", {"file": SimpleUploadedFile("outil.exe", EXE)})
    assert response.status_code == 400
    assert "Nous n'avons pas reconnu son contenu." in response.json()["error"]


@pytest.mark.parametrize(
    ("count", "said"),
    [(1, "1 appel sur 1 · 1 devoir rendu · 1 question"), (3, "3 appels sur 3 · 3 devoirs rendus · 3 questions")],
)
def test_participation_is_counted_in_french(chloe, count, said):
    with translation.override("fr"):
        assert Participation(chloe, count, count, count, count).summary == said


@pytest.mark.parametrize(
    ("count", "said"),
    [(1, "1 of 1 call · 1 post · 1 question"), (3, "3 of 3 calls · 3 posts · 3 questions")],
)
def test_participation_is_counted_in_english(chloe, count, said):
    with translation.override("en"):
        assert Participation(chloe, count, count, count, count).summary == said


def test_notification_kinds_are_named_in_the_readers_language():
    kind = kinds.get(QUESTION_POSTED)
    with translation.override("fr"):
        assert str(kind.label) == "La question de la semaine"
    with translation.override("en"):
        assert str(kind.label) == "This week's question"


def test_minutes_read_the_same_in_both_languages():
    for language in ("fr", "en"):
        with translation.override(language):
            assert [duration(45), duration(60), duration(90)] == ["45 min", "1 h", "1 h 30 min"]
