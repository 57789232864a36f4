from django.apps import AppConfig


class HomeworkConfig(AppConfig):
    name = "hotseat.homework"
    label = "homework"
