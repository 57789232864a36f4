from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "hotseat.proposals"
    label = "proposals"

    def ready(self) -> None:
        # Add the "Propose groups" card to the manage page (programs cannot import this app).
        from hotseat.proposals import manage_panel  # noqa: F401, PLC0415 -- ready() runs once the app registry is loaded
