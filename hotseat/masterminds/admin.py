from django.contrib import admin
from django.utils import timezone

from hotseat.admin_base import DATES_IN_WINDOW, ReadAndDelete
from hotseat.masterminds.models import Mastermind, Membership, NextStep
from hotseat.masterminds.signals import seats_changed


class MembershipInline(admin.TabularInline[Membership, Mastermind]):
    formfield_overrides = DATES_IN_WINDOW
    model = Membership
    extra = 0
    fields = ("user", "role", "joined_at", "left_at")
    readonly_fields = ("joined_at",)
    raw_id_fields = ("user",)


@admin.register(Mastermind)
class MastermindAdmin(admin.ModelAdmin[Mastermind]):
    formfield_overrides = DATES_IN_WINDOW
    list_display = ("__str__", "cohort", "state", "capacity", "formed_at")
    list_filter = ("state", "cohort__program", "cohort")
    search_fields = ("title", "focus")
    list_select_related = ("cohort__program",)
    inlines = [MembershipInline]

    def save_formset(self, request, form, formset, change):  # type: ignore[no-untyped-def]
        # The cohort on a seat always follows its mastermind (it backs the one-seat-per-cohort rule).
        for membership in formset.save(commit=False):
            membership.cohort_id = form.instance.cohort_id
            membership.save()
        for gone in formset.deleted_objects:
            gone.delete()

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        # An operator's edit of the seats or the state is a change like any action's: calls, turns and
        # homework reminders follow it, in the admin's transaction.
        super().save_related(request, form, formsets, change)
        seats_changed.send(sender=Mastermind, mastermind=form.instance, now=timezone.now())


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    formfield_overrides = DATES_IN_WINDOW
    list_display = ("user", "mastermind", "role", "joined_at", "left_at")
    list_filter = ("role", "cohort")
    search_fields = ("user__email", "user__display_name", "mastermind__title")
    raw_id_fields = ("user", "mastermind", "cohort")
    list_select_related = ("user", "mastermind")


# Answers change through /m/<id>/next/.
@admin.register(NextStep)
class NextStepAdmin(ReadAndDelete):
    list_display = ("user", "mastermind", "choice", "updated_at")
    list_filter = ("choice",)
    list_select_related = ("user", "mastermind")
