from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hotseat.accounts"
    label = "accounts"
