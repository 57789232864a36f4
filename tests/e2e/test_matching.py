"""Proposing groups in a real browser: the organizer groups the demo's 40 spring signups, moves one person, publishes.

The demo's spring cohort has 40 accepted people in 26 zones (40% Americas, 40% Europe/Africa,
20% Asia/Oceania) and nobody seated. Olga (the demo organizer, Berlin) proposes groups, moves one
person to another group (the page re-checks with htmx: no rule broken), publishes, and the board
shows the new masterminds.
"""

from __future__ import annotations

import copy
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from hotseat.accounts.models import User
from hotseat.demo.program import DEMO_PASSWORD, load_demo
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.meetings.models import Schedule
from hotseat.programs.models import Cohort, Signup
from hotseat.proposals.actions import current_draft, roster_of
from hotseat.proposals.draft import ProposalError, group_people, move, problems
from hotseat.proposals.models import GroupProposal
from tests.e2e.people import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OpenPage = Callable[..., Page]
SHOTS = Path(tempfile.gettempdir())  # /tmp: looked at by hand, not kept


def shoot(page: Page, name: str) -> None:
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def sideways_overflow(page: Page) -> int:
    page.set_viewport_size({"width": 390, "height": 900})
    overflow = int(page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))
    page.set_viewport_size({"width": 1280, "height": 900})
    return overflow


def clean_move(proposal: GroupProposal) -> tuple[str, str]:
    """A member and another group they can join with no rule broken (both groups still fine)."""
    roster, _ = roster_of(proposal.cohort, proposal.data)
    for source in proposal.data["groups"]:
        for pid in source["members"]:
            for target in proposal.data["groups"]:
                if target is source:
                    continue
                try:
                    after = move(copy.deepcopy(proposal.data), pid, target["key"], as_leader=False, roster=roster)
                except ProposalError:
                    continue
                if not problems(after, roster):
                    return pid, target["key"]
    pytest.fail("the demo's proposal has no member who can change groups without breaking a rule")


def test_matching_organizer_proposes_moves_one_person_and_publishes(open_page: OpenPage):
    first, _ = load_demo()
    spring = Cohort.objects.get(program=first.program, slug="spring-cohort")
    page = open_page(timezone_id="Europe/Berlin")
    log_in(page, "organizer@example.com", DEMO_PASSWORD, next_path=f"/p/{first.program.slug}/{spring.slug}/manage/")

    page.get_by_role("link", name="Propose groups").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Propose groups: Spring cohort")
    expect(page.locator("#proposal")).to_contain_text("40 accepted people have no seat yet.")
    page.get_by_role("button", name="Propose groups").click()

    proposal = current_draft(spring)
    assert proposal is not None
    draft = proposal.data
    placed = sum(len(group_people(g)) for g in draft["groups"])
    expect(page.get_by_role("heading", level=2).first).to_have_text(
        f"{placed} of a possible {draft['upper_bound']} placed"
    )
    assert placed >= 36
    cards = page.locator("section.proposed")
    expect(cards).to_have_count(len(draft["groups"]))
    expect(page.locator("section.proposed.flagged")).to_have_count(0)
    # Times on Olga's clock (Berlin) and each person's own.
    expect(cards.first.locator(".when")).to_contain_text(re.compile(r"days \d\d:\d\d CES?T"))
    assert not Mastermind.objects.filter(cohort=spring).exists()  # nothing on the board yet
    assert sideways_overflow(page) <= 0
    shoot(page, "propose")

    pid, target = clean_move(proposal)
    name = User.objects.get(pk=pid).name
    page.get_by_role("link", name=re.compile(rf"^Move {name}")).click()  # opens the move form in place (htmx)
    mover = page.get_by_label(f"Move {name} to")
    expect(mover).to_be_focused()
    mover.select_option(target)
    page.locator(f"#p-{pid}").get_by_role("button", name="Move").click()
    expect(page.locator(f"#group-{target}")).to_contain_text(name)
    expect(page.locator("section.proposed.flagged")).to_have_count(0)
    moved = current_draft(spring)
    assert moved is not None
    assert moved.revision == proposal.revision + 1
    assert pid in next(g for g in moved.data["groups"] if g["key"] == target)["members"]
    assert not Mastermind.objects.filter(cohort=spring).exists()
    shoot(page, "propose-moved")

    # Publishing seats 40 people and writes every reminder of nine groups' cohorts: seconds alone, up to
    # ~20 s on a loaded 2-core machine. A wait for the page, not a timed assertion.
    page.get_by_role("button", name="Publish to the board").click(timeout=60_000)

    groups = len(moved.data["groups"])
    expect(page.get_by_text(re.compile(rf"Published: {groups} masterminds with {placed} people"))).to_be_visible()
    expect(page.locator("article.mastermind")).to_have_count(groups)
    expect(page.locator("article.mastermind").filter(has_text=name)).to_have_count(1)
    assert Mastermind.objects.filter(cohort=spring, state=Mastermind.State.RUNNING).count() == groups
    assert Schedule.objects.filter(mastermind__cohort=spring).count() == groups
    assert Membership.objects.filter(cohort=spring, left_at__isnull=True).count() == placed
    assert Signup.objects.filter(cohort=spring, status=Signup.Status.PLACED).count() == placed
