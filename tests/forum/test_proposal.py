"""Groups that form by a published proposal get their space too, and their welcome topic says the call it picked."""

from __future__ import annotations

import pytest

from hotseat.forum.models import ForumSpace, ForumStep
from hotseat.masterminds.models import Mastermind
from hotseat.proposals.actions import propose_groups, publish_proposal
from tests.forum.helpers import forum_on, run_worker
from tests.masterminds.crowds import crowd

pytestmark = pytest.mark.django_db


def test_a_published_proposal_opens_one_space_per_group(cohort, organizer, fake_forum):
    forum_on(cohort, fake_forum.url)
    crowd(cohort, 2)
    proposal = propose_groups(cohort, organizer)
    made = publish_proposal(proposal, organizer, revision=proposal.revision)
    assert len(made) == 2
    assert ForumSpace.objects.count() == 2
    assert ForumStep.objects.filter(kind=ForumStep.Kind.GROUP).count() == 2
    assert ForumStep.objects.filter(kind=ForumStep.Kind.INVITE).count() == 8  # nobody has a forum account
    run_worker()
    assert set(ForumStep.objects.values_list("state", flat=True)) == {ForumStep.State.DONE}
    assert len(fake_forum.groups) == 2
    for mastermind in Mastermind.objects.filter(cohort=cohort):
        topic = fake_forum.topics[f"hotseat-welcome-m{mastermind.pk}"]
        assert "Video link: " in topic["raw"]  # the call picked after the group formed is in the topic
        assert "not chosen yet" not in topic["raw"]
