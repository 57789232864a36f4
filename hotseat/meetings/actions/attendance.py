"""Who comes to a meeting and who came: the RSVP before it, the check-in and attendance after it.

One transaction each; the notes of a meeting are in notes.py."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hotseat.accounts.models import User
from hotseat.masterminds.models import Membership
from hotseat.meetings.actions.hot_seat import lock
from hotseat.meetings.errors import MeetingError
from hotseat.meetings.models import Attendance, Meeting


def _seated(meeting: Meeting, user: User) -> bool:
    return Membership.objects.seated().filter(mastermind_id=meeting.mastermind_id, user=user).exists()


def _locked_meeting(meeting: Meeting) -> Meeting:
    lock(meeting.mastermind_id)
    return Meeting.objects.select_related("mastermind").get(pk=meeting.pk)


def _held(meeting: Meeting) -> None:
    if meeting.state == Meeting.State.SKIPPED:
        raise MeetingError(gettext("Week %(number)s's call is skipped.") % {"number": meeting.number})


@transaction.atomic
def set_rsvp(meeting: Meeting, user: User, rsvp: str, *, now: datetime | None = None) -> Attendance:
    """A member says, before the call, that they will be there or cannot make it."""
    now = now or timezone.now()
    meeting = _locked_meeting(meeting)
    if rsvp not in (Attendance.Rsvp.COMING, Attendance.Rsvp.CANT_MAKE_IT):
        raise MeetingError(gettext("Say whether you are coming or not."), field="rsvp")
    if not _seated(meeting, user):
        raise MeetingError(gettext("You are not in this group."))
    _held(meeting)
    if meeting.starts_at <= now:
        raise MeetingError(
            gettext("Week %(number)s's call has started: check in instead.") % {"number": meeting.number}
        )
    attendance, _ = Attendance.objects.update_or_create(
        meeting=meeting, user=user, defaults={"rsvp": rsvp, "recorded_by": user}
    )
    return attendance


def _check_started(meeting: Meeting, now: datetime) -> None:
    _held(meeting)
    if meeting.starts_at > now:
        raise MeetingError(
            gettext("Week %(number)s's call has not started yet: attendance is taken once it starts.")
            % {"number": meeting.number}
        )


@transaction.atomic
def check_in(meeting: Meeting, user: User, *, now: datetime | None = None) -> Attendance:
    """A member says they were (or are) on the call."""
    now = now or timezone.now()
    meeting = _locked_meeting(meeting)
    if not _seated(meeting, user):
        raise MeetingError(gettext("You are not in this group."))
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
        raise MeetingError(gettext("Only people in this group can be marked present."), field="present")
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
