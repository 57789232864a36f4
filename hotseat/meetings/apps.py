from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "hotseat.meetings"
    label = "meetings"
