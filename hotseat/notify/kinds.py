"""The kinds of notification: what each says, where it links, whether a person may turn it off.

A kind's templates live in notify/<name>/{subject.txt,body.txt,body.html}. The subject
is rendered from the references alone (it is also rendered when the notification is
written, for the in-app list); the bodies get the kind's full context, built at send time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hotseat.accounts.models import User

Refs = Mapping[str, Any]


def _refs_as_context(recipient: User, refs: Refs) -> dict[str, Any]:
    return dict(refs)


def _no_url(refs: Refs) -> str:
    return ""


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    help: str = ""
    # False for account and security mail: always sent, no unsubscribe link.
    optional: bool = True
    # True where a daily summary makes sense; never for anything with a deadline soon.
    digest: bool = False
    context: Callable[[User, Refs], dict[str, Any]] = field(default=_refs_as_context)
    url: Callable[[Refs], str] = field(default=_no_url)
    # Rows to fetch along with each referenced row (select_related), so a batch renders without N+1.
    related: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

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
        msg = f"unknown notification kind {name!r}; register it in hotseat/notify/kinds.py"
        raise ValueError(msg) from None


def optional_kinds() -> list[Kind]:
    return [k for k in KINDS.values() if k.optional]


# The kinds of today ------------------------------------------------------------------


def _cohort_url(name: str) -> Callable[[Refs], str]:
    def url(refs: Refs) -> str:
        return str(refs[name].cohort.get_absolute_url())

    return url


def _formed_context(recipient: User, refs: Refs) -> dict[str, Any]:
    from hotseat.masterminds.seats import active_memberships  # masterminds imports notify

    # Who is in it *now*: someone may have left between forming and this email.
    members = active_memberships(refs["mastermind"])
    leader = next((m for m in members if m.is_leader), None)
    is_leader = leader is not None and leader.user_id == recipient.pk
    return {**refs, "members": members, "leader": leader, "is_leader": is_leader}


register(
    Kind(
        "signup_reviewed",
        "Decisions on your signups",
        "When organizers accept, waitlist or decline your signup for a cohort.",
        digest=True,
        url=_cohort_url("signup"),
        related={"signup": ("cohort__program", "user")},
    )
)
register(
    Kind(
        "mastermind_formed",
        "Your mastermind formed",
        "When your group has enough people to start: who is in it and what happens next.",
        digest=True,
        context=_formed_context,
        url=_cohort_url("mastermind"),
        related={"mastermind": ("cohort__program",)},
    )
)
register(
    Kind(
        "seat_offered",
        "Seats held for you",
        "When a seat opens for you from the waitlist. It is held 48 hours, so this one is never held for a digest.",
        url=_cohort_url("mastermind"),
        related={"mastermind": ("cohort__program",)},
    )
)
