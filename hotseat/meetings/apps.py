from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "hotseat.meetings"
    label = "meetings"

    def ready(self) -> None:
        # Register this app's notification kinds wherever Django runs (web, worker, shell).
        from hotseat.meetings import notices  # noqa: F401
