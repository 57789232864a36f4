"""The forum's state changes: open a mastermind's space (write its steps), record what a step got back."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from hotseat.forum.models import ForumAccount, ForumSettings, ForumSpace, ForumStep
from hotseat.masterminds.models import Mastermind
from hotseat.masterminds.seats import active_memberships

Kind = ForumStep.Kind


def space_names(mastermind: Mastermind) -> tuple[str, str]:
    """The forum group's name (Discourse: at most 20 characters, letters, digits, - _ .) and the category's slug."""
    return f"hotseat-m{mastermind.pk}", f"hotseat-{mastermind.cohort_id}-{mastermind.number}"


@transaction.atomic
def open_space(mastermind: Mastermind, *, now: datetime) -> ForumSpace | None:
    """Write the steps that give a formed mastermind its private space, once per mastermind ever.

    Nothing when its program has no forum, or the forum is off. Called inside the action that formed
    the group (through `mastermind_formed`), so the steps commit or roll back with the seats.
    """
    forum = ForumSettings.objects.filter(program_id=mastermind.cohort.program_id, enabled=True).first()
    if forum is None:
        return None
    group_name, slug = space_names(mastermind)
    space, created = ForumSpace.objects.get_or_create(
        mastermind=mastermind,
        defaults={"forum": forum, "group_name": group_name, "category_slug": slug, "created_at": now},
    )
    if not created:
        return space  # formed before (it went below the minimum and back): its space is already on its way
    m = f"m{mastermind.pk}"

    def step(kind: str, key: str, after: ForumStep | None = None, email: str = "") -> ForumStep:
        return ForumStep.objects.create(
            space=space, kind=kind, key=key, after=after, email=email, due_at=now, created_at=now
        )

    group = step(Kind.GROUP, f"{m}:group")
    step(Kind.MEMBERS, f"{m}:members", group)
    users = [membership.user for membership in active_memberships(mastermind)]
    with_account = set(ForumAccount.objects.filter(user__in=users).values_list("user_id", flat=True))
    for user in users:
        if user.pk not in with_account:
            step(Kind.INVITE, f"{m}:invite:u{user.pk}", group, email=user.email)
    category = step(Kind.CATEGORY, f"{m}:category", group)
    step(Kind.WELCOME, f"{m}:welcome", category)
    return space
