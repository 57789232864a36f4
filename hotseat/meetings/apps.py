from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class MeetingsConfig(AppConfig):
    name = "hotseat.meetings"
    label = "meetings"
    verbose_name = gettext_lazy("Calls")

    def ready(self) -> None:
        # Register notification kinds and connect receivers wherever Django runs (web, worker, shell).
        # The kinds register in this order, which is the order of the notification settings page.
        from hotseat.meetings.notices import hot_seat  # noqa: F401, PLC0415 -- ready() runs once the registry is loaded

        # isort: split
        from hotseat.meetings import receivers  # noqa: F401, PLC0415 -- the same
        from hotseat.meetings.notices import meetings  # noqa: F401, PLC0415 -- the same
