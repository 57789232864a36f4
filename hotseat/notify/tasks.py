"""Background work through Django's task framework.

With the ImmediateBackend (development, tests) `deliver` runs as soon as the change
commits; with django-tasks-db's DatabaseBackend (production) the worker runs it. Either
way it only speeds things up: the worker's sweep sends anything a task did not.
"""

from __future__ import annotations

import os
import socket

from django.tasks import task

from hotseat.notify.dispatch import deliver_now


@task
def deliver(notification_id: int) -> int:
    """Send one notification now, if it is due and no worker has it; returns how many emails went out."""

    return deliver_now(notification_id, f"task:{socket.gethostname()}:{os.getpid()}").emails


def enqueue_delivery(notification_id: int) -> None:
    deliver.enqueue(notification_id)
