from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "hotseat.meetings"
    label = "meetings"

    def ready(self) -> None:
        # Register notification kinds and connect receivers wherever Django runs (web, worker, shell).
        from hotseat.meetings import hot_seat_notices, notices, receivers  # noqa: F401, PLC0415 -- ready() runs once the app registry is loaded
