"""The kinds of notification: what each says, where it links, whether a person may turn it off.

This is only the registry: each app registers the kinds it sends when Django starts (its
AppConfig.ready() imports its notices.py, e.g. hotseat/programs/notices.py), so the outbox
knows no app above it. A kind's templates live in notify/<name>/{subject.txt,body.txt,body.html}
under the registering app's templates/ (found through APP_DIRS). The subject
is rendered from the references alone (it is also rendered when the notification is
written, for the in-app list); the bodies get the kind's full context, built at send time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django_stubs_ext import StrOrPromise

from hotseat.accounts.models import User

Refs = Mapping[str, Any]


def _refs_as_context(recipient: User, refs: Refs) -> dict[str, Any]:
    return dict(refs)


def _no_url(refs: Refs) -> str:
    return ""


@dataclass(frozen=True)
class Kind:
    name: str
    # What the settings page and the unsubscribe pages call the kind: give them lazily
    # (gettext_lazy), since kinds are registered when Django starts, before anyone's language is known.
    label: StrOrPromise
    help: StrOrPromise = ""
    # False for account and security mail: always sent, no unsubscribe link.
    optional: bool = True
    # True where a daily summary makes sense; never for anything with a deadline soon.
    digest: bool = False
    context: Callable[[User, Refs], dict[str, Any]] = field(default=_refs_as_context)
    url: Callable[[Refs], str] = field(default=_no_url)
    # Rows to fetch along with each referenced row (select_related), so a batch renders without N+1.
    related: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # For a time-bound kind (a seat held until Thursday): the moment after which sending is
    # pointless; the worker then marks the row `expired` instead of sending it late.
    expires: Callable[[Refs], datetime | None] | None = None

    @property
    def templates(self) -> str:
        return f"notify/{self.name}"


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    KINDS.pop(name, None)


def get(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        msg = (
            f"unknown notification kind {name!r}; register it in the notices.py of the app that sends it,"
            " imported by that app's AppConfig.ready() (as hotseat/programs/notices.py)"
        )
        raise ValueError(msg) from None


def optional_kinds() -> list[Kind]:
    return [k for k in KINDS.values() if k.optional]
