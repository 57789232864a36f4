"""Every change to a week's question, homework, feedback and files.

One transaction each. The question row is locked first, so a presenter closing the week
and a member posting at the same moment take turns; notifications are written in the
same transaction (nobody is told about a post that did not save).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext

from hotseat.accounts.models import User
from hotseat.homework import uploads
from hotseat.homework.access import may_edit
from hotseat.homework.errors import HomeworkError
from hotseat.homework.link_previews import queue_previews
from hotseat.homework.models import MAX_MINUTES, Attachment, Feedback, Homework, Question
from hotseat.homework.notices import FEEDBACK_POSTED, HOMEWORK_POSTED, QUESTION_POSTED
from hotseat.homework.reminders import sync_homework_reminders
from hotseat.masterminds.access import Role, role_in
from hotseat.masterminds.models import Mastermind
from hotseat.masterminds.seats import active_memberships
from hotseat.meetings.models import Meeting
from hotseat.notify.actions import notify

MAX_TITLE = 200
MAX_BODY = 50_000
_ATTACHMENT_URL = re.compile(r"/files/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/")
_ENDED = (Mastermind.State.FINISHED, Mastermind.State.DISBANDED)


def _empty_message(what: str) -> str:
    # A whole sentence for each kind of text, so that a translator words each one.
    if what == "question":
        return gettext("Write something in your question first.")
    if what == "note":
        return gettext("Write something in your note first.")
    if what == "reply":
        return gettext("Write something in your reply first.")
    return gettext("Write something in your post first.")


def _long_message(what: str, length: int) -> str:
    values = {
        "length": number_format(length, force_grouping=True),
        "most": number_format(MAX_BODY, force_grouping=True),
    }
    if what == "question":
        return gettext("That is %(length)s characters; a question holds up to %(most)s.") % values
    if what == "note":
        return gettext("That is %(length)s characters; a note holds up to %(most)s.") % values
    if what == "reply":
        return gettext("That is %(length)s characters; a reply holds up to %(most)s.") % values
    return gettext("That is %(length)s characters; a post holds up to %(most)s.") % values


def _check_body(body: str, *, field: str = "body", required: bool = True, what: str = "post") -> str:
    body = (body or "").strip()
    if required and not body:
        raise HomeworkError(_empty_message(what), field=field)
    if len(body) > MAX_BODY:
        raise HomeworkError(_long_message(what, len(body)), field=field)
    return body


def _check_open(mastermind: Mastermind) -> None:
    if mastermind.state == Mastermind.State.DISBANDED:
        raise HomeworkError(
            gettext("%(mastermind)s is disbanded: its weeks no longer change.") % {"mastermind": mastermind}
        )
    if mastermind.state in _ENDED:
        raise HomeworkError(
            gettext("%(mastermind)s is finished: its weeks no longer change.") % {"mastermind": mastermind}
        )


def _not_yours_message(meeting: Meeting, question: Question | None) -> str:
    poser = question.author if question else meeting.presenter
    values = {"number": meeting.number, "name": poser.name if poser else ""}
    if poser is None:
        if question:
            return gettext("Week %(number)s's question is the hot seat's to edit.") % values
        return gettext("Week %(number)s's question is the hot seat's to pose.") % values
    if question:
        return gettext("Week %(number)s's question is %(name)s's to edit.") % values
    return gettext("Week %(number)s's question is %(name)s's to pose.") % values


def _locked_question(question: Question) -> Question:
    return (
        Question.objects.select_for_update(of=("self",))
        .select_related("meeting__mastermind__cohort__program")
        .get(pk=question.pk)
    )


Checked = list[tuple[UploadedFile[bytes], uploads.FileType]]


def _check_files(files: Iterable[UploadedFile[bytes]]) -> Checked:
    """Every file's type, before anything is written: one refused file and nothing is saved."""
    return [(upload, uploads.check(upload)) for upload in files if upload]


def _store_files(
    checked: Checked, *, mastermind: Mastermind, by: User, now: datetime | None = None, **post: object
) -> list[Attachment]:
    """Store the checked files, last thing in an action; if one fails, the bytes already stored go too."""
    stored: list[str] = []
    try:
        return [
            _save_attachment(upload, file_type, stored, mastermind=mastermind, by=by, now=now or timezone.now(), **post)
            for upload, file_type in checked
        ]
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise


def _save_attachment(
    upload: UploadedFile[bytes],
    file_type: uploads.FileType,
    stored: list[str],
    *,
    mastermind: Mastermind,
    by: User,
    now: datetime,
    **post: object,
) -> Attachment:
    name, size = uploads.store(upload, file_type, mastermind.pk)
    stored.append(name)
    return Attachment.objects.create(
        mastermind=mastermind,
        uploaded_by=by,
        stored_name=name,
        original_name=uploads.clean_name(upload.name or ""),
        kind=file_type.kind,
        content_type=file_type.content_type,
        size=size,
        uploaded_at=now,
        **post,
    )


def _claim_pasted(body: str, *, mastermind: Mastermind, by: User, **post: object) -> None:
    """Files the author pasted into the text before saving it now belong to the post."""
    uids = set(_ATTACHMENT_URL.findall(body))
    if uids:
        Attachment.objects.filter(
            uid__in=uids, mastermind=mastermind, uploaded_by=by, question__isnull=True, homework__isnull=True
        ).update(**post)


@transaction.atomic
def post_question(
    meeting: Meeting,
    *,
    by: User,
    title: str,
    body: str = "",
    wants_feedback: bool = False,
    files: Iterable[UploadedFile[bytes]] = (),
    now: datetime | None = None,
) -> Question:
    """Pose (or edit) the week's question. The presenter does; the leader or an organizer may for them."""
    now = now or timezone.now()
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("mastermind__cohort__program").get(pk=meeting.pk)
    )
    mastermind = meeting.mastermind
    _check_open(mastermind)
    question = Question.objects.select_for_update(of=("self",)).select_related("author").filter(meeting=meeting).first()
    if not may_edit(role_in(by, mastermind), question, meeting):
        raise HomeworkError(_not_yours_message(meeting, question))
    if meeting.state == Meeting.State.SKIPPED:
        raise HomeworkError(
            gettext("Week %(number)s is skipped: there is no question to pose.") % {"number": meeting.number}
        )
    title = " ".join((title or "").split())
    if not title:
        raise HomeworkError(gettext("Give your question a title."), field="title")
    if len(title) > MAX_TITLE:
        raise HomeworkError(
            gettext("A title holds up to %(most)s characters; this one has %(length)s.")
            % {"most": MAX_TITLE, "length": len(title)},
            field="title",
        )
    body = _check_body(body, required=False, what="question")
    checked = _check_files(files)
    created = question is None
    if question is None:
        question = Question(meeting=meeting, author=meeting.presenter or by, posted_at=now)
    question.posted_by = by
    question.title, question.body, question.wants_feedback = title, body, wants_feedback
    question.save()
    _claim_pasted(body, mastermind=mastermind, by=by, question=question)
    if created:
        for membership in active_memberships(mastermind):
            if membership.user_id not in (question.author_id, by.pk):
                notify(QUESTION_POSTED, membership.user, key=f"{QUESTION_POSTED}:q{question.pk}:u{membership.user_id}",
                       now=now, question=question)  # fmt: skip
    sync_homework_reminders(mastermind, now)
    _store_files(checked, mastermind=mastermind, by=by, now=now, question=question)
    queue_previews(body)
    return question


@transaction.atomic
def close_week(question: Question, *, by: User, note: str, now: datetime | None = None) -> Question:
    """The presenter's "what I'll do with this" note closes the week (it may be edited after)."""
    question = _locked_question(question)
    if not may_edit(role_in(by, question.meeting.mastermind), question, question.meeting):
        raise HomeworkError(gettext("Only the member who posed the question closes their week."))
    question.closing_note = _check_body(note, field="closing_note", what="note")
    if question.closed_at is None:
        question.closed_at = now or timezone.now()
    question.save(update_fields=["closing_note", "closed_at", "updated_at"])
    return question


def _homework_role(question: Question, by: User) -> Role:
    mastermind = question.meeting.mastermind
    _check_open(mastermind)
    role = role_in(by, mastermind)
    if not role.is_member:
        raise HomeworkError(gettext("Only the group's members post homework."))
    if question.author_id == by.pk:
        raise HomeworkError(gettext("This is your own question: the others' homework comes to you."))
    return role


def _check_minutes(minutes: int | None) -> int | None:
    if minutes is None:
        return None
    if not 1 <= minutes <= MAX_MINUTES:
        raise HomeworkError(
            gettext("Minutes spent is a number from 1 to %(most)s.") % {"most": MAX_MINUTES}, field="minutes_spent"
        )
    return minutes


@transaction.atomic
def post_homework(
    question: Question,
    *,
    by: User,
    body: str,
    minutes_spent: int | None = None,
    files: Iterable[UploadedFile[bytes]] = (),
    now: datetime | None = None,
) -> Homework:
    """Post (or edit) `by`'s own homework on a question of their mastermind. A skip becomes a post."""
    now = now or timezone.now()
    question = _locked_question(question)
    _homework_role(question, by)
    body = _check_body(body)
    minutes_spent = _check_minutes(minutes_spent)
    checked = _check_files(files)
    homework = Homework.objects.filter(question=question, author=by).first()
    first_post = homework is None or homework.skipped
    if homework is None:
        homework = Homework(question=question, author=by)
    if first_post:
        homework.posted_at, homework.edited_at = now, None
    elif (homework.body, homework.minutes_spent) != (body, minutes_spent):
        homework.edited_at = now
    homework.body, homework.minutes_spent, homework.skipped = body, minutes_spent, False
    homework.save()
    mastermind = question.meeting.mastermind
    _claim_pasted(body, mastermind=mastermind, by=by, homework=homework)
    if first_post and question.author is not None:
        notify(HOMEWORK_POSTED, question.author, key=f"{HOMEWORK_POSTED}:h{homework.pk}", now=now, homework=homework)
    sync_homework_reminders(mastermind, now)
    _store_files(checked, mastermind=mastermind, by=by, now=now, homework=homework)
    queue_previews(body)
    return homework


@transaction.atomic
def skip_homework(question: Question, *, by: User, now: datetime | None = None) -> Homework:
    """ "Skipping this week": one click, no reason asked. Not for someone who has already posted."""
    now = now or timezone.now()
    question = _locked_question(question)
    _homework_role(question, by)
    homework = Homework.objects.filter(question=question, author=by).first()
    if homework is not None and not homework.skipped:
        raise HomeworkError(gettext("You have posted homework on this question already."))
    if homework is None:
        homework = Homework.objects.create(question=question, author=by, skipped=True, posted_at=now)
    sync_homework_reminders(question.meeting.mastermind, now)
    return homework


@transaction.atomic
def reply(homework: Homework, *, by: User, body: str, now: datetime | None = None) -> Feedback:
    """Add to the feedback thread under a homework post (members of the group)."""
    now = now or timezone.now()
    homework = (
        Homework.objects.select_for_update(of=("self",))
        .select_related("question__meeting__mastermind")
        .get(pk=homework.pk)
    )
    mastermind = homework.question.meeting.mastermind
    _check_open(mastermind)
    if not role_in(by, mastermind).is_member:
        raise HomeworkError(gettext("Only the group's members reply to homework."))
    if homework.skipped:
        raise HomeworkError(gettext("There is no post to reply to."))
    feedback = Feedback.objects.create(
        homework=homework, author=by, body=_check_body(body, what="reply"), posted_at=now
    )
    if homework.author_id != by.pk:
        notify(FEEDBACK_POSTED, homework.author, key=f"{FEEDBACK_POSTED}:f{feedback.pk}", now=now,
               homework=homework, feedback=feedback)  # fmt: skip
    return feedback


@transaction.atomic
def mark_helpful(homework: Homework, *, by: User, helpful: bool = True) -> Homework:
    """The presenter marks (or unmarks) a post helpful."""
    homework = Homework.objects.select_for_update(of=("self",)).select_related("question").get(pk=homework.pk)
    if homework.question.author_id != by.pk:
        raise HomeworkError(gettext("Only the member who posed the question marks posts helpful."))
    if homework.skipped:
        raise HomeworkError(gettext("There is no post to mark."))
    homework.helpful = helpful
    homework.save(update_fields=["helpful", "updated_at"])
    return homework


@transaction.atomic
def upload(mastermind: Mastermind, *, by: User, file: UploadedFile[bytes]) -> Attachment:
    """A file pasted or dropped into a text box, before its post is saved (members only)."""
    _check_open(mastermind)
    if not role_in(by, mastermind).is_member:
        raise HomeworkError(gettext("Only the group's members upload files."))
    file_type = uploads.check(file, field="file")
    return _store_files([(file, file_type)], mastermind=mastermind, by=by)[0]


def prune_unclaimed_uploads(before: datetime) -> int:
    """Delete files pasted before `before` into a post that was never saved (or whose post is gone).

    Idempotent; safe beside running web processes: a file is claimed in the transaction that
    saves its post, and a claimed file is never selected here.
    """
    pruned = 0
    candidates = Attachment.objects.filter(question__isnull=True, homework__isnull=True, uploaded_at__lt=before)
    for attachment_id in list(candidates.values_list("pk", flat=True)):
        with transaction.atomic():
            attachment = candidates.select_for_update().filter(pk=attachment_id).first()
            if attachment is None:
                continue
            attachment.delete()  # the bytes follow on commit (signals.py)
            pruned += 1
    return pruned
