from django.apps import AppConfig


class MastermindsConfig(AppConfig):
    name = "hotseat.masterminds"
    label = "masterminds"

    def ready(self) -> None:
        # Register this app's notification kinds and connect its receivers, wherever Django runs.
        # notices first: the settings page lists kinds in the order they are registered (formed before ending).
        from hotseat.masterminds import notices  # noqa: F401, PLC0415 -- ready() runs once the app registry is loaded

        # isort: split
        from hotseat.masterminds import next_steps, receivers  # noqa: F401, PLC0415 -- ready() runs once the app registry is loaded
