from django.urls import path

from hotseat.notify import views

app_name = "notify"

urlpatterns = [
    path("notifications/", views.inbox, name="inbox"),
    path("notifications/read/", views.mark_read, name="mark_read"),
    path("notifications/settings/", views.choices, name="settings"),
    path("health/outbox/", views.health, name="health"),
    path("n/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
