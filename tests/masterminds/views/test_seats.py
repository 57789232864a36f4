"""Board POST actions (hotseat/masterminds/views/seats.py): who may do what, htmx partials, refusals, CSRF, withdraw."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hotseat.masterminds import actions
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.programs.actions import close_signup
from hotseat.programs.models import Signup
from tests.factories import CohortFactory, SignupFactory, UserFactory
from tests.groups import group_led_by
from tests.programs.addresses import login_url

HTMX = {"HX-Request": "true"}


@pytest.fixture
def group(cohort, alice, chloe, dev, erin) -> Mastermind:
    """Alice leads group 1 with Chloe in it; Dev is accepted without a seat; Erin waits for review."""
    for person in (alice, chloe, dev):
        SignupFactory(cohort=cohort, user=person)
    SignupFactory(cohort=cohort, user=erin, status=Signup.Status.PENDING)
    mastermind = actions.lead_mastermind(cohort, alice, title="Growing a forum")
    actions.take_seat(mastermind, chloe)
    return mastermind


def url(name: str, cohort, mastermind: Mastermind | None = None) -> str:
    args = [cohort.program.slug, cohort.slug]
    if mastermind is not None:
        args.append(mastermind.pk)
    return reverse(name, args=args)


def board_state(cohort) -> tuple:
    """Everything a board action can change, to tell whether a request changed anything."""
    seats = tuple(
        Membership.objects.filter(cohort=cohort, left_at__isnull=True)
        .order_by("pk")
        .values_list("mastermind_id", "user_id", "role")
    )
    groups = tuple(cohort.masterminds.order_by("pk").values_list("pk", "state", "capacity"))
    signups = tuple(
        cohort.signups.order_by("pk").values_list("user_id", "status", "waitlist_mastermind_id", "offer_mastermind_id")
    )
    return seats, groups, signups


# (action, url name, needs the group in the url, POST data)
ACTIONS = {
    "lead": ("lead", False, {"title": "Moderation at scale", "capacity": "4"}),
    "take seat": ("take_seat", True, {}),
    "leave seat": ("leave_seat", False, {}),
    "join waitlist": ("join_waitlist", False, {}),
    "leave waitlist": ("leave_waitlist", False, {}),
    "set capacity": ("set_capacity", True, {"capacity": "5"}),
}

SIGN_UP_FIRST = (409, "Sign up for this cohort first.")
IN_REVIEW = (409, "Your signup is waiting for an organizer")
HAS_SEAT = (409, "You already have a seat in Group 1: Growing a forum")
NO_SEAT = (409, "You have no seat in this cohort.")
NOT_WAITING = (409, "You are not on the waitlist.")
LEADER_ONLY = (409, "Only the leader of this mastermind can change its seats.")

# Who gets what, for every board action. "outsider" is signed in with no signup; "organizer" runs the program.
MATRIX = {
    "lead": {
        "outsider": SIGN_UP_FIRST,
        "pending": IN_REVIEW,
        "accepted": (200, "You lead Group 2: Moderation at scale."),
        "member": HAS_SEAT,
        "leader": HAS_SEAT,
        "organizer": SIGN_UP_FIRST,
    },
    "take seat": {
        "outsider": SIGN_UP_FIRST,
        "pending": IN_REVIEW,
        "accepted": (200, "You have a seat in Group 1: Growing a forum."),
        "member": HAS_SEAT,
        "leader": HAS_SEAT,
        "organizer": SIGN_UP_FIRST,
    },
    "leave seat": {
        "outsider": NO_SEAT,
        "pending": NO_SEAT,
        "accepted": NO_SEAT,
        "member": (200, "You left your seat; it is open again."),
        "leader": (200, "You left your seat; it is open again."),
        "organizer": NO_SEAT,
    },
    "join waitlist": {
        "outsider": SIGN_UP_FIRST,
        "pending": IN_REVIEW,
        "accepted": (200, "You are on the waitlist for any group."),
        "member": HAS_SEAT,
        "leader": HAS_SEAT,
        "organizer": SIGN_UP_FIRST,
    },
    "leave waitlist": {
        "outsider": SIGN_UP_FIRST,
        "pending": IN_REVIEW,
        "accepted": NOT_WAITING,
        "member": NOT_WAITING,
        "leader": NOT_WAITING,
        "organizer": SIGN_UP_FIRST,
    },
    "set capacity": {
        "outsider": LEADER_ONLY,
        "pending": LEADER_ONLY,
        "accepted": LEADER_ONLY,
        "member": LEADER_ONLY,
        "leader": (200, "Group 1: Growing a forum now has 5 seats."),
        "organizer": LEADER_ONLY,
    },
}

CASES = [(action, actor) for action, row in MATRIX.items() for actor in row]


@pytest.mark.parametrize(("action", "actor"), CASES, ids=[f"{a}-{b}" for a, b in CASES])
def test_board_action_answers_each_kind_of_person(
    client, cohort, group, organizer, bob, alice, chloe, dev, erin, action, actor
):
    people = {
        "outsider": bob,
        "pending": erin,
        "accepted": dev,
        "member": chloe,
        "leader": alice,
        "organizer": organizer,
    }
    name, in_group, data = ACTIONS[action]
    expected_status, expected_text = MATRIX[action][actor]
    client.force_login(people[actor])
    before = board_state(cohort)

    response = client.post(url(name, cohort, group if in_group else None), data, headers=HTMX)

    assert response.status_code == expected_status
    assert expected_text.replace("'", "&#x27;") in response.text
    assert response.text.lstrip().startswith('<div id="board"')
    if expected_status == 200:
        assert board_state(cohort) != before
    else:
        assert board_state(cohort) == before


@pytest.mark.parametrize("action", ACTIONS)
def test_board_action_sends_anonymous_people_to_log_in(client, cohort, group, action):
    name, in_group, data = ACTIONS[action]
    target = url(name, cohort, group if in_group else None)
    before = board_state(cohort)

    response = client.post(target, data, headers=HTMX)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={target}"
    assert board_state(cohort) == before


@pytest.mark.parametrize("action", ACTIONS)
def test_board_action_refuses_a_forged_post_without_csrf_token(cohort, group, alice, dev, action):
    name, in_group, data = ACTIONS[action]
    forger = Client(enforce_csrf_checks=True)
    forger.force_login(alice if action == "set capacity" else dev)
    before = board_state(cohort)

    response = forger.post(url(name, cohort, group if in_group else None), data)

    assert response.status_code == 403
    assert board_state(cohort) == before


def test_board_action_accepts_a_post_with_the_csrf_token_from_the_board(cohort, group, dev):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(dev)
    browser.get(cohort.get_absolute_url())
    token = browser.cookies["csrftoken"].value

    response = browser.post(url("take_seat", cohort, group), headers={**HTMX, "X-CSRFToken": token})

    assert response.status_code == 200
    assert Membership.objects.filter(user=dev, mastermind=group, left_at__isnull=True).exists()


@pytest.mark.parametrize("action", ACTIONS)
def test_board_action_refuses_get(client, cohort, group, dev, action):
    name, in_group, _ = ACTIONS[action]
    client.force_login(dev)

    response = client.get(url(name, cohort, group if in_group else None))

    assert response.status_code == 405


# Without htmx: redirect back to the board with a message --------------------------------


def test_take_seat_without_htmx_redirects_to_the_board_with_a_message(client, cohort, group, dev):
    client.force_login(dev)

    response = client.post(url("take_seat", cohort, group), follow=True)

    assert response.redirect_chain == [(cohort.get_absolute_url(), 302)]
    assert "You have a seat in Group 1: Growing a forum." in response.text
    assert Membership.objects.filter(user=dev, mastermind=group, left_at__isnull=True).exists()


def test_refusal_without_htmx_redirects_to_the_board_with_the_reason(client, cohort, group, dev):
    for _ in range(2):
        actions.take_seat(group, SignupFactory(cohort=cohort, user=UserFactory()).user)
    client.force_login(dev)

    response = client.post(url("take_seat", cohort, group), follow=True)

    assert response.redirect_chain == [(cohort.get_absolute_url(), 302)]
    assert "Sorry, the last seat in Group 1: Growing a forum was just taken." in response.text
    assert not Membership.objects.filter(user=dev).exists()


def test_take_seat_in_a_full_group_is_refused_with_409_and_the_waitlist_button(client, cohort, group, dev):
    for _ in range(2):
        actions.take_seat(group, SignupFactory(cohort=cohort, user=UserFactory()).user)
    client.force_login(dev)

    response = client.post(url("take_seat", cohort, group), headers=HTMX)

    assert response.status_code == 409
    assert (
        "Sorry, the last seat in Group 1: Growing a forum was just taken. You can join its waitlist." in response.text
    )
    assert "Wait for a seat here" in response.text


def test_take_seat_of_a_group_in_another_cohort_is_404(client, program, cohort, group, dev):
    other_cohort = CohortFactory(program=program)

    client.force_login(dev)
    response = client.post(url("take_seat", other_cohort, group), headers=HTMX)

    assert response.status_code == 404
    assert not Membership.objects.filter(user=dev).exists()


def test_join_waitlist_for_one_group(client, cohort, group, dev):
    client.force_login(dev)

    response = client.post(url("join_waitlist", cohort), {"mastermind": str(group.pk)}, headers=HTMX)

    assert response.status_code == 200
    assert "You are on the waitlist for Group 1: Growing a forum." in response.text
    assert Signup.objects.get(user=dev).waitlist_mastermind == group


def test_join_waitlist_for_an_unknown_group_is_404(client, cohort, group, dev):
    client.force_login(dev)

    response = client.post(url("join_waitlist", cohort), {"mastermind": "999999"}, headers=HTMX)

    assert response.status_code == 404
    assert Signup.objects.get(user=dev).status == Signup.Status.ACCEPTED


def test_leave_waitlist_as_a_waitlisted_person(client, cohort, group, dev):
    actions.join_waitlist(cohort, dev)
    client.force_login(dev)

    response = client.post(url("leave_waitlist", cohort), headers=HTMX)

    assert response.status_code == 200
    assert "You left the waitlist." in response.text
    assert Signup.objects.get(user=dev).status == Signup.Status.ACCEPTED


def test_take_held_seat_as_its_holder(client, cohort, group, alice, chloe, dev, erin):
    for _ in range(2):
        actions.take_seat(group, SignupFactory(cohort=cohort, user=UserFactory()).user)
    actions.join_waitlist(cohort, dev)
    actions.leave_seat(cohort, chloe)
    client.force_login(dev)
    board = client.get(cohort.get_absolute_url())
    assert "Take my held seat" in board.text

    response = client.post(url("take_seat", cohort, group), headers=HTMX)

    assert response.status_code == 200
    assert Membership.objects.filter(user=dev, mastermind=group, left_at__isnull=True).exists()


# The lead form: 422 on invalid input, 409 on refusal, the typing kept either way ---------


def test_lead_with_invalid_form_is_422_and_keeps_the_typing(client, cohort, group, dev):
    client.force_login(dev)

    response = client.post(
        url("lead", cohort),
        {"title": "", "focus": "Onboarding new moderators", "preferred_times": "Tue 17:00 Paris", "capacity": "9"},
        headers=HTMX,
    )

    assert response.status_code == 422
    assert "This field is required." in response.text
    assert "Ensure this value is less than or equal to 8." in response.text
    assert "Onboarding new moderators</textarea>" in response.text
    assert 'value="Tue 17:00 Paris"' in response.text
    assert 'value="9"' in response.text
    assert cohort.masterminds.count() == 1


def test_lead_refused_after_signup_closed_is_409_and_keeps_the_typing(client, cohort, group, dev):
    client.force_login(dev)
    close_signup(cohort)

    response = client.post(
        url("lead", cohort),
        {"title": "Moderation at scale", "focus": "Onboarding new moderators", "capacity": "6"},
        headers=HTMX,
    )

    assert response.status_code == 409
    assert "Sign-up for this cohort is closed." in response.text
    assert 'value="Moderation at scale"' in response.text
    assert "Onboarding new moderators</textarea>" in response.text
    assert 'value="6"' in response.text
    assert cohort.masterminds.count() == 1


def test_lead_refused_for_someone_seated_is_409_and_keeps_the_typing(client, cohort, group, chloe):
    client.force_login(chloe)

    response = client.post(
        url("lead", cohort), {"title": "Moderation at scale", "focus": "Onboarding", "capacity": "4"}, headers=HTMX
    )

    assert response.status_code == 409
    assert "You already have a seat in Group 1" in response.text
    assert 'value="Moderation at scale"' in response.text
    assert cohort.masterminds.count() == 1


def test_lead_without_htmx_refused_renders_the_whole_page_with_409(client, cohort, group, chloe):
    client.force_login(chloe)

    response = client.post(url("lead", cohort), {"title": "Moderation at scale", "capacity": "4"})

    assert response.status_code == 409
    assert "<html" in response.text
    assert "You already have a seat in Group 1" in response.text


def test_lead_creates_the_group_with_the_typed_details(client, cohort, group, dev):
    client.force_login(dev)

    response = client.post(
        url("lead", cohort),
        {"title": "Moderation at scale", "focus": "Onboarding", "preferred_times": "Thu 18:00 London", "capacity": "6"},
    )

    assert response.status_code == 302
    created = cohort.masterminds.get(number=2)
    assert (created.title, created.focus, created.preferred_times, created.capacity) == (
        "Moderation at scale",
        "Onboarding",
        "Thu 18:00 London",
        6,
    )
    assert Membership.objects.get(user=dev, left_at__isnull=True).role == Membership.Role.LEADER


# set_capacity ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "error"),
    [("9", "less than or equal to 8"), ("3", "greater than or equal to 4"), ("many", "whole number")],
)
def test_set_capacity_with_invalid_number_is_422(client, cohort, group, alice, typed, error):
    client.force_login(alice)

    response = client.post(url("set_capacity", cohort, group), {"capacity": typed}, headers=HTMX)

    assert response.status_code == 422
    assert error in response.text
    group.refresh_from_db()
    assert group.capacity == 4


def test_set_capacity_below_seats_taken_is_409(client, cohort, group, alice):
    actions.set_capacity(group, 6)
    for _ in range(3):
        actions.take_seat(group, SignupFactory(cohort=cohort, user=UserFactory()).user)
    client.force_login(alice)

    response = client.post(url("set_capacity", cohort, group), {"capacity": "4"}, headers=HTMX)

    assert response.status_code == 409
    assert "already has 5 seats taken or held" in response.text
    group.refresh_from_db()
    assert group.capacity == 6


def test_set_capacity_by_a_former_leader_is_refused(client, cohort, group, alice, chloe):
    actions.leave_seat(cohort, alice)
    client.force_login(alice)

    response = client.post(url("set_capacity", cohort, group), {"capacity": "5"}, headers=HTMX)

    assert response.status_code == 409
    group.refresh_from_db()
    assert group.capacity == 4
    client.force_login(chloe)
    assert client.post(url("set_capacity", cohort, group), {"capacity": "5"}, headers=HTMX).status_code == 200


def test_hold_expiry_is_shown_to_its_holder(client, cohort, group, chloe, dev):
    for _ in range(2):
        actions.take_seat(group, SignupFactory(cohort=cohort, user=UserFactory()).user)
    actions.join_waitlist(cohort, dev)
    actions.leave_seat(cohort, chloe)
    Signup.objects.filter(user=dev).update(offer_expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(dev)

    response = client.get(cohort.get_absolute_url())

    assert "Take my held seat" not in response.text
    assert "Take this seat" in response.text


def test_board_returned_by_an_action_keeps_polling_the_board_not_the_action(client, cohort, group, dev):
    client.force_login(dev)

    response = client.post(url("take_seat", cohort, group), headers=HTMX)

    assert response.status_code == 200
    assert f'hx-get="{cohort.get_absolute_url()}"' in response.text
    assert f'hx-get="{url("take_seat", cohort, group)}"' not in response.text


# withdraw --------------------------------------------------------------------------------


def test_withdraw_own_signup_gives_back_the_seat(client, cohort, alice, bob):
    mastermind = group_led_by(cohort, alice, bob)
    signup = Signup.objects.get(cohort=cohort, user=bob)
    client.force_login(bob)

    response = client.post(reverse("withdraw", args=[signup.pk]), follow=True)

    assert response.redirect_chain == [(cohort.get_absolute_url(), 302)]
    assert "You have withdrawn from" in response.text
    signup.refresh_from_db()
    assert signup.status == Signup.Status.WITHDRAWN
    assert not Membership.objects.filter(mastermind=mastermind, user=bob, left_at__isnull=True).exists()


def test_withdraw_of_another_persons_signup_is_404(client, cohort, alice, bob):
    group_led_by(cohort, alice, bob)
    signup = Signup.objects.get(cohort=cohort, user=bob)
    client.force_login(alice)

    response = client.post(reverse("withdraw", args=[signup.pk]))

    assert response.status_code == 404
    signup.refresh_from_db()
    assert signup.status == Signup.Status.PLACED


def test_withdraw_needs_a_login(client, cohort, bob):
    signup = SignupFactory(cohort=cohort, user=bob)
    target = reverse("withdraw", args=[signup.pk])

    response = client.post(target)

    assert response["Location"] == login_url(target)
    signup.refresh_from_db()
    assert signup.status == Signup.Status.ACCEPTED


def test_withdraw_refuses_get_and_forged_posts(cohort, bob):
    signup = SignupFactory(cohort=cohort, user=bob)
    target = reverse("withdraw", args=[signup.pk])
    forger = Client(enforce_csrf_checks=True)
    forger.force_login(bob)

    assert forger.get(target).status_code == 405
    assert forger.post(target).status_code == 403
    signup.refresh_from_db()
    assert signup.status == Signup.Status.ACCEPTED
