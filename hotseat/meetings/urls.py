"""The weekly call: the group page, the scheduling page, meeting changes. (Calendar feeds are in feed_urls.py.)"""

from django.urls import path

from hotseat.masterminds import group_views
from hotseat.meetings import call_views, hot_seat_views, views

urlpatterns = [
    path("m/<int:mastermind_id>/", group_views.group, name="group"),
    path("m/<int:mastermind_id>/schedule/", views.schedule, name="schedule"),
    path("m/<int:mastermind_id>/schedule/check/", views.schedule_check, name="schedule_check"),
    path("m/<int:mastermind_id>/schedule/pick/", views.schedule_pick, name="schedule_pick"),
    path("m/<int:mastermind_id>/calls/skip/", views.skip, name="meeting_skip"),
    path("m/<int:mastermind_id>/calls/move/", views.move, name="meeting_move"),
    path("m/<int:mastermind_id>/calls/move-from/", views.move_from, name="meetings_move_from"),
    path("m/<int:mastermind_id>/rotation/swap/", hot_seat_views.ask_swap, name="rotation_swap"),
    path(
        "m/<int:mastermind_id>/rotation/swaps/<int:swap_id>/answer/",
        hot_seat_views.answer_swap,
        name="rotation_swap_answer",
    ),
    path(
        "m/<int:mastermind_id>/rotation/swaps/<int:swap_id>/cancel/",
        hot_seat_views.cancel_swap,
        name="rotation_swap_cancel",
    ),
    path("m/<int:mastermind_id>/rotation/defer/", hot_seat_views.defer, name="rotation_defer"),
    path("m/<int:mastermind_id>/rotation/presenting/", hot_seat_views.presenting, name="rotation_presenting"),
    path("m/<int:mastermind_id>/rotation/move/", hot_seat_views.move, name="rotation_move"),
    path("m/<int:mastermind_id>/weeks/<int:number>/rsvp/", call_views.rsvp, name="call_rsvp"),
    path("m/<int:mastermind_id>/weeks/<int:number>/check-in/", call_views.check_in, name="call_check_in"),
    path("m/<int:mastermind_id>/weeks/<int:number>/attendance/", call_views.attendance, name="call_attendance"),
    path("m/<int:mastermind_id>/weeks/<int:number>/notes/", call_views.notes, name="call_notes"),
]
