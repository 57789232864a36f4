"""Every change to one call: RSVP before it, attendance after it, its shared notes.

One transaction each. The notes are saved with a conditional UPDATE on the version the
editor started from, so of two saves from the same version exactly one lands and the
other is handed back as a conflict — nothing is lost, nothing is overwritten unseen.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from hotseat.accounts.models import User
from hotseat.masterminds.models import Membership
from hotseat.meetings.actions.hot_seat import lock
from hotseat.meetings.errors import HotSeatError
from hotseat.meetings.models import Attendance, CallNotes, CallNotesRevision, Meeting

NOTES_MAX_CHARS = 50_000


class NotesConflictError(Exception):
    """Somebody saved the notes since the editor opened them; ``current`` is what is saved now."""

    def __init__(self, current: CallNotes) -> None:
        super().__init__(f"the notes are at version {current.version}")
        self.current = current


def _seated(meeting: Meeting, user: User) -> bool:
    return Membership.objects.seated().filter(mastermind_id=meeting.mastermind_id, user=user).exists()


def _locked_meeting(meeting: Meeting) -> Meeting:
    lock(meeting.mastermind_id)
    return Meeting.objects.select_related("mastermind").get(pk=meeting.pk)


def _held(meeting: Meeting) -> None:
    if meeting.state == Meeting.State.SKIPPED:
        raise HotSeatError(f"Week {meeting.number}'s call is skipped.")


@transaction.atomic
def set_rsvp(meeting: Meeting, user: User, rsvp: str, *, now: datetime | None = None) -> Attendance:
    """A member says, before the call, that they will be there or cannot make it."""
    now = now or timezone.now()
    meeting = _locked_meeting(meeting)
    if rsvp not in (Attendance.Rsvp.COMING, Attendance.Rsvp.CANT_MAKE_IT):
        raise HotSeatError("Say whether you are coming or not.", field="rsvp")
    if not _seated(meeting, user):
        raise HotSeatError("You are not in this group.")
    _held(meeting)
    if meeting.starts_at <= now:
        raise HotSeatError(f"Week {meeting.number}'s call has started: check in instead.")
    attendance, _ = Attendance.objects.update_or_create(
        meeting=meeting, user=user, defaults={"rsvp": rsvp, "recorded_by": user}
    )
    return attendance


def _check_started(meeting: Meeting, now: datetime) -> None:
    _held(meeting)
    if meeting.starts_at > now:
        raise HotSeatError(f"Week {meeting.number}'s call has not started yet: attendance is taken once it starts.")


@transaction.atomic
def check_in(meeting: Meeting, user: User, *, now: datetime | None = None) -> Attendance:
    """A member says they were (or are) on the call."""
    now = now or timezone.now()
    meeting = _locked_meeting(meeting)
    if not _seated(meeting, user):
        raise HotSeatError("You are not in this group.")
    _check_started(meeting, now)
    attendance, _ = Attendance.objects.update_or_create(
        meeting=meeting, user=user, defaults={"attended": True, "recorded_by": user}
    )
    return attendance


@transaction.atomic
def record_attendance(
    meeting: Meeting, by: User, present: Collection[int], *, now: datetime | None = None
) -> list[Attendance]:
    """The leader (or an organizer) records who was on the call: everyone seated, there or not."""
    now = now or timezone.now()
    meeting = _locked_meeting(meeting)
    _check_started(meeting, now)
    seated = list(Membership.objects.seated().filter(mastermind_id=meeting.mastermind_id))
    members = {seat.user_id for seat in seated}
    strangers = set(present) - members
    if strangers:
        raise HotSeatError("Only people in this group can be marked present.", field="present")
    existing = {a.user_id: a for a in Attendance.objects.select_for_update().filter(meeting=meeting)}
    result = []
    for user_id in sorted(members):
        attendance = existing.get(user_id) or Attendance(meeting=meeting, user_id=user_id)
        attendance.attended = user_id in present
        attendance.recorded_by = by
        result.append(attendance)
    Attendance.objects.bulk_create([a for a in result if a.pk is None])
    Attendance.objects.bulk_update([a for a in result if a.pk is not None], ["attended", "recorded_by", "updated_at"])
    return result


def _notes_row(meeting: Meeting) -> CallNotes:
    notes = CallNotes.objects.filter(meeting=meeting).first()
    if notes is not None:
        return notes
    try:
        with transaction.atomic():  # a savepoint: two first editors may create it at once
            return CallNotes.objects.create(meeting=meeting)
    except IntegrityError:
        return CallNotes.objects.get(meeting=meeting)


@transaction.atomic
def save_notes(meeting: Meeting, by: User, text: str, base_version: int, *, now: datetime | None = None) -> CallNotes:
    """Save the call's notes as ``by`` edited them from version ``base_version``.

    Raises NotesConflictError, changing nothing, when somebody saved in between: the UPDATE
    only matches the row while it is still at ``base_version``.
    """
    now = now or timezone.now()
    text = text.replace("\r\n", "\n")
    if len(text) > NOTES_MAX_CHARS:
        raise HotSeatError(
            f"The notes can hold {NOTES_MAX_CHARS:,} characters; these have {len(text):,}.", field="text"
        )
    notes = _notes_row(meeting)
    if notes.version == base_version and notes.text == text:
        return notes  # saved unchanged: no new version
    updated = CallNotes.objects.filter(pk=notes.pk, version=base_version).update(
        text=text, version=F("version") + 1, updated_by=by, updated_at=now
    )
    if not updated:
        raise NotesConflictError(CallNotes.objects.select_related("updated_by").get(pk=notes.pk))
    CallNotesRevision.objects.create(meeting=meeting, version=base_version + 1, text=text, author=by, created_at=now)
    return CallNotes.objects.select_related("updated_by").get(pk=notes.pk)
