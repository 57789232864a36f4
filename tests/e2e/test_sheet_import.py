"""The sheet import in a browser: the dry run, then the import, with its progress shown by a static script."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from hotseat.accounts.models import User
from hotseat.masterminds.models import Mastermind, SeatInvitation
from hotseat.programs.models import Cohort
from tests.e2e.people import accepted_persona, log_in, verified
from tests.masterminds.sheet.sheets import sheet, url

OpenPage = Callable[..., Page]

# Noted when the form is sent, kept across the navigation that follows.
NOTE_THE_BUTTON = """() => {
  const form = document.querySelector("form[data-sheet-import]");
  form.addEventListener("submit", () => setTimeout(() => {
    const button = form.querySelector("button[value=import]");
    sessionStorage.setItem("import-button", button.textContent + "|" + button.disabled);
  }, 0));
}"""


def test_sheet_import_dry_run_then_import_shows_progress_and_invites(
    open_page: OpenPage, cohort: Cohort, organizer: User
):
    alice = accepted_persona("alice", cohort)
    verified(organizer)
    page = open_page()
    log_in(page, organizer.email)
    page.goto(url("board_import", cohort))
    page.get_by_text("Sheet content").click()
    page.get_by_label("The sheet as text").fill(
        sheet("Forum,leader,,alice@example.com,,", "Forum,member,Ines,ines@example.com,Europe/Madrid,")
    )

    page.get_by_role("button", name="Dry run").click()
    expect(page.get_by_role("heading", name="Ready to import")).to_be_visible()
    expect(page.get_by_text("1 person will be invited", exact=False)).to_be_visible()
    page.evaluate(NOTE_THE_BUTTON)
    page.get_by_role("button", name="Import").click()

    expect(page.get_by_text("Imported the sheet: 1 person seated or on the waitlist, 1 person invited")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('import-button')") == "Importing 2 rows…|true"
    forum = Mastermind.objects.get(cohort=cohort, title="Forum")
    assert forum.memberships.get().user == alice
    assert SeatInvitation.objects.get(cohort=cohort).user.email == "ines@example.com"
