"""A meeting's shared notes, saved without losing anybody's typing.

The notes are saved with a conditional UPDATE on the version the editor started from, so of
two saves from the same version exactly one lands and the other is handed back as a conflict —
nothing is lost, nothing is overwritten unseen.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext

from hotseat.accounts.models import User
from hotseat.meetings.errors import MeetingError
from hotseat.meetings.models import Meeting, MeetingNotes, MeetingNotesRevision

NOTES_MAX_CHARS = 50_000


class NotesConflictError(Exception):
    """Somebody saved the notes since the editor opened them; ``current`` is what is saved now."""

    def __init__(self, current: MeetingNotes) -> None:
        super().__init__(f"the notes are at version {current.version}")
        self.current = current


def _notes_row(meeting: Meeting) -> MeetingNotes:
    notes = MeetingNotes.objects.filter(meeting=meeting).first()
    if notes is not None:
        return notes
    try:
        with transaction.atomic():  # a savepoint: two first editors may create it at once
            return MeetingNotes.objects.create(meeting=meeting)
    except IntegrityError:
        return MeetingNotes.objects.get(meeting=meeting)


@transaction.atomic
def save_notes(
    meeting: Meeting, by: User, text: str, base_version: int, *, now: datetime | None = None
) -> MeetingNotes:
    """Save the call's notes as ``by`` edited them from version ``base_version``.

    Raises NotesConflictError, changing nothing, when somebody saved in between: the UPDATE
    only matches the row while it is still at ``base_version``.
    """
    now = now or timezone.now()
    text = text.replace("\r\n", "\n")
    if len(text) > NOTES_MAX_CHARS:
        raise MeetingError(
            gettext("The notes can hold %(most)s characters; these have %(count)s.")
            % {
                "most": number_format(NOTES_MAX_CHARS, force_grouping=True),
                "count": number_format(len(text), force_grouping=True),
            },
            field="text",
        )
    notes = _notes_row(meeting)
    if notes.version == base_version and notes.text == text:
        return notes  # saved unchanged: no new version
    updated = MeetingNotes.objects.filter(pk=notes.pk, version=base_version).update(
        text=text, version=F("version") + 1, updated_by=by, updated_at=now
    )
    if not updated:
        raise NotesConflictError(MeetingNotes.objects.select_related("updated_by").get(pk=notes.pk))
    MeetingNotesRevision.objects.create(meeting=meeting, version=base_version + 1, text=text, author=by, created_at=now)
    return MeetingNotes.objects.select_related("updated_by").get(pk=notes.pk)
