"""Homework reminders follow the calls; a deleted attachment takes its bytes with it.

Homework reminders follow the calls: when a meeting moves or is skipped, its due times change.

The meetings actions save each changed meeting inside their transaction; re-deriving the
homework reminders here keeps them in that same transaction, without the meetings app
having to know about homework. New meetings are left alone (the question comes later).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from hotseat.homework.models import Attachment, Question
from hotseat.meetings.models import Meeting


@receiver(post_save, sender=Meeting, dispatch_uid="homework_follows_meeting")
def meeting_saved(sender: type[Meeting], instance: Meeting, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created or raw:
        return
    if Question.objects.filter(meeting__mastermind_id=instance.mastermind_id).exists():
        from hotseat.homework.reminders import sync_homework_reminders

        sync_homework_reminders(instance.mastermind, timezone.now())


@receiver(post_delete, sender=Attachment, dispatch_uid="homework_attachment_bytes")
def attachment_deleted(sender: type[Attachment], instance: Attachment, **kwargs: Any) -> None:
    # The bytes go once the deletion has committed (an admin delete, a cascade, prune_uploads).
    transaction.on_commit(partial(default_storage.delete, instance.stored_name), robust=True)
