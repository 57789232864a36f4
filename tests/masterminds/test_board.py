"""What the sign-up board shows (build_board), and that it costs a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hotseat.masterminds.board import build_board
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.programs.actions import close_signup
from hotseat.programs.models import Cohort, Signup
from tests.factories import MastermindFactory, SignupFactory, UserFactory, seat

HTMX = {"HX-Request": "true"}


def add_groups(cohort: Cohort, count: int) -> list[Mastermind]:
    """Groups as a busy board has them: a leader, two members, a held seat and someone waiting for it."""
    now = timezone.now()
    groups = []
    for _ in range(count):
        mastermind = MastermindFactory(cohort=cohort, capacity=5)
        seat(mastermind, UserFactory(), Membership.Role.LEADER)
        seat(mastermind, UserFactory())
        seat(mastermind, UserFactory())
        SignupFactory(
            cohort=cohort,
            status=Signup.Status.WAITLISTED,
            waitlisted_at=now,
            offer_mastermind=mastermind,
            offer_expires_at=now + timedelta(hours=1),
        )
        SignupFactory(cohort=cohort, status=Signup.Status.WAITLISTED, waitlisted_at=now, waitlist_mastermind=mastermind)
        groups.append(mastermind)
    disbanded = MastermindFactory(cohort=cohort, state=Mastermind.State.DISBANDED)
    Membership.objects.create(mastermind=disbanded, cohort=cohort, user=UserFactory(), left_at=now)
    return groups


def board_queries(client, cohort: Cohort, **kwargs) -> int:
    cache.clear()  # the anonymous board is cached (programs/board_cache.py): count a render, not a hit
    with CaptureQueriesContext(connection) as queries:
        response = client.get(cohort.get_absolute_url(), **kwargs)
    assert response.status_code == 200
    return len(queries)


# N+1 guard -------------------------------------------------------------------------------


def test_board_query_count_is_the_same_for_1_and_20_groups_when_anonymous(client, cohort, django_assert_num_queries):
    add_groups(cohort, 1)
    with_one = board_queries(client, cohort)
    with_one_htmx = board_queries(client, cohort, headers=HTMX)
    add_groups(cohort, 19)
    cache.clear()

    with django_assert_num_queries(with_one):
        response = client.get(cohort.get_absolute_url())
    cache.clear()
    with django_assert_num_queries(with_one_htmx):
        client.get(cohort.get_absolute_url(), headers=HTMX)

    assert response.text.count('class="card mastermind"') == 20
    assert with_one > 0


def test_board_query_count_is_the_same_for_1_and_20_groups_for_a_seated_viewer(
    client, cohort, alice, django_assert_num_queries
):
    (first,) = add_groups(cohort, 1)
    seat(first, alice)
    client.force_login(alice)
    with_one = board_queries(client, cohort)
    add_groups(cohort, 19)
    cache.clear()  # a render of the shared part too (test_board_cache.py counts a hit)

    with django_assert_num_queries(with_one):
        response = client.get(cohort.get_absolute_url())

    assert "You are the <strong>member</strong>" in response.text


def test_board_query_count_is_the_same_for_1_and_20_groups_for_someone_holding_a_seat(
    client, cohort, erin, django_assert_num_queries
):
    (first,) = add_groups(cohort, 1)
    SignupFactory(
        cohort=cohort,
        user=erin,
        status=Signup.Status.WAITLISTED,
        waitlisted_at=timezone.now(),
        waitlist_mastermind=first,
        offer_mastermind=first,
        offer_expires_at=timezone.now() + timedelta(hours=2),
    )
    client.force_login(erin)
    with_one = board_queries(client, cohort)
    add_groups(cohort, 19)
    cache.clear()  # a render of the shared part too (test_board_cache.py counts a hit)

    with django_assert_num_queries(with_one):
        response = client.get(cohort.get_absolute_url())

    assert "Take my held seat" in response.text


# build_board -----------------------------------------------------------------------------


def test_build_board_lists_open_groups_and_keeps_disbanded_ones_apart(cohort, alice, bob):
    open_group = MastermindFactory(cohort=cohort, title="Open")
    seat(open_group, alice, Membership.Role.LEADER)
    seat(open_group, bob)
    gone = MastermindFactory(cohort=cohort, title="Gone", state=Mastermind.State.DISBANDED)

    board = build_board(cohort, AnonymousUser(), timezone.now())

    (card,) = board.cards
    assert card.mastermind == open_group
    assert card.leader is not None
    assert card.leader.user == alice
    assert [m.user for m in card.members] == [bob]
    assert (card.taken, card.open_seats) == (2, 2)
    assert board.past == [gone]


def test_build_board_counts_held_seats_apart_from_open_ones(cohort, alice, erin):
    mastermind = MastermindFactory(cohort=cohort, capacity=4)
    seat(mastermind, alice, Membership.Role.LEADER)
    now = timezone.now()
    SignupFactory(
        cohort=cohort,
        user=erin,
        status=Signup.Status.WAITLISTED,
        waitlisted_at=now,
        offer_mastermind=mastermind,
        offer_expires_at=now + timedelta(hours=1),
    )

    (card,) = build_board(cohort, AnonymousUser(), now).cards

    assert [h.user for h in card.held] == [erin]
    assert card.open_seats == 2


def test_build_board_treats_an_expired_hold_as_an_open_seat(cohort, alice, erin):
    mastermind = MastermindFactory(cohort=cohort, capacity=4)
    seat(mastermind, alice, Membership.Role.LEADER)
    now = timezone.now()
    SignupFactory(
        cohort=cohort,
        user=erin,
        status=Signup.Status.WAITLISTED,
        waitlisted_at=now,
        offer_mastermind=mastermind,
        offer_expires_at=now - timedelta(minutes=1),
    )

    board = build_board(cohort, erin, now)

    (card,) = board.cards
    assert (card.held, card.open_seats) == ([], 3)
    assert board.viewer_offer is None


def test_build_board_shows_no_open_seats_in_a_running_group(cohort, alice):
    mastermind = MastermindFactory(cohort=cohort, capacity=6, state=Mastermind.State.RUNNING)
    seat(mastermind, alice, Membership.Role.LEADER)

    (card,) = build_board(cohort, AnonymousUser(), timezone.now()).cards

    assert card.open_seats == 0


def test_build_board_orders_the_waitlist_by_arrival_and_knows_the_viewers_place(cohort, bob, erin, dev):
    mastermind = MastermindFactory(cohort=cohort)
    now = timezone.now()
    SignupFactory(cohort=cohort, user=erin, status=Signup.Status.WAITLISTED, waitlisted_at=now)
    SignupFactory(
        cohort=cohort,
        user=bob,
        status=Signup.Status.WAITLISTED,
        waitlisted_at=now - timedelta(hours=1),
        waitlist_mastermind=mastermind,
    )
    SignupFactory(cohort=cohort, user=dev, status=Signup.Status.ACCEPTED)

    board = build_board(cohort, erin, now)

    assert [entry.user for entry in board.waitlist] == [bob, erin]
    assert board.waitlist_position == 2
    assert board.cards[0].waiting == 1
    assert build_board(cohort, dev, now).waitlist_position is None


def test_build_board_knows_the_viewers_signup_seat_and_held_seat(cohort, alice, bob, erin):
    mastermind = MastermindFactory(cohort=cohort)
    seat(mastermind, alice, Membership.Role.LEADER)
    now = timezone.now()
    held = SignupFactory(
        cohort=cohort,
        user=erin,
        status=Signup.Status.WAITLISTED,
        waitlisted_at=now,
        offer_mastermind=mastermind,
        offer_expires_at=now + timedelta(hours=1),
    )
    pending = SignupFactory(cohort=cohort, user=bob, status=Signup.Status.PENDING)

    as_leader = build_board(cohort, alice, now)
    as_holder = build_board(cohort, erin, now)
    as_pending = build_board(cohort, bob, now)

    assert as_leader.seat is not None
    assert as_leader.seat.user == alice
    assert as_leader.can_act
    assert (as_holder.seat, as_holder.viewer_offer) == (None, held)
    assert as_pending.signup == pending
    assert not as_pending.can_act


def test_build_board_knows_when_signup_is_closed(cohort):
    cohort = close_signup(cohort)

    board = build_board(cohort, AnonymousUser(), timezone.now())

    assert board.signup_open is False
    assert board.signup is None
