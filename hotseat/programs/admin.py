from django.contrib import admin

from hotseat.admin_base import DATES_IN_WINDOW
from hotseat.programs.models import Cohort, Program, Signup


class CohortInline(admin.TabularInline[Cohort, Program]):
    formfield_overrides = DATES_IN_WINDOW
    model = Cohort
    extra = 0
    fields = ("name", "slug", "starts_on", "weeks", "signup_opens_at", "signup_closes_at")
    show_change_link = True


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin[Program]):
    list_display = ("name", "sponsor", "language", "review", "group_size", "min_to_start", "max_group_size")
    search_fields = ("name", "sponsor")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("organizers",)
    inlines = [CohortInline]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin[Cohort]):
    formfield_overrides = DATES_IN_WINDOW
    list_display = ("name", "program", "starts_on", "weeks", "signup_closes_at")
    list_filter = ("program",)
    search_fields = ("name", "program__name")
    date_hierarchy = "starts_on"


@admin.register(Signup)
class SignupAdmin(admin.ModelAdmin[Signup]):
    formfield_overrides = DATES_IN_WINDOW
    list_display = ("user", "cohort", "role", "status", "waitlisted_at", "offer_mastermind", "created_at")
    list_filter = ("status", "role", "cohort__program", "cohort")
    search_fields = ("user__email", "user__display_name")
    raw_id_fields = ("user", "reviewed_by", "waitlist_mastermind", "offer_mastermind")
    list_select_related = ("user", "cohort__program", "offer_mastermind")
