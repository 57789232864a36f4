from django.apps import AppConfig


class HomeworkConfig(AppConfig):
    name = "hotseat.homework"
    label = "homework"

    def ready(self) -> None:
        # Register this app's notification kinds and follow moved calls, wherever Django runs.
        from hotseat.homework import notices, signals  # noqa: F401
