"""A mastermind's calls are for its members and the program's organizers; everyone else gets 404."""

from __future__ import annotations

from django.http import Http404

from hotseat.masterminds.access import Role, get_mastermind_or_404
from hotseat.masterminds.models import Mastermind
from hotseat.meetings.models import Meeting
from hotseat.programs.access import Viewer


def get_meeting_or_404(user: Viewer, mastermind_id: int, number: int) -> tuple[Mastermind, Meeting, Role]:
    """A mastermind, its call of week ``number`` and the viewer's role, if ``user`` sits in it or organizes it."""
    mastermind, role = get_mastermind_or_404(user, mastermind_id)
    meeting = (
        Meeting.objects.select_related("presenter", "mastermind__cohort__program")
        .filter(mastermind=mastermind, number=number)
        .first()
    )
    if meeting is None:
        raise Http404
    return mastermind, meeting, role
