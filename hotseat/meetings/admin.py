from django.contrib import admin

from hotseat.admin_base import DATES_IN_WINDOW, ReadAndDelete
from hotseat.meetings.models import (
    Attendance,
    Meeting,
    MeetingNotes,
    MeetingNotesRevision,
    PersonalFeed,
    Schedule,
    TurnSwap,
)


@admin.register(Schedule)
class ScheduleAdmin(admin.ModelAdmin[Schedule]):
    formfield_overrides = DATES_IN_WINDOW
    list_display = ("mastermind", "weekday", "minute", "zone", "duration_minutes", "video_url")
    list_select_related = ("mastermind",)
    raw_id_fields = ("mastermind", "chosen_by")
    readonly_fields = ("feed_token", "video_room")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin[Meeting]):
    formfield_overrides = DATES_IN_WINDOW
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


# The call's records change through actions/hot_seat.py, attendance.py and notes.py (turns, notifications, versions).
@admin.register(Attendance)
class AttendanceAdmin(ReadAndDelete):
    list_display = ("meeting", "user", "rsvp", "attended", "updated_at")
    list_filter = ("rsvp", "attended")
    list_select_related = ("meeting__mastermind", "user")


@admin.register(TurnSwap)
class TurnSwapAdmin(ReadAndDelete):
    list_display = ("__str__", "requested_by", "asked", "state", "created_at", "answered_at")
    list_filter = ("state",)
    list_select_related = ("from_meeting", "to_meeting", "requested_by", "asked")


@admin.register(MeetingNotes)
class MeetingNotesAdmin(ReadAndDelete):
    list_display = ("meeting", "version", "updated_by", "updated_at")
    list_select_related = ("meeting__mastermind", "updated_by")


@admin.register(MeetingNotesRevision)
class MeetingNotesRevisionAdmin(ReadAndDelete):
    list_display = ("meeting", "version", "author", "created_at")
    list_select_related = ("meeting__mastermind", "author")
