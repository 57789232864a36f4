from __future__ import annotations

import asyncio
import email
import email.policy
import socket
from collections import Counter
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from hotseat.notify import kinds
from hotseat.notify.kinds import Kind

TEMPLATES = Path(__file__).resolve().parent / "templates"


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts, parsed.

    `delay` holds each message before answering, as a slow server would; a client that
    disconnects meanwhile (a killed worker) never gets its message accepted. `arrived`
    counts messages whose data came in, accepted or not.
    """

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.delay = 0.0
        self.arrived = 0
        self.refuse: set[str] = set()
        self.defer: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        if address in self.defer:
            return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.arrived += 1
        if self.delay:
            await asyncio.sleep(self.delay)  # cancelled if the client goes away meanwhile
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(parsed)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"

    @property
    def message_ids(self) -> Counter[str]:
        return Counter(str(m["Message-ID"]) for m in self.messages)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


def _free_port() -> int:
    # aiosmtpd checks its own start-up by connecting to the port, so it cannot take port 0.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class MailServer:
    """A real SMTP server on a fixed loopback port that can go down and come back."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.inbox = Inbox()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def mailers(self) -> dict[str, object]:
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": 5},
            }
        }


@pytest.fixture
def mail_server(settings) -> Iterator[MailServer]:
    """The app's default mailer points at this server; it starts down: call .start()."""
    server = MailServer()
    settings.MAILERS = server.mailers()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def smtp_inbox(mail_server) -> Inbox:
    """A real SMTP server on loopback, up; the app's default mailer points at it."""
    mail_server.start()
    return mail_server.inbox


@pytest.fixture
def reminder_kind(settings) -> Iterator[Kind]:
    """A synthetic kind for time-based reminders (the meetings work will bring real ones)."""
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], TEMPLATES]}]
    kind = kinds.register(
        Kind(
            "practice_reminder",
            "Practice reminders",
            url=lambda refs: refs["mastermind"].cohort.get_absolute_url(),
        )
    )
    yield kind
    kinds.unregister(kind.name)


@pytest.fixture
def security_kind(settings) -> Iterator[Kind]:
    """A synthetic kind nobody can turn off, as account and security mail will be."""
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], TEMPLATES]}]
    kind = kinds.register(Kind("practice_security", "Account security", optional=False))
    yield kind
    kinds.unregister(kind.name)
