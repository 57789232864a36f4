"""Picking the weekly call in a real browser: four people on two continents, a cohort across the spring clock changes.

Alice leads from New York, Bob is in Los Angeles, Dev in London, Chloe in Paris. The cohort runs ten
weeks from Tuesday 2 March 2027: New York springs forward on 14 March, London and Paris on 28 March,
so for two weeks the New York noon call is an hour earlier in Europe.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core import mail
from icalendar import Calendar
from playwright.sync_api import Page, expect

from hotseat.masterminds.models import Mastermind
from hotseat.meetings.actions import schedule as actions
from hotseat.meetings.models import Meeting
from tests.e2e.people import log_in, verified
from tests.factories import ProgramFactory, persona
from tests.groups import seated_group
from tests.meetings.groups import free

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OpenPage = Callable[..., Page]
TIME = re.compile(r"^Time \(")
SHOTS = Path(tempfile.gettempdir())  # /tmp: looked at by hand, not kept
# Who, where, and when they are free on Tuesdays and Thursdays, on their own clock.
PEOPLE = {
    "alice": ("America/New_York", (9, 17)),
    "bob": ("America/Los_Angeles", (8, 12)),
    "dev": ("Europe/London", (16, 19)),
    "chloe": ("Europe/Paris", (17, 20)),
}
# What Chloe reads about the two weeks between the US and EU changes (meetings.clock.explain).
CHLOE_SPRING = (
    "On 16 and 23 March the call is at 17:00 CET for you, not 18:00:"
    " New York changed its clocks on 14 March, Paris changes them on 28 March."
)
# What each sees on the group page: the first call, the usual weekly time, the weeks that differ.
SEEN = {
    "alice": ("Tuesday 2 March, 12:00 EST", "Tuesdays at 12:00 EST/EDT", None),
    "bob": ("Tuesday 2 March, 09:00 PST", "Tuesdays at 09:00 PST/PDT", None),
    "dev": (
        "Tuesday 2 March, 17:00 GMT",
        "Tuesdays at 17:00 GMT/BST",
        (
            "On 16 and 23 March the call is at 16:00 GMT for you, not 17:00:"
            " New York changed its clocks on 14 March, London changes them on 28 March."
        ),
    ),
    "chloe": (
        "Tuesday 2 March, 18:00 CET",
        "Tuesdays at 18:00 CET/CEST",
        CHLOE_SPRING,
    ),
}


def shoot(page: Page, name: str) -> None:
    """Full-page screenshots at desktop and phone widths into /tmp, the long phone one also in screen-high parts."""
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
    height = int(page.evaluate("document.documentElement.scrollHeight"))
    for part, top in enumerate(range(0, height, 1500), start=1):
        clip = {"x": 0, "y": top, "width": 390, "height": min(1500, height - top)}
        page.screenshot(path=SHOTS / f"{name}-390-part{part}.png", full_page=True, clip=clip)
    page.set_viewport_size({"width": 1280, "height": 900})


# The elements that stick out on the right, to say what makes a page scroll sideways.
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => !e.closest('.heat-scroll') && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')"""


def no_sideways_scroll(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 900})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    wide = page.evaluate(WIDEST) if overflow > 0 else ""
    page.set_viewport_size({"width": 1280, "height": 900})
    assert overflow <= 0, f"the page scrolls sideways on a phone by {overflow}px: {wide}"


@pytest.fixture
def group() -> Mastermind:
    people = {name: verified(persona(name)) for name in PEOPLE}
    for name, (_, hours) in PEOPLE.items():
        free(people[name], hours)
    return seated_group(ProgramFactory(), people["alice"], [people["bob"], people["dev"], people["chloe"]])


def test_scheduling_leader_picks_the_top_slot_and_everyone_sees_it_on_their_clock(open_page: OpenPage, group):
    leader = open_page(timezone_id="America/New_York")
    log_in(leader, "alice@example.com", next_path=f"/m/{group.pk}/schedule/")

    expect(leader.get_by_role("heading", name="Pick the weekly call time")).to_be_visible()
    heat = leader.locator("table.heat")
    noon = heat.locator("tbody tr").filter(has=leader.get_by_role("rowheader", name="12:00", exact=True))
    expect(noon.locator("td").nth(1)).to_have_text("4")  # Tuesday: all four free at noon, New York time
    best = leader.locator("ol.proposals > li").first
    expect(best.get_by_role("heading")).to_contain_text("Tuesday 12:00 America/New_York")
    expect(best).to_contain_text("✓ Everyone, every week")
    expect(best).to_contain_text("Chloe 18:00 CET/CEST")
    expect(best).to_contain_text(CHLOE_SPRING.replace("for you", "for Chloe"))
    no_sideways_scroll(leader)
    shoot(leader, "schedule")

    # A hand-typed time is checked in place (htmx); a bad one says why and keeps the typing.
    check = leader.locator("#check")
    check.get_by_label("Weekday").select_option("Thursday")
    check.get_by_label(TIME).fill("25:00")
    check.get_by_role("button", name="Check this time").click()
    expect(leader.locator("#check")).to_contain_text("hours go from 00 to 23")
    expect(leader.locator("#check").get_by_label(TIME)).to_have_value("25:00")
    leader.locator("#check").get_by_label(TIME).fill("13:00")
    leader.locator("#check").get_by_role("button", name="Check this time").click()
    expect(leader.locator("#check .checked")).to_contain_text("Thursday 13:00 America/New_York")
    expect(leader.locator("#check .checked").get_by_role("button", name=re.compile("^Pick this time"))).to_be_visible()
    shoot(leader, "schedule-checked")

    best.get_by_role("button", name=re.compile("^Pick this slot")).click()
    expect(leader.get_by_text("Weekly call picked: Tuesdays at 12:00 America/New_York.")).to_be_visible()
    assert Meeting.objects.filter(mastermind=group).count() == 10

    for name, (zone, _) in PEOPLE.items():
        page = leader if name == "alice" else open_page(timezone_id=zone)
        if name != "alice":
            log_in(page, f"{name}@example.com", next_path=f"/m/{group.pk}/")
        page.goto(f"/m/{group.pk}/")
        first, weekly, note = SEEN[name]
        next_call = page.locator("section.next-call")
        expect(next_call).to_contain_text(first)
        expect(next_call).to_contain_text(f"The group meets {weekly} on your clock")
        if note:
            expect(next_call).to_contain_text(note)
        else:
            expect(next_call.locator("ul.notes")).to_have_count(0)
        expect(page.get_by_role("heading", name="Every call and its hot seat")).to_be_visible()
        expect(page.locator("table.calls tbody tr")).to_have_count(10)
        if name == "chloe":
            expect(page.locator("table.calls tbody tr").nth(2)).to_contain_text(
                "Tue 16 Mar, 17:00 CET not the usual 18:00"
            )
            no_sideways_scroll(page)
            shoot(page, "group-member")
            # The "add to calendar" file downloads and holds the call at the right instant.
            with page.expect_download() as download:
                page.get_by_role("link", name=re.compile("^Add week 1 to your calendar")).click()
            event = next(iter(Calendar.from_ical(Path(download.value.path()).read_bytes()).walk("VEVENT")))
            assert event.decoded("DTSTART").astimezone(UTC) == datetime(2027, 3, 2, 17, 0, tzinfo=UTC)
    no_sideways_scroll(leader)
    shoot(leader, "group-leader")

    to_chloe = [m for m in mail.outbox if m.to == ["chloe@example.com"] and "weekly call time" in str(m.subject)]
    assert len(to_chloe) == 1
    assert CHLOE_SPRING in str(to_chloe[0].body)


def test_scheduling_leader_skips_and_moves_calls_from_the_group_page(open_page: OpenPage, group):
    alice = group.memberships.get(role="leader").user
    actions.pick_slot(group, weekday=1, minute=12 * 60, zone="America/New_York", duration_minutes=60, by=alice)
    leader = open_page(timezone_id="America/New_York")
    log_in(leader, "alice@example.com", next_path=f"/m/{group.pk}/")
    tools = leader.locator("section.tools")

    tools.get_by_text("Skip one week").click()
    tools.get_by_label(re.compile("^Week")).first.select_option("3")
    tools.get_by_role("button", name="Skip this call").click()
    expect(leader.get_by_text("Week 3 is skipped; everyone is emailed.")).to_be_visible()
    expect(leader.locator("table.calls tbody tr")).to_have_count(11)
    expect(leader.locator("table.calls tbody tr").nth(2).locator("s")).to_have_text("Tue 16 Mar, 12:00 EDT")

    # A move onto another week's call is refused next to the form, which stays open with the typing kept.
    tools = leader.locator("section.tools")
    tools.get_by_text("Move one call").click()
    move = tools.locator("form").filter(has=leader.get_by_role("button", name="Move this call"))
    move.get_by_label(re.compile("^Week")).select_option("4")
    move.get_by_label(re.compile("^New date and time")).fill("2027-03-30T12:30")
    move.get_by_role("button", name="Move this call").click()
    expect(leader.locator("section.tools")).to_contain_text("would overlap week 5")
    expect(leader.get_by_label(re.compile("^New date and time"))).to_have_value("2027-03-30T12:30")
    no_sideways_scroll(leader)
    shoot(leader, "group-tools")
    leader.get_by_label(re.compile("^New date and time")).fill("2027-03-25T12:00")
    leader.get_by_role("button", name="Move this call").click()
    expect(leader.get_by_text("Week 4 moves to Thursday 25 March, 12:00 EDT; everyone is emailed.")).to_be_visible()
    expect(leader.locator("table.calls tbody tr").nth(3)).to_contain_text("Thu 25 Mar, 12:00 EDT Moved")
