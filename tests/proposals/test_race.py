"""Publishing a proposal while someone in it starts a group on the board, in real threads with their own connections."""

from __future__ import annotations

import pytest

from hotseat.masterminds import actions as board
from hotseat.masterminds.errors import BoardError
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.programs.models import Signup
from hotseat.proposals.actions import propose_groups, publish_proposal
from hotseat.proposals.draft import ProposalError, group_people
from hotseat.proposals.models import GroupProposal
from tests.factories import CohortFactory
from tests.masterminds.crowds import crowd
from tests.racing import race

ROUNDS = 4

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("racing_database")]


def test_publish_and_a_seat_taken_at_once_never_seat_anyone_twice(program, organizer):
    for _ in range(ROUNDS):
        cohort = CohortFactory(program=program)
        people = crowd(cohort, 2)
        proposal = propose_groups(cohort, organizer)
        racer = people[-1]  # in the proposal; starts a group of their own on the board at the same moment
        assert str(racer.pk) in {pid for g in proposal.data["groups"] for pid in group_people(g)}

        published, led = race(
            lambda p=proposal: publish_proposal(p, organizer),
            lambda c=cohort, r=racer: board.lead_mastermind(c, r, title="My own group"),
        )

        seats = Membership.objects.filter(cohort=cohort, left_at__isnull=True)
        assert seats.filter(user=racer).count() == 1
        proposal.refresh_from_db()
        if isinstance(published, ProposalError):
            # The seat came first: the publication changed nothing.
            assert isinstance(led, Mastermind)
            assert proposal.state == GroupProposal.State.DRAFT
            assert list(seats.values_list("user_id", flat=True)) == [racer.pk]
        else:
            # The publication came first: the racer was seated by it and could not lead a second group.
            assert isinstance(published, list), published
            assert isinstance(led, BoardError), led
            assert proposal.state == GroupProposal.State.PUBLISHED
            assert seats.count() == len(people)
            assert set(Signup.objects.filter(cohort=cohort).values_list("status", flat=True)) == {"placed"}


def test_publish_and_a_seat_taken_in_a_board_group_at_once_stay_consistent(program, organizer):
    for _ in range(ROUNDS):
        cohort = CohortFactory(program=program)
        people = crowd(cohort, 2)
        group = board.lead_mastermind(cohort, people[0], title="On the board", capacity=8)  # forming, open seats
        proposal = propose_groups(cohort, organizer)
        racer = next(
            p for p in people[1:] if str(p.pk) in {pid for g in proposal.data["groups"] for pid in g["members"]}
        )

        published, took = race(
            lambda p=proposal: publish_proposal(p, organizer),
            lambda g=group, r=racer: board.take_seat(g, r),
        )

        seats = Membership.objects.filter(cohort=cohort, left_at__isnull=True)
        assert seats.filter(user=racer).count() == 1
        assert seats.values("user_id").distinct().count() == seats.count()
        proposal.refresh_from_db()
        if isinstance(published, ProposalError):
            assert isinstance(took, Membership), took
            assert proposal.state == GroupProposal.State.DRAFT
            assert set(seats.values_list("user_id", flat=True)) == {people[0].pk, racer.pk}
        else:
            assert isinstance(published, list), published
            assert isinstance(took, BoardError), took
            assert seats.count() == len(people)
