"""The availability grid in a real browser: drag, click, keyboard, touch, a phone's width."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from hotseat.accounts import actions
from hotseat.accounts.actions import local_today
from hotseat.accounts.models import WeeklyAvailability
from tests.e2e.people import log_in, verified
from tests.factories import persona

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OpenPage = Callable[..., Page]
URL = "/accounts/availability/"


def mark_document(page: Page) -> None:
    """Tag the loaded document; `same_document` tells later whether htmx swapped parts of it or it was reloaded."""
    page.evaluate("window.hotseatTestDocument = true")


def same_document(page: Page) -> bool:
    return bool(page.evaluate("window.hotseatTestDocument === true"))


def cell(page: Page, name: str) -> Locator:
    return page.get_by_role("checkbox", name=name, exact=True)


def note(page: Page) -> Locator:
    """The note next to the Save button."""
    return page.locator(".availability-note")


def centre(locator: Locator) -> tuple[float, float]:
    box = locator.bounding_box()
    assert box is not None, "the cell is not on screen"
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def drag(page: Page, start: Locator, end: Locator) -> None:
    end.scroll_into_view_if_needed()
    start.scroll_into_view_if_needed()
    page.mouse.move(*centre(start))
    page.mouse.down()
    page.mouse.move(*centre(end), steps=8)
    page.mouse.up()


def windows_of(email: str) -> list[list[int]]:
    return list(WeeklyAvailability.objects.get(user__email=email).windows)


def horizontal_overflow(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))


def test_availability_drag_and_click_save_without_reload(open_page: OpenPage):
    verified(persona("chloe"))
    page = open_page(viewport={"width": 1280, "height": 900}, timezone_id="Europe/Paris")
    log_in(page, "chloe@example.com", next_path=URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your availability")
    mark_document(page)

    drag(page, cell(page, "Tuesday 17:00"), cell(page, "Tuesday 18:30"))
    cell(page, "Thursday 12:00").click()

    for name in ("Tuesday 17:00", "Tuesday 17:30", "Tuesday 18:00", "Tuesday 18:30", "Thursday 12:00"):
        expect(cell(page, name)).to_be_checked()
    for name in ("Tuesday 16:30", "Tuesday 19:00", "Wednesday 18:00", "Thursday 12:30"):
        expect(cell(page, name)).not_to_be_checked()
    expect(page.get_by_text("Unsaved changes")).to_be_visible()
    page.get_by_role("button", name="Save hours").click()

    saved = "Saved: Tue 17:00–19:00, Thu 12:00–12:30 (Europe/Paris)."
    expect(note(page)).to_have_text(saved)
    expect(page.locator("#availability-status")).to_have_text(saved)  # the live region screen readers hear
    assert same_document(page), "saving reloaded the page instead of swapping the form"
    assert windows_of("chloe@example.com") == [[1, 1020, 1140], [3, 720, 750]]

    page.reload()
    for name in ("Tuesday 17:00", "Tuesday 17:30", "Tuesday 18:00", "Tuesday 18:30", "Thursday 12:00"):
        expect(cell(page, name)).to_be_checked()
    expect(cell(page, "Tuesday 19:00")).not_to_be_checked()
    # Dragging from a marked cell clears.
    drag(page, cell(page, "Tuesday 18:00"), cell(page, "Tuesday 18:30"))
    expect(cell(page, "Tuesday 18:00")).not_to_be_checked()
    expect(cell(page, "Tuesday 17:30")).to_be_checked()


def test_availability_by_keyboard(open_page: OpenPage):
    verified(persona("alice"))
    page = open_page(timezone_id="America/New_York")
    log_in(page, "alice@example.com", next_path=URL)

    # One Tab stop for the whole grid: it lands on the first shown cell.
    page.get_by_label("Show night hours").focus()
    page.keyboard.press("Tab")
    expect(cell(page, "Monday 06:00")).to_be_focused()
    page.keyboard.press("ArrowRight")
    for _ in range(6):
        page.keyboard.press("ArrowDown")
    expect(cell(page, "Tuesday 09:00")).to_be_focused()
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("Shift+ArrowDown")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    expect(cell(page, "Wednesday 10:30")).to_be_checked()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")  # stops at the first column
    expect(cell(page, "Monday 10:30")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save hours")).to_be_focused()
    page.keyboard.press("Enter")

    expect(note(page)).to_have_text("Saved: Tue 09:00–11:00, Wed 10:30–11:00 (America/New_York).")
    # The focus stays on the button htmx swapped in.
    expect(page.get_by_role("button", name="Save hours")).to_be_focused()
    assert windows_of("alice@example.com") == [[1, 540, 660], [2, 630, 660]]


def test_availability_typed_hours_error_keeps_the_typing(open_page: OpenPage):
    verified(persona("bob"))
    page = open_page(timezone_id="America/Los_Angeles")
    log_in(page, "bob@example.com", next_path=URL)
    typed = "Tue 17:00-19:00\nWed 22:00-01:00"

    page.get_by_label("One window a line").fill(typed)
    page.get_by_role("button", name="Save typed hours").click()

    expect(page.get_by_text("Line 2: Wednesday 22:00–01:00 crosses midnight")).to_be_visible()
    box = page.get_by_label("One window a line")
    expect(box).to_have_value(typed)
    expect(box).to_be_focused()
    assert not WeeklyAvailability.objects.filter(user__email="bob@example.com").exists()


def test_availability_on_a_phone(open_page: OpenPage, tmp_path: Path):
    erin = verified(persona("erin"))
    today = local_today("Asia/Kolkata")
    actions.save_availability(
        erin,
        zone="Asia/Kolkata",
        windows=[(0, 1140, 1260), (2, 1200, 1290)],
        holidays=[today + timedelta(days=20), today + timedelta(days=40)],
    )
    page = open_page(viewport={"width": 390, "height": 844}, timezone_id="Asia/Kolkata", is_mobile=True, has_touch=True)
    log_in(page, "erin@example.com", next_path=URL)
    page.reload()  # without the "signed in" flash message
    expect(cell(page, "Monday 19:00")).to_be_checked()
    assert horizontal_overflow(page) <= 0, "weekdays"
    page.locator("[data-availability-scroll]").scroll_into_view_if_needed()
    page.screenshot(path=tmp_path / "availability-phone-grid.png")

    box = cell(page, "Friday 08:00").bounding_box()
    assert box is not None
    assert box["height"] >= 32, f"a cell is {box['height']} px tall: too small to tap"
    cell(page, "Friday 08:00").tap()
    expect(cell(page, "Friday 08:00")).to_be_checked()

    page.get_by_label("Include weekends").check()
    page.get_by_label("Show night hours").check()
    expect(cell(page, "Sunday 23:30")).to_be_attached()
    assert horizontal_overflow(page) <= 0, "with weekends and night hours"
    # The time column stays put while the grid scrolls sideways.
    scroller = page.locator("[data-availability-scroll]")
    scroller.evaluate("element => { element.scrollLeft = 1000; }")
    time_label = page.get_by_role("rowheader", name="19:00", exact=True)
    label_box, grid_box = time_label.bounding_box(), scroller.bounding_box()
    assert label_box is not None
    assert grid_box is not None
    assert label_box["x"] <= grid_box["x"] + 2, "the time column scrolled away"
    scroller.evaluate("element => { element.scrollLeft = 0; }")

    page.get_by_role("button", name="Save hours").click()
    expect(note(page)).to_have_text("Saved: Mon 19:00–21:00, Wed 20:00–21:30, Fri 08:00–08:30 (Asia/Kolkata).")
    assert horizontal_overflow(page) <= 0, "after saving"
    page.screenshot(path=tmp_path / "availability-phone.png", full_page=True)


def test_availability_long_press_slides_to_mark_on_a_touch_screen(open_page: OpenPage):
    verified(persona("dev"))
    page = open_page(
        viewport={"width": 390, "height": 844}, timezone_id="Europe/London", is_mobile=True, has_touch=True
    )
    log_in(page, "dev@example.com", next_path=URL)
    start, end = cell(page, "Wednesday 09:00"), cell(page, "Wednesday 10:30")
    end.scroll_into_view_if_needed()
    start.scroll_into_view_if_needed()
    (x, y), (_, y_end) = centre(start), centre(end)
    touch = page.context.new_cdp_session(page)

    def touch_at(kind: str, y_at: float) -> None:
        points = [] if kind == "touchEnd" else [{"x": x, "y": y_at}]
        touch.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch_at("touchStart", y)
    page.wait_for_timeout(600)  # a long press
    for step in range(1, 9):
        touch_at("touchMove", y + (y_end - y) * step / 8)
    touch_at("touchEnd", y_end)

    for name in ("Wednesday 09:00", "Wednesday 09:30", "Wednesday 10:00", "Wednesday 10:30"):
        expect(cell(page, name)).to_be_checked()
    expect(cell(page, "Wednesday 11:00")).not_to_be_checked()


def test_availability_screenshot_wide(open_page: OpenPage, tmp_path: Path):
    chloe = verified(persona("chloe"))
    actions.save_availability(
        chloe,
        zone="Europe/Paris",
        windows=[(1, 1020, 1140), (3, 720, 840), (0, 1080, 1200)],
        holidays=[local_today("Europe/Paris") + timedelta(days=28)],
    )
    chloe.time_zone = "America/New_York"
    chloe.save()
    page = open_page(viewport={"width": 1280, "height": 900}, timezone_id="America/New_York")
    log_in(page, "chloe@example.com", next_path=URL)
    page.reload()
    expect(page.get_by_role("heading", name="Convert?")).to_be_visible()
    assert horizontal_overflow(page) <= 0
    path = tmp_path / "availability-wide.png"
    page.screenshot(path=path, full_page=True)
    assert path.stat().st_size > 10_000


def test_availability_without_javascript(open_page: OpenPage):
    verified(persona("dev"))
    page = open_page(timezone_id="Europe/London", java_script_enabled=False)
    log_in(page, "dev@example.com", next_path=URL)
    expect(cell(page, "Saturday 10:00")).to_be_hidden()

    page.get_by_label("Include weekends").check()  # shows the weekend by CSS alone
    cell(page, "Saturday 10:00").check()
    cell(page, "Monday 08:00").check()
    page.get_by_role("button", name="Save hours").click()

    expect(page.get_by_text("Saved: Mon 08:00–08:30, Sat 10:00–10:30 (Europe/London).")).to_be_visible()
    assert page.url.endswith(URL + "?weekends=1")
    expect(cell(page, "Saturday 10:00")).to_be_checked()
    assert windows_of("dev@example.com") == [[0, 480, 510], [5, 600, 630]]


def test_availability_dates_away_added_and_removed(open_page: OpenPage):
    verified(persona("erin"))
    page = open_page(timezone_id="Asia/Kolkata")
    log_in(page, "erin@example.com", next_path=URL)
    mark_document(page)
    away = local_today("Asia/Kolkata") + timedelta(days=45)
    shown = f"{away:%a} {away.day} {away:%b %Y}"

    page.get_by_label("Add a date").fill(away.isoformat())
    page.get_by_label("Add a date").press("Enter")

    expect(page.locator(".availability-holidays")).to_have_text(re.compile(shown))
    assert WeeklyAvailability.objects.get(user__email="erin@example.com").holidays == [away.isoformat()]
    page.get_by_role("button", name=re.compile(r"^Remove ")).click()
    expect(page.get_by_text("No dates yet.")).to_be_visible()
    expect(page.get_by_label("Add a date")).to_be_focused()
    assert same_document(page)
    assert WeeklyAvailability.objects.get(user__email="erin@example.com").holidays == []


def test_availability_refused_form_is_shown_not_dropped(open_page: OpenPage):
    verified(persona("alice"))
    page = open_page(timezone_id="America/New_York")
    log_in(page, "alice@example.com", next_path=URL)
    mark_document(page)
    # A broken page (or a forged request) sends a cell that does not exist: htmx gets a 400.
    cell(page, "Monday 09:00").evaluate("input => { input.value = '9-540'; input.checked = true; }")

    page.get_by_role("button", name="Save hours").click()

    expect(page.get_by_text("The grid sent weekday 9: weekdays go from 0 (Monday) to 6 (Sunday).")).to_be_visible()
    expect(page.locator("#availability-errors")).to_be_focused()
    assert same_document(page)
    assert not WeeklyAvailability.objects.filter(user__email="alice@example.com").exists()
