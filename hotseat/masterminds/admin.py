"""Masterminds and seats in the admin: looked up there, changed only through the actions.

A seat carries the board, the waitlist, calls, hot seat turns and reminders with it, so the admin
never writes one: seats are read-only, and the operator's fixes are admin actions that call the
same actions as the organizer's pages (take someone out of a group, end a group).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hotseat.admin_base import DATES_IN_WINDOW, ReadAndDelete
from hotseat.masterminds.actions import end_mastermind, remove_person
from hotseat.masterminds.models import Mastermind, Membership, NextStep, SeatInvitation
from hotseat.refusals import RefusalError


class MembershipInline(admin.TabularInline[Membership, Mastermind]):
    formfield_overrides = DATES_IN_WINDOW
    model = Membership
    extra = 0
    fields = ("user", "role", "joined_at", "left_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _done_finished(count: int) -> str:
    return ngettext("%(count)s marked finished.", "%(count)s marked finished.", count) % {"count": count}


def _done_disbanded(count: int) -> str:
    return ngettext("%(count)s disbanded.", "%(count)s disbanded.", count) % {"count": count}


def _done_taken_out(count: int) -> str:
    return ngettext("%(count)s taken out of their group.", "%(count)s taken out of their group.", count) % {
        "count": count
    }


def _each(request: HttpRequest, objects: QuerySet[Any], act: Any, done: Callable[[int], str]) -> None:
    """Run ``act`` on each selected row in its own transaction; say what happened, refusals as warnings."""
    count = 0
    for obj in objects:
        try:
            act(obj)
        except RefusalError as refusal:
            messages.warning(request, refusal.message)
        else:
            count += 1
    if count:
        messages.success(request, done(count))


@admin.register(Mastermind)
class MastermindAdmin(admin.ModelAdmin[Mastermind]):
    formfield_overrides = DATES_IN_WINDOW
    list_display = ("__str__", "cohort", "state", "capacity", "formed_at")
    list_filter = ("state", "cohort__program", "cohort")
    search_fields = ("title", "focus")
    list_select_related = ("cohort__program",)
    inlines = [MembershipInline]
    actions = ["finish", "disband"]

    def get_readonly_fields(self, request: HttpRequest, obj: Mastermind | None = None) -> tuple[str, ...]:
        # Its state follows its seats and calls, and its cohort backs the one-seat-per-cohort rule:
        # both change only through actions. A new one starts forming, without seats.
        return ("state", "formed_at") + (("cohort",) if obj is not None else ())

    @admin.action(description=_("Mark as finished (met to the end): no more calls or reminders"))
    def finish(self, request: HttpRequest, queryset: QuerySet[Mastermind]) -> None:
        _each(request, queryset, lambda m: end_mastermind(m, Mastermind.State.FINISHED), _done_finished)

    @admin.action(description=_("Disband (stopped meeting): no more calls, reminders or seats"))
    def disband(self, request: HttpRequest, queryset: QuerySet[Mastermind]) -> None:
        _each(request, queryset, lambda m: end_mastermind(m, Mastermind.State.DISBANDED), _done_disbanded)


@admin.register(Membership)
class MembershipAdmin(ReadAndDelete):
    list_display = ("user", "mastermind", "role", "joined_at", "left_at")
    list_filter = ("role", "cohort")
    search_fields = ("user__email", "user__display_name", "mastermind__title")
    list_select_related = ("user", "mastermind")
    actions = ["take_out"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a seat is history: people leave, their row stays

    @admin.action(description=_("Take out of their group (the seat is given back, as if they had left)"))
    def take_out(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        _each(request, queryset.select_related("user", "mastermind"), remove_person, _done_taken_out)


# Answers change through /m/<id>/next/.
@admin.register(NextStep)
class NextStepAdmin(ReadAndDelete):
    list_display = ("user", "mastermind", "choice", "updated_at")
    list_filter = ("choice",)
    list_select_related = ("user", "mastermind")


# Invitations are answered by the person invited, at /invitations/.
@admin.register(SeatInvitation)
class SeatInvitationAdmin(ReadAndDelete):
    list_display = ("user", "cohort", "mastermind", "role", "status", "created_at", "answered_at")
    list_filter = ("status", "role", "cohort")
    search_fields = ("user__email", "mastermind__title")
    list_select_related = ("user", "cohort", "mastermind")
