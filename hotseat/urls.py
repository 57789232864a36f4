from django.contrib import admin
from django.urls import include, path

from hotseat.accounts import views as account_views
from hotseat.api import tokens
from hotseat.api.api import api
from hotseat.pages import availability

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/profile/", account_views.profile, name="profile"),
    path("accounts/profile/tokens/", tokens.token_list, name="api_tokens"),
    path("accounts/profile/tokens/<int:token_id>/revoke/", tokens.revoke, name="api_token_revoke"),
    path("api/v1/", api.urls),
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
