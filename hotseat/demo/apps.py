from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "hotseat.demo"
    label = "demo"
