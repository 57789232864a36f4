from django.apps import AppConfig


class MastermindsConfig(AppConfig):
    name = "hotseat.masterminds"
    label = "masterminds"
