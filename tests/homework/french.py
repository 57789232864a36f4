"""What the French tests of the homework and pages apps look at: their own part of a page or an email.

A page of ours holds parts other apps render — the site's frame (base.html), the call panel, the
meeting links, the hot seat rotation — and values other apps word (a weekly time, "in 3 days").
Those are checked by their own apps' French tests; ours look at the rest, so that a sentence of
ours left in English shows up here, whoever's part is done.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from html.parser import HTMLParser
from typing import Any

from django.conf import settings
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.template.loader_tags import BlockNode
from django.utils import timezone

from hotseat.accounts.timezones import zone
from hotseat.notify import kinds
from hotseat.notify import refs as notify_refs
from hotseat.notify.emails import render_subject
from hotseat.notify.models import Notification

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Sections other apps render inside our pages: the call panel (#call), a call's links (.call), the rotation.
_THEIRS_IDS = {"call", "rotation"}
_THEIRS_CLASSES = {"call", "call-panel", "rotation"}


class _Ours(HTMLParser):
    def __init__(self, drop: Iterable[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.drop = sorted((text for text in drop if text), key=len, reverse=True)
        self.out: list[str] = []
        self.in_main = False
        self.skipping = 0  # depth inside a part of another app

    def _clean(self, text: str) -> str:
        for piece in self.drop:
            text = text.replace(piece, " ")
        return text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.in_main = True
        if not self.in_main:
            return
        void = tag in _VOID
        if self.skipping:
            self.skipping += 0 if void else 1
            return
        found = dict(attrs)
        classes = set((found.get("class") or "").split())
        if tag == "input" and found.get("type") == "hidden":
            return  # nobody reads it, and a random CSRF token can spell "no" or "it"
        if found.get("id") in _THEIRS_IDS or classes & _THEIRS_CLASSES:
            self.skipping = 0 if void else 1
            return
        kept = "".join(f' {name}="{escape(self._clean(value or ""))}"' for name, value in attrs)
        self.out.append(f"<{tag}{kept}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.in_main = False
        if not self.in_main:
            return
        if self.skipping:
            self.skipping -= 1
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.in_main and not self.skipping:
            self.out.append(escape(self._clean(data)))


def ours(html: str, drop: Iterable[str] = ()) -> str:
    """The page's <main> without the parts other apps render, and without the texts in `drop`."""
    parser = _Ours(drop)
    parser.feed(html)
    parser.close()
    return "".join(parser.out)


def _content_block(template_name: str, context: Mapping[str, Any]) -> str:
    """An email's own words: the `content` block of its body.html, without notify's frame around it."""
    template = get_template(template_name).template  # type: ignore[attr-defined]
    block = next(node for node in template.nodelist.get_nodes_by_type(BlockNode) if node.name == "content")
    rendering = Context(dict(context), autoescape=True)
    with rendering.render_context.push(), rendering.bind_template(template):
        return str(block.nodelist.render(rendering))


def email_parts(notification: Notification) -> dict[str, str]:
    """The subject, text body and HTML content of a notification's email, rendered in the active language."""
    kind = kinds.get(notification.kind)
    (refs,) = notify_refs.load([(notification.refs, kind.related)])
    assert isinstance(refs, dict)
    recipient = notification.recipient
    with timezone.override(zone(recipient.time_zone)):
        context = {"recipient": recipient, "site_url": settings.SITE_URL, **kind.context(recipient, refs)}
        return {
            "subject": render_subject(kind, recipient, refs),
            "text": render_to_string(f"{kind.templates}/body.txt", context),
            "html": _content_block(f"{kind.templates}/body.html", context),
        }
