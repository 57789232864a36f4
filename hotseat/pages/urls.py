"""The home page, a group's page and a week's page, and everything posted from them.

A refused post re-renders its page with the reason and the typing kept."""

from django.urls import path

from hotseat.pages import group, home, hot_seat, leader_tools, meeting, week

urlpatterns = [
    path("", home.home, name="home"),
    path("m/<int:mastermind_id>/", group.group, name="group"),
    path("m/<int:mastermind_id>/calls/skip/", leader_tools.skip, name="meeting_skip"),
    path("m/<int:mastermind_id>/calls/move/", leader_tools.move, name="meeting_move"),
    path("m/<int:mastermind_id>/calls/move-from/", leader_tools.move_from, name="meetings_move_from"),
    path("m/<int:mastermind_id>/rotation/swap/", hot_seat.ask_swap, name="hot_seat_swap"),
    path(
        "m/<int:mastermind_id>/rotation/swaps/<int:swap_id>/answer/",
        hot_seat.answer_swap,
        name="hot_seat_swap_answer",
    ),
    path(
        "m/<int:mastermind_id>/rotation/swaps/<int:swap_id>/cancel/",
        hot_seat.cancel_swap,
        name="hot_seat_swap_cancel",
    ),
    path("m/<int:mastermind_id>/rotation/defer/", hot_seat.defer, name="hot_seat_defer"),
    path("m/<int:mastermind_id>/rotation/presenting/", hot_seat.presenting, name="hot_seat_presenting"),
    path("m/<int:mastermind_id>/rotation/move/", hot_seat.move, name="hot_seat_move"),
    path("m/<int:mastermind_id>/weeks/<int:number>/", week.week, name="week"),
    path("m/<int:mastermind_id>/weeks/<int:number>/question/", week.question_save, name="question_save"),
    path("m/<int:mastermind_id>/weeks/<int:number>/homework/", week.homework_save, name="homework_save"),
    path("m/<int:mastermind_id>/weeks/<int:number>/skip/", week.homework_skip, name="homework_skip"),
    path("m/<int:mastermind_id>/weeks/<int:number>/close/", week.week_close, name="week_close"),
    path("homework/<int:homework_id>/feedback/", week.feedback_post, name="feedback_post"),
    path("homework/<int:homework_id>/helpful/", week.helpful, name="homework_helpful"),
    path("m/<int:mastermind_id>/weeks/<int:number>/rsvp/", meeting.rsvp, name="meeting_rsvp"),
    path("m/<int:mastermind_id>/weeks/<int:number>/check-in/", meeting.check_in, name="meeting_check_in"),
    path("m/<int:mastermind_id>/weeks/<int:number>/attendance/", meeting.attendance, name="meeting_attendance"),
    path("m/<int:mastermind_id>/weeks/<int:number>/notes/", meeting.notes, name="meeting_notes"),
]
