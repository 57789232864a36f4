from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "hotseat.forum"
    label = "forum"

    def ready(self) -> None:
        from hotseat.forum import receivers  # noqa: F401, PLC0415 -- ready() runs once the app registry is loaded
