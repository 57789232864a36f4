"""Emails to people: a text and an HTML part, rendered in the recipient's language and time zone.

The language is the recipient's own choice, else the program's the notification is about,
else the installation's (languages.py): whoever caused the email, it reads as its recipient
reads hotseat.

Every message carries a Message-ID derived from its notification's key, so the rare
duplicate (a crash after the mail server accepted it, before the outbox said so) has
the same Message-ID as the first copy: mail clients fold it, and it can be counted.
Kinds a person can turn off carry RFC 8058 one-click unsubscribe headers.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from hotseat.accounts.models import User
from hotseat.accounts.timezones import zone
from hotseat.notify import kinds
from hotseat.notify.kinds import Kind
from hotseat.notify.languages import email_language
from hotseat.notify.models import Notification
from hotseat.notify.preferences import DIGEST, unsubscribe_url
from hotseat.notify.refs import GoneError, load

SUBJECT_PREFIX = "[hotseat] "


# Runs of ASCII whitespace only: str.split() would also take the no-break spaces French puts before « : ».
_BLANKS = re.compile(r"[ \t\n\r\f\v]+")


def one_line(text: str) -> str:
    """A rendered subject on one line, its no-break spaces kept."""
    return _BLANKS.sub(" ", text).strip(" ")


def _domain() -> str:
    _, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return address.rpartition("@")[2] or urlsplit(settings.SITE_URL).hostname or "hotseat.local"


def message_id(key: str) -> str:
    """The same key always gives the same Message-ID (the key itself stays private)."""
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}.notify@{_domain()}>"


def _context(recipient: User, extra: Mapping[str, Any]) -> dict[str, Any]:
    return {"recipient": recipient, "site_url": settings.SITE_URL, **extra}


def render_subject(kind: Kind, recipient: User, refs: Mapping[str, Any]) -> str:
    """The subject on the recipient's clock, in the active language (an email's, or the reader's in the app)."""
    with timezone.override(zone(recipient.time_zone)):
        subject = render_to_string(f"{kind.templates}/subject.txt", _context(recipient, refs))
    return one_line(subject)[:300]


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
    lines = ["", "-- ", gettext("Your notifications: %(url)s") % {"url": footer["inbox_url"]}]
    if footer["unsubscribe_url"]:
        lines.append(gettext("Stop these emails: %(url)s") % {"url": footer["unsubscribe_url"]})
    lines.append(gettext("Choose what you get: %(url)s") % {"url": footer["settings_url"]})
    return "\n".join(lines) + "\n"


def render_notification(notification: Notification, kind: Kind, refs: Mapping[str, Any]) -> EmailMultiAlternatives:
    recipient = notification.recipient
    unsubscribe = unsubscribe_url(recipient.pk, kind.name) if kind.optional else None
    footer = _footer(unsubscribe)
    with translation.override(email_language(recipient, [refs])), timezone.override(zone(recipient.time_zone)):
        ctx = _context(recipient, {**kind.context(recipient, refs), **footer})
        text = render_to_string(f"{kind.templates}/body.txt", ctx)
        html = render_to_string(f"{kind.templates}/body.html", ctx)
        subject = render_subject(kind, recipient, refs)
        text_footer = _text_footer(footer)
    return _message(
        subject=subject,
        text=text + text_footer,
        html=html,
        recipient=recipient,
        key=notification.key,
        unsubscribe=unsubscribe,
    )


def _loaded_refs(items: Sequence[Notification]) -> list[tuple[Notification, Mapping[str, Any] | None]]:
    """Each item with its references as they are now (one query per model), None where a row is gone."""
    known = {n.kind: kinds.KINDS[n.kind] for n in items if n.kind in kinds.KINDS}
    loaded = load([(n.refs, known[n.kind].related if n.kind in known else {}) for n in items])
    return [
        (n, None if isinstance(refs, GoneError) or n.kind not in known else refs)
        for n, refs in zip(items, loaded, strict=True)
    ]


def render_digest(recipient: User, items: Sequence[Notification]) -> EmailMultiAlternatives:
    """One email listing several held notifications, oldest first.

    Each item's subject is written again in the digest's language (the stored one, rendered
    when the row was written, may be in another), from its references as they are now.
    """
    unsubscribe = unsubscribe_url(recipient.pk, DIGEST)
    footer = _footer(unsubscribe)
    ordered = sorted(items, key=lambda n: (n.due_at, n.pk))
    with_refs = _loaded_refs(ordered)
    language = email_language(recipient, [refs for _, refs in with_refs if refs is not None])
    with translation.override(language), timezone.override(zone(recipient.time_zone)):
        for item, refs in with_refs:
            if refs is not None:
                item.subject = render_subject(kinds.KINDS[item.kind], recipient, refs)
        ctx = _context(recipient, {"items": ordered, **footer})
        subject = render_to_string("notify/digest/subject.txt", ctx)
        text = render_to_string("notify/digest/body.txt", ctx)
        html = render_to_string("notify/digest/body.html", ctx)
        text_footer = _text_footer(footer)
    key = "digest:" + ",".join(n.key for n in ordered)
    return _message(
        subject=one_line(subject),
        text=text + text_footer,
        html=html,
        recipient=recipient,
        key=key,
        unsubscribe=unsubscribe,
    )
