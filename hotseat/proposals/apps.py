from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "hotseat.proposals"
    label = "proposals"
