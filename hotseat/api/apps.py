from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hotseat.api"
    label = "api"
