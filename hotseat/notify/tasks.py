"""Background work through Django's task framework.

With the ImmediateBackend (development, tests) `deliver` runs as soon as the change
commits, and with a backend whose own workers run tasks (Celery, RQ) soon after. Either way
it only speeds things up: the worker's sweep sends anything a task did not.

With django-tasks-db's DatabaseBackend (production) no delivery task is queued: its queue is
run by `hotseat worker` itself, in the same loop and right after the sweep that already sends
every due row, so such a task would reach nobody sooner and cost a task row, a claim that finds
nothing and (with DB_CONN_MAX_AGE=0) a database connection of its own per notification.
"""

from __future__ import annotations

from django.tasks import task, task_backends
from django_tasks_db import DatabaseBackend

from hotseat.notify.dispatch import deliver_now
from hotseat.notify.workers import worker_id


@task
def deliver(notification_id: int) -> int:
    """Send one notification now, if it is due and no worker has it; returns how many emails went out."""

    return deliver_now(notification_id, worker_id("task")).emails


def swept_by_the_worker() -> bool:
    """Does the task backend run its tasks in `hotseat worker`'s loop, right after the sweep?"""
    return isinstance(task_backends[deliver.backend], DatabaseBackend)


def enqueue_delivery(notification_id: int) -> None:
    if not swept_by_the_worker():
        deliver.enqueue(notification_id)
