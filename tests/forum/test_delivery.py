"""The worker sends the steps to a real HTTP forum on loopback: all made once, faults survived, the state says why."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hotseat.forum.delivery import claim, send_due_steps
from hotseat.forum.models import ForumSettings, ForumSpace, ForumStep
from tests.clients import signed_in
from tests.forum.helpers import PARENT_CATEGORY, formed_group, forum_on, run_worker, states
from tests.integrations.discourse.fake_forum import Fault, closed_port
from tests.racing import race

State = ForumStep.State


@pytest.mark.django_db
def test_a_formed_group_gets_its_private_space(cohort, alice, bob, chloe, dev, erin, fake_forum):
    forum_on(cohort, fake_forum.url)
    mastermind = formed_group(cohort, alice, bob, chloe, dev)
    run_worker()
    assert set(states().values()) == {State.DONE}
    space = ForumSpace.objects.get(mastermind=mastermind)
    (group,) = fake_forum.groups.values()
    assert group["name"] == space.group_name
    assert group["visibility_level"] == 2  # members only
    assert sorted(group["members"]) == ["alice_nyc", "bob"]
    assert sorted(i["email"] for i in fake_forum.invites) == sorted([chloe.email, dev.email])
    assert {i["group_names"] for i in fake_forum.invites} == {space.group_name}
    (category,) = fake_forum.made_categories()
    assert category["permissions"] == {space.group_name: 1}  # no "everyone"
    assert category["parent_category_id"] == PARENT_CATEGORY
    (topic,) = fake_forum.topics.values()
    assert topic["category"] == category["id"] == space.category_id
    assert topic["external_id"] == f"hotseat-welcome-m{mastermind.pk}"
    for text in (
        "@alice_nyc",
        "@bob",
        chloe.name,
        dev.name,
        chloe.time_zone,
        "One call a week",
        f"/m/{mastermind.pk}/",
    ):
        assert text in topic["raw"]
    assert space.topic_id == topic["topic_id"]
    assert space.category_url == f"{fake_forum.url}/c/{space.category_slug}/{category['id']}"

    # The group page links its members to the category; someone else sees no link.
    page = signed_in(chloe).get(reverse("group", args=[mastermind.pk]))
    assert space.category_url in page.content.decode()
    outsider = signed_in(erin).get(reverse("group", args=[mastermind.pk]))
    assert space.category_url not in outsider.content.decode()


@pytest.mark.django_db
def test_running_the_steps_again_makes_nothing_twice(cohort, alice, bob, chloe, dev, fake_forum):
    forum_on(cohort, fake_forum.url)
    formed_group(cohort, alice, bob, chloe, dev)
    now = run_worker()
    # As if each worker had died after the forum answered and before the mark committed.
    ForumStep.objects.update(state=State.SENDING, claimed_until=now - timedelta(seconds=1), attempts=1)
    run_worker(now)
    assert set(states().values()) == {State.DONE}
    assert len(fake_forum.groups) == 1
    assert len(fake_forum.made_categories()) == 1
    assert len(fake_forum.topics) == 1
    assert fake_forum.count("POST", "/admin/groups.json") == 1
    assert fake_forum.count("POST", "/categories.json") == 1
    assert fake_forum.count("POST", "/posts.json") == 1


@pytest.mark.django_db
def test_forum_down_then_up(cohort, alice, bob, chloe, dev, fake_forum):
    settings_row = forum_on(cohort, f"http://127.0.0.1:{closed_port()}")
    formed_group(cohort, alice, bob, chloe, dev)
    now = timezone.now()
    assert send_due_steps(now) == 0
    group = ForumStep.objects.get(kind=ForumStep.Kind.GROUP)
    assert group.state == State.PENDING
    assert group.attempts == 1
    assert group.due_at == now + timedelta(seconds=30)
    assert "refused" in group.answer.lower() or "errno" in group.answer.lower()
    assert group.answer_status is None
    assert ForumStep.objects.filter(attempts=0).count() == ForumStep.objects.count() - 1  # the others waited

    ForumSettings.objects.filter(pk=settings_row.pk).update(url=fake_forum.url)
    run_worker(now + timedelta(seconds=31))
    assert set(states().values()) == {State.DONE}
    assert len(fake_forum.groups) == 1


@pytest.mark.django_db
def test_server_errors_are_retried_then_the_step_fails_with_the_answer_kept(
    cohort, alice, bob, chloe, dev, fake_forum, settings
):
    settings.FORUM_MAX_TRIES = 3
    forum_on(cohort, fake_forum.url)
    formed_group(cohort, alice, bob, chloe, dev)
    fake_forum.faults = [Fault(500), Fault(500), Fault(500)]
    now = timezone.now()
    for delay in (0, 31, 92):
        send_due_steps(now + timedelta(seconds=delay))
    group = ForumStep.objects.get(kind=ForumStep.Kind.GROUP)
    assert group.state == State.FAILED
    assert group.attempts == 3
    assert group.answer_status == 500
    assert "fault 500" in group.answer
    assert not fake_forum.groups
    assert ForumStep.objects.filter(state=State.PENDING, attempts=0).count() == ForumStep.objects.count() - 1
    # A failed step is never sent again.
    send_due_steps(now + timedelta(days=1))
    assert fake_forum.count("GET", r"/groups/.*") == 3


@pytest.mark.django_db
def test_a_refusal_fails_at_once(cohort, alice, bob, chloe, dev, fake_forum):
    forum_on(cohort, fake_forum.url)
    formed_group(cohort, alice, bob, chloe, dev)
    fake_forum.faults = [Fault(403)]
    send_due_steps(timezone.now())
    group = ForumStep.objects.get(kind=ForumStep.Kind.GROUP)
    assert (group.state, group.attempts, group.answer_status) == (State.FAILED, 1, 403)


@pytest.mark.django_db
def test_429_is_honoured_with_its_retry_after(cohort, alice, bob, chloe, dev, fake_forum):
    forum_on(cohort, fake_forum.url)
    formed_group(cohort, alice, bob, chloe, dev)
    fake_forum.faults = [Fault(429, retry_after="120")]
    now = timezone.now()
    send_due_steps(now)
    group = ForumStep.objects.get(kind=ForumStep.Kind.GROUP)
    assert (group.state, group.attempts, group.answer_status) == (State.PENDING, 0, 429)
    assert group.due_at == now + timedelta(seconds=120)
    assert ForumSettings.objects.get().quiet_until == now + timedelta(seconds=120)
    asked = len(fake_forum.requests)
    send_due_steps(now + timedelta(seconds=119))
    assert len(fake_forum.requests) == asked  # the forum is left alone until Retry-After
    run_worker(now + timedelta(seconds=120))
    assert set(states().values()) == {State.DONE}


@pytest.mark.django_db
def test_a_timeout_is_retried(cohort, alice, bob, chloe, dev, fake_forum, settings):
    settings.FORUM_TIMEOUT_SECONDS = 1
    forum_on(cohort, fake_forum.url)
    formed_group(cohort, alice, bob, chloe, dev)
    fake_forum.faults = [Fault(200, delay=2)]
    now = timezone.now()
    send_due_steps(now)
    group = ForumStep.objects.get(kind=ForumStep.Kind.GROUP)
    assert (group.state, group.attempts) == (State.PENDING, 1)
    assert "timed out" in group.answer.lower()
    run_worker(now + timedelta(seconds=31))
    assert set(states().values()) == {State.DONE}
    assert len(fake_forum.groups) == 1


@pytest.mark.django_db
def test_a_broken_connection_is_retried(cohort, alice, bob, chloe, dev, fake_forum):
    forum_on(cohort, fake_forum.url)
    formed_group(cohort, alice, bob, chloe, dev)
    fake_forum.faults = [Fault(0)]
    now = timezone.now()
    send_due_steps(now)
    assert ForumStep.objects.get(kind=ForumStep.Kind.GROUP).state == State.PENDING
    run_worker(now + timedelta(seconds=31))
    assert set(states().values()) == {State.DONE}


@pytest.mark.django_db
def test_the_rate_cap(cohort, alice, bob, chloe, dev, fake_forum, settings):
    settings.FORUM_RATE_PER_MINUTE = 4
    forum_on(cohort, fake_forum.url)
    formed_group(cohort, alice, bob, chloe, dev)
    now = timezone.now()
    for second in range(30):  # half a minute of worker loops
        send_due_steps(now + timedelta(seconds=second))
    assert len(fake_forum.requests) <= 4
    assert ForumStep.objects.filter(state=State.PENDING).exists()
    run_worker(now + timedelta(seconds=61), loops=120)
    assert set(states().values()) == {State.DONE}


@pytest.mark.django_db
def test_a_claimed_step_is_not_claimed_again(cohort, alice, bob, chloe, dev):
    forum_on(cohort, "https://forum.example.org")
    formed_group(cohort, alice, bob, chloe, dev)
    group = ForumStep.objects.get(kind=ForumStep.Kind.GROUP)
    now = timezone.now()
    assert claim(group.pk, "worker-a", now) is not None
    assert claim(group.pk, "worker-b", now) is None
    assert claim(group.pk, "worker-b", now + timedelta(seconds=119)) is None
    assert claim(group.pk, "worker-b", now + timedelta(seconds=121)) is not None  # worker a's lease lapsed


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("racing_database")
def test_two_workers_never_send_the_same_step_twice(cohort, alice, bob, chloe, dev, fake_forum):
    forum_on(cohort, fake_forum.url)
    formed_group(cohort, alice, bob, chloe, dev)
    now = timezone.now()
    for second in range(8):
        at = now + timedelta(seconds=second)
        race(lambda at=at: send_due_steps(at), lambda at=at: send_due_steps(at))
    assert set(states().values()) == {State.DONE}
    assert fake_forum.count("GET", r"/groups/.*\.json") == 1
    assert fake_forum.count("POST", "/admin/groups.json") == 1
    assert fake_forum.count("PUT", r"/groups/\d+/members\.json") == 1
    assert fake_forum.count("POST", "/invites.json") == 2
    assert fake_forum.count("POST", "/categories.json") == 1
    assert fake_forum.count("POST", "/posts.json") == 1


@pytest.mark.django_db
def test_a_step_lost_on_its_last_try_is_marked_failed(cohort, alice, bob, chloe, dev, settings):
    settings.FORUM_MAX_TRIES = 2
    forum_on(cohort, "https://forum.example.org")
    formed_group(cohort, alice, bob, chloe, dev)
    now = timezone.now()
    group = ForumStep.objects.get(kind=ForumStep.Kind.GROUP)
    ForumStep.objects.filter(pk=group.pk).update(state=State.SENDING, attempts=2, claimed_until=now)
    send_due_steps(now)  # its lease has not lapsed yet: still someone's
    assert ForumStep.objects.get(pk=group.pk).state == State.SENDING
    send_due_steps(now + timedelta(seconds=1))
    group.refresh_from_db()
    assert (group.state, group.attempts) == (State.FAILED, 2)
    assert "never recorded" in group.answer


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("racing_database")
def test_two_workers_keep_to_the_rate_together(cohort, alice, bob, chloe, dev, fake_forum, settings):
    settings.FORUM_RATE_PER_MINUTE = 4
    forum_on(cohort, fake_forum.url)
    formed_group(cohort, alice, bob, chloe, dev)
    now = timezone.now()
    for second in range(10):
        at = now + timedelta(seconds=second)
        race(lambda at=at: send_due_steps(at), lambda at=at: send_due_steps(at))
    assert 0 < len(fake_forum.requests) <= 4
