from django.apps import AppConfig


class HomeworkConfig(AppConfig):
    name = "hotseat.homework"
    label = "homework"

    def ready(self) -> None:
        # Register this app's notification kinds and connect its receivers, wherever Django runs.
        from hotseat.homework import notices, receivers  # noqa: F401, PLC0415 -- ready() runs once the app registry is loaded
