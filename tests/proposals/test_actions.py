"""Publishing a proposal: one transaction that seats everyone, sets the calls and tells people; or changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hotseat.masterminds import actions as board
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.meetings.models import Meeting, Schedule
from hotseat.notify.models import Notification
from hotseat.programs.models import Signup
from hotseat.proposals.actions import move_in_proposal, propose_groups, publish_proposal
from hotseat.proposals.draft import ProposalError, group_people, slot_of
from hotseat.proposals.models import GroupProposal
from tests.clients import signed_in
from tests.factories import SignupFactory
from tests.masterminds.crowds import KOLKATA_NIGHT, NEW_YORK, PARIS, crowd, person
from tests.meetings.groups import free


def everything(cohort) -> tuple:
    return (
        list(Mastermind.objects.filter(cohort=cohort).values_list("pk", "state", "capacity")),
        list(Membership.objects.filter(cohort=cohort).values_list("pk", "user_id", "left_at")),
        list(Signup.objects.filter(cohort=cohort).values_list("pk", "status")),
        Schedule.objects.count(),
        Meeting.objects.count(),
        Notification.objects.count(),
    )


def test_publish_seats_everyone_sets_each_call_and_tells_them(
    cohort, organizer, outbox, django_capture_on_commit_callbacks
):
    people = crowd(cohort, 2)
    proposal = propose_groups(cohort, organizer)
    draft = proposal.data
    client = signed_in(organizer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("propose", args=[cohort.program.slug, cohort.slug]),
            {"action": "publish", "revision": proposal.revision},
            follow=True,
        )

    assert response.redirect_chain[-1][0] == cohort.get_absolute_url()
    assert "Published: 2 masterminds with 8 people." in response.content.decode()
    made = list(Mastermind.objects.filter(cohort=cohort).order_by("number"))
    assert [m.number for m in made] == [1, 2]
    for mastermind, group in zip(made, draft["groups"], strict=True):
        seats = {str(m.user_id): m.role for m in mastermind.memberships.filter(left_at__isnull=True)}
        assert set(seats) == set(group_people(group))
        assert seats[group["leader"]] == Membership.Role.LEADER
        assert mastermind.state == Mastermind.State.RUNNING
        schedule = mastermind.schedule
        slot = slot_of(group)
        assert (schedule.weekday, schedule.minute, schedule.zone) == (slot.weekday, slot.minute, slot.zone)
        assert mastermind.meetings.count() == cohort.weeks
    assert set(Signup.objects.filter(cohort=cohort).values_list("status", flat=True)) == {Signup.Status.PLACED}
    formed = Notification.objects.filter(kind="mastermind_formed")
    assert sorted(n.recipient_id for n in formed) == sorted(p.pk for p in people)
    assert sorted(m.to[0] for m in outbox if "Your mastermind formed" in m.subject) == sorted(p.email for p in people)
    assert Notification.objects.filter(kind="cohort_ending").count() == 8
    proposal.refresh_from_db()
    assert proposal.state == GroupProposal.State.PUBLISHED


def test_publish_refuses_when_someone_took_a_seat_meanwhile_and_changes_nothing(cohort, organizer, alice):
    people = crowd(cohort, 2)
    proposal = propose_groups(cohort, organizer)
    # Between the proposal and its publication, one of its people starts a group on the board.
    taken = board.lead_mastermind(cohort, people[-1], title="My own group")
    before = everything(cohort)

    with pytest.raises(ProposalError, match=f"{people[-1].name} took a seat in {taken} meanwhile"):
        publish_proposal(proposal, organizer, revision=proposal.revision)

    assert everything(cohort) == before
    proposal.refresh_from_db()
    assert proposal.state == GroupProposal.State.DRAFT


def test_publish_refuses_a_withdrawn_signup(cohort, organizer):
    people = crowd(cohort, 1)
    proposal = propose_groups(cohort, organizer)
    Signup.objects.filter(user=people[2]).update(status=Signup.Status.WITHDRAWN)
    before = everything(cohort)

    with pytest.raises(ProposalError, match=f"{people[2].name}'s signup is withdrawn now"):
        publish_proposal(proposal, organizer)

    assert everything(cohort) == before


def test_publish_from_a_stale_page_is_refused(cohort, organizer):
    crowd(cohort, 2)
    proposal = propose_groups(cohort, organizer)
    first, second = proposal.data["groups"]
    move_in_proposal(proposal, first["members"][0], second["key"], revision=proposal.revision)
    before = everything(cohort)

    with pytest.raises(ProposalError, match="changed since you opened it"):
        publish_proposal(proposal, organizer, revision=proposal.revision)

    assert everything(cohort) == before


def test_publish_adds_people_to_a_group_already_on_the_board(cohort, organizer, alice, bob):
    SignupFactory(cohort=cohort, user=alice, role=Signup.Role.LEADER)
    SignupFactory(cohort=cohort, user=bob)
    free(alice, NEW_YORK[1], weekdays=range(5))
    free(bob, (NEW_YORK[1][0] - 3, NEW_YORK[1][1] - 3), weekdays=range(5))  # Los Angeles, the same hours
    group = board.lead_mastermind(cohort, alice, title="Growing a forum")
    board.take_seat(group, bob)
    newcomers = [person(cohort, "Nour", PARIS), person(cohort, "Sam", NEW_YORK)]
    proposal = propose_groups(cohort, organizer)
    (kept,) = proposal.data["groups"]
    assert kept["key"] == f"m{group.pk}"
    assert kept["seated"] == [str(alice.pk), str(bob.pk)]
    client = signed_in(organizer)
    page = client.get(reverse("propose", args=[cohort.program.slug, cohort.slug])).content.decode()
    assert f'{group} (on the board) <span class="size">4 people · adds 2' in page
    assert set(group_people(kept)) == {str(p.pk) for p in (alice, bob, *newcomers)}

    (published,) = publish_proposal(proposal, organizer, revision=proposal.revision)

    assert published.pk == group.pk
    assert Mastermind.objects.filter(cohort=cohort).count() == 1
    assert set(group.memberships.filter(left_at__isnull=True).values_list("user_id", flat=True)) == {
        alice.pk,
        bob.pk,
        *(p.pk for p in newcomers),
    }
    group.refresh_from_db()
    assert group.state == Mastermind.State.RUNNING


def test_publish_tells_a_newcomer_to_an_already_formed_group(cohort, organizer, alice, bob, chloe, dev):
    seated = (alice, bob, chloe, dev)
    for user in seated:
        SignupFactory(cohort=cohort, user=user, role=Signup.Role.LEADER if user is alice else Signup.Role.MEMBER)
        free(user, (12, 14), weekdays=range(5), zone="America/New_York")
    group = board.lead_mastermind(cohort, alice, title="Growing a forum", capacity=8)
    for user in seated[1:]:
        board.take_seat(group, user)
    newcomer = person(cohort, "Nour", NEW_YORK)
    already = set(Notification.objects.filter(kind="mastermind_formed").values_list("recipient_id", flat=True))
    proposal = propose_groups(cohort, organizer)

    publish_proposal(proposal, organizer)

    formed = Notification.objects.filter(kind="mastermind_formed").values_list("recipient_id", flat=True)
    assert already == {u.pk for u in seated}
    assert sorted(formed) == sorted([*already, newcomer.pk])  # one each: the newcomer's is new


def test_a_board_group_the_proposal_cannot_grow_stays_as_it_is_and_does_not_block(cohort, organizer):
    crowd(cohort, 1)
    nila, noor = person(cohort, "Nila", KOLKATA_NIGHT, leads=True), person(cohort, "Noor", KOLKATA_NIGHT)
    night = board.lead_mastermind(cohort, nila, title="Night owls")
    board.take_seat(night, noor)
    proposal = propose_groups(cohort, organizer)
    (kept,) = [g for g in proposal.data["groups"] if g["mastermind"] == night.pk]
    assert group_people(kept) == [str(nila.pk), str(noor.pk)]  # nobody else shares their hours
    client = signed_in(organizer)
    page = client.get(reverse("propose", args=[cohort.program.slug, cohort.slug])).content.decode()
    assert "2 people · stays as it is" in page
    before = list(night.memberships.values_list("pk", "left_at"))

    made = publish_proposal(proposal, organizer, revision=proposal.revision)

    assert night.pk not in [m.pk for m in made]
    assert len(made) == 1
    night.refresh_from_db()
    assert night.state == Mastermind.State.FORMING
    assert list(night.memberships.values_list("pk", "left_at")) == before
    assert not Notification.objects.filter(kind="mastermind_formed", recipient__in=[nila, noor]).exists()
