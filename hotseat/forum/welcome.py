"""The welcome topic that opens a mastermind's category: who is in it, when and where it meets, its charter.

Written when the step is sent, not when the group forms: a published proposal picks the weekly call
right after the group forms, and the topic should say it. In the program's language.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from hotseat.forum.models import ForumAccount
from hotseat.integrations.video import video_link_for
from hotseat.masterminds.models import Mastermind
from hotseat.masterminds.seats import active_memberships
from hotseat.meetings.clock import weekly_label
from hotseat.meetings.models import Schedule


def welcome_topic(mastermind: Mastermind) -> tuple[str, str]:
    """(title, raw Markdown) of the welcome topic."""
    program = mastermind.cohort.program
    with translation.override(program.language or settings.LANGUAGE_CODE):
        return _title(mastermind), _raw(mastermind)


def _title(mastermind: Mastermind) -> str:
    return gettext("Welcome to %(group)s") % {"group": mastermind.title}


def _raw(mastermind: Mastermind) -> str:
    program = mastermind.cohort.program
    members = active_memberships(mastermind)
    usernames = dict(ForumAccount.objects.filter(user__in=[m.user for m in members]).values_list("user_id", "username"))
    lines = [
        gettext("This is the private space of %(group)s (%(program)s, %(cohort)s): only its members see it.")
        % {"group": mastermind.title, "program": program.name, "cohort": mastermind.cohort},
        "",
        "## " + gettext("Members"),
    ]
    for membership in members:
        user = membership.user
        who = f"@{usernames[user.pk]}" if user.pk in usernames else user.name
        lines.append("- " + gettext("%(person)s, time zone %(zone)s") % {"person": who, "zone": user.time_zone})
    lines += ["", "## " + gettext("Weekly call")]
    schedule = Schedule.objects.filter(mastermind=mastermind).first()
    if schedule is None:
        lines.append(gettext("The weekly time is not chosen yet: the group page will show it."))
    else:
        time = f"{schedule.minute // 60:02d}:{schedule.minute % 60:02d}"
        lines.append(weekly_label(schedule.weekday, time, schedule.zone))
        lines.append(gettext("Video link: %(url)s") % {"url": video_link_for(schedule).url})
    if program.charter.strip():
        lines += ["", "## " + gettext("Charter"), program.charter.strip()]
    group_url = settings.SITE_URL + reverse("group", args=[mastermind.pk])
    lines += ["", gettext("The group's page on hotseat: %(url)s") % {"url": group_url}]
    return "\n".join(lines)
