from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Pages that show several apps at once: the home page, a group's page, a week's page.

    No models: each page asks the apps below it for their panels and calls their actions.
    """

    name = "hotseat.pages"
    label = "pages"
