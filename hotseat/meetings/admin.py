from django.contrib import admin

from hotseat.meetings.models import Meeting, PersonalFeed, Schedule


@admin.register(Schedule)
class ScheduleAdmin(admin.ModelAdmin[Schedule]):
    list_display = ("mastermind", "weekday", "minute", "zone", "duration_minutes", "video_url")
    list_select_related = ("mastermind",)
    raw_id_fields = ("mastermind", "chosen_by")
    readonly_fields = ("feed_token", "video_room")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin[Meeting]):
    list_display = ("mastermind", "number", "starts_at", "duration_minutes", "state", "sequence")
    list_filter = ("state", "mastermind__cohort")
    list_select_related = ("mastermind",)
    raw_id_fields = ("mastermind",)
    # The presenter follows the rotation (hot_seat.py): swaps, deferrals and reorders go through its actions.
    readonly_fields = ("uid", "presenter")
    date_hierarchy = "starts_at"


@admin.register(PersonalFeed)
class PersonalFeedAdmin(admin.ModelAdmin[PersonalFeed]):
    list_display = ("user",)
    raw_id_fields = ("user",)
    readonly_fields = ("token",)
