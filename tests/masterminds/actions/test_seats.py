"""Seats on the board (hotseat/masterminds/actions/seats.py).

Lead a group, take and leave a seat, capacity, the forming → formed transition, withdraw a signup.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from hotseat.masterminds import actions
from hotseat.masterminds.errors import BoardError
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.notify.models import Notification
from hotseat.programs.actions import close_signup
from hotseat.programs.models import Signup
from tests.factories import CohortFactory, SignupFactory, UserFactory
from tests.groups import full_group
from tests.masterminds.seating import accept, active_names, mails_to, signup_of

# lead_mastermind ---------------------------------------------------------------------------


def test_lead_mastermind_seats_the_leader_in_a_new_forming_group(cohort, alice):
    accept(cohort, alice)

    mastermind = actions.lead_mastermind(
        cohort, alice, title="Growing a forum", focus="Onboarding", preferred_times="Tue 17:00 Paris"
    )

    mastermind.refresh_from_db()
    assert (mastermind.number, mastermind.title, mastermind.focus) == (1, "Growing a forum", "Onboarding")
    assert mastermind.state == Mastermind.State.FORMING
    assert mastermind.capacity == cohort.program.group_size
    leader = Membership.objects.get(mastermind=mastermind, left_at__isnull=True)
    assert (leader.user, leader.role, leader.cohort) == (alice, Membership.Role.LEADER, cohort)
    assert signup_of(cohort, alice).status == Signup.Status.PLACED


def test_lead_mastermind_numbers_groups_in_order(cohort, alice, bob):
    accept(cohort, alice, bob)

    first = actions.lead_mastermind(cohort, alice, title="One")
    second = actions.lead_mastermind(cohort, bob, title="Two")

    assert (first.number, second.number) == (1, 2)


def test_lead_mastermind_accepts_capacity_up_to_program_maximum(cohort, alice):
    accept(cohort, alice)

    mastermind = actions.lead_mastermind(cohort, alice, title="Big", capacity=cohort.program.max_group_size)

    assert mastermind.capacity == 8


def test_lead_mastermind_refuses_capacity_above_program_maximum(cohort, alice):
    accept(cohort, alice)

    with pytest.raises(BoardError, match="at most 8 seats"):
        actions.lead_mastermind(cohort, alice, title="Too big", capacity=9)

    assert not Mastermind.objects.exists()
    assert signup_of(cohort, alice).status == Signup.Status.ACCEPTED


def test_lead_mastermind_refuses_capacity_below_people_needed_to_start(cohort, alice):
    accept(cohort, alice)

    with pytest.raises(BoardError, match="at least 4 seats"):
        actions.lead_mastermind(cohort, alice, title="Too small", capacity=3)

    assert not Mastermind.objects.exists()


def test_lead_mastermind_refuses_a_second_seat_in_the_cohort(cohort, alice, bob):
    mastermind = full_group(cohort, alice, bob)

    with pytest.raises(BoardError, match="already have a seat in Group 1"):
        actions.lead_mastermind(cohort, bob, title="Another one")

    assert Mastermind.objects.count() == 1
    assert active_names(mastermind) == ["Alice", "Bob"]


def test_lead_mastermind_refuses_when_signup_is_closed(cohort, alice):
    accept(cohort, alice)
    cohort = close_signup(cohort)

    with pytest.raises(BoardError, match="closed"):
        actions.lead_mastermind(cohort, alice, title="Late")

    assert not Mastermind.objects.exists()


def test_lead_mastermind_refuses_before_signup_opens(program, alice):
    cohort = CohortFactory(program=program, signup_opens_at=timezone.now() + timedelta(days=1))
    accept(cohort, alice)

    with pytest.raises(BoardError, match="closed"):
        actions.lead_mastermind(cohort, alice, title="Early")


# Who may act on the board ------------------------------------------------------------------


BOARD_ACTIONS = {
    "lead": lambda cohort, person, m: actions.lead_mastermind(cohort, person, title="Mine"),
    "take": lambda cohort, person, m: actions.take_seat(m, person),
    "waitlist": lambda cohort, person, m: actions.join_waitlist(cohort, person),
    "leave waitlist": lambda cohort, person, m: actions.leave_waitlist(cohort, person),
}


@pytest.mark.parametrize("action", BOARD_ACTIONS)
@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Signup.Status.PENDING, "waiting for an organizer's review"),
        (Signup.Status.DECLINED, "not active"),
        (Signup.Status.WITHDRAWN, "not active"),
        (None, "Sign up for this cohort first"),
    ],
)
def test_board_actions_refuse_a_signup_that_is_not_accepted(cohort, alice, erin, action, status, message):
    mastermind = full_group(cohort, alice)
    if status is not None:
        SignupFactory(cohort=cohort, user=erin, status=status)

    with pytest.raises(BoardError, match=message):
        BOARD_ACTIONS[action](cohort, erin, mastermind)

    assert not Membership.objects.filter(user=erin).exists()
    assert Mastermind.objects.count() == 1
    if status is not None:
        assert signup_of(cohort, erin).status == status


# take_seat -------------------------------------------------------------------------------


def test_take_seat_seats_an_accepted_person_as_member(cohort, alice, bob):
    mastermind = full_group(cohort, alice)
    accept(cohort, bob)

    membership = actions.take_seat(mastermind, bob)

    assert (membership.mastermind, membership.role) == (mastermind, Membership.Role.MEMBER)
    assert active_names(mastermind) == ["Alice", "Bob"]
    assert signup_of(cohort, bob).status == Signup.Status.PLACED


def test_take_seat_refuses_a_full_group_and_offers_the_waitlist(cohort, alice, bob, chloe, dev, erin):
    mastermind = full_group(cohort, alice, bob, chloe, dev)
    accept(cohort, erin)

    with pytest.raises(BoardError, match="last seat in Group 1") as refused:
        actions.take_seat(mastermind, erin)

    assert refused.value.offer_waitlist is True
    assert not Membership.objects.filter(user=erin).exists()
    assert signup_of(cohort, erin).status == Signup.Status.ACCEPTED


def test_take_seat_refuses_a_second_seat_in_the_same_cohort(cohort, alice, bob, chloe):
    first = full_group(cohort, alice, chloe)
    accept(cohort, bob)
    second = actions.lead_mastermind(cohort, bob, title="Second")

    with pytest.raises(BoardError, match="already have a seat in Group 1"):
        actions.take_seat(second, chloe)

    assert active_names(first) == ["Alice", "Chloe"]
    assert active_names(second) == ["Bob"]


def test_take_seat_allows_a_seat_in_another_cohort(program, cohort, alice, bob, chloe):
    first = full_group(cohort, alice)
    other_cohort = CohortFactory(program=program)
    second = full_group(other_cohort, bob)
    accept(cohort, chloe)
    accept(other_cohort, chloe)
    actions.take_seat(first, chloe)

    actions.take_seat(second, chloe)

    assert Membership.objects.filter(user=chloe, left_at__isnull=True).count() == 2


def test_one_active_seat_per_cohort_constraint_backs_the_rule(cohort, alice, bob, chloe):
    first = full_group(cohort, alice, bob)
    second = full_group(cohort, chloe)

    with pytest.raises(IntegrityError, match=r"one_active_seat_per_cohort|UNIQUE"), transaction.atomic():
        Membership.objects.create(mastermind=second, cohort=cohort, user=bob)

    assert active_names(first) == ["Alice", "Bob"]
    assert active_names(second) == ["Chloe"]


def test_one_active_seat_per_cohort_constraint_allows_a_new_seat_after_leaving(cohort, alice, bob, chloe):
    first = full_group(cohort, alice, bob)
    accept(cohort, chloe)
    second = actions.lead_mastermind(cohort, chloe, title="Second")
    actions.leave_seat(cohort, bob)

    actions.take_seat(second, bob)

    assert Membership.objects.filter(user=bob).count() == 2
    assert active_names(first) == ["Alice"]
    assert active_names(second) == ["Chloe", "Bob"]


def test_take_seat_refuses_when_signup_is_closed(cohort, alice, bob):
    mastermind = full_group(cohort, alice)
    accept(cohort, bob)
    close_signup(cohort)

    with pytest.raises(BoardError, match="closed"):
        actions.take_seat(mastermind, bob)

    assert active_names(mastermind) == ["Alice"]


@pytest.mark.parametrize("state", [Mastermind.State.RUNNING, Mastermind.State.FINISHED, Mastermind.State.DISBANDED])
def test_take_seat_refuses_a_group_that_is_no_longer_open(cohort, alice, bob, state):
    mastermind = full_group(cohort, alice)
    Mastermind.objects.filter(pk=mastermind.pk).update(state=state)
    accept(cohort, bob)

    with pytest.raises(BoardError, match="takes no new members"):
        actions.take_seat(mastermind, bob)


# forming → formed ------------------------------------------------------------------------


def test_take_seat_forms_the_group_at_min_to_start_including_the_leader(cohort, alice, bob, chloe, dev):
    mastermind = full_group(cohort, alice, bob)
    accept(cohort, chloe, dev)
    actions.take_seat(mastermind, chloe)
    mastermind.refresh_from_db()
    assert mastermind.state == Mastermind.State.FORMING

    actions.take_seat(mastermind, dev)

    mastermind.refresh_from_db()
    assert mastermind.state == Mastermind.State.FORMED
    assert mastermind.formed_at is not None


def test_formed_group_emails_every_member_each_others_names_and_zones(
    cohort, alice, bob, chloe, dev, outbox, django_capture_on_commit_callbacks
):
    mastermind = full_group(cohort, alice, bob, chloe)
    accept(cohort, dev)

    with django_capture_on_commit_callbacks(execute=True):
        actions.take_seat(mastermind, dev)

    formed = [m for m in outbox if "formed" in m.subject]
    assert sorted(m.to[0] for m in formed) == sorted(p.email for p in (alice, bob, chloe, dev))
    for message in formed:
        assert "Group 1: Growing a forum" in message.subject
        html = message.alternatives[0].content
        for person in (alice, bob, chloe, dev):
            assert f"{person.name} <{person.email}>" in message.body
            assert person.time_zone in message.body
            assert person.name in html
            assert person.time_zone in html
        assert "Alice <alice@example.com> (leader), America/New_York" in message.body


def test_formed_group_tells_the_leader_to_contact_the_group_and_pick_a_call_time(
    cohort, alice, bob, chloe, dev, outbox, django_capture_on_commit_callbacks
):
    mastermind = full_group(cohort, alice, bob, chloe)
    accept(cohort, dev)

    with django_capture_on_commit_callbacks(execute=True):
        actions.take_seat(mastermind, dev)

    (to_leader,) = mails_to(outbox, alice)
    assert "Next step: contact your group and pick a weekly call time" in to_leader.body
    (to_member,) = mails_to(outbox, bob)
    assert "contact your group" not in to_member.body
    assert "your leader, Alice, will contact you" in to_member.body


def test_joining_a_formed_group_sends_no_second_formed_email(
    cohort, alice, bob, chloe, dev, erin, outbox, django_capture_on_commit_callbacks
):
    mastermind = full_group(cohort, alice, bob, chloe, capacity=5)
    accept(cohort, dev)
    with django_capture_on_commit_callbacks(execute=True):
        actions.take_seat(mastermind, dev)
    outbox.clear()
    accept(cohort, erin)

    with django_capture_on_commit_callbacks(execute=True):
        actions.take_seat(mastermind, erin)

    assert outbox == []
    mastermind.refresh_from_db()
    assert mastermind.state == Mastermind.State.FORMED


def test_leave_seat_from_a_formed_group_drops_it_back_to_forming(cohort, alice, bob, chloe, dev):
    mastermind = full_group(cohort, alice, bob, chloe, dev)
    mastermind.refresh_from_db()
    assert mastermind.state == Mastermind.State.FORMED

    actions.leave_seat(cohort, chloe)

    mastermind.refresh_from_db()
    assert mastermind.state == Mastermind.State.FORMING
    assert active_names(mastermind) == ["Alice", "Bob", "Dev"]
    assert signup_of(cohort, chloe).status == Signup.Status.ACCEPTED


# leave_seat ------------------------------------------------------------------------------


def test_leave_seat_by_the_leader_promotes_the_longest_seated_member(cohort, alice, bob, chloe):
    mastermind = full_group(cohort, alice, chloe, bob)

    actions.leave_seat(cohort, alice)

    leader = Membership.objects.get(mastermind=mastermind, left_at__isnull=True, role=Membership.Role.LEADER)
    assert leader.user == chloe
    assert active_names(mastermind) == ["Chloe", "Bob"]
    mastermind.refresh_from_db()
    assert mastermind.state == Mastermind.State.FORMING


def test_leave_seat_by_the_last_person_disbands_the_group(cohort, alice, bob):
    mastermind = full_group(cohort, alice)
    accept(cohort, bob)
    actions.join_waitlist(cohort, bob, mastermind)

    actions.leave_seat(cohort, alice)

    mastermind.refresh_from_db()
    assert mastermind.state == Mastermind.State.DISBANDED
    assert signup_of(cohort, alice).status == Signup.Status.ACCEPTED
    bob_signup = signup_of(cohort, bob)
    assert bob_signup.waitlist_mastermind is None  # still waiting, now for any group
    assert bob_signup.offer_mastermind is None
    assert bob_signup.status == Signup.Status.WAITLISTED


def test_leave_seat_keeps_the_seat_history(cohort, alice, bob):
    full_group(cohort, alice, bob)

    actions.leave_seat(cohort, bob)

    left = Membership.objects.get(user=bob)
    assert left.left_at is not None


def test_leave_seat_refuses_someone_without_a_seat(cohort, alice, bob):
    full_group(cohort, alice)
    accept(cohort, bob)

    with pytest.raises(BoardError, match="no seat"):
        actions.leave_seat(cohort, bob)


# set_capacity ----------------------------------------------------------------------------


def test_set_capacity_raises_seats_and_offers_them_to_the_waitlist(cohort, alice, bob, chloe, dev, erin):
    mastermind = full_group(cohort, alice, bob, chloe, dev)
    accept(cohort, erin)
    actions.join_waitlist(cohort, erin)

    actions.set_capacity(mastermind, 6)

    mastermind.refresh_from_db()
    assert mastermind.capacity == 6
    assert signup_of(cohort, erin).offer_mastermind == mastermind


def test_set_capacity_lowers_seats_down_to_those_taken(cohort, alice, bob, chloe, dev):
    mastermind = full_group(cohort, alice, bob, chloe, dev, capacity=6)

    actions.set_capacity(mastermind, 4)

    mastermind.refresh_from_db()
    assert mastermind.capacity == 4


def test_set_capacity_refuses_above_the_program_maximum(cohort, alice):
    mastermind = full_group(cohort, alice)

    with pytest.raises(BoardError, match="at most 8"):
        actions.set_capacity(mastermind, 9)

    mastermind.refresh_from_db()
    assert mastermind.capacity == 4


def test_set_capacity_refuses_below_people_needed_to_start(cohort, alice):
    mastermind = full_group(cohort, alice)

    with pytest.raises(BoardError, match="at least 4"):
        actions.set_capacity(mastermind, 3)


def test_set_capacity_refuses_below_seats_taken(cohort, alice, bob, chloe, dev, erin):
    mastermind = full_group(cohort, alice, bob, chloe, dev, erin, capacity=6)

    with pytest.raises(BoardError, match="already has 5 seats taken or held"):
        actions.set_capacity(mastermind, 4)

    mastermind.refresh_from_db()
    assert mastermind.capacity == 6


def test_set_capacity_refuses_below_seats_taken_plus_held(cohort, alice, bob, chloe, dev, erin):
    mastermind = full_group(cohort, alice, bob, chloe, dev, capacity=5)
    frank = UserFactory()
    accept(cohort, erin, frank)
    actions.take_seat(mastermind, erin)
    actions.join_waitlist(cohort, frank)
    actions.leave_seat(cohort, erin)  # 4 taken, 1 held for frank

    with pytest.raises(BoardError, match="already has 5 seats taken or held"):
        actions.set_capacity(mastermind, 4)

    mastermind.refresh_from_db()
    assert mastermind.capacity == 5


def test_take_seat_sends_seats_changed_once(cohort, alice, bob, heard_seats):
    mastermind = full_group(cohort, alice)
    accept(cohort, bob)
    heard_seats.clear()

    actions.take_seat(mastermind, bob)

    assert heard_seats == [mastermind.pk]


def test_leave_seat_sends_seats_changed_once_after_the_group_is_disbanded(cohort, alice, heard_seats):
    mastermind = full_group(cohort, alice)
    heard_seats.clear()

    actions.leave_seat(cohort, alice)

    assert heard_seats == [mastermind.pk]
    mastermind.refresh_from_db()
    assert mastermind.state == Mastermind.State.DISBANDED


# the moment an action is given ---------------------------------------------------------------


def test_lead_mastermind_and_take_seat_record_the_moment_they_are_given(cohort, alice, bob, chloe, dev):
    accept(cohort, alice, bob, chloe, dev)
    moment = timezone.now() - timedelta(hours=5)

    mastermind = actions.lead_mastermind(cohort, alice, title="Back then", now=moment)
    for hours, member in enumerate([bob, chloe, dev], start=1):
        actions.take_seat(mastermind, member, now=moment + timedelta(hours=hours))

    mastermind.refresh_from_db()
    assert mastermind.created_at == moment
    joined = dict(Membership.objects.filter(mastermind=mastermind).values_list("user__display_name", "joined_at"))
    assert joined == {name: moment + timedelta(hours=h) for h, name in enumerate(["Alice", "Bob", "Chloe", "Dev"])}
    assert mastermind.formed_at == moment + timedelta(hours=3)
    formed = Notification.objects.filter(kind="mastermind_formed")
    assert {(n.created_at, n.due_at) for n in formed} == {(moment + timedelta(hours=3),) * 2}


# withdraw_signup -------------------------------------------------------------------------


def test_withdraw_signup_of_a_pending_person(cohort, bob):
    pending = SignupFactory(cohort=cohort, user=bob, status=Signup.Status.PENDING)

    actions.withdraw_signup(pending)

    assert signup_of(cohort, bob).status == Signup.Status.WITHDRAWN


def test_withdraw_signup_gives_the_seat_back_and_offers_it_to_the_waitlist(
    cohort, alice, bob, chloe, dev, erin, outbox, django_capture_on_commit_callbacks
):
    mastermind = full_group(cohort, alice, bob, chloe, dev)
    SignupFactory(cohort=cohort, user=erin)
    actions.join_waitlist(cohort, erin)

    with django_capture_on_commit_callbacks(execute=True):
        actions.withdraw_signup(signup_of(cohort, bob))

    assert signup_of(cohort, bob).status == Signup.Status.WITHDRAWN
    assert not Membership.objects.filter(user=bob, left_at__isnull=True).exists()
    mastermind.refresh_from_db()
    assert mastermind.state == Mastermind.State.FORMING
    assert signup_of(cohort, erin).offer_mastermind == mastermind
    assert [m.to for m in outbox] == [["erin@example.com"]]


def test_withdraw_signup_of_the_leader_promotes_the_next_member(cohort, alice, bob):
    mastermind = full_group(cohort, alice, bob)

    actions.withdraw_signup(signup_of(cohort, alice))

    assert Membership.objects.get(mastermind=mastermind, role="leader", left_at__isnull=True).user == bob


def test_withdraw_signup_passes_a_held_seat_to_the_next_person(cohort, alice, bob, chloe, dev, erin):
    mastermind = full_group(cohort, alice, bob, chloe, dev)
    frank = UserFactory()
    for person in (erin, frank):
        SignupFactory(cohort=cohort, user=person)
        actions.join_waitlist(cohort, person)
    actions.leave_seat(cohort, bob)

    actions.withdraw_signup(signup_of(cohort, erin))

    withdrawn = signup_of(cohort, erin)
    assert (withdrawn.status, withdrawn.offer_mastermind, withdrawn.waitlisted_at) == (
        Signup.Status.WITHDRAWN,
        None,
        None,
    )
    assert signup_of(cohort, frank).offer_mastermind == mastermind


def test_withdraw_signup_twice_changes_nothing(cohort, bob):
    signup = SignupFactory(cohort=cohort, user=bob)
    actions.withdraw_signup(signup)

    again = actions.withdraw_signup(signup)

    assert again.status == Signup.Status.WITHDRAWN
