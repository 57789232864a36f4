from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "hotseat.programs"
    label = "programs"

    def ready(self) -> None:
        # The cohort-ending notification lives with the next-step answers, in masterminds.
        from hotseat.masterminds import next_steps  # noqa: F401
