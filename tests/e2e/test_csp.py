"""The Content-Security-Policy in a real browser: the demo's pages load with nothing refused, and the
behaviours that moved out of inline code (the board's idle-only refresh, the Copy buttons) still work."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from hotseat.demo.program import DEMO_PASSWORD, load_demo
from hotseat.masterminds.models import Mastermind
from tests.e2e.people import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OpenPage = Callable[..., Page]
BOARD = "/p/community-managers/first-cohort/"

# Every refusal the browser makes under the policy lands in window.cspViolations, from the first byte.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.cspViolations.push(`${event.violatedDirective}: ${event.blockedURI || "inline"} (${where})`);
});
"""


def watched_page(open_page: OpenPage, email: str) -> Page:
    page = open_page()
    page.add_init_script(RECORD_VIOLATIONS)
    log_in(page, email, DEMO_PASSWORD)
    return page


def violations(page: Page) -> list[str]:
    return list(page.evaluate("window.cspViolations"))


def test_demo_pages_load_with_nothing_refused_by_the_csp(open_page: OpenPage):
    load_demo()
    running = Mastermind.objects.get(cohort__slug="autumn-cohort")
    forming = Mastermind.objects.get(cohort__slug="first-cohort", number=1)
    visits = {
        "organizer@example.com": [
            BOARD,
            f"{BOARD}manage/",
            f"{BOARD}review/",
            "/p/community-managers/autumn-cohort/propose/",
            "/admin/",
            "/admin/notify/notification/",
        ],
        "alice@example.com": [
            "/",
            f"/m/{running.pk}/",
            f"/m/{running.pk}/weeks/1/",
            f"/m/{running.pk}/next/",
            f"/m/{forming.pk}/schedule/",
            "/calendar/",
            "/accounts/availability/",
            "/notifications/",
            BOARD,
        ],
    }
    refused = {}
    for email, paths in visits.items():
        page = watched_page(open_page, email)
        for path in paths:
            response = page.goto(path)
            assert response is not None
            assert response.ok, path
            assert "'unsafe-inline'" not in (response.header_value("Content-Security-Policy") or "missing")
            page.wait_for_load_state("networkidle")
            if found := violations(page):
                refused[path] = found
    assert refused == {}


def test_board_refreshes_only_while_nobody_is_busy_in_it(open_page: OpenPage):
    load_demo()
    page = watched_page(open_page, "erin@example.com")  # waitlisted: "Lead a new mastermind" is hers to open
    page.clock.install()
    page.goto(BOARD)
    page.evaluate("document.getElementById('board').dataset.original = 'yes'")

    # A form open in the board: the poll is called off, what she typed stays.
    page.locator("summary", has_text="Lead a new mastermind").click()
    page.get_by_label("Title").fill("Half-typed title")
    page.clock.fast_forward("00:31")
    page.wait_for_timeout(300)
    expect(page.locator("#board[data-original]")).to_have_count(1)
    expect(page.get_by_label("Title")).to_have_value("Half-typed title")

    # Closed again: the next poll swaps in a fresh board.
    page.locator("summary", has_text="Lead a new mastermind").click()
    page.locator("h1").click()
    with page.expect_response(lambda response: response.url.endswith(BOARD)):
        page.clock.fast_forward("00:31")
    expect(page.locator("#board")).to_have_count(1)
    expect(page.locator("#board[data-original]")).to_have_count(0)
    assert violations(page) == []


def test_calendar_copy_button_copies_the_feed_address(open_page: OpenPage):
    load_demo()
    page = watched_page(open_page, "alice@example.com")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/calendar/")
    address = page.locator("#feed-web").input_value()
    copy = page.locator("button[data-copy=feed-web]")
    copy.click()
    expect(copy).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == address
    assert violations(page) == []
