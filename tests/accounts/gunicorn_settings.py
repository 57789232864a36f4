"""The settings of the gunicorn that tests/accounts/proxy.py starts: hotseat's own, with fast password hashing.

Everything a login does runs as deployed (allauth, the rate limits, the proxy count from the
environment); only the hasher is the test suite's (tests/conftest.py), so a wrong password for an
unknown account, which still runs the hasher as in production, costs microseconds, not a second.
"""

from hotseat.settings import *  # noqa: F403 -- the deployed settings, all of them

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
