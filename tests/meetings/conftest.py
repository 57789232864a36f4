"""Fixtures shared by the meetings tests."""

from tests.notify.conftest import mail_server, smtp_inbox  # noqa: F401 (real SMTP on loopback)
