"""The whole forming of a space, every step of it, through Prism serving Discourse's published description."""

from __future__ import annotations

import pytest

from hotseat.forum.delivery import forum_client, perform
from hotseat.forum.models import ForumStep
from hotseat.forum.welcome import welcome_topic
from hotseat.integrations.discourse.client import Answer
from tests.forum.helpers import formed_group, forum_on, run_worker, states

pytestmark = [pytest.mark.contract, pytest.mark.django_db]


def test_every_step_is_accepted_by_the_description(cohort, alice, bob, chloe, dev, prism_url):
    forum_on(cohort, prism_url)
    formed_group(cohort, alice, bob, chloe, dev)
    run_worker()
    failed = {step.key: step.answer for step in ForumStep.objects.exclude(state=ForumStep.State.DONE)}
    assert not failed, failed
    assert set(states().values()) == {ForumStep.State.DONE}


def test_the_welcome_topic_is_posted_as_described(cohort, alice, bob, chloe, dev, prism_url):
    # Prism finds every external_id (301), so post the topic directly to check its request too.
    forum_on(cohort, prism_url)
    mastermind = formed_group(cohort, alice, bob, chloe, dev)
    run_worker()
    space = mastermind.forum_space
    title, raw = welcome_topic(mastermind)
    posted = forum_client(space.forum).create_topic(title, raw, space.category_id or 1, "hotseat-welcome-x")
    assert isinstance(posted, Answer), posted
    assert perform(ForumStep.objects.get(kind=ForumStep.Kind.INVITE, email=chloe.email)).done
