"""Emails to people: a text and an HTML part, rendered in the recipient's time zone.

Sending is deferred until the surrounding transaction commits, so a rolled-back
action never tells anybody anything.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from hotseat.accounts.models import User
from hotseat.accounts.timezones import zone

log = logging.getLogger(__name__)


def render_email(kind: str, recipient: User, context: dict[str, Any]) -> EmailMultiAlternatives:
    ctx = {"recipient": recipient, "site_url": settings.SITE_URL, **context}
    with timezone.override(zone(recipient.time_zone)):
        subject = render_to_string(f"notify/{kind}/subject.txt", ctx).strip().replace("\n", " ")
        text = render_to_string(f"notify/{kind}/body.txt", ctx)
        html = render_to_string(f"notify/{kind}/body.html", ctx)
    message = EmailMultiAlternatives(
        subject=f"[hotseat] {subject}",
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
    )
    message.attach_alternative(html, "text/html")
    return message


def send_on_commit(kind: str, recipient: User, context: dict[str, Any]) -> None:
    message = render_email(kind, recipient, context)

    def deliver() -> None:
        try:
            message.send()
        except OSError:
            # The saved outbox with retries arrives with the notifications work;
            # until then a failed send is logged, never raised into the request.
            log.exception("could not send %s email to %s", kind, recipient.email)

    transaction.on_commit(deliver)
