from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from hotseat.accounts.models import User, WeeklyAvailability
from hotseat.admin_base import DATES_IN_WINDOW


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    formfield_overrides = DATES_IN_WINDOW
    list_display = ("email", "display_name", "time_zone", "community_name", "is_staff")
    search_fields = ("email", "display_name", "community_name")
    list_filter = ("is_staff", "is_superuser", "is_active", "community_platform")
    ordering = ("email",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        (
            _("Profile"),
            {
                "fields": (
                    "display_name",
                    "time_zone",
                    "language",
                    "community_name",
                    "community_url",
                    "community_platform",
                    "community_role",
                    "bio",
                )
            },
        ),
    )


@admin.register(WeeklyAvailability)
class WeeklyAvailabilityAdmin(admin.ModelAdmin[WeeklyAvailability]):
    list_display = ("user", "zone", "updated_at")
    search_fields = ("user__email", "user__display_name")
    raw_id_fields = ("user",)
