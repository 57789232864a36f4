"""The app's own settings with a bare "hello" view added and DEBUG off, as in production."""

from hotseat.settings import *  # noqa: F403

ROOT_URLCONF = "bench.harness.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
