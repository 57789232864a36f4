from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "hotseat.meetings"
    label = "meetings"

    def ready(self) -> None:
        # Register this app's notification kinds and connect its receivers wherever Django runs (web, worker, shell).
        from hotseat.meetings import hot_seat_notices, notices, receivers  # noqa: F401
