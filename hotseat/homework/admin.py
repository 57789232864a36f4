"""The weekly cycle in the admin: to look things up and, for moderation, delete a post. Changes go
through the week page (hotseat/homework/actions.py), where notifications and reminders follow."""

from __future__ import annotations

from django.contrib import admin

from hotseat.admin_base import ReadAndDelete
from hotseat.homework.models import Attachment, Feedback, Homework, LinkPreview, Question


@admin.register(Question)
class QuestionAdmin(ReadAndDelete):
    list_display = ("title", "meeting", "author", "wants_feedback", "posted_at", "closed_at")
    list_filter = ("wants_feedback", "meeting__mastermind__cohort")
    list_select_related = ("meeting__mastermind", "author")
    search_fields = ("title", "author__email")


@admin.register(Homework)
class HomeworkAdmin(ReadAndDelete):
    list_display = ("author", "question", "skipped", "minutes_spent", "helpful", "posted_at")
    list_filter = ("skipped", "helpful")
    list_select_related = ("author", "question")
    search_fields = ("author__email", "question__title")


@admin.register(Feedback)
class FeedbackAdmin(ReadAndDelete):
    list_display = ("author", "homework", "posted_at")
    list_select_related = ("author", "homework__author", "homework__question")


@admin.register(Attachment)
class AttachmentAdmin(ReadAndDelete):
    list_display = ("original_name", "kind", "content_type", "size", "mastermind", "uploaded_by", "uploaded_at")
    list_filter = ("kind",)
    list_select_related = ("mastermind", "uploaded_by")


@admin.register(LinkPreview)
class LinkPreviewAdmin(ReadAndDelete):
    list_display = ("url", "provider", "title", "fetched_at")
