"""The sign-up board and everything done on it, the manage page, the sheet import and export, next steps."""

from django.urls import path

from hotseat.masterminds import board_views, manage_views, next_step_views, sheet_views, views

urlpatterns = [
    path("signups/<int:signup_id>/withdraw/", views.withdraw, name="withdraw"),
    path("p/<slug:program_slug>/<slug:cohort_slug>/", board_views.board, name="board"),
    path("p/<slug:program_slug>/<slug:cohort_slug>/manage/", manage_views.manage, name="manage"),
    path("m/<int:mastermind_id>/next/", next_step_views.next_step, name="next_step"),
    path("p/<slug:program_slug>/<slug:cohort_slug>/import/", sheet_views.board_import, name="board_import"),
    path("p/<slug:program_slug>/<slug:cohort_slug>/export.csv", sheet_views.board_export, name="board_export"),
    path("p/<slug:program_slug>/<slug:cohort_slug>/lead/", views.lead, name="lead"),
    path("p/<slug:program_slug>/<slug:cohort_slug>/leave/", views.leave_seat, name="leave_seat"),
    path("p/<slug:program_slug>/<slug:cohort_slug>/waitlist/", views.join_waitlist, name="join_waitlist"),
    path(
        "p/<slug:program_slug>/<slug:cohort_slug>/waitlist/leave/",
        views.leave_waitlist,
        name="leave_waitlist",
    ),
    path(
        "p/<slug:program_slug>/<slug:cohort_slug>/m/<int:mastermind_id>/take/",
        views.take_seat,
        name="take_seat",
    ),
    path(
        "p/<slug:program_slug>/<slug:cohort_slug>/m/<int:mastermind_id>/capacity/",
        views.set_capacity,
        name="set_capacity",
    ),
]
