"""The weekly call: scheduling page, meeting changes. (Calendar feeds are in feed_urls.py.)"""


urlpatterns: list = []  # type: ignore[type-arg]
