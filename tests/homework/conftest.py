"""Fixtures of the homework tests: uploads on disk in the test's own directory, real SMTP on loopback."""

import pytest

from tests.notify.conftest import mail_server, smtp_inbox  # noqa: F401 (real SMTP on loopback)


@pytest.fixture(autouse=True)
def _media_in_tmp(homework_media):
    pass
