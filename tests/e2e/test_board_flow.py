"""The sign-up board in a real browser: from a stranger's first visit to a formed mastermind."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from playwright.sync_api import Page, Response, expect

from hotseat.accounts.models import User
from hotseat.demo.program import DEMO_PASSWORD, load_demo
from hotseat.masterminds import actions
from hotseat.masterminds.models import Mastermind
from hotseat.programs.models import Cohort, Signup
from tests.e2e.people import accepted, accepted_persona, log_in, verified
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OpenPage = Callable[..., Page]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def mark_document(page: Page) -> None:
    """Tag the loaded document; `same_document` tells later whether htmx swapped parts of it or it was reloaded."""
    page.evaluate("window.hotseatTestDocument = true")


def same_document(page: Page) -> bool:
    return bool(page.evaluate("window.hotseatTestDocument === true"))


def clocks_since(zone: str, since: datetime) -> set[str]:
    """Every "HH:MM ABBR" wall clock in `zone` from `since` to now: the page was rendered in between."""
    now = datetime.now(UTC)
    minute = since.replace(second=0, microsecond=0)
    clocks = set()
    while minute <= now:
        clocks.add(minute.astimezone(ZoneInfo(zone)).strftime("%H:%M %Z"))
        minute += timedelta(minutes=1)
    return clocks


def expect_seat_clock(page: Page, name: str, zone: str, since: datetime) -> None:
    seat = page.locator("#board li.seat").filter(has=page.get_by_text(name, exact=True))
    expect(seat).to_have_count(1)
    text = seat.locator(".zone").inner_text()
    shown = re.fullmatch(rf"{re.escape(zone)} · (\d\d:\d\d \S+) now", text)
    assert shown, f"{name}'s seat shows {text!r}, expected '{zone} · HH:MM ABBR now'"
    assert shown.group(1) in clocks_since(zone, since), f"{name}'s clock {shown.group(1)} is not the time now in {zone}"


def confirmation_link(email: str) -> str:
    for message in mail.outbox:
        if email in message.to:
            found = re.search(r"https?://\S+/accounts/confirm-email/\S+", str(message.body))
            if found:
                return found.group(0)
    pytest.fail(f"no email confirmation link sent to {email}; outbox: {[m.subject for m in mail.outbox]}")


def subjects_to(email: str) -> list[str]:
    return [str(m.subject) for m in mail.outbox if email in m.to]


def save_screenshot(page: Page, name: str, tmp_path: Path) -> Path:
    """docs/screenshots/<name> when HOTSEAT_SCREENSHOTS=1 (to refresh the docs), else the test's tmp_path."""
    folder = SCREENSHOTS if os.environ.get("HOTSEAT_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    page.screenshot(path=path, full_page=True)
    return path


def lead_group(cohort: Cohort, leader: User, *members: User, title: str = "Growing a small forum") -> Mastermind:
    mastermind = actions.lead_mastermind(cohort, leader, title=title, focus="From 50 to 500 active members.")
    for member in members:
        actions.take_seat(mastermind, member)
    return mastermind


def test_board_story_stranger_signs_up_leads_and_group_forms(open_page: OpenPage, cohort: Cohort, organizer: User):
    verified(organizer)
    board_path = cohort.get_absolute_url()

    # A stranger in New York finds the cohort and creates an account.
    alice = open_page(timezone_id="America/New_York")
    alice.goto("/")
    alice.get_by_role("link", name=f"{cohort.program.name} — {cohort.name}").click()
    expect(alice.get_by_role("heading", level=1)).to_have_text(f"{cohort.name}: the board")
    # From the second page on, times are in the browser's zone (hotseat.js remembers it in a cookie).
    expect(alice.locator("footer")).to_contain_text("Times are shown in America/New_York")
    alice.locator("#board").get_by_role("link", name="Sign up").click()
    expect(alice.get_by_role("heading", level=1)).to_have_text("Sign Up")
    # hotseat.js fills the empty zone field with the browser's zone.
    expect(alice.get_by_label("Time zone")).to_have_value("America/New_York")
    alice.get_by_label("Email").fill("alice@example.com")
    alice.get_by_label("Password:", exact=True).fill(PASSWORD)
    alice.get_by_label("Password (again)").fill(PASSWORD)
    alice.get_by_label("Your name").fill("Alice")
    alice.get_by_role("button", name="Sign Up").click()
    expect(alice.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")
    assert User.objects.get(email="alice@example.com").time_zone == "America/New_York"

    # She follows the link in the confirmation email and confirms: she is logged in.
    alice.goto(confirmation_link("alice@example.com"))
    alice.get_by_role("button", name="Confirm").click()
    expect(alice.get_by_role("button", name="Log out")).to_be_visible()

    # She signs up for the cohort, answering the screening questions.
    alice.goto(board_path)
    alice.get_by_role("link", name="Sign up for this cohort").click()
    alice.get_by_label("Lead a mastermind").check()
    alice.get_by_label("Which community do you run?").fill("A forum for indie game makers")
    alice.get_by_label("What is your role in it?").fill("Founder and main moderator")
    alice.get_by_role("button", name="Send my signup").click()
    expect(alice.get_by_text("Your signup is waiting for an organizer's review.")).to_be_visible()

    # The organizer reads her answers and accepts her.
    olga = open_page(timezone_id="Europe/Berlin")
    log_in(olga, organizer.email, next_path=board_path)
    olga.get_by_role("link", name="Review signups").click()
    request = olga.locator("article").filter(has_text="alice@example.com")
    expect(request).to_contain_text("A forum for indie game makers")
    expect(request).to_contain_text("wants to lead a mastermind")
    request.get_by_label("Accept").check()
    request.get_by_label("Message to the person (optional)").fill("Welcome aboard!")
    request.get_by_role("button", name="Send decision").click()
    expect(olga.get_by_text("Alice: accepted. We emailed them.")).to_be_visible()
    assert any(s.startswith("[hotseat] You're in") for s in subjects_to("alice@example.com"))

    # Accepted, she leads a new mastermind from the board (htmx: no reload).
    alice.reload()
    expect(alice.get_by_text("You're accepted.")).to_be_visible()
    mark_document(alice)
    alice.locator("summary", has_text="Lead a new mastermind").click()
    alice.get_by_label("Title").fill("Growing a small forum")
    alice.get_by_label("Focus").fill("From 50 to 500 active members without burning out.")
    alice.get_by_label("Preferred call times").fill("Weekdays 12:00–14:00 New York")
    expect(alice.get_by_label("Seats")).to_have_value("4")
    alice.get_by_role("button", name="Lead this mastermind").click()
    group = alice.locator("article.mastermind").filter(has_text="Group 1: Growing a small forum")
    expect(group.locator(".badge")).to_have_text("Forming")
    expect(group.get_by_text("1 of 4 seats taken")).to_be_visible()
    expect(alice.get_by_text("You are the leader of Group 1: Growing a small forum.")).to_be_visible()
    assert same_document(alice)

    # Her board stays open in another tab; it refreshes itself (htmx polls every 30 s, the clock is fast-forwarded).
    watching = alice.context.new_page()
    watching.clock.install()
    watching.goto(board_path)
    expect(watching.locator("article.mastermind .badge")).to_have_text("Forming")
    mark_document(watching)

    # Three people with accepted signups take the open seats, each from their own browser.
    cohort_people = [("bob", "America/Los_Angeles"), ("chloe", "Europe/Paris"), ("dev", "Europe/London")]
    last = alice
    for name, zone in cohort_people:
        person = accepted_persona(name, cohort)
        last = open_page(timezone_id=zone)
        log_in(last, person.email, next_path=board_path)
        mark_document(last)
        last.get_by_role("button", name="Take this seat in group 1").first.click()
        expect(last.get_by_text("You have a seat in Group 1: Growing a small forum.")).to_be_visible()
        assert same_document(last)

    # The last one in sees the group formed at once, in the swapped board.
    expect(last.locator("article.mastermind .badge")).to_have_text("Formed")
    expect(last.get_by_text("4 of 4 seats taken")).to_be_visible()

    # The open tab catches up without a reload; then the leader reloads hers. Both show the group
    # formed, with everyone's zone and the time it is there now.
    seated = {
        "Alice": "America/New_York",
        "Bob": "America/Los_Angeles",
        "Chloe": "Europe/Paris",
        "Dev": "Europe/London",
    }
    since = datetime.now(UTC)
    watching.clock.fast_forward("00:31")
    expect(watching.locator("article.mastermind .badge")).to_have_text("Formed")
    assert same_document(watching)
    alice.reload()
    expect(group.locator(".badge")).to_have_text("Formed")
    expect(alice.get_by_text("your group is formed")).to_be_visible()
    expect(group.get_by_role("button", name=re.compile("Take this seat"))).to_have_count(0)
    for page in (watching, alice):
        for name, zone in seated.items():
            expect_seat_clock(page, name, zone, since)

    # Everybody got the "your mastermind formed" email.
    for email in ["alice@example.com", "bob@example.com", "chloe@example.com", "dev@example.com"]:
        assert "[hotseat] Your mastermind formed: Group 1: Growing a small forum" in subjects_to(email)


def test_take_last_seat_just_taken_offers_the_waitlist(open_page: OpenPage, cohort: Cohort):
    alice, dev = accepted_persona("alice", cohort), accepted_persona("dev", cohort)
    farid = accepted(
        UserFactory(email="farid@example.com", display_name="Farid", time_zone="Africa/Casablanca"), cohort
    )
    lead_group(cohort, alice, dev, farid)
    accepted_persona("bob", cohort)
    accepted_persona("chloe", cohort)
    board_path = cohort.get_absolute_url()
    bob = open_page(timezone_id="America/Los_Angeles")
    chloe = open_page(timezone_id="Europe/Paris")
    log_in(bob, "bob@example.com", next_path=board_path)
    log_in(chloe, "chloe@example.com", next_path=board_path)
    for page in (bob, chloe):
        expect(page.get_by_text("3 of 4 seats taken")).to_be_visible()
        mark_document(page)

    bob.get_by_role("button", name="Take this seat in group 1").click()
    expect(bob.get_by_text("You have a seat in Group 1: Growing a small forum.")).to_be_visible()
    chloe.get_by_role("button", name="Take this seat in group 1").click()

    refusal = chloe.get_by_role("alert")
    expect(refusal).to_have_text(re.compile(r"just taken.*waitlist"))
    expect(chloe.get_by_role("button", name="Take this seat in group 1")).to_have_count(0)
    chloe.get_by_role("button", name="Wait for a seat here").click()
    expect(chloe.get_by_text("You are number 1 on the waitlist for Group 1: Growing a small forum.")).to_be_visible()
    expect(chloe.locator(".waitlist li")).to_have_text(re.compile(r"^Chloe \(Europe/Paris\) — waits for group 1"))
    assert same_document(chloe)
    assert Signup.objects.get(user__email="chloe@example.com").status == Signup.Status.WAITLISTED


def test_board_by_keyboard_takes_a_seat(open_page: OpenPage, cohort: Cohort):
    alice, dev = accepted_persona("alice", cohort), accepted_persona("dev", cohort)
    lead_group(cohort, alice, dev)
    accepted_persona("bob", cohort)
    page = open_page(timezone_id="America/Los_Angeles")
    log_in(page, "bob@example.com", next_path=cohort.get_absolute_url())
    take = page.get_by_role("button", name="Take this seat in group 1").first

    # The skip link comes first and leads into the content.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    for _ in range(40):
        page.keyboard.press("Tab")
        if take.evaluate("button => button === document.activeElement"):
            break
    expect(take).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("You have a seat in Group 1: Growing a small forum.")).to_be_visible()
    expect(page.locator("li.seat.you-are-here")).to_contain_text("Bob")


def test_pages_load_their_stylesheet_and_scripts(open_page: OpenPage):
    page = open_page()
    statics: dict[str, int] = {}

    def note(response: Response) -> None:
        if "/static/" in response.url:
            statics[response.url] = response.status

    page.on("response", note)
    page.goto("/")  # returns once the page and its deferred scripts have loaded
    names = sorted(url.rsplit("/", 1)[1] for url in statics)
    assert names == ["hotseat.css", "hotseat.js", "htmx-2.0.11.min.js"], names
    assert set(statics.values()) == {200}, f"static files not served: {statics}"
    assert page.evaluate("typeof window.htmx") == "object"


def test_pages_have_one_h1(open_page: OpenPage, cohort: Cohort):
    alice = accepted_persona("alice", cohort)
    lead_group(cohort, alice)
    page = open_page()
    paths = ["/", cohort.get_absolute_url(), "/accounts/login/", "/accounts/signup/"]
    counts = {}
    for path in paths:
        page.goto(path)
        counts[path] = page.locator("h1").count()
    log_in(page, alice.email)
    for path in ["/accounts/profile/", cohort.get_absolute_url()]:
        page.goto(path)
        counts[f"{path} (logged in)"] = page.locator("h1").count()
    assert counts == dict.fromkeys(counts, 1)


def test_board_on_a_phone_has_no_horizontal_scroll(open_page: OpenPage, tmp_path: Path):
    cohort, _ = load_demo()
    page = open_page(viewport={"width": 390, "height": 844}, timezone_id="Asia/Kolkata", is_mobile=True, has_touch=True)

    def horizontal_overflow() -> int:
        return int(page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))

    page.goto(cohort.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert horizontal_overflow() <= 0, "logged out"
    # Erin waits for a seat: she sees the take buttons and the lead form.
    log_in(page, "erin@example.com", DEMO_PASSWORD, next_path=cohort.get_absolute_url())
    page.reload()  # without the "signed in" flash message
    expect(page.get_by_role("button", name=re.compile("Take this seat"))).not_to_have_count(0)
    page.locator("summary", has_text="Lead a new mastermind").click()
    expect(page.get_by_label("Title")).to_be_visible()
    assert horizontal_overflow() <= 0, "logged in, lead form open"
    save_screenshot(page, "board-phone.png", tmp_path)


def test_board_screenshot(open_page: OpenPage, tmp_path: Path):
    cohort, _ = load_demo()
    page = open_page(viewport={"width": 1280, "height": 900}, timezone_id="America/New_York")
    log_in(page, "alice@example.com", DEMO_PASSWORD, next_path=cohort.get_absolute_url())
    page.reload()  # without the "signed in" flash message
    expect(page.locator("article.mastermind h3")).to_have_text(
        ["Group 1: Growing a small forum", "Group 2: Moderation that scales"]
    )
    path = save_screenshot(page, "board.png", tmp_path)
    assert path.stat().st_size > 10_000
