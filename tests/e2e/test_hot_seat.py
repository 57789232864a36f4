"""The hot seat rotation in a real browser: a member swaps turns with another, who accepts; a presenter can't make it.

Alice leads from New York, Bob is in Los Angeles, Chloe in Paris, Dev in London. Ten Tuesday calls at
noon New York time from 2 March 2027; the rotation starts Alice, Bob, Chloe, Dev.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from hotseat.masterminds.models import Mastermind
from hotseat.meetings.actions import schedule as actions
from hotseat.meetings.models import Attendance, Meeting
from tests.e2e.people import log_in, verified
from tests.factories import ProgramFactory, persona
from tests.groups import seated_group
from tests.meetings.groups import NOON, TUESDAY

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OpenPage = Callable[..., Page]
SHOTS = Path(tempfile.gettempdir())  # /tmp: looked at by hand, not kept
ZONES = {"alice": "America/New_York", "bob": "America/Los_Angeles", "chloe": "Europe/Paris", "dev": "Europe/London"}


@pytest.fixture
def spring() -> Mastermind:
    people = {name: verified(persona(name)) for name in ZONES}
    mastermind = seated_group(ProgramFactory(), people["alice"], [people["bob"], people["chloe"], people["dev"]])
    actions.pick_slot(
        mastermind, weekday=TUESDAY, minute=NOON, zone="America/New_York", duration_minutes=60, by=people["alice"]
    )
    return mastermind


def signed_in(open_page: OpenPage, name: str, path: str) -> Page:
    page = open_page(timezone_id=ZONES[name])
    log_in(page, f"{name}@example.com", next_path=path)
    page.goto(path)
    return page


def turn_row(page: Page, week: int):
    return page.locator("table.rotation-turns tbody tr").nth(week - 1)


def presenters(mastermind: Mastermind) -> list[str]:
    meetings = Meeting.objects.filter(mastermind=mastermind).select_related("presenter").order_by("number")
    return [m.presenter.name if m.presenter else "-" for m in meetings]


def test_hot_seat_swap_asked_by_one_member_accepted_by_the_other(spring: Mastermind, open_page: OpenPage) -> None:
    group = f"/m/{spring.pk}/"
    bob = signed_in(open_page, "bob", group)
    expect(bob.get_by_text("You're in the hot seat after the next call")).to_be_visible()
    expect(turn_row(bob, 2).locator("td.presenter")).to_have_text("You")
    # On Bob's clock (Los Angeles) week 3's noon New York call is at 09:00 PST.
    expect(turn_row(bob, 3)).to_contain_text("Tue 16 Mar, 09:00 PDT")

    # Bob presents in weeks 2, 6 and 10: he picks which of his turns to give, and whose to take.
    bob.get_by_label("Swap my turn").select_option(label="my week 2 (9 Mar)")
    bob.get_by_label("for").select_option(label="week 3 — Chloe (16 Mar)")
    bob.get_by_role("button", name="Ask to swap").click()
    expect(bob.get_by_text("Chloe is asked to take your week 2 for their week 3")).to_be_visible()

    chloe = signed_in(open_page, "chloe", group)
    expect(chloe.get_by_text("Bob asks to swap: you would present in week 2 instead of week 3.")).to_be_visible()
    chloe.get_by_role("button", name="Accept the swap").click()

    expect(chloe.get_by_text("Swapped: you present in week 2 now.")).to_be_visible()
    expect(turn_row(chloe, 2).locator("td.presenter")).to_have_text("You")
    expect(turn_row(chloe, 3).locator("td.presenter")).to_have_text("Bob")
    expect(chloe.get_by_text("You're in the hot seat after the next call")).to_be_visible()
    bob.reload()
    expect(turn_row(bob, 2).locator("td.presenter")).to_have_text("Chloe")
    expect(turn_row(bob, 3).locator("td.presenter")).to_have_text("You")
    assert presenters(spring)[:4] == ["Alice", "Chloe", "Bob", "Dev"]
    for width in (1280, 390):
        chloe.set_viewport_size({"width": width, "height": 900})
        chloe.locator("#rotation").screenshot(path=SHOTS / f"hot-seat-rotation-{width}.png")
    chloe.set_viewport_size({"width": 1280, "height": 900})
    chloe.screenshot(path=SHOTS / "hot-seat-group-1280.png", full_page=True)


def test_hot_seat_presenter_cant_make_it_passes_the_turn(spring: Mastermind, open_page: OpenPage) -> None:
    dev = signed_in(open_page, "dev", f"/m/{spring.pk}/weeks/4/")
    expect(dev.get_by_text("In the hot seat: you.")).to_be_visible()

    dev.get_by_role("button", name="I can't make it this week").click()
    expect(dev.get_by_text("You said you can't make it.")).to_be_visible()
    dev.get_by_role("button", name="Pass my turn to the next person").click()

    expect(dev.get_by_text("The rotation moves on; you present in week 5 instead.")).to_be_visible()
    expect(dev.get_by_text("In the hot seat: Alice.")).to_be_visible()
    assert presenters(spring)[3:5] == ["Alice", "Dev"]
    week4 = Meeting.objects.get(mastermind=spring, number=4)
    assert Attendance.objects.get(meeting=week4, user__email="dev@example.com").rsvp == "cant"
    dev.screenshot(path=SHOTS / "hot-seat-week-1280.png", full_page=True)

    alice = signed_in(open_page, "alice", f"/m/{spring.pk}/weeks/4/")
    expect(alice.locator(".rsvp-list")).to_contain_text("Dev can't make it")


def test_hot_seat_call_notes_two_editors_nothing_lost(spring: Mastermind, open_page: OpenPage) -> None:
    path = f"/m/{spring.pk}/weeks/2/"
    bob = signed_in(open_page, "bob", path)
    chloe = signed_in(open_page, "chloe", path)
    bob.get_by_label("Notes (Markdown)").fill("## Decisions\n- Bob: try a welcome thread")
    chloe.get_by_label("Notes (Markdown)").fill("## Decisions\n- Chloe: weekly digest")

    bob.get_by_role("button", name="Save the notes").click()
    expect(bob.get_by_role("heading", name="Decisions")).to_be_visible()
    chloe.get_by_role("button", name="Save the notes").click()

    expect(chloe.get_by_text("Bob saved the notes")).to_be_visible()
    expect(chloe.locator("pre.saved").first).to_contain_text("Bob: try a welcome thread")
    expect(chloe.get_by_label("Notes (Markdown)")).to_have_value("## Decisions\n- Chloe: weekly digest")
    chloe.set_viewport_size({"width": 390, "height": 900})
    chloe.screenshot(path=SHOTS / "hot-seat-notes-conflict-390.png", full_page=True)
    chloe.set_viewport_size({"width": 1280, "height": 900})

    chloe.get_by_label("Notes (Markdown)").fill("## Decisions\n- Bob: try a welcome thread\n- Chloe: weekly digest")
    chloe.get_by_role("button", name="Save the notes").click()
    expect(chloe.locator(".notes-text li")).to_have_count(2)
    chloe.get_by_text("Edit history (2)").click()
    expect(chloe.get_by_text("Version 2 — Chloe")).to_be_visible()
    expect(chloe.get_by_text("Version 1 — Bob")).to_be_visible()


def test_hot_seat_leader_reorders_the_rotation(spring: Mastermind, open_page: OpenPage) -> None:
    alice = signed_in(open_page, "alice", f"/m/{spring.pk}/")
    alice.get_by_text("Change the order").click()

    alice.get_by_role("button", name="Move Dev earlier").click()

    expect(alice.get_by_text("The rotation follows the new order from the next call on.")).to_be_visible()
    expect(turn_row(alice, 3).locator("td.presenter")).to_have_text("Dev")
    expect(turn_row(alice, 4).locator("td.presenter")).to_have_text("Chloe")
    assert presenters(spring)[:4] == ["Alice", "Bob", "Dev", "Chloe"]
    # The order stays open for the next move.
    alice.get_by_role("button", name="Move Bob later").click()
    expect(turn_row(alice, 2).locator("td.presenter")).to_have_text("Dev")
    assert presenters(spring)[:4] == ["Alice", "Dev", "Bob", "Chloe"]
    alice.locator("#rotation").screenshot(path=SHOTS / "hot-seat-reorder-1280.png")


def test_hot_seat_cant_make_it_from_the_rotation_asks_first(spring: Mastermind, open_page: OpenPage) -> None:
    bob = signed_in(open_page, "bob", f"/m/{spring.pk}/")
    button = turn_row(bob, 2).get_by_role("button", name="I can't make it")

    bob.once("dialog", lambda dialog: dialog.dismiss())
    button.click()
    expect(turn_row(bob, 2).locator("td.presenter")).to_have_text("You")
    assert presenters(spring)[1] == "Bob"

    bob.once("dialog", lambda dialog: dialog.accept())
    button.click()
    expect(bob.get_by_text("The rotation moves on; you present in week 3 instead.")).to_be_visible()
    expect(turn_row(bob, 2).locator("td.presenter")).to_have_text("Chloe")
    expect(turn_row(bob, 3).locator("td.presenter")).to_have_text("You")
