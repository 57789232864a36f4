from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "hotseat.programs"
    label = "programs"
