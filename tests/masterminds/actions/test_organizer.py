"""The organizer's tools (hotseat/masterminds/actions/organizer.py): move a person, merge two groups."""

from __future__ import annotations

import pytest

from hotseat.masterminds import actions
from hotseat.masterminds.errors import BoardError
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.programs.models import Signup
from tests.factories import CohortFactory, ProgramFactory, UserFactory
from tests.groups import full_group
from tests.masterminds.seating import accept, active_names, signup_of

# Organizer tools: move_person ------------------------------------------------------------


def test_move_person_moves_a_member_to_another_group(cohort, alice, bob, chloe):
    first = full_group(cohort, alice, bob)
    second = full_group(cohort, chloe)
    membership = Membership.objects.get(user=bob, left_at__isnull=True)

    moved = actions.move_person(membership, second)

    assert (moved.mastermind, moved.role) == (second, Membership.Role.MEMBER)
    assert active_names(first) == ["Alice"]
    assert active_names(second) == ["Chloe", "Bob"]
    assert signup_of(cohort, bob).status == Signup.Status.PLACED


def test_move_person_moving_the_leader_promotes_the_next_and_seats_them_as_member(cohort, alice, bob, chloe):
    first = full_group(cohort, alice, bob)
    second = full_group(cohort, chloe)

    moved = actions.move_person(Membership.objects.get(user=alice, left_at__isnull=True), second)

    assert moved.role == Membership.Role.MEMBER
    assert Membership.objects.get(mastermind=first, role="leader", left_at__isnull=True).user == bob


def test_move_person_can_form_the_target_group(
    cohort, alice, bob, chloe, dev, erin, outbox, django_capture_on_commit_callbacks
):
    full_group(cohort, alice, bob)
    second = full_group(cohort, chloe, dev, erin)

    with django_capture_on_commit_callbacks(execute=True):
        actions.move_person(Membership.objects.get(user=bob, left_at__isnull=True), second)

    second.refresh_from_db()
    assert second.state == Mastermind.State.FORMED
    assert sorted(m.to[0] for m in outbox) == sorted(p.email for p in (bob, chloe, dev, erin))


def test_move_person_refuses_a_full_group(cohort, alice, bob, chloe, dev, erin):
    first = full_group(cohort, alice, bob, chloe, dev)
    frank, grace, hana = (UserFactory() for _ in range(3))
    second = full_group(cohort, erin, frank, grace, hana)

    with pytest.raises(BoardError, match="is full"):
        actions.move_person(Membership.objects.get(user=bob, left_at__isnull=True), second)

    assert "Bob" in active_names(first)


def test_move_person_refuses_a_group_of_another_cohort(program, cohort, alice, bob, chloe):
    full_group(cohort, alice, bob)
    elsewhere = full_group(CohortFactory(program=program), chloe)

    with pytest.raises(BoardError, match="same cohort"):
        actions.move_person(Membership.objects.get(user=bob, left_at__isnull=True), elsewhere)


def test_move_person_refuses_the_group_they_are_in(cohort, alice, bob):
    first = full_group(cohort, alice, bob)

    with pytest.raises(BoardError, match="already in Group 1"):
        actions.move_person(Membership.objects.get(user=bob, left_at__isnull=True), first)


def test_move_person_refuses_a_group_that_no_longer_takes_members(cohort, alice, bob, chloe):
    full_group(cohort, alice, bob)
    second = full_group(cohort, chloe)
    Mastermind.objects.filter(pk=second.pk).update(state=Mastermind.State.RUNNING)

    with pytest.raises(BoardError, match="takes no new members"):
        actions.move_person(Membership.objects.get(user=bob, left_at__isnull=True), second)


def test_move_person_refuses_a_seat_already_given_back(cohort, alice, bob, chloe):
    full_group(cohort, alice, bob)
    second = full_group(cohort, chloe)
    membership = Membership.objects.get(user=bob, left_at__isnull=True)
    actions.leave_seat(cohort, bob)

    with pytest.raises(BoardError, match="no longer taken"):
        actions.move_person(membership, second)


# Organizer tools: merge_masterminds ------------------------------------------------------


def test_merge_masterminds_folds_the_other_group_in_as_members(cohort, alice, bob, chloe, dev):
    into = full_group(cohort, alice, bob)
    other = full_group(cohort, chloe, dev)

    merged = actions.merge_masterminds(into, other)

    assert merged == into
    assert active_names(into) == ["Alice", "Bob", "Chloe", "Dev"]
    roles = dict(Membership.objects.filter(mastermind=into, left_at__isnull=True).values_list("user__email", "role"))
    assert roles == {
        "alice@example.com": "leader",
        "bob@example.com": "member",
        "chloe@example.com": "member",
        "dev@example.com": "member",
    }
    other.refresh_from_db()
    assert other.state == Mastermind.State.DISBANDED
    assert active_names(other) == []


def test_merge_masterminds_forms_the_group_and_emails_everyone(
    cohort, alice, bob, chloe, dev, outbox, django_capture_on_commit_callbacks
):
    into = full_group(cohort, alice, bob)
    other = full_group(cohort, chloe, dev)

    with django_capture_on_commit_callbacks(execute=True):
        actions.merge_masterminds(into, other)

    into.refresh_from_db()
    assert into.state == Mastermind.State.FORMED
    assert sorted(m.to[0] for m in outbox) == sorted(p.email for p in (alice, bob, chloe, dev))


def test_merge_masterminds_grows_capacity_to_fit_everyone(cohort, alice, bob, chloe, dev, erin):
    into = full_group(cohort, alice, bob, chloe)
    frank = UserFactory()
    other = full_group(cohort, dev, erin, frank)

    actions.merge_masterminds(into, other)

    into.refresh_from_db()
    assert into.capacity == 6
    assert len(active_names(into)) == 6


def test_merge_masterminds_moves_the_waitlist_to_the_kept_group(cohort, alice, bob, chloe, erin):
    into = full_group(cohort, alice)
    other = full_group(cohort, bob, chloe)
    accept(cohort, erin)
    actions.join_waitlist(cohort, erin, other)

    actions.merge_masterminds(into, other)

    assert signup_of(cohort, erin).waitlist_mastermind == into


def test_merge_masterminds_refuses_above_the_program_maximum(alice, bob):
    # Forming groups hold fewer than min_to_start people: two of them only overflow a maximum below twice that.
    cohort = CohortFactory(program=ProgramFactory(min_to_start=6, group_size=6, max_group_size=8))
    into = full_group(cohort, alice, *(UserFactory() for _ in range(4)), capacity=6)
    other = full_group(cohort, bob, *(UserFactory() for _ in range(3)), capacity=6)

    with pytest.raises(BoardError, match="Together they would be 9, above the program's maximum of 8"):
        actions.merge_masterminds(into, other)

    other.refresh_from_db()
    assert other.state == Mastermind.State.FORMING
    assert len(active_names(other)) == 4
    assert len(active_names(into)) == 5


def test_merge_masterminds_refuses_a_formed_group(cohort, alice, bob, chloe, dev, erin):
    into = full_group(cohort, alice, bob, chloe, dev)
    other = full_group(cohort, erin)

    with pytest.raises(BoardError, match="Only forming masterminds"):
        actions.merge_masterminds(into, other)


def test_merge_masterminds_refuses_groups_of_different_cohorts(program, cohort, alice, bob):
    into = full_group(cohort, alice)
    other = full_group(CohortFactory(program=program), bob)

    with pytest.raises(BoardError, match="same cohort"):
        actions.merge_masterminds(into, other)


def test_merge_masterminds_refuses_a_group_with_itself(cohort, alice):
    into = full_group(cohort, alice)

    with pytest.raises(BoardError, match="two different"):
        actions.merge_masterminds(into, into)


def test_merge_masterminds_sends_seats_changed_for_both_groups(cohort, alice, bob, chloe, dev, heard_seats):
    into = full_group(cohort, alice, bob)
    other = full_group(cohort, chloe, dev)
    heard_seats.clear()

    actions.merge_masterminds(into, other)

    assert sorted(heard_seats) == sorted([into.pk, other.pk])


# Organizer tools: remove_person ----------------------------------------------------------


def test_remove_person_gives_the_seat_back_as_if_they_had_left(cohort, alice, bob, chloe, heard_seats):
    mastermind = full_group(cohort, alice, bob, chloe)
    heard_seats.clear()

    actions.remove_person(Membership.objects.get(user=bob, left_at__isnull=True))

    assert active_names(mastermind) == ["Alice", "Chloe"]
    assert signup_of(cohort, bob).status == Signup.Status.ACCEPTED
    assert heard_seats == [mastermind.pk]


def test_remove_person_who_already_left_refused(cohort, alice, bob):
    full_group(cohort, alice, bob)
    membership = Membership.objects.get(user=bob, left_at__isnull=True)
    actions.remove_person(membership)

    with pytest.raises(BoardError, match="already left"):
        actions.remove_person(membership)


# Organizer tools: end_mastermind ---------------------------------------------------------


@pytest.mark.parametrize("state", [Mastermind.State.FINISHED, Mastermind.State.DISBANDED])
def test_end_mastermind_keeps_the_seats_as_history_and_lets_the_waitlist_go(
    cohort, alice, bob, erin, heard_seats, state
):
    mastermind = full_group(cohort, alice, bob)
    accept(cohort, erin)
    actions.join_waitlist(cohort, erin, mastermind)
    heard_seats.clear()

    ended = actions.end_mastermind(mastermind, state)

    assert Mastermind.objects.get(pk=mastermind.pk).state == ended.state == state
    assert active_names(mastermind) == ["Alice", "Bob"]
    assert signup_of(cohort, erin).waitlist_mastermind is None
    assert heard_seats == [mastermind.pk]


def test_end_mastermind_twice_refused_and_changes_nothing(cohort, alice, bob, heard_seats):
    mastermind = actions.end_mastermind(full_group(cohort, alice, bob), Mastermind.State.FINISHED)
    heard_seats.clear()

    with pytest.raises(BoardError, match="already finished"):
        actions.end_mastermind(mastermind, Mastermind.State.DISBANDED)

    assert Mastermind.objects.get(pk=mastermind.pk).state == Mastermind.State.FINISHED
    assert heard_seats == []


def test_end_mastermind_only_to_an_ending_state(cohort, alice):
    with pytest.raises(BoardError, match="finished or disbanded"):
        actions.end_mastermind(full_group(cohort, alice), Mastermind.State.RUNNING)
