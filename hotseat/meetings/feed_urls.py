"""Calendar feeds (RFC 5545) at secret-token URLs, and .ics files per meeting. Included at calendar/."""

from django.urls import path

from hotseat.meetings import feed_views, video_views

urlpatterns = [
    path("", feed_views.calendar_page, name="calendar"),
    path("reset/", feed_views.reset_person_feed, name="calendar_reset"),
    path("<str:token>.ics", feed_views.person_feed, name="person_feed"),
    path("m/<str:token>.ics", feed_views.mastermind_feed, name="mastermind_feed"),
    path("m/<int:mastermind_id>/reset/", feed_views.reset_mastermind_feed, name="mastermind_feed_reset"),
    path("meeting/<uuid:uid>.ics", feed_views.meeting_ics, name="meeting_ics"),
    path("video/<int:mastermind_id>/", video_views.video_link, name="video_link_edit"),
]
