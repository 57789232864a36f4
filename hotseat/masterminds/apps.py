from django.apps import AppConfig


class MastermindsConfig(AppConfig):
    name = "hotseat.masterminds"
    label = "masterminds"

    def ready(self) -> None:
        # Register this app's notification kinds and connect its receivers, wherever Django runs.
        # The settings page lists kinds in the order notices.py registers them.
        from hotseat.masterminds import notices  # noqa: F401, PLC0415 -- ready() runs once the app registry is loaded

        # isort: split
        from hotseat.masterminds import receivers  # noqa: F401, PLC0415 -- ready() runs once the app registry is loaded
