"""hotseat in French, in a real browser whose language is French.

A new visitor from Lyon signs up, joins a cohort and takes the last seat of a group led from
New York; then, in a running group, she reads its group page and a week page. Every page is
French (none of the catalog's English sentences on it) and dates are worded the French way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from hotseat.accounts.models import User
from hotseat.masterminds import actions
from hotseat.programs.models import Program
from tests.e2e.people import verified
from tests.e2e.test_board_flow import save_screenshot
from tests.factories import PASSWORD, CohortFactory, ProgramFactory, SignupFactory, UserFactory
from tests.groups import running_group
from tests.languages import english_in, english_words_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser_context_args(locale="fr-FR"),
]

OpenPage = Callable[..., Page]
WEEKDAYS_FR = "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
MONTHS_FR = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
FRENCH_DAY = re.compile(rf"\b({WEEKDAYS_FR}) \d{{1,2}} ({MONTHS_FR})\b")
ENGLISH_DAY = re.compile(
    r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|January|February|March|April|June|July|August|September|October|November|December)\b"
)


def french_program(**fields: object) -> Program:
    return ProgramFactory(
        name="Mastermind des animateurs",
        sponsor="Forums Acme",
        charter="# Charte\n\nUn appel par semaine, une heure de devoirs au plus.",
        screening_questions="Quelle communauté animez-vous ?",
        **fields,
    )


def assert_french(page: Page) -> None:
    html = page.content()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert english_in(html) == [], page.url
    assert english_words_in(html) == [], page.url
    assert not ENGLISH_DAY.search(page.locator("main").inner_text()), page.url


def link_sent_to(email: str) -> str:
    for message in mail.outbox:
        found = re.search(r"https?://\S+/accounts/confirm-email/\S+", str(message.body))
        if email in message.to and found:
            return found.group(0)
    pytest.fail(f"no confirmation link sent to {email}")


def test_french_visitor_signs_up_and_takes_a_seat_all_in_french(open_page: OpenPage, tmp_path: Path):
    program = french_program(review=Program.Review.AUTO, min_to_start=2)
    cohort = CohortFactory(program=program, name="Cohorte de printemps")
    leader = verified(UserFactory(email="ada@example.com", display_name="Ada", time_zone="America/New_York"))
    SignupFactory(cohort=cohort, user=leader, status="accepted")
    group = actions.lead_mastermind(cohort, leader, title="Forums de quartier", capacity=2)

    page = open_page(timezone_id="Europe/Paris")
    page.goto("/")
    assert_french(page)
    page.get_by_role("link", name=re.compile("Cohorte de printemps")).click()
    assert_french(page)
    expect(page.locator("footer")).to_contain_text("Europe/Paris")

    page.goto("/accounts/signup/")
    assert_french(page)
    page.locator("#id_email").fill("lea@example.com")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_display_name").fill("Léa")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/confirm-email/**")
    assert_french(page)
    lea = User.objects.get(email="lea@example.com")
    assert lea.time_zone == "Europe/Paris"

    page.goto(link_sent_to("lea@example.com"))
    page.locator("main form button[type=submit]").click()
    page.goto(cohort.get_absolute_url())
    assert_french(page)
    page.get_by_role("link", name="S’inscrire à cette cohorte").click()
    assert_french(page)
    page.get_by_label("Rejoindre un groupe comme membre").check()
    page.get_by_label("Quelle communauté animez-vous ?").fill("Un forum de jardiniers")
    page.locator("main form button[type=submit]").click()
    assert_french(page)

    page.get_by_role("button", name=re.compile("Prendre cette place")).first.click()
    expect(page.get_by_text("Forums de quartier").first).to_be_visible()
    expect(page.locator("#board")).to_contain_text("Léa")
    assert_french(page)
    assert group.memberships.filter(user=lea).exists()
    save_screenshot(page, "board-fr.png", tmp_path)


def test_french_member_reads_the_group_page_and_the_week_page_in_french(open_page: OpenPage, tmp_path: Path):
    program = french_program()
    ada = verified(UserFactory(email="ada@example.com", display_name="Ada", time_zone="America/New_York"))
    lea = verified(UserFactory(email="lea@example.com", display_name="Léa", time_zone="Europe/Paris", language="fr"))
    rui = verified(UserFactory(email="rui@example.com", display_name="Rui", time_zone="Europe/Lisbon"))
    group = running_group(program, ada, [lea, rui], title="Forums de quartier")

    page = open_page(timezone_id="Europe/Paris")
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(lea.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.goto(f"/m/{group.mastermind.pk}/")
    assert_french(page)
    assert FRENCH_DAY.search(page.locator("main").inner_text())
    save_screenshot(page, "group-fr.png", tmp_path)

    page.goto(f"/m/{group.mastermind.pk}/weeks/1/")
    assert_french(page)
    assert FRENCH_DAY.search(page.locator("main").inner_text())
    save_screenshot(page, "week-fr.png", tmp_path)
