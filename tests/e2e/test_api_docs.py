"""The API's docs page in a real browser: it draws every operation from our own files, with the network
to anywhere else cut and nothing refused by the Content-Security-Policy, and a signed-in person can try a call."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Route, expect

from tests.e2e.people import log_in, verified
from tests.e2e.test_csp import RECORD_VIOLATIONS, violations
from tests.factories import ProgramFactory, persona

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OpenPage = Callable[..., Page]


def test_docs_page_works_offline_under_the_csp(open_page: OpenPage, live_server):
    alice = verified(persona("alice"))
    ProgramFactory(name="Community Managers Mastermind", slug="cmm")
    page = open_page()
    outside: list[str] = []
    ours = urlsplit(live_server.url).netloc

    def only_ours(route: Route) -> None:
        if urlsplit(route.request.url).netloc != ours:
            outside.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/*", only_ours)
    page.add_init_script(RECORD_VIOLATIONS)
    log_in(page, alice.email)
    page.goto("/api/v1/docs")
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/programs").first).to_be_visible()
    # Try the list of programs from the page, with the browser's session.
    page.locator("#operations-programs-hotseat_api_endpoints_programs_list_programs").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".live-responses-table tr.response .response-col_status").first).to_have_text("200")
    expect(page.locator(".live-responses-table")).to_contain_text("Community Managers Mastermind")
    assert outside == []
    assert violations(page) == []
