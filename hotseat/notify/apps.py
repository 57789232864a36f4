from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "hotseat.notify"
    label = "notify"
