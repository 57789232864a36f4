"""The sign-up board and everything done on it, the manage page, the sheet import and export, next steps."""

from django.urls import path

from hotseat.masterminds.views import board, invitations, manage, next_steps, seats, sheet

urlpatterns = [
    path("invitations/", invitations.seat_invitations, name="seat_invitations"),
    path("invitations/<int:invitation_id>/", invitations.answer_invitation, name="answer_invitation"),
    path("signups/<int:signup_id>/withdraw/", seats.withdraw, name="withdraw"),
    path("p/<slug:program_slug>/<slug:cohort_slug>/", board.board, name="board"),
    path("p/<slug:program_slug>/<slug:cohort_slug>/manage/", manage.manage, name="manage"),
    path("m/<int:mastermind_id>/next/", next_steps.next_step, name="next_step"),
    path("p/<slug:program_slug>/<slug:cohort_slug>/import/", sheet.board_import, name="board_import"),
    path("p/<slug:program_slug>/<slug:cohort_slug>/export.csv", sheet.board_export, name="board_export"),
    path("p/<slug:program_slug>/<slug:cohort_slug>/lead/", seats.lead, name="lead"),
    path("p/<slug:program_slug>/<slug:cohort_slug>/leave/", seats.leave_seat, name="leave_seat"),
    path("p/<slug:program_slug>/<slug:cohort_slug>/waitlist/", seats.join_waitlist, name="join_waitlist"),
    path(
        "p/<slug:program_slug>/<slug:cohort_slug>/waitlist/leave/",
        seats.leave_waitlist,
        name="leave_waitlist",
    ),
    path(
        "p/<slug:program_slug>/<slug:cohort_slug>/m/<int:mastermind_id>/take/",
        seats.take_seat,
        name="take_seat",
    ),
    path(
        "p/<slug:program_slug>/<slug:cohort_slug>/m/<int:mastermind_id>/capacity/",
        seats.set_capacity,
        name="set_capacity",
    ),
]
