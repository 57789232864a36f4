"""The signed-in board (masterminds/views/board.py): the shared part from the cache, the viewer's own part
fresh, spliced into the very board a whole render gives them; their poll's 304; its query count."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hotseat.masterminds import actions as board
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.masterminds.views.board import _board_context
from hotseat.programs.models import Cohort, Signup
from tests.factories import MastermindFactory, SignupFactory, UserFactory, seat
from tests.programs.test_board_cache import in_one_minute

HTMX = {"HX-Request": "true"}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def busy_board(cohort: Cohort, count: int) -> list[Mastermind]:
    """Groups with a leader and a member, every other one full, one held seat, one person waiting."""
    now = timezone.now()
    groups = []
    for n in range(count):
        mastermind = MastermindFactory(cohort=cohort, capacity=2 if n % 2 else 4)
        seat(mastermind, UserFactory(), Membership.Role.LEADER)
        seat(mastermind, UserFactory())
        groups.append(mastermind)
    SignupFactory(
        cohort=cohort,
        status=Signup.Status.WAITLISTED,
        waitlisted_at=now,
        offer_mastermind=groups[0],
        offer_expires_at=now + timedelta(hours=1),
    )
    return groups


def whole(response, cohort: Cohort) -> str:
    """The fragment as the board rendered whole for this viewer gives it (the path anonymous misses take)."""
    request = response.wsgi_request
    with timezone.override(request.viewer_zone):
        context = _board_context(request, cohort, timezone.now(), lead_form=None, error=None)
        return render_to_string("masterminds/board.html#board", context, request)


def without_tokens(html: str) -> str:
    return TOKEN.sub('name="csrfmiddlewaretoken" value="…"', html)


def viewer(  # noqa: PLR0911 (one persona per kind of viewer)
    kind: str, cohort: Cohort, groups: list[Mastermind], alice, bob, chloe, erin, organizer
):
    if kind == "member":
        seat(groups[0], bob)
        return bob
    if kind == "leader":
        MastermindFactory(cohort=cohort, capacity=5, leader=alice)  # open: their capacity form shows
        return alice
    if kind == "seeker":
        SignupFactory(cohort=cohort, user=chloe)
        return chloe
    if kind == "waiting for a full group":
        SignupFactory(
            cohort=cohort,
            user=chloe,
            status=Signup.Status.WAITLISTED,
            waitlisted_at=timezone.now(),
            waitlist_mastermind=groups[1],
        )
        return chloe
    if kind == "holding a seat":
        now = timezone.now()
        SignupFactory(
            cohort=cohort,
            user=erin,
            status=Signup.Status.WAITLISTED,
            waitlisted_at=now,
            offer_mastermind=groups[2],
            offer_expires_at=now + timedelta(hours=2),
        )
        return erin
    if kind == "organizer":
        cohort.program.organizers.add(organizer)
        return organizer
    assert kind == "pending"
    SignupFactory(cohort=cohort, user=chloe, status=Signup.Status.PENDING)
    return chloe


KINDS = ["member", "leader", "seeker", "waiting for a full group", "holding a seat", "organizer", "pending"]


@pytest.mark.parametrize("kind", KINDS)
def test_signed_in_board_from_the_cache_is_the_board_rendered_whole_for_that_viewer(
    client, cohort, alice, bob, chloe, erin, organizer, kind
):
    groups = busy_board(cohort, 4)
    person = viewer(kind, cohort, groups, alice, bob, chloe, erin, organizer)
    client.force_login(person)

    def check() -> None:
        client.get(cohort.get_absolute_url(), headers=HTMX)  # fills the shared part
        response = client.get(cohort.get_absolute_url(), headers=HTMX)  # served from it
        assert without_tokens(response.text) == without_tokens(whole(response, cohort))
        # Every form carries this viewer's own token, none the placeholder of the cached part.
        tokens = TOKEN.findall(response.text)
        secret = client.cookies["csrftoken"].value
        assert all(_unmask_cipher_token(token) == secret for token in tokens)
        assert bool(tokens) == (kind != "organizer")  # an organizer without a signup has no form here

    in_one_minute(check)


def test_signed_in_board_shows_a_seat_taken_by_another_person_at_once_and_my_buttons_follow(
    client, cohort, alice, bob, chloe, django_capture_on_commit_callbacks
):
    last_seat = MastermindFactory(cohort=cohort, capacity=2, leader=alice)
    roomy = MastermindFactory(cohort=cohort, capacity=4, leader=UserFactory())
    SignupFactory(cohort=cohort, user=bob)
    SignupFactory(cohort=cohort, user=chloe)
    client.force_login(bob)

    def check() -> None:
        before = client.get(cohort.get_absolute_url()).text
        assert "Take this seat" in card(before, last_seat)
        with django_capture_on_commit_callbacks(execute=True):
            board.take_seat(last_seat, chloe)

        after = client.get(cohort.get_absolute_url()).text

        assert "Chloe" in card(after, last_seat)
        assert "Take this seat" not in card(after, last_seat)
        assert "Wait for a seat here" in card(after, last_seat)
        assert "Take this seat" in card(after, roomy)
        with django_capture_on_commit_callbacks(execute=True):
            board.take_seat(roomy, bob)
        mine = client.get(cohort.get_absolute_url()).text
        assert "you-are-here" in card(mine, roomy)
        assert "Take this seat" not in mine
        assert "Wait for a seat here" not in mine

    in_one_minute(check)


# the htmx poll ---------------------------------------------------------------------------


def test_signed_in_poll_answers_304_without_reading_the_board_while_nothing_changed(client, cohort, alice, bob):
    busy_board(cohort, 3)
    seat(MastermindFactory(cohort=cohort, leader=alice), bob)
    client.force_login(bob)

    def check() -> None:
        first = client.get(cohort.get_absolute_url(), headers=HTMX)
        with CaptureQueriesContext(connection) as queries:
            again = client.get(cohort.get_absolute_url(), headers={**HTMX, "If-None-Match": first["ETag"]})

        assert first.status_code == 200
        assert again.status_code == 304
        assert again["ETag"] == first["ETag"]
        assert "private" in again["Cache-Control"]
        assert not [q for q in queries if "masterminds_" in q["sql"] or "programs_signup" in q["sql"]]

    in_one_minute(check)


def test_signed_in_poll_is_fresh_after_any_board_action(
    client, cohort, alice, bob, chloe, django_capture_on_commit_callbacks
):
    mastermind = MastermindFactory(cohort=cohort, leader=alice)
    seat(mastermind, bob)
    SignupFactory(cohort=cohort, user=chloe)
    client.force_login(bob)

    def check() -> None:
        first = client.get(cohort.get_absolute_url(), headers=HTMX)
        with django_capture_on_commit_callbacks(execute=True):
            board.take_seat(mastermind, chloe)

        again = client.get(cohort.get_absolute_url(), headers={**HTMX, "If-None-Match": first["ETag"]})

        assert again.status_code == 200
        assert again["ETag"] != first["ETag"]
        assert "Chloe" in again.text

    in_one_minute(check)


def test_signed_in_poll_validator_is_the_viewers_own(client, cohort, alice, bob):
    seat(MastermindFactory(cohort=cohort, leader=alice), bob)
    client.force_login(bob)

    def check() -> None:
        bobs = client.get(cohort.get_absolute_url(), headers=HTMX)
        client.force_login(alice)
        alices = client.get(cohort.get_absolute_url(), headers={**HTMX, "If-None-Match": bobs["ETag"]})

        assert alices.status_code == 200
        assert alices["ETag"] != bobs["ETag"]
        assert "You are the <strong>leader</strong>" in alices.text

    in_one_minute(check)


# query count: the same for 1 and 3 groups, on a miss and on a hit of the shared part ------------


def signed_in_queries(client, cohort: Cohort, *, cold: bool, headers: dict[str, str] | None = None) -> int:
    if cold:
        cache.clear()
    else:
        client.get(cohort.get_absolute_url(), headers=headers)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(cohort.get_absolute_url(), headers=headers)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("kind", ["member", "seeker", "holding a seat"])
@pytest.mark.parametrize("cold", [True, False], ids=["miss", "hit"])
@pytest.mark.parametrize("headers", [None, HTMX], ids=["page", "poll"])
def test_signed_in_board_query_count_is_the_same_for_1_and_3_groups(
    client, cohort, alice, bob, chloe, erin, organizer, kind, cold, headers
):
    groups = busy_board(cohort, 1)
    person = viewer(kind, cohort, [*groups, *groups, *groups], alice, bob, chloe, erin, organizer)
    client.force_login(person)
    with_one = signed_in_queries(client, cohort, cold=cold, headers=headers)
    busy_board(cohort, 2)

    with_three = signed_in_queries(client, cohort, cold=cold, headers=headers)

    assert with_three == with_one


def test_signed_in_page_from_the_cache_carries_the_viewers_own_token_everywhere(client, cohort, chloe):
    busy_board(cohort, 3)
    SignupFactory(cohort=cohort, user=chloe)
    client.force_login(chloe)

    def check() -> None:
        client.get(cohort.get_absolute_url())
        page = client.get(cohort.get_absolute_url()).text  # both parts from the cache
        tokens = [*TOKEN.findall(page), *re.findall(r'"X-CSRFToken": "([^"]+)"', page)]
        secret = client.cookies["csrftoken"].value

        assert "csrf-token-of-this-visitor" not in page
        assert "<!--board" not in page
        assert len(tokens) > 3  # the open seats' forms, the footer's, the page's htmx header
        assert all(_unmask_cipher_token(token) == secret for token in tokens)
        assert page.count('class="card mastermind"') == 3

    in_one_minute(check)


def test_a_refused_seat_is_told_and_shown_taken_even_where_the_cached_board_still_has_it_open(
    client, cohort, alice, bob
):
    """Another process took the seat: here behind this process's cache (no version bump), as a cache per process is."""
    last_seat = MastermindFactory(cohort=cohort, capacity=2, leader=alice)
    SignupFactory(cohort=cohort, user=bob)
    client.force_login(bob)
    take = reverse("take_seat", args=[cohort.program.slug, cohort.slug, last_seat.pk])

    def check() -> None:
        assert "Take this seat" in card(client.get(cohort.get_absolute_url()).text, last_seat)
        seat(last_seat, UserFactory(display_name="Someone Faster"))

        refused = client.post(take, headers=HTMX)

        assert 400 <= refused.status_code < 500
        assert 'class="board-error" role="alert"' in refused.text
        assert "Someone Faster" in card(refused.text, last_seat)
        assert "Take this seat" not in card(refused.text, last_seat)

    in_one_minute(check)


def card(html: str, mastermind: Mastermind) -> str:
    return html.split(f'id="m{mastermind.pk}"', 1)[1].split("</article>", 1)[0]
