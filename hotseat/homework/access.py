"""Fetch a week, a homework post or a file only for people who may see its mastermind; everyone else gets 404.

Who may *do* what inside a week (the presenter poses the question, members post homework …)
is decided from the viewer's masterminds `Role`, read once per request.
"""

from __future__ import annotations

from django.http import Http404

from hotseat.homework.models import Attachment, Homework, Question
from hotseat.masterminds.access import Role, get_mastermind_or_404
from hotseat.meetings.models import Meeting
from hotseat.programs.access import Viewer


def presents(role: Role, meeting: Meeting) -> bool:
    return role.user_id is not None and meeting.presenter_id == role.user_id


def may_pose(role: Role, meeting: Meeting) -> bool:
    """The presenter poses the week's question; the leader or an organizer may type it for them."""
    return (role.is_member and presents(role, meeting)) or role.may_lead


def may_edit(role: Role, question: Question | None, meeting: Meeting) -> bool:
    """Who posed a question edits it and closes its week (a later swap of turns changes nothing);
    the leader or an organizer may do it for them. No question yet: whoever may pose it."""
    if question is None:
        return may_pose(role, meeting)
    return (role.user_id is not None and question.author_id == role.user_id) or role.may_lead


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
