"""The scheduling page. (The leader's changes to the calls are posted from the group page: pages/urls.py;
calendar feeds are in feed_urls.py.)"""

from django.urls import path

from hotseat.meetings import views

urlpatterns = [
    path("m/<int:mastermind_id>/schedule/", views.schedule, name="schedule"),
    path("m/<int:mastermind_id>/schedule/check/", views.schedule_check, name="schedule_check"),
    path("m/<int:mastermind_id>/schedule/pick/", views.schedule_pick, name="schedule_pick"),
]
