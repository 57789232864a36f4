from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "hotseat.programs"
    label = "programs"

    def ready(self) -> None:
        # Register this app's notification kinds wherever Django runs (web, worker, shell).
        from hotseat.programs import notices  # noqa: F401, PLC0415 -- ready() runs once the app registry is loaded
