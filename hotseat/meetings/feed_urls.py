"""Calendar feeds (RFC 5545) at secret-token URLs, and .ics files per meeting. Included at calendar/."""

from django.urls import path

from hotseat.meetings.views import feeds, video

urlpatterns = [
    path("", feeds.calendar_page, name="calendar"),
    path("reset/", feeds.reset_person_feed, name="calendar_reset"),
    path("<str:token>.ics", feeds.person_feed, name="person_feed"),
    path("m/<str:token>.ics", feeds.mastermind_feed, name="mastermind_feed"),
    path("m/<int:mastermind_id>/reset/", feeds.reset_mastermind_feed, name="mastermind_feed_reset"),
    path("meeting/<uuid:uid>.ics", feeds.meeting_ics, name="meeting_ics"),
    path("video/<int:mastermind_id>/", video.video_link, name="video_link_edit"),
]
