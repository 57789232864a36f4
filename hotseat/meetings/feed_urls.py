"""Calendar feeds (RFC 5545) at secret-token URLs, and .ics files per meeting."""


urlpatterns: list = []  # type: ignore[type-arg]
