"""The worker's job: send due forum steps, each once, and record what the forum answered.

Claiming: a step is taken by a conditional UPDATE on its own columns (pending and due, or sending
with a lapsed lease); its row count says whether this worker got it, so two workers never send
the same step. PostgreSQL re-checks the condition on the row another worker just changed, and
SQLite has one writer at a time. A try is counted at the claim, just before the call.

Idempotent: a step whose worker died mid-call is taken again after its lease, and every step
looks up before it creates (the group by name, the category by slug under its parent, the topic
by its external_id), so a second run never makes a second group, category or topic.

Rate: at most FORUM_RATE_PER_MINUTE requests a minute to one forum (the calls of the tries of the
last 60 seconds), and after a 429 the whole forum is left alone until its Retry-After has passed.
Transient failures (unreachable, 5xx, 408) are retried on a capped back-off, a step is marked
failed after FORUM_MAX_TRIES tries, or at once when the forum refuses it (another 4xx); the
forum's last answer is kept on the step.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q

from hotseat.forum.models import ForumAccount, ForumSettings, ForumSpace, ForumStep
from hotseat.forum.welcome import welcome_topic
from hotseat.integrations.discourse.client import (
    ANSWER_CHARS,
    Answer,
    Forum,
    RateLimited,
    Refused,
    Result,
    Unreachable,
    subcategory_with_slug,
    topic_id_from_location,
)
from hotseat.masterminds.seats import active_memberships

log = logging.getLogger(__name__)

State = ForumStep.State
Kind = ForumStep.Kind


def backoff(attempts: int) -> timedelta:
    """30 s after the first failed try, doubling, at most an hour."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def worker_identity() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:64]


def forum_client(forum: ForumSettings) -> Forum:
    return Forum(forum.url, forum.api_key, forum.api_username, timeout=settings.FORUM_TIMEOUT_SECONDS)


@dataclass
class Outcome:
    """What one try came to: the forum's result, and for a done step what the space learned."""

    result: Result
    done: bool = False
    learned: dict[str, Any] = field(default_factory=dict)
    calls: int = 0


def _claimable(now: datetime) -> Q:
    return Q(state=State.PENDING, due_at__lte=now) | Q(state=State.SENDING, claimed_until__lt=now)


class RateReachedError(Exception):
    """The forum has had its requests for this minute: the claim was rolled back."""


@transaction.atomic
def claim(step_id: int, worker: str, now: datetime) -> ForumStep | None:
    """Take the step for this worker, or None when another one has it (or it is not due).

    Raises RateReachedError, taking nothing, when the step's forum has no room left this minute. The
    room is counted after the claim's write, with the forum's row locked on PostgreSQL (SQLite has one
    writer at a time), so two workers never both take the last room.
    """
    taken = (
        ForumStep.objects.filter(_claimable(now), pk=step_id)
        .exclude(attempts__gte=settings.FORUM_MAX_TRIES)
        .update(
            state=State.SENDING,
            claimed_by=worker,
            claimed_until=now + timedelta(seconds=settings.FORUM_LEASE_SECONDS),
            attempts=F("attempts") + 1,
            tried_at=now,
        )
    )
    if not taken:
        return None
    step = ForumStep.objects.select_related("space__forum", "space__mastermind__cohort__program").get(pk=step_id)
    list(ForumSettings.objects.select_for_update().filter(pk=step.space.forum_id).values_list("pk"))
    if _calls_last_minute(step.space.forum_id, now, besides=step.pk) + CALLS_PER_TRY > settings.FORUM_RATE_PER_MINUTE:
        raise RateReachedError
    return step


def _due(now: datetime) -> list[tuple[int, int]]:
    """(step id, forum id) of the steps ready to send, oldest first: due, and what they wait for done."""
    ready = (
        ForumStep.objects.filter(_claimable(now))
        .filter(Q(after__isnull=True) | Q(after__state=State.DONE))
        .filter(space__forum__enabled=True)
        .exclude(space__forum__quiet_until__gt=now)
        .exclude(attempts__gte=settings.FORUM_MAX_TRIES)
        .order_by("due_at", "pk")
        .values_list("pk", "space__forum_id")
    )
    return list(ready[: settings.FORUM_BATCH])


# A step makes at most this many requests in one try (a look-up, then the change).
CALLS_PER_TRY = 2


def _calls_last_minute(forum_id: int, now: datetime, *, besides: int) -> int:
    recent = ForumStep.objects.filter(space__forum_id=forum_id, tried_at__gt=now - timedelta(seconds=60)).exclude(
        pk=besides
    )
    # A step claimed and still on the wire has not recorded its calls yet: count the most it may make.
    return sum(
        CALLS_PER_TRY if state == State.SENDING else calls for state, calls in recent.values_list("state", "calls")
    )


def fail_lost_steps(now: datetime) -> int:
    """A step whose worker stopped during its last allowed try: nobody may take it again, so it has failed."""
    return ForumStep.objects.filter(
        state=State.SENDING, claimed_until__lt=now, attempts__gte=settings.FORUM_MAX_TRIES
    ).update(
        state=State.FAILED,
        claimed_by="",
        claimed_until=None,
        answer="The worker stopped during the last try; the forum's answer was never recorded.",
    )


def send_due_steps(now: datetime) -> int:
    """The worker's periodic job: send what is due; returns how many steps were done."""
    fail_lost_steps(now)
    worker = worker_identity()
    done = 0
    resting: set[int] = set()
    for step_id, forum_id in _due(now):
        if forum_id in resting:
            continue
        try:
            step = claim(step_id, worker, now)
        except RateReachedError:
            resting.add(forum_id)  # its turn comes in a later loop
            continue
        if step is None:
            continue
        outcome = perform(step)
        if record(step, worker, outcome, now=now) == State.DONE:
            done += 1
        if isinstance(outcome.result, RateLimited):
            resting.add(forum_id)
    return done


def perform(step: ForumStep) -> Outcome:
    """Make the step's call(s), looking up first; never raises for the forum's sake."""
    space = step.space
    forum = forum_client(space.forum)
    if step.kind == Kind.GROUP:
        outcome = _group(forum, space)
    elif step.kind == Kind.MEMBERS:
        outcome = _members(forum, space)
    elif step.kind == Kind.INVITE:
        outcome = _done(forum.invite(step.email, [space.group_name]))
    elif step.kind == Kind.CATEGORY:
        outcome = _category(forum, space)
    else:
        outcome = _welcome(forum, space)
    outcome.calls = forum.calls
    return outcome


def _done(result: Result, **learned: Any) -> Outcome:
    return Outcome(result, done=isinstance(result, Answer), learned=learned)


def _group(forum: Forum, space: ForumSpace) -> Outcome:
    found = forum.find_group(space.group_name)
    if isinstance(found, Answer) and isinstance(found.body.get("group"), dict):
        return _done(found, group_id=found.body["group"].get("id"))
    if not (isinstance(found, Refused) and found.status == 404):
        return Outcome(found)
    created = forum.create_group(space.group_name, space.mastermind.title[:100])
    body = created.body.get("basic_group") if isinstance(created, Answer) else None
    if isinstance(created, Answer) and not (isinstance(body, dict) and isinstance(body.get("id"), int)):
        return Outcome(Refused(created.status, "no group id in the answer: " + _text(created)))
    return _done(created, group_id=body["id"] if isinstance(body, dict) else None)


def _members(forum: Forum, space: ForumSpace) -> Outcome:
    users = [membership.user_id for membership in active_memberships(space.mastermind)]
    usernames = sorted(ForumAccount.objects.filter(user_id__in=users).values_list("username", flat=True))
    if not usernames:
        return Outcome(Answer(200, {"note": "nobody has a forum account yet: they are invited by email"}), done=True)
    if space.group_id is None:
        return Outcome(Refused(409, "the group's id is not known yet"))
    added = forum.add_members(space.group_id, usernames)
    if isinstance(added, Refused) and added.status == 422 and "already" in added.text.lower():
        # Discourse refuses to add people who are all members already: a second run of this step.
        return Outcome(added, done=True)
    return _done(added)


def _category(forum: Forum, space: ForumSpace) -> Outcome:
    parent = space.forum.parent_category_id
    listed = forum.list_categories()
    if not isinstance(listed, Answer):
        return Outcome(listed)
    existing = subcategory_with_slug(listed.body, parent, space.category_slug)
    if existing is not None and isinstance(existing.get("id"), int):
        return _done(listed, category_id=existing["id"])
    name = f"{space.mastermind.title} ({space.mastermind.cohort.name})"[:50]
    created = forum.create_category(name, space.category_slug, parent, space.group_name)
    category = created.body.get("category") if isinstance(created, Answer) else None
    if isinstance(created, Answer) and not (isinstance(category, dict) and isinstance(category.get("id"), int)):
        return Outcome(Refused(created.status, "no category id in the answer: " + _text(created)))
    if isinstance(category, dict):
        return _done(created, category_id=category["id"], category_slug=category.get("slug") or space.category_slug)
    return Outcome(created)


def _welcome(forum: Forum, space: ForumSpace) -> Outcome:
    external_id = f"hotseat-welcome-m{space.mastermind_id}"
    found = forum.find_topic(external_id)
    if isinstance(found, Answer):
        topic_id = topic_id_from_location(found.location) or found.body.get("id")
        return _done(found, topic_id=topic_id if isinstance(topic_id, int) else None)
    if not (isinstance(found, Refused) and found.status == 404):
        return Outcome(found)
    if space.category_id is None:
        return Outcome(Refused(409, "the category's id is not known yet"))
    title, raw = welcome_topic(space.mastermind)
    created = forum.create_topic(title, raw, space.category_id, external_id)
    topic_id = created.body.get("topic_id") if isinstance(created, Answer) else None
    return _done(created, topic_id=topic_id if isinstance(topic_id, int) else None)


def _text(result: Result) -> str:
    if isinstance(result, Answer):
        return json.dumps(result.body)[:ANSWER_CHARS]
    if isinstance(result, Refused | RateLimited):
        return result.text
    return result.reason


def _status(result: Result) -> int | None:
    if isinstance(result, Answer | Refused):
        return result.status
    return 429 if isinstance(result, RateLimited) else None


def _transient(result: Result) -> bool:
    """Worth another try: no answer, the forum's own trouble (5xx, 408), a step before it not seen yet (409)."""
    if isinstance(result, Unreachable):
        return True
    return isinstance(result, Refused) and (result.status >= 500 or result.status in (408, 409))


@transaction.atomic
def record(step: ForumStep, worker: str, outcome: Outcome, *, now: datetime) -> str | None:
    """Write what the try came to, if this worker still holds the step; returns its new state."""
    result = outcome.result
    fields: dict[str, Any] = {
        "answer_status": _status(result),
        "answer": _text(result),
        "claimed_by": "",
        "claimed_until": None,
        "calls": outcome.calls,
    }
    if outcome.done:
        fields |= {"state": State.DONE, "done_at": now}
    elif isinstance(result, RateLimited):
        # Not the step's fault: the try is given back, and the forum rests until Retry-After.
        until = now + timedelta(seconds=result.retry_after)
        fields |= {"state": State.PENDING, "due_at": until, "attempts": F("attempts") - 1}
        ForumSettings.objects.filter(pk=step.space.forum_id).update(quiet_until=until)
    elif _transient(result) and step.attempts < settings.FORUM_MAX_TRIES:
        fields |= {"state": State.PENDING, "due_at": now + backoff(step.attempts)}
    else:
        fields |= {"state": State.FAILED}
    kept = ForumStep.objects.filter(pk=step.pk, claimed_by=worker, state=State.SENDING).update(**fields)
    if not kept:
        log.warning("forum step %s: the claim lapsed before the answer was recorded", step.key)
        return None
    learned = {name: value for name, value in outcome.learned.items() if value is not None}
    if outcome.done and learned:
        ForumSpace.objects.filter(pk=step.space_id).update(**learned)
    if fields["state"] == State.FAILED:
        log.warning("forum step %s failed after %d tries: %s", step.key, step.attempts, fields["answer"][:200])
    return str(fields["state"])
