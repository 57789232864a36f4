"""The settings of the gunicorns that test_board_processes.py starts: the deployed ones, sharing a Redis cache.

The key prefix is the test's own, so that nothing else using this Redis (a benchmark, another run)
shares its board versions.
"""

import os

from tests.accounts.gunicorn_settings import *  # noqa: F403 -- the deployed settings, all of them

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["CACHE_URL"],
        "KEY_PREFIX": os.environ["CACHE_KEY_PREFIX"],
    }
}
