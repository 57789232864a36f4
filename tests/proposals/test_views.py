"""The "propose groups" page: who may see it, making a proposal, moving people with re-checking, bad input."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hotseat.masterminds import actions as board
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.programs.models import Signup
from hotseat.proposals.actions import current_draft, propose_groups
from hotseat.proposals.draft import UNPLACED, group_people, slot_of
from hotseat.proposals.models import GroupProposal
from hotseat.scheduling import occurrences
from hotseat.scheduling.clock import WEEKDAY_NAMES, format_minute
from tests.clients import signed_in
from tests.factories import CohortFactory, ProgramFactory, SignupFactory, UserFactory
from tests.masterminds.crowds import KOLKATA_NIGHT, NEW_YORK, crowd, person

HTMX = {"HX-Request": "true"}


def url(cohort) -> str:
    return reverse("propose", args=[cohort.program.slug, cohort.slug])


def board_rows(cohort) -> tuple:
    """What publishing would change, to tell that nothing did."""
    return (
        list(Mastermind.objects.filter(cohort=cohort).values_list("pk", "state", "capacity")),
        list(Membership.objects.filter(cohort=cohort).values_list("pk", "user_id", "left_at")),
        list(Signup.objects.filter(cohort=cohort).values_list("pk", "status")),
    )


def test_propose_page_is_for_this_programs_organizers_only(cohort, organizer, alice, bob):
    crowd(cohort, 1)
    SignupFactory(cohort=cohort, user=alice)
    mastermind = board.lead_mastermind(cohort, alice, title="Alice's group")
    other_organizer = UserFactory(email="otto@example.com")
    ProgramFactory(organizers=[other_organizer])

    assert Client().get(url(cohort)).status_code == 302  # to the login page
    assert signed_in(bob).get(url(cohort)).status_code == 404  # an outsider
    assert signed_in(alice).get(url(cohort)).status_code == 404  # a leader in the cohort
    assert signed_in(other_organizer).get(url(cohort)).status_code == 404
    assert signed_in(other_organizer).post(url(cohort), {"action": "build"}).status_code == 404
    assert not GroupProposal.objects.exists()
    assert mastermind.pk  # the board is untouched
    page = signed_in(organizer).get(url(cohort))
    assert page.status_code == 200
    assert "4 accepted people have no seat yet." in page.content.decode()


def test_manage_page_links_to_propose(cohort, organizer):
    page = signed_in(organizer).get(reverse("manage", args=[cohort.program.slug, cohort.slug]))
    assert url(cohort) in page.content.decode()


def test_propose_shows_groups_with_times_on_each_clock_and_changes_nothing_on_the_board(cohort, organizer):
    people = crowd(cohort, 2)
    kolkata = person(cohort, "Nila Night", KOLKATA_NIGHT)
    before = board_rows(cohort)
    client = signed_in(organizer)

    response = client.post(url(cohort), {"action": "build"}, follow=True)

    html = response.content.decode()
    assert response.status_code == 200
    assert board_rows(cohort) == before
    assert "8 of a possible 8 placed" in html
    draft = current_draft(cohort).data
    assert len(draft["groups"]) == 2
    for group in draft["groups"]:
        assert len(group_people(group)) == 4
        assert group["slot"] is not None
    # New York people see a New York time, Paris people a Paris time, Olga (Berlin) her own.
    slot = draft["groups"][0]["slot"]
    assert slot["zone"] == "America/New_York"  # the leaders are the first of each group: New York
    new_york, paris = format_minute(slot["minute"]), format_minute(slot["minute"] + 6 * 60)
    days = ("Mon", "Tue", "Wed", "Thu", "Fri")
    assert f"{days[slot['weekday']]} {new_york} EST" in html
    assert f"{days[slot['weekday']]} {paris} CET" in html
    assert f"<strong>{WEEKDAY_NAMES[slot['weekday']]}s {paris} CET</strong>" in html  # Olga's clock (Berlin)
    assert {u["person"] for u in draft["unplaced"]} == {str(kolkata.pk)}
    assert "Nila Night" in html
    assert "too few others share their hours" in html or "no one-hour weekday call fits" in html
    assert all(p.name in html for p in people)


def _draft_and_member(cohort):
    proposal = current_draft(cohort)
    first, second = proposal.data["groups"]
    return proposal, first, second, first["members"][0]


def test_move_breaking_the_size_rule_is_made_and_flagged_and_blocks_publishing(cohort, organizer):
    crowd(cohort, 2)
    propose_groups(cohort, organizer)
    proposal, _, second, moving = _draft_and_member(cohort)
    client = signed_in(organizer)

    response = client.post(
        url(cohort),
        {"action": "move", "person": moving, "to": second["key"], "revision": proposal.revision},
        headers=HTMX,
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="proposal"' in html
    assert "<html" not in html  # the partial only
    assert "3 people: a group needs at least 4." in html
    assert "5 people" in html
    moved = current_draft(cohort)
    (target,) = [g for g in moved.data["groups"] if g["key"] == second["key"]]
    assert moving in target["members"]
    assert moved.revision == proposal.revision + 1

    refused = client.post(url(cohort), {"action": "publish", "revision": moved.revision})
    assert refused.status_code == 400
    assert "1 group still breaks a rule" in refused.content.decode()
    assert not Mastermind.objects.filter(cohort=cohort).exists()


def test_move_into_a_group_whose_time_they_cannot_make_is_flagged(cohort, organizer):
    crowd(cohort, 1)
    night = person(cohort, "Nila Night", KOLKATA_NIGHT)
    propose_groups(cohort, organizer)
    proposal = current_draft(cohort)
    (group,) = proposal.data["groups"]

    response = signed_in(organizer).post(
        url(cohort), {"action": "move", "person": str(night.pk), "to": group["key"], "revision": proposal.revision}
    )

    assert response.status_code == 302  # without JS: back to the page
    html = signed_in(organizer).get(url(cohort)).content.decode()
    assert "Nila Night cannot make 10 of the 10 calls at this time." in html
    assert "misses 10 calls" in html


def test_move_to_leader_and_out_keeps_the_group_led(cohort, organizer):
    crowd(cohort, 1, size=5)
    propose_groups(cohort, organizer)
    proposal = current_draft(cohort)
    (group,) = proposal.data["groups"]
    old_leader, member = group["leader"], group["members"][0]
    client = signed_in(organizer)

    client.post(
        url(cohort),
        {"action": "move", "person": member, "to": group["key"], "as_leader": "1", "revision": proposal.revision},
    )
    client.post(
        url(cohort), {"action": "move", "person": old_leader, "to": UNPLACED, "revision": proposal.revision + 1}
    )

    (after,) = current_draft(cohort).data["groups"]
    assert after["leader"] == member
    assert old_leader not in group_people(after)
    assert {"person": old_leader, "reason": "moved by hand"} in current_draft(cohort).data["unplaced"]
    html = client.get(url(cohort)).content.decode()
    assert "left out by hand." in html


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"to": "g99"}, "That group is not in this proposal (any more). Pick one from the list."),
        ({"person": "999999"}, "is not in this proposal."),
        ({"to": ""}, "Pick where to move them."),
    ],
)
def test_move_bad_input_is_refused_next_to_the_person_and_changes_nothing(cohort, organizer, fields, message):
    crowd(cohort, 2)
    propose_groups(cohort, organizer)
    proposal, _, second, moving = _draft_and_member(cohort)
    data = {"action": "move", "person": moving, "to": second["key"], "revision": proposal.revision, **fields}

    response = signed_in(organizer).post(url(cohort), data, headers=HTMX)

    assert response.status_code == 422
    assert message in response.content.decode()
    after = current_draft(cohort)
    assert (after.revision, after.data) == (proposal.revision, proposal.data)


def test_move_from_a_stale_page_is_refused(cohort, organizer):
    crowd(cohort, 2)
    propose_groups(cohort, organizer)
    proposal, _, second, moving = _draft_and_member(cohort)
    client = signed_in(organizer)
    client.post(url(cohort), {"action": "move", "person": moving, "to": UNPLACED, "revision": proposal.revision})

    response = client.post(
        url(cohort), {"action": "move", "person": moving, "to": second["key"], "revision": proposal.revision}
    )

    assert response.status_code == 400
    assert "This proposal changed since you opened it" in response.content.decode()
    assert {"person": moving, "reason": "moved by hand"} in current_draft(cohort).data["unplaced"]


def test_propose_an_empty_cohort_says_there_is_nobody_to_place(cohort, organizer):
    response = signed_in(organizer).post(url(cohort), {"action": "build"})

    assert response.status_code == 400
    assert "Nobody to place" in response.content.decode()
    assert not GroupProposal.objects.exists()


def test_propose_without_any_leader_says_so(cohort, organizer):
    for index in range(5):
        person(cohort, f"Member {index}", NEW_YORK)

    response = signed_in(organizer).post(url(cohort), {"action": "build"})

    assert response.status_code == 400
    assert "Nobody volunteered to lead" in response.content.decode()
    assert not GroupProposal.objects.exists()


def test_discard_drops_the_draft_and_leaves_the_board(cohort, organizer):
    crowd(cohort, 1)
    propose_groups(cohort, organizer)
    proposal = current_draft(cohort)
    before = board_rows(cohort)

    signed_in(organizer).post(url(cohort), {"action": "discard", "revision": proposal.revision})

    proposal.refresh_from_db()
    assert proposal.state == GroupProposal.State.DISCARDED
    assert current_draft(cohort) is None
    assert board_rows(cohort) == before


def test_the_draft_is_kept_between_visits(cohort, organizer):
    crowd(cohort, 1)
    client = signed_in(organizer)
    client.post(url(cohort), {"action": "build"})

    again = signed_in(organizer).get(url(cohort)).content.decode()

    assert "4 of a possible 4 placed" in again
    assert "Publish to the board" in again


def _page_queries(organizer, groups: int, prefix: str) -> int:
    cohort = CohortFactory(program=ProgramFactory(organizers=[organizer]))
    crowd(cohort, groups, prefix=prefix)
    person(cohort, f"{prefix} Night", KOLKATA_NIGHT)
    propose_groups(cohort, organizer)
    assert len(current_draft(cohort).data["groups"]) == groups
    client = signed_in(organizer)
    client.get(url(cohort))  # warm the session and the zone caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(cohort))
    assert response.status_code == 200
    assert response.content.decode().count('class="card proposed') == groups
    return len(queries)


def test_propose_page_queries_do_not_grow_with_the_proposal(organizer):
    assert _page_queries(organizer, 1, "A") == _page_queries(organizer, 3, "B")


def test_people_accepted_after_the_draft_are_pointed_out(cohort, organizer):
    crowd(cohort, 1)
    propose_groups(cohort, organizer)
    person(cohort, "Late Larry", NEW_YORK)

    html = signed_in(organizer).get(url(cohort)).content.decode()

    assert "1 accepted person is not in this proposal" in html
    assert "Late Larry" not in html


def test_the_weeks_a_clock_change_moves_a_call_on_the_organizers_clock_are_named(organizer):
    # New York springs forward on 14 March 2027, Berlin on 28 March: two calls are an hour earlier for Olga.
    cohort = CohortFactory(program=ProgramFactory(organizers=[organizer]), starts_on=date(2027, 3, 2))
    crowd(cohort, 1)
    propose_groups(cohort, organizer)
    slot = slot_of(current_draft(cohort).data["groups"][0])
    berlin = ZoneInfo("Europe/Berlin")
    starts = [o.start.astimezone(berlin) for o in occurrences(slot, cohort.starts_on, cohort.weeks)]
    usual = starts[0].strftime("%H:%M")
    earlier = [s for s in starts if s.strftime("%H:%M") != usual]
    assert [s.strftime("%H:%M") for s in earlier] == [format_minute(slot.minute + 5 * 60)] * 2

    html = signed_in(organizer).get(url(cohort)).content.decode()

    assert f"{WEEKDAY_NAMES[slot.weekday]}s {usual} CET/CEST" in html
    assert f"For you: {earlier[0]:%H:%M} on {earlier[0].day} and {earlier[1].day} March (clock changes)." in html


def test_manage_page_says_a_draft_is_waiting(cohort, organizer):
    crowd(cohort, 1)
    propose_groups(cohort, organizer)

    page = signed_in(organizer).get(reverse("manage", args=[cohort.program.slug, cohort.slug])).content.decode()

    assert "A draft proposal is waiting (1 group," in page
    assert "Open the draft" in page


def test_start_over_replaces_the_draft(cohort, organizer):
    crowd(cohort, 1)
    client = signed_in(organizer)
    client.post(url(cohort), {"action": "build"})
    first = current_draft(cohort)

    client.post(url(cohort), {"action": "build"})

    first.refresh_from_db()
    assert first.state == GroupProposal.State.DISCARDED
    assert current_draft(cohort).pk != first.pk
    assert GroupProposal.objects.filter(cohort=cohort, state=GroupProposal.State.DRAFT).count() == 1


def test_the_move_form_opens_for_one_person_at_a_time(cohort, organizer):
    crowd(cohort, 2)
    propose_groups(cohort, organizer)
    _, _, second, moving = _draft_and_member(cohort)
    client = signed_in(organizer)

    closed = client.get(url(cohort)).content.decode()
    opened = client.get(url(cohort), {"move": moving}).content.decode()
    fragment = client.get(url(cohort), {"move": moving}, headers=HTMX).content.decode()

    assert closed.count('<select name="to"') == 0
    assert closed.count(f'href="{url(cohort)}?move=') == 8  # a "Move…" link per person
    assert opened.count('<select name="to"') == 1
    assert f'id="to-{moving}"' in opened
    assert f'<option value="{second["key"]}">' in opened
    assert "<html" not in fragment
    assert f'id="to-{moving}"' in fragment
