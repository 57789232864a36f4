from django.contrib import admin
from django.urls import include, path

from hotseat.accounts import views as account_views
from hotseat.pages import availability

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/profile/", account_views.profile, name="profile"),
    path("language/", account_views.set_language, name="set_language"),
    path("accounts/availability/", availability.availability, name="availability"),
    path("accounts/availability/convert/", availability.convert, name="availability_convert"),
    path("accounts/", include("allauth.urls")),
    path("calendar/", include("hotseat.meetings.feed_urls")),
    path("", include("hotseat.pages.urls")),
    path("", include("hotseat.meetings.urls")),
    path("", include("hotseat.homework.urls")),
    path("", include("hotseat.notify.urls")),
    path("", include("hotseat.proposals.urls")),
    path("", include("hotseat.programs.urls")),
    path("", include("hotseat.masterminds.urls")),
]
