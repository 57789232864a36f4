"""End-to-end tests: a real headless Chromium (Debian's /usr/bin/chromium) against pytest-django's live_server.

Every test under tests/e2e is marked `e2e`. Without Chromium the tests are skipped with a notice,
except under CI=true, where a missing browser or any skipped e2e test is a failure: CI must not
turn green having tested nothing in a browser.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls
# from a thread with a running loop unless told it is safe (it is: the loop is Playwright's).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
MISSING_CHROMIUM = "Chromium not found at /usr/bin/chromium: end-to-end tests skipped; install Debian's chromium"
E2E_DIR = Path(__file__).resolve().parent
OPEN_PAGES = pytest.StashKey[tuple[list[Page], Path]]()


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def is_e2e(item: pytest.Item) -> bool:
    return E2E_DIR in item.path.resolve().parents


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if is_e2e(item) and item.get_closest_marker("e2e") is None:
            item.add_marker(pytest.mark.e2e)


def pytest_collection_finish(session: pytest.Session) -> None:
    # After `-m`/`-k` deselection: only the e2e tests that would run need the browser.
    e2e_items = [item for item in session.items if is_e2e(item)]
    if not e2e_items or CHROMIUM.exists():
        return
    if in_ci():
        raise pytest.UsageError(f"{MISSING_CHROMIUM}. CI=true: the end-to-end tests must run, so this is an error.")
    for item in e2e_items:
        item.add_marker(pytest.mark.skip(reason=MISSING_CHROMIUM))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    report = yield
    if report.when == "call" and report.failed and is_e2e(item):
        shots = _screenshot_pages(item)
        if shots:
            report.sections.append(("screenshots of the open pages", "\n".join(shots)))
    # Under CI a skipped end-to-end test is a failure, whatever skipped it (xfail stays xfail).
    if in_ci() and is_e2e(item) and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"end-to-end test skipped under CI=true, which must run every e2e test: {reason}"
    return report


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    # `playwright install` cannot download browsers here: drive Debian's Chromium.
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def base_url(live_server: Any) -> str:
    """Pages are opened by path: page.goto("/p/...") goes to the live server."""
    return str(live_server.url)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # A fixed locale, whatever the host's; each person's time zone goes on their own context
    # (open_page(timezone_id=...)): the new_context fixture cannot override a key set here.
    return {**browser_context_args, "locale": "en-GB"}


@pytest.fixture
def open_page(
    new_context: Callable[..., BrowserContext], request: pytest.FixtureRequest, tmp_path: Path
) -> Callable[..., Page]:
    """Open a page in a browser context of its own (its own cookies: one person), e.g.
    open_page(timezone_id="Europe/Paris"). When the test fails, each page's screenshot lands in tmp_path."""
    pages: list[Page] = []
    request.node.stash[OPEN_PAGES] = (pages, tmp_path)

    def _open(**context_args: Any) -> Page:
        context_args.setdefault("timezone_id", "America/New_York")
        context = new_context(**context_args)
        context.set_default_timeout(10_000)
        page = context.new_page()
        pages.append(page)
        return page

    return _open


def _screenshot_pages(item: pytest.Item) -> list[str]:
    pages, folder = item.stash.get(OPEN_PAGES, ([], Path()))
    lines = []
    for index, page in enumerate(pages, start=1):
        if page.is_closed():
            continue
        path = folder / f"failure-page-{index}.png"
        try:
            page.screenshot(path=path, full_page=True)
        except PlaywrightError as exc:
            lines.append(f"page {index} ({page.url}): no screenshot, {exc.message}")
        else:
            lines.append(f"page {index} ({page.url}): {path}")
    return lines
