from django.urls import path

from hotseat.programs import organizer_views, views

urlpatterns = [
    path("programs/new/", organizer_views.program_new, name="program_new"),
    path("signups/<int:signup_id>/review/", organizer_views.review, name="review"),
    path("p/<slug:program_slug>/", views.program_detail, name="program"),
    path("p/<slug:program_slug>/cohorts/new/", organizer_views.cohort_new, name="cohort_new"),
    path("p/<slug:program_slug>/<slug:cohort_slug>/signup/", views.signup, name="signup"),
    path("p/<slug:program_slug>/<slug:cohort_slug>/review/", organizer_views.review_queue, name="review_queue"),
]
