"""The home page, a group's page and a week's page, and everything posted from them.

A refused post re-renders its page with the reason and the typing kept."""

from django.urls import path

from hotseat.pages import call, group, home, leader_tools, rotation, week

urlpatterns = [
    path("", home.home, name="home"),
    path("m/<int:mastermind_id>/", group.group, name="group"),
    path("m/<int:mastermind_id>/calls/skip/", leader_tools.skip, name="meeting_skip"),
    path("m/<int:mastermind_id>/calls/move/", leader_tools.move, name="meeting_move"),
    path("m/<int:mastermind_id>/calls/move-from/", leader_tools.move_from, name="meetings_move_from"),
    path("m/<int:mastermind_id>/rotation/swap/", rotation.ask_swap, name="rotation_swap"),
    path(
        "m/<int:mastermind_id>/rotation/swaps/<int:swap_id>/answer/",
        rotation.answer_swap,
        name="rotation_swap_answer",
    ),
    path(
        "m/<int:mastermind_id>/rotation/swaps/<int:swap_id>/cancel/",
        rotation.cancel_swap,
        name="rotation_swap_cancel",
    ),
    path("m/<int:mastermind_id>/rotation/defer/", rotation.defer, name="rotation_defer"),
    path("m/<int:mastermind_id>/rotation/presenting/", rotation.presenting, name="rotation_presenting"),
    path("m/<int:mastermind_id>/rotation/move/", rotation.move, name="rotation_move"),
    path("m/<int:mastermind_id>/weeks/<int:number>/", week.week, name="week"),
    path("m/<int:mastermind_id>/weeks/<int:number>/question/", week.question_save, name="question_save"),
    path("m/<int:mastermind_id>/weeks/<int:number>/homework/", week.homework_save, name="homework_save"),
    path("m/<int:mastermind_id>/weeks/<int:number>/skip/", week.homework_skip, name="homework_skip"),
    path("m/<int:mastermind_id>/weeks/<int:number>/close/", week.week_close, name="week_close"),
    path("homework/<int:homework_id>/feedback/", week.feedback_post, name="feedback_post"),
    path("homework/<int:homework_id>/helpful/", week.helpful, name="homework_helpful"),
    path("m/<int:mastermind_id>/weeks/<int:number>/rsvp/", call.rsvp, name="call_rsvp"),
    path("m/<int:mastermind_id>/weeks/<int:number>/check-in/", call.check_in, name="call_check_in"),
    path("m/<int:mastermind_id>/weeks/<int:number>/attendance/", call.attendance, name="call_attendance"),
    path("m/<int:mastermind_id>/weeks/<int:number>/notes/", call.notes, name="call_notes"),
]
