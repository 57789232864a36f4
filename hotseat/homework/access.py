"""Fetch a week, a homework post or a file only for people who may see its mastermind; everyone else gets 404.

Who may *do* what inside a week (the presenter poses the question, members post homework …)
is decided by `Role`, read once per request and handed to the actions.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from hotseat.homework.models import Attachment, Homework, Question
from hotseat.masterminds.access import active_membership, get_mastermind_or_404
from hotseat.masterminds.models import Mastermind
from hotseat.meetings.models import Meeting
from hotseat.programs.access import Viewer, is_organizer


@dataclass(frozen=True)
class Role:
    """What one person is in one mastermind."""

    user_id: int | None
    is_member: bool
    is_leader: bool
    is_organizer: bool

    def presents(self, meeting: Meeting) -> bool:
        return self.user_id is not None and meeting.presenter_id == self.user_id

    def may_pose(self, meeting: Meeting) -> bool:
        """The presenter poses the week's question; the leader or an organizer may type it for them."""
        return (self.is_member and self.presents(meeting)) or self.is_leader or self.is_organizer

    def may_edit(self, question: Question | None, meeting: Meeting) -> bool:
        """Who posed a question edits it and closes its week (a later swap of turns changes nothing);
        the leader or an organizer may do it for them. No question yet: whoever may pose it."""
        if question is None:
            return self.may_pose(meeting)
        return (self.user_id is not None and question.author_id == self.user_id) or self.is_leader or self.is_organizer


def role_in(user: Viewer, mastermind: Mastermind) -> Role:
    if not user.is_authenticated:
        return Role(None, is_member=False, is_leader=False, is_organizer=False)
    membership = active_membership(user, mastermind)
    return Role(
        user.pk,
        is_member=membership is not None,
        is_leader=membership is not None and membership.is_leader,
        is_organizer=is_organizer(user, mastermind.cohort.program),
    )


def get_week_or_404(user: Viewer, mastermind_id: int, number: int) -> tuple[Mastermind, Meeting]:
    """A mastermind and its meeting of week `number`, if `user` sits in it or organizes its program."""
    mastermind = get_mastermind_or_404(user, mastermind_id)
    meeting = Meeting.objects.select_related("presenter").filter(mastermind=mastermind, number=number).first()
    if meeting is None:
        raise Http404
    return mastermind, meeting


def get_homework_or_404(user: Viewer, homework_id: int) -> Homework:
    homework = (
        Homework.objects.select_related("question__meeting__mastermind", "question__author", "author")
        .filter(pk=homework_id)
        .first()
    )
    if homework is None:
        raise Http404
    get_mastermind_or_404(user, homework.question.meeting.mastermind_id)
    return homework


def get_attachment_or_404(user: Viewer, uid: str) -> Attachment:
    attachment = Attachment.objects.filter(uid=uid).first()
    if attachment is None:
        raise Http404
    get_mastermind_or_404(user, attachment.mastermind_id)
    return attachment
