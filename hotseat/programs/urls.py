from django.urls import path

from hotseat.masterminds import next_step_views
from hotseat.masterminds import views as mastermind_views
from hotseat.programs import organizer_views, sheet_views, views

urlpatterns = [
    path("programs/new/", organizer_views.program_new, name="program_new"),
    path("signups/<int:signup_id>/withdraw/", views.withdraw, name="withdraw"),
    path("signups/<int:signup_id>/review/", organizer_views.review, name="review"),
    path("p/<slug:program_slug>/", views.program_detail, name="program"),
    path("p/<slug:program_slug>/cohorts/new/", organizer_views.cohort_new, name="cohort_new"),
    path("p/<slug:program_slug>/<slug:cohort_slug>/", views.board, name="board"),
    path("p/<slug:program_slug>/<slug:cohort_slug>/signup/", views.signup, name="signup"),
    path("p/<slug:program_slug>/<slug:cohort_slug>/review/", organizer_views.review_queue, name="review_queue"),
    path("p/<slug:program_slug>/<slug:cohort_slug>/manage/", organizer_views.manage, name="manage"),
    path("m/<int:mastermind_id>/next/", next_step_views.next_step, name="next_step"),
    path("p/<slug:program_slug>/<slug:cohort_slug>/import/", sheet_views.board_import, name="board_import"),
    path("p/<slug:program_slug>/<slug:cohort_slug>/export.csv", sheet_views.board_export, name="board_export"),
    path("p/<slug:program_slug>/<slug:cohort_slug>/lead/", mastermind_views.lead, name="lead"),
    path("p/<slug:program_slug>/<slug:cohort_slug>/leave/", mastermind_views.leave_seat, name="leave_seat"),
    path("p/<slug:program_slug>/<slug:cohort_slug>/waitlist/", mastermind_views.join_waitlist, name="join_waitlist"),
    path(
        "p/<slug:program_slug>/<slug:cohort_slug>/waitlist/leave/",
        mastermind_views.leave_waitlist,
        name="leave_waitlist",
    ),
    path(
        "p/<slug:program_slug>/<slug:cohort_slug>/m/<int:mastermind_id>/take/",
        mastermind_views.take_seat,
        name="take_seat",
    ),
    path(
        "p/<slug:program_slug>/<slug:cohort_slug>/m/<int:mastermind_id>/capacity/",
        mastermind_views.set_capacity,
        name="set_capacity",
    ),
]
