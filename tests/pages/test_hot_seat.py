"""The hot seat rotation's buttons on the group page (hotseat/pages/hot_seat.py).

Who may do what, bad input, what the page says, htmx, query counts.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from hotseat.masterminds.models import Membership
from hotseat.meetings.actions import hot_seat
from hotseat.meetings.actions import schedule as actions
from hotseat.meetings.models import Meeting, TurnSwap
from hotseat.meetings.panels.hot_seat import hot_seat_panel
from tests.clients import as_user
from tests.factories import UserFactory, seat
from tests.groups import seated_group
from tests.meetings.groups import NOON, TUESDAY
from tests.pages.spring import matrix, panel_queries, presenters, text, week

# Who may do what: the group page's rotation ----------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 200, 200, 200, 200))
def test_group_page_rotation_members_and_organizers_only(spring, elsewhere, cast, who, status):
    response = as_user(cast(who)).get(reverse("group", args=[spring.pk]))

    assert response.status_code == status
    if status == 200:
        assert "Every call and its hot seat" in text(response)


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 302, 302, 302, 404))
def test_hot_seat_swap_members_only(spring, elsewhere, cast, who, status):
    user = cast(who)
    own = Meeting.objects.filter(mastermind=spring, presenter=user).order_by("number").first() if user else None
    mine = own or week(spring, 1)
    theirs = week(spring, 4)  # Dev's

    response = as_user(user).post(reverse("hot_seat_swap", args=[spring.pk]), {"mine": mine.pk, "theirs": theirs.pk})

    assert response.status_code == status
    assert TurnSwap.objects.count() == (1 if status == 302 else 0)


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 302, 404, 404, 404))
def test_hot_seat_swap_answer_only_the_person_asked(spring, elsewhere, cast, dev, chloe, who, status):
    swap = hot_seat.ask_swap(spring, dev, mine=week(spring, 4).pk, theirs=week(spring, 3).pk)  # Chloe is asked

    response = as_user(cast(who)).post(reverse("hot_seat_swap_answer", args=[spring.pk, swap.pk]), {"answer": "accept"})

    assert response.status_code == status
    swap.refresh_from_db()
    assert swap.state == (TurnSwap.State.ACCEPTED if status == 302 else TurnSwap.State.PENDING)


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 302, 404, 404, 404))
def test_hot_seat_swap_cancel_only_the_asker(spring, elsewhere, cast, chloe, who, status):
    swap = hot_seat.ask_swap(spring, chloe, mine=week(spring, 3).pk, theirs=week(spring, 4).pk)

    response = as_user(cast(who)).post(reverse("hot_seat_swap_cancel", args=[spring.pk, swap.pk]))

    assert response.status_code == status


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 302, 302, 302, 404))
def test_hot_seat_defer_members_only(spring, elsewhere, cast, who, status):
    user = cast(who)
    own = Meeting.objects.filter(mastermind=spring, presenter=user).order_by("number").first() if user else None
    meeting = own or week(spring, 1)
    before = presenters(spring)

    response = as_user(user).post(reverse("hot_seat_defer", args=[spring.pk]), {"meeting": meeting.pk})

    assert response.status_code == status
    assert (presenters(spring) != before) == (status == 302)


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 302, 302, 302, 404))
def test_hot_seat_presenting_members_only(spring, elsewhere, cast, who, status):
    response = as_user(cast(who)).post(reverse("hot_seat_presenting", args=[spring.pk]), {"presents": "no"})

    assert response.status_code == status
    assert Membership.objects.filter(mastermind=spring, presents=False).count() == (1 if status == 302 else 0)


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 404, 404, 302, 302))
def test_hot_seat_move_leader_and_organizers_only(spring, elsewhere, cast, dev, who, status):
    response = as_user(cast(who)).post(reverse("hot_seat_move", args=[spring.pk]), {"user": dev.pk, "step": "up"})

    assert response.status_code == status
    assert (presenters(spring)[:4] == ["Alice", "Bob", "Dev", "Chloe"]) == (status == 302)


# Bad input ---------------------------------------------------------------------------------------------


def test_hot_seat_swap_with_a_call_of_another_group_refused(spring, elsewhere, bob):
    theirs = week(elsewhere, 1)

    response = as_user(bob).post(
        reverse("hot_seat_swap", args=[spring.pk]), {"mine": week(spring, 2).pk, "theirs": theirs.pk}
    )

    assert response.status_code == 409
    assert "That call is not one of this group's." in text(response)
    assert not TurnSwap.objects.exists()


def test_hot_seat_swap_with_someone_not_in_the_group_refused(spring, elsewhere, bob, erin):
    # Erin's turn in her own group is not a turn in Bob's.
    theirs = Meeting.objects.filter(mastermind=elsewhere, presenter=erin).first()
    assert theirs is not None

    response = as_user(bob).post(
        reverse("hot_seat_swap", args=[spring.pk]), {"mine": week(spring, 2).pk, "theirs": theirs.pk}
    )

    assert response.status_code == 409
    assert not TurnSwap.objects.exists()


def test_hot_seat_swap_a_past_turn_refused(spring, started, bob):
    response = as_user(bob).post(
        reverse("hot_seat_swap", args=[spring.pk]), {"mine": week(spring, 2).pk, "theirs": started.pk}
    )

    assert response.status_code == 409
    assert "Week 11 is not a call to come" in text(response)


def test_hot_seat_swap_garbage_ids_refused(spring, bob):
    response = as_user(bob).post(reverse("hot_seat_swap", args=[spring.pk]), {"mine": "x", "theirs": ""})

    assert response.status_code == 409
    assert "Pick a call from the rotation." in text(response)


def test_hot_seat_swap_answer_stale_shows_why_and_changes_nothing(spring, bob, chloe):
    swap = hot_seat.ask_swap(spring, bob, mine=week(spring, 2).pk, theirs=week(spring, 3).pk)
    hot_seat.defer_turn(spring, week(spring, 2).pk, bob)  # Bob's week 2 is Chloe's now
    before = presenters(spring)

    response = as_user(chloe).post(reverse("hot_seat_swap_answer", args=[spring.pk, swap.pk]), {"answer": "accept"})

    assert response.status_code == 409
    assert "This swap no longer fits" in text(response)
    assert presenters(spring) == before


def test_hot_seat_swap_answer_without_an_answer_refused(spring, bob, chloe):
    swap = hot_seat.ask_swap(spring, bob, mine=week(spring, 2).pk, theirs=week(spring, 3).pk)

    response = as_user(chloe).post(reverse("hot_seat_swap_answer", args=[spring.pk, swap.pk]), {"answer": "maybe"})

    assert response.status_code == 409
    assert "Accept or decline the swap." in text(response)


def test_hot_seat_move_first_up_refused(spring, alice):
    response = as_user(alice).post(reverse("hot_seat_move", args=[spring.pk]), {"user": alice.pk, "step": "up"})

    assert response.status_code == 409
    assert "Alice is already first in the rotation." in text(response)


# What the pages say ----------------------------------------------------------------------------------


def test_group_page_banner_for_the_next_presenter(spring, alice, bob):
    page = text(as_user(alice).get(reverse("group", args=[spring.pk])))
    later = text(as_user(bob).get(reverse("group", args=[spring.pk])))

    assert "You're in the hot seat at the next call" in page
    assert "You're in the hot seat after the next call" in later


def test_group_page_rotation_times_on_the_viewer_clock(spring, bob, chloe):
    first = week(spring, 1).starts_at  # 12:00 in New York

    bob_page = text(as_user(bob).get(reverse("group", args=[spring.pk])))
    chloe_page = text(as_user(chloe).get(reverse("group", args=[spring.pk])))

    assert f"Tue 2 Mar, {first.astimezone(ZoneInfo(bob.time_zone)):%H:%M} PST" in bob_page
    assert f"Tue 2 Mar, {first.astimezone(ZoneInfo(chloe.time_zone)):%H:%M} CET" in chloe_page


def test_group_page_shows_the_swap_asked_of_you(spring, bob, chloe):
    hot_seat.ask_swap(spring, bob, mine=week(spring, 2).pk, theirs=week(spring, 3).pk)

    page = text(as_user(chloe).get(reverse("group", args=[spring.pk])))

    assert "Bob asks to swap: you would present in week 2 instead of week 3." in page
    assert "Accept the swap" in page


def test_hot_seat_panel_queries_do_not_grow_with_members_or_swaps(program, alice, bob):
    small = seated_group(program, alice, [bob], title="Small")
    actions.pick_slot(small, weekday=TUESDAY, minute=NOON, zone="America/New_York", duration_minutes=60, by=alice)
    hot_seat.ask_swap(small, bob, mine=week(small, 2).pk, theirs=week(small, 1).pk)
    leader = UserFactory()
    members = [UserFactory() for _ in range(3)]
    big = seated_group(program, leader, members, title="Big")
    actions.pick_slot(big, weekday=TUESDAY, minute=NOON, zone="America/New_York", duration_minutes=60, by=leader)
    own = Meeting.objects.filter(mastermind=big, presenter=members[0]).first()
    assert own is not None
    for other in Meeting.objects.filter(mastermind=big, number__lte=4).exclude(presenter=members[0]):
        hot_seat.ask_swap(big, members[0], mine=own.pk, theirs=other.pk)

    assert panel_queries(hot_seat_panel, bob, small) == panel_queries(hot_seat_panel, members[0], big)


def test_seat_in_a_running_group_gets_a_fair_turn(spring, program, alice):
    # An organizer seats a late member straight in (arrange: directly, as seated_group does).
    late = UserFactory(display_name="Lee")
    seat(spring, late)

    hot_seat.refresh_turns(spring, timezone.now(), rederive=True)

    assert presenters(spring)[:5] == ["Alice", "Bob", "Chloe", "Dev", "Lee"]


# htmx: the rotation panel swapped in place -------------------------------------------------------------

HTMX = {"HX-Request": "true"}


def test_hot_seat_swap_htmx_answers_with_the_panel_only(spring, bob, chloe):
    response = as_user(bob).post(
        reverse("hot_seat_swap", args=[spring.pk]),
        {"mine": week(spring, 2).pk, "theirs": week(spring, 3).pk},
        headers=HTMX,
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section class="card rotation" id="rotation"')
    assert "<html" not in body
    assert "Chloe is asked to take your week 2 for their week 3." in text(response)
    assert "You asked Chloe to take your week 2 for their week 3; waiting for their answer." in text(response)


def test_hot_seat_swap_htmx_refusal_is_shown_in_the_panel(spring, started, bob):
    response = as_user(bob).post(
        reverse("hot_seat_swap", args=[spring.pk]), {"mine": week(spring, 2).pk, "theirs": started.pk}, headers=HTMX
    )

    assert response.status_code == 409
    assert "<html" not in response.content.decode()
    assert "Week 11 is not a call to come" in text(response)
    # The refused choice stays picked.
    assert re.search(rf'<option value="{week(spring, 2).pk}" selected>', response.content.decode())


def test_hot_seat_swap_refusal_shown_next_to_the_swap_form(spring, started, bob):
    response = as_user(bob).post(
        reverse("hot_seat_swap", args=[spring.pk]), {"mine": week(spring, 2).pk, "theirs": started.pk}
    )

    body = response.content.decode()
    assert re.search(r'<p class="errorlist swap-error" id="swap-error"[^>]*>Week 11 is not a call to come', body)
    assert 'aria-describedby="swap-error"' in body


def test_hot_seat_swap_refusal_without_a_swap_form_shown_at_the_top(spring, bob, dev):
    # Dev opted out: he has no turn to offer, so the page has no swap form for him.
    hot_seat.set_presenting(spring, dev, presents=False)

    response = as_user(dev).post(
        reverse("hot_seat_swap", args=[spring.pk]), {"mine": week(spring, 2).pk, "theirs": week(spring, 3).pk}
    )

    assert response.status_code == 409
    assert re.search(r'<p class="message error" role="alert"[^>]*>Week 2 is not your turn.', response.content.decode())


@pytest.mark.parametrize("posted", ["²", "9" * 5000, str(2**63)])
def test_hot_seat_swap_with_an_id_not_a_number_refused_and_picks_kept(spring, bob, posted):
    mine = week(spring, 2).pk

    response = as_user(bob).post(reverse("hot_seat_swap", args=[spring.pk]), {"mine": mine, "theirs": posted})

    assert response.status_code == 409
    assert "Pick a call from the rotation." in text(response)
    assert not TurnSwap.objects.exists()


@pytest.mark.parametrize("posted", ["²", "9" * 5000])
def test_hot_seat_defer_with_an_id_not_a_number_refused(spring, bob, posted):
    response = as_user(bob).post(reverse("hot_seat_defer", args=[spring.pk]), {"meeting": posted})

    assert response.status_code == 409
    assert "Pick a call from the rotation." in text(response)
