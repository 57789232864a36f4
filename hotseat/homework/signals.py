"""Homework reminders follow the calls: when a meeting moves or is skipped, its due times change.

The meetings actions save each changed meeting inside their transaction; re-deriving the
homework reminders here keeps them in that same transaction, without the meetings app
having to know about homework. New meetings are left alone (the question comes later).
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from hotseat.homework.models import Question
from hotseat.meetings.models import Meeting


@receiver(post_save, sender=Meeting, dispatch_uid="homework_follows_meeting")
def meeting_saved(sender: type[Meeting], instance: Meeting, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created or raw:
        return
    if Question.objects.filter(meeting__mastermind_id=instance.mastermind_id).exists():
        from hotseat.homework.reminders import sync_homework_reminders

        sync_homework_reminders(instance.mastermind, timezone.now())
