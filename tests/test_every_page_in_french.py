"""Every page of hotseat, read by French speakers, is French; read by English speakers, English.

Each URL pattern of the project (walked as the fuzz walks them, tests/test_fuzz.py) is opened with
every seeded value of its path, by a member, a leader and an organizer who chose French, and by a
visitor whose browser asks for French. Each HTML page that answers 200 must hold none of the
catalog's English sentences, chrome included (tests/languages.py), nor the little words English
cannot do without ("the", "your": a string nobody marked); the same pages for people who chose
English hold none of the catalog's French sentences. The seeded data is written in French (organizers write
in their own language), so that what is found is ours.

The admin is left out: its words are Django's own catalog, and ours there are model labels,
which the apps' tests check.
"""

from __future__ import annotations

import itertools
from datetime import timedelta
from urllib.parse import quote

from django.test import Client
from django.utils import timezone

from hotseat.homework.models import Homework
from hotseat.meetings.actions.feeds import personal_feed_of
from hotseat.meetings.models import TurnSwap
from hotseat.programs.models import Signup
from tests.factories import (
    CohortFactory,
    MastermindFactory,
    ProgramFactory,
    QuestionFactory,
    SignupFactory,
    UserFactory,
)
from tests.groups import running_group
from tests.languages import english_in, english_words_in, french_in
from tests.test_fuzz import ENDPOINTS, Endpoint

# Paths per URL pattern at most (the product of its seeded values can be large).
PATHS_PER_PATTERN = 4


def _people(language: str) -> dict[str, object]:
    def person(name: str, zone: str) -> object:
        return UserFactory(email=f"{name}.{language}@example.com", display_name=name, time_zone=zone, language=language)

    return {
        "leader": person("Ada", "America/New_York"),
        "member": person("Léa", "Europe/Paris"),
        "other": person("Rui", "Europe/Lisbon"),
        "seeker": person("Noé", "Europe/Brussels"),
        "organizer": person("Odile", "Europe/Paris"),
    }


# What organizers and members wrote, in the readers' language.
WRITTEN = {
    "fr": {
        "charter": "# Charte\n\nUn appel par semaine, une heure de devoirs au plus.",
        "screening": "Quelle communauté animez-vous ?",
        "question": "Comment relancer les discussions ?",
        "homework": "J'ai essayé un fil du lundi.",
        "answer": "Un forum de jardiniers",
    },
    "en": {
        "charter": "# Charter\n\nOne call a week, an hour of homework at most.",
        "screening": "Which community do you run?",
        "question": "How do we bring the threads back to life?",
        "homework": "I tried a Monday thread.",
        "answer": "A forum for gardeners",
    },
}


def _world(language: str) -> tuple[dict[str, object], dict[str, list[str]]]:
    people = _people(language)
    written = WRITTEN[language]
    program = ProgramFactory(
        name="Forums Acme",
        sponsor="Forums Acme",
        charter=written["charter"],
        screening_questions=written["screening"],
        organizers=[people["organizer"]],
    )
    group = running_group(program, people["leader"], [people["member"], people["other"]], title="Agora")
    board = CohortFactory(program=program, name="2027", starts_on=timezone.localdate() + timedelta(days=20))
    answers = [{"question": written["screening"], "answer": written["answer"]}]
    for person in ("leader", "member", "other", "seeker"):
        SignupFactory(cohort=board, user=people[person], status=Signup.Status.ACCEPTED, answers=answers)
    forming = MastermindFactory(cohort=board, title="Forum", leader=people["seeker"], capacity=4)
    pending = SignupFactory(
        cohort=board, user=UserFactory(display_name="Zoé"), status=Signup.Status.PENDING, answers=answers
    )
    future = [m for m in group.meetings if m.starts_at > timezone.now()]
    TurnSwap.objects.create(
        from_meeting=future[0], to_meeting=future[1], requested_by=future[0].presenter, asked=future[1].presenter
    )
    question = QuestionFactory(meeting=group.week1, title=written["question"], body=written["question"])
    homework = Homework.objects.create(
        question=question, author=people["member"], body=written["homework"], posted_at=timezone.now()
    )
    values = {
        "mastermind_id": [str(group.mastermind.pk), str(forming.pk)],
        "number": ["1", "2"],
        "swap_id": [
            str(pk)
            for pk in TurnSwap.objects.filter(from_meeting__mastermind=group.mastermind).values_list("pk", flat=True)
        ],
        "signup_id": [str(pending.pk)],
        "homework_id": [str(homework.pk)],
        "program_slug": [program.slug],
        "cohort_slug": [board.slug, group.mastermind.cohort.slug],
        "token": [personal_feed_of(people["member"]).token, group.mastermind.schedule.feed_token],
        "uid": [str(group.week2.uid)],
    }
    return people, values


def _paths(endpoint: Endpoint, values: dict[str, list[str]]) -> list[str]:
    if endpoint.name.startswith("admin:") or any(converter == "re" for _, converter, _ in endpoint.parts):
        return []
    choices = []
    for _literal, converter, parameter in endpoint.parts:
        if converter and parameter not in values:
            return []  # a pattern whose values we do not seed (none today besides the admin's)
        choices.append(values[parameter] if converter else [""])
    paths = []
    for picked in itertools.islice(itertools.product(*choices), PATHS_PER_PATTERN):
        paths.append(
            "/"
            + "".join(
                literal + quote(value, safe="/") for (literal, _, _), value in zip(endpoint.parts, picked, strict=True)
            )
        )
    return paths


def _pages(language: str) -> list[tuple[str, str, str]]:
    """(who, path, html) of every HTML page that answers 200, for each persona and a visitor."""
    people, values = _world(language)
    readers: dict[str, Client] = {}
    for name in ("leader", "member", "organizer"):
        readers[name] = Client()
        readers[name].force_login(people[name])
    readers["visitor"] = Client(headers={"accept-language": f"{language},en;q=0.1"})
    pages = []
    for endpoint in ENDPOINTS:
        for path in _paths(endpoint, values):
            for who, client in readers.items():
                response = client.get(path)
                if response.status_code == 200 and response.headers.get("Content-Type", "").startswith("text/html"):
                    pages.append((who, path, response.text))
    return pages


def test_every_page_read_in_french_is_french(db):
    pages = _pages("fr")
    assert len({path for _, path, _ in pages}) > 25  # the walk reached the product, not only the home page
    english = [f"{who} {path}: {found}" for who, path, html in pages if (found := english_in(html))]
    assert english == []
    # And no English the catalog cannot know about: a string nobody marked.
    unmarked = [f"{who} {path}: {found}" for who, path, html in pages if (found := english_words_in(html))]
    assert unmarked == []


def test_every_page_read_in_english_is_english(db):
    pages = _pages("en")
    assert len({path for _, path, _ in pages}) > 25
    french = [f"{who} {path}: {found}" for who, path, html in pages if (found := french_in(html))]
    assert french == []
