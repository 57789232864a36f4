"""The scheduling page. (The leader's changes to the calls are posted from the group page: pages/urls.py;
calendar feeds are in feed_urls.py.)"""

from django.urls import path

from hotseat.meetings.views import schedule

urlpatterns = [
    path("m/<int:mastermind_id>/schedule/", schedule.schedule, name="schedule"),
    path("m/<int:mastermind_id>/schedule/check/", schedule.schedule_check, name="schedule_check"),
    path("m/<int:mastermind_id>/schedule/pick/", schedule.schedule_pick, name="schedule_pick"),
]
