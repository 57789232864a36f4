"""The call part of a week's page: RSVP before the call, attendance after it, the shared call notes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from hotseat.accounts.models import User
from hotseat.accounts.requests import Request
from hotseat.masterminds.models import Membership
from hotseat.meetings.models import Attendance, Meeting, MeetingNotes, MeetingNotesRevision
from hotseat.programs.access import is_organizer
from hotseat.programs.markdown import render_markdown


@dataclass(frozen=True)
class RefusedChange:
    """A change of the call that was just refused: why (a conflicting save, a bad value), and the person's typing."""

    error: str
    field: str = ""  # "notes", "rsvp", "attendance"
    text: str = ""  # the notes as the person typed them
    version: int = 0  # the version they started from
    conflict: MeetingNotes | None = None  # what is saved now, when somebody saved in between


@dataclass(frozen=True)
class AttendanceRow:
    user: User
    is_leader: bool
    attendance: Attendance | None

    @property
    def rsvp(self) -> str:
        return self.attendance.rsvp if self.attendance else ""

    @property
    def attended(self) -> bool | None:
        return self.attendance.attended if self.attendance else None

    @property
    def recorded_by_self(self) -> bool:
        """They checked in (or answered) themselves, rather than the leader taking attendance for them."""
        return self.attendance is not None and self.attendance.recorded_by_id == self.user.pk

    @property
    def recorded_by(self) -> User | None:
        return self.attendance.recorded_by if self.attendance else None


def meeting_panel(request: Request, meeting: Meeting, *, refused: RefusedChange | None = None) -> dict[str, Any] | None:
    """Context for meetings/_meeting_panel.html (None: nothing to show); ``refused`` is a change just turned down."""
    mastermind = meeting.mastermind
    now = timezone.now()
    viewer_id = request.user.pk if request.user.is_authenticated else None
    seats = list(
        Membership.objects.seated().filter(mastermind=mastermind).select_related("user").order_by("joined_at", "pk")
    )
    seats.sort(key=lambda seat: not seat.is_leader)
    mine = next((seat for seat in seats if seat.user_id == viewer_id), None)
    organizer = is_organizer(request.user, mastermind.cohort.program)
    attendances = {a.user_id: a for a in Attendance.objects.filter(meeting=meeting).select_related("recorded_by")}
    rows = [AttendanceRow(seat.user, seat.is_leader, attendances.get(seat.user_id)) for seat in seats]
    my_row = next((row for row in rows if row.user.pk == viewer_id), None)
    notes = MeetingNotes.objects.filter(meeting=meeting).select_related("updated_by").first()
    started = meeting.starts_at <= now
    skipped = meeting.state == Meeting.State.SKIPPED
    is_presenter = viewer_id is not None and meeting.presenter_id == viewer_id
    conflict = refused.conflict if refused else None
    notes_refused = refused if refused is not None and refused.field == "notes" else None
    return {
        "meeting": meeting,
        "start": timezone.localtime(meeting.starts_at),
        "started": started,
        "ended": meeting.ends_at <= now,
        "skipped": skipped,
        "is_member": mine is not None,
        "can_record": not skipped and started and ((mine is not None and mine.is_leader) or organizer),
        "rows": rows,
        "mine": my_row,
        "is_presenter": is_presenter,
        "offer_defer": is_presenter and not started and not skipped and my_row is not None and my_row.rsvp == "cant",
        "can_edit_notes": mine is not None or organizer,
        "notes": notes,
        "notes_html": render_markdown(notes.text) if notes and notes.text else "",
        "draft_text": notes_refused.text if notes_refused else (notes.text if notes else ""),
        "draft_version": notes_refused.version if notes_refused else (notes.version if notes else 0),
        "conflict": conflict,
        # The editor is folded under the notes; open when there is nothing to read yet or a save came back.
        "notes_open": not (notes and notes.text) or notes_refused is not None,
        "conflict_html": render_markdown(conflict.text) if conflict and conflict.text else "",
        "refused": refused,
        "revisions": list(
            MeetingNotesRevision.objects.filter(meeting=meeting).select_related("author").order_by("-version")
        ),
    }
