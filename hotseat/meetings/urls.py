"""The weekly call: the group page, the scheduling page, meeting changes. (Calendar feeds are in feed_urls.py.)"""

from django.urls import path

from hotseat.masterminds import group_views
from hotseat.meetings import views

urlpatterns = [
    path("m/<int:mastermind_id>/", group_views.group, name="group"),
    path("m/<int:mastermind_id>/schedule/", views.schedule, name="schedule"),
    path("m/<int:mastermind_id>/schedule/check/", views.schedule_check, name="schedule_check"),
    path("m/<int:mastermind_id>/schedule/pick/", views.schedule_pick, name="schedule_pick"),
    path("m/<int:mastermind_id>/calls/skip/", views.skip, name="meeting_skip"),
    path("m/<int:mastermind_id>/calls/move/", views.move, name="meeting_move"),
    path("m/<int:mastermind_id>/calls/move-from/", views.move_from, name="meetings_move_from"),
]
