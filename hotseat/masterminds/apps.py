from django.apps import AppConfig


class MastermindsConfig(AppConfig):
    name = "hotseat.masterminds"
    label = "masterminds"

    def ready(self) -> None:
        # Register this app's notification kinds and connect its receivers, wherever Django runs.
        from hotseat.masterminds import next_steps, notices, receivers  # noqa: F401, PLC0415 -- ready() runs once the app registry is loaded
