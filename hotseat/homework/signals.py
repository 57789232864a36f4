"""Homework reminders follow the calls; a deleted attachment takes its bytes with it.

Homework reminders follow the calls, the members and the group's state: a moved or skipped call
changes a due time, a member who leaves is not reminded, a finished group is not either.

The meetings and masterminds actions save those rows inside their transactions; re-deriving
the homework reminders on their post_save keeps it in that same transaction, without those
apps having to know about homework. Groups without any question pay one EXISTS query.
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
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.meetings.models import Meeting


def _resync(mastermind_id: int) -> None:
    if Question.objects.filter(meeting__mastermind_id=mastermind_id).exists():
        from hotseat.homework.reminders import sync_homework_reminders

        mastermind = Mastermind.objects.get(pk=mastermind_id)
        sync_homework_reminders(mastermind, timezone.now())


@receiver(post_save, sender=Meeting, dispatch_uid="homework_follows_meeting")
def meeting_saved(sender: type[Meeting], instance: Meeting, raw: bool = False, **kwargs: Any) -> None:
    # A moved or skipped call moves the due time; an added week gives the last question one.
    if not raw:
        _resync(instance.mastermind_id)


@receiver(post_save, sender=Membership, dispatch_uid="homework_follows_members")
def membership_saved(sender: type[Membership], instance: Membership, raw: bool = False, **kwargs: Any) -> None:
    # A member who leaves is not reminded; one who joins is.
    if not raw:
        _resync(instance.mastermind_id)


@receiver(post_save, sender=Mastermind, dispatch_uid="homework_follows_mastermind")
def mastermind_saved(sender: type[Mastermind], instance: Mastermind, raw: bool = False, **kwargs: Any) -> None:
    # A finished or disbanded group gets no more reminders.
    if not raw and instance.state in (Mastermind.State.FINISHED, Mastermind.State.DISBANDED):
        _resync(instance.pk)


@receiver(post_delete, sender=Attachment, dispatch_uid="homework_attachment_bytes")
def attachment_deleted(sender: type[Attachment], instance: Attachment, **kwargs: Any) -> None:
    # The bytes go once the deletion has committed (an admin delete, a cascade, prune_uploads).
    transaction.on_commit(partial(default_storage.delete, instance.stored_name), robust=True)
