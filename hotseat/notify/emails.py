"""Emails to people: a text and an HTML part, rendered in the recipient's time zone.

Every message carries a Message-ID derived from its notification's key, so the rare
duplicate (a crash after the mail server accepted it, before the outbox said so) has
the same Message-ID as the first copy: mail clients fold it, and it can be counted.
Kinds a person can turn off carry RFC 8058 one-click unsubscribe headers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from hotseat.accounts.models import User
from hotseat.accounts.timezones import zone
from hotseat.notify.kinds import Kind
from hotseat.notify.models import Notification
from hotseat.notify.preferences import DIGEST, unsubscribe_url

SUBJECT_PREFIX = "[hotseat] "


def _domain() -> str:
    _, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return address.rpartition("@")[2] or urlsplit(settings.SITE_URL).hostname or "hotseat.local"


def message_id(key: str) -> str:
    """The same key always gives the same Message-ID (the key itself stays private)."""
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}.notify@{_domain()}>"


def _context(recipient: User, extra: Mapping[str, Any]) -> dict[str, Any]:
    return {"recipient": recipient, "site_url": settings.SITE_URL, **extra}


def render_subject(kind: Kind, recipient: User, refs: Mapping[str, Any]) -> str:
    with timezone.override(zone(recipient.time_zone)):
        subject = render_to_string(f"{kind.templates}/subject.txt", _context(recipient, refs))
    return " ".join(subject.split())[:300]


def _message(
    *, subject: str, text: str, html: str, recipient: User, key: str, unsubscribe: str | None
) -> EmailMultiAlternatives:
    headers = {"Message-ID": message_id(key), "Auto-Submitted": "auto-generated"}
    if unsubscribe:
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=SUBJECT_PREFIX + subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    return message


def _footer(unsubscribe: str | None) -> dict[str, str]:
    return {
        "unsubscribe_url": unsubscribe or "",
        "settings_url": settings.SITE_URL + reverse("notify:settings"),
        "inbox_url": settings.SITE_URL + reverse("notify:inbox"),
    }


def _text_footer(footer: Mapping[str, str]) -> str:
    lines = ["", "-- ", f"Your notifications: {footer['inbox_url']}"]
    if footer["unsubscribe_url"]:
        lines.append(f"Stop these emails: {footer['unsubscribe_url']}")
    lines.append(f"Choose what you get: {footer['settings_url']}")
    return "\n".join(lines) + "\n"


def render_notification(notification: Notification, kind: Kind, refs: Mapping[str, Any]) -> EmailMultiAlternatives:
    recipient = notification.recipient
    unsubscribe = unsubscribe_url(recipient.pk, kind.name) if kind.optional else None
    footer = _footer(unsubscribe)
    with timezone.override(zone(recipient.time_zone)):
        ctx = _context(recipient, {**kind.context(recipient, refs), **footer})
        text = render_to_string(f"{kind.templates}/body.txt", ctx)
        html = render_to_string(f"{kind.templates}/body.html", ctx)
    return _message(
        subject=render_subject(kind, recipient, refs),
        text=text + _text_footer(footer),
        html=html,
        recipient=recipient,
        key=notification.key,
        unsubscribe=unsubscribe,
    )


def render_digest(recipient: User, items: Sequence[Notification]) -> EmailMultiAlternatives:
    """One email listing several held notifications, oldest first."""
    unsubscribe = unsubscribe_url(recipient.pk, DIGEST)
    footer = _footer(unsubscribe)
    ordered = sorted(items, key=lambda n: (n.due_at, n.pk))
    ctx = _context(recipient, {"items": ordered, **footer})
    with timezone.override(zone(recipient.time_zone)):
        subject = render_to_string("notify/digest/subject.txt", ctx)
        text = render_to_string("notify/digest/body.txt", ctx)
        html = render_to_string("notify/digest/body.html", ctx)
    key = "digest:" + ",".join(n.key for n in ordered)
    return _message(
        subject=" ".join(subject.split()),
        text=text + _text_footer(footer),
        html=html,
        recipient=recipient,
        key=key,
        unsubscribe=unsubscribe,
    )
