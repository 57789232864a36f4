"""Homework reminders follow the calls and the seats; a deleted attachment takes its bytes with it.

A moved or skipped call changes a due time, a member who joins is reminded and one who leaves
is not, a disbanded group is not either. The meetings and masterminds actions send
``meetings_changed`` and ``seats_changed`` once each, inside their transactions: the homework
reminders are derived again in that same transaction. Groups without any question pay one
EXISTS query.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from hotseat.homework.models import Attachment, Question
from hotseat.homework.reminders import sync_homework_reminders
from hotseat.masterminds.models import Mastermind
from hotseat.masterminds.signals import seats_changed
from hotseat.meetings.signals import meetings_changed


@receiver(meetings_changed, dispatch_uid="homework_follows_meetings")
@receiver(seats_changed, dispatch_uid="homework_follows_seats")
def follow_the_group(sender: Any, mastermind: Mastermind, now: datetime, **kwargs: Any) -> None:
    if Question.objects.filter(meeting__mastermind_id=mastermind.pk).exists():
        sync_homework_reminders(mastermind, now)


@receiver(post_delete, sender=Attachment, dispatch_uid="homework_attachment_bytes")
def attachment_deleted(sender: type[Attachment], instance: Attachment, **kwargs: Any) -> None:
    # The bytes go once the deletion has committed (an admin delete, a cascade, prune_uploads).
    transaction.on_commit(partial(default_storage.delete, instance.stored_name), robust=True)
