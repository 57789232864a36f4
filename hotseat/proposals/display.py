"""A proposal as the organizer sees it: groups with their call on the organizer's clock and each member's.

Built from the draft and the people's current hours in a fixed number of queries (see
actions.roster_of), whatever the size of the proposal.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.dates import WEEKDAYS_ABBR
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext, gettext_lazy, pgettext

from hotseat.accounts.models import User
from hotseat.accounts.timezones import zone
from hotseat.masterminds.models import Mastermind
from hotseat.proposals.actions import roster_of
from hotseat.proposals.draft import (
    MOVED_BY_HAND,
    NEW_GROUP,
    UNPLACED,
    Roster,
    check_group,
    newcomers,
    slot_label,
    slot_of,
    weekly_time,
)
from hotseat.proposals.models import GroupProposal
from hotseat.scheduling import MemberEvaluation, SlotEvaluation

REASONS = {
    "no availability": gettext_lazy("has not marked any weekly hours yet."),
    "no slot": gettext_lazy(
        "no one-hour weekday call fits their hours on every date of the cohort (holidays included)."
    ),
    "too few others": gettext_lazy(
        "too few others share their hours: at every time that suits them, fewer than %(need)d others"
        " can make every call."
    ),
    "no leader": gettext_lazy(
        "enough people share their hours, but none of the volunteer leaders can make those calls."
    ),
    "kept together": gettext_lazy("asked to continue with their group, and the group could not be seated together."),
    "no room": gettext_lazy("the groups at their hours are full, and too few people are left to start another one."),
    MOVED_BY_HAND: gettext_lazy("left out by hand."),
}


def _reason(code: str, need: int) -> str:
    """Why someone is left out, in the reader's language (a code the app does not know is shown as it is)."""
    if code not in REASONS:
        return code
    return str(REASONS[code]) % {"need": need} if code == "too few others" else str(REASONS[code])


def notes_of(draft: dict[str, Any]) -> list[str]:
    """The matching core's notes in the reader's language (a draft from before worded notes: in English)."""
    worded = draft.get("worded_notes")
    if not isinstance(worded, list) or len(worded) != len(draft.get("notes", [])):
        return [str(note) for note in draft.get("notes", [])]
    notes = []
    for template, params in worded:
        try:
            notes.append(gettext(template).format(**params))
        except (KeyError, IndexError, ValueError):
            notes.append(str(template).format(**params))
    return notes


def dates_in_words(dates: list[date]) -> str:
    """'2, 9 and 16 March', '30 March and 6 April' in the active language: the month said once per run of dates."""
    words: list[str] = []
    for index, day in enumerate(dates):
        following = dates[index + 1] if index + 1 < len(dates) else None
        same_month = following is not None and (following.year, following.month) == (day.year, day.month)
        words.append(str(day.day) if same_month else date_format(day, "j F"))
    return str(get_text_list(words, gettext("and")))


@dataclass(frozen=True)
class Seat:
    user: User
    pid: str
    leader: bool
    volunteer: bool
    seated: bool  # already on the board: stays
    local: str  # 'Tue 18:00 CET'
    misses: int


@dataclass(frozen=True)
class ProposedGroup:
    key: str
    label: str
    mastermind: Mastermind | None
    seats: list[Seat]
    when: str  # on the organizer's clock
    when_differs: str  # the weeks a clock change moves it there
    anchor: str  # on the leader's clock
    problems: tuple[str, ...]
    adds: int  # people publishing seats in it


@dataclass(frozen=True)
class LeftOut:
    user: User
    pid: str
    reason: str


@dataclass
class ProposalView:
    proposal: GroupProposal
    groups: list[ProposedGroup] = field(default_factory=list)
    unplaced: list[LeftOut] = field(default_factory=list)
    paused: list[User] = field(default_factory=list)
    placed: int = 0
    upper_bound: int = 0
    flagged: int = 0
    destinations: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.placed + len(self.unplaced)


def _usual(values: list[tuple[int, str, str]]) -> str:
    if not values:
        return ""
    (weekday, time, abbreviation), _ = Counter(values).most_common(1)[0]
    return pgettext("a person's own time", "%(weekday)s %(time)s %(zone)s") % {
        "weekday": WEEKDAYS_ABBR[weekday],
        "time": time,
        "zone": abbreviation,
    }


def _local(member: MemberEvaluation | None) -> str:
    if member is None:
        return ""
    return _usual([(t.date.weekday(), t.time, t.abbreviation) for t in member.local_times])


def _on_clock(evaluation: SlotEvaluation | None, zone_name: str) -> tuple[str, str]:
    """The weekly time on ``zone_name``'s clock, and the weeks it differs ("18:00 on 16 and 23 March")."""
    if evaluation is None:
        return gettext("no time yet"), ""
    tz = zone(zone_name)
    starts = [o.start.astimezone(tz) for o in evaluation.occurrences]
    weekly = Counter((s.weekday(), s.strftime("%H:%M")) for s in starts)
    (weekday, time), _ = weekly.most_common(1)[0]
    usual = [s for s in starts if (s.weekday(), s.strftime("%H:%M")) == (weekday, time)]
    abbreviations = "/".join(dict.fromkeys(s.tzname() or "" for s in usual))
    others: dict[str, list[date]] = {}
    for start in starts:
        if (start.weekday(), start.strftime("%H:%M")) != (weekday, time):
            others.setdefault(start.strftime("%H:%M"), []).append(start.date())
    note = "; ".join(
        gettext("%(time)s on %(dates)s") % {"time": other, "dates": dates_in_words(days)}
        for other, days in others.items()
    )
    return weekly_time(weekday, time, abbreviations), note


def _group(
    group: dict[str, Any],
    *,
    number: int,
    roster: Roster,
    users: dict[str, User],
    boards: dict[int, Mastermind],
    viewer_zone: str,
) -> ProposedGroup:
    check = check_group(group, roster)
    evaluation = check.evaluation
    seats = []
    everyone = ([group["leader"]] if group["leader"] else []) + group["members"]
    for pid in everyone:
        member = None
        if evaluation is not None:
            member = next((m for m in evaluation.members if m.member_id == pid), None)
        person = roster.people.get(pid)
        seats.append(
            Seat(
                user=users[pid],
                pid=pid,
                leader=pid == group["leader"],
                volunteer=bool(person and person.volunteers_to_lead),
                seated=pid in group["seated"],
                local=_local(member),
                misses=len(member.misses) if member else 0,
            )
        )
    board = boards.get(group["mastermind"] or 0)
    when, differs = _on_clock(evaluation, viewer_zone)
    slot = slot_of(group)
    return ProposedGroup(
        key=group["key"],
        label=gettext("%(mastermind)s (on the board)") % {"mastermind": board}
        if board
        else gettext("New group %(number)d") % {"number": number},
        mastermind=board,
        seats=seats,
        when=when,
        when_differs=differs,
        anchor=slot_label(slot) if slot else "",
        problems=check.problems,
        adds=len(newcomers(group)),
    )


def present(proposal: GroupProposal, viewer: User) -> ProposalView:
    draft = proposal.data
    roster, users = roster_of(proposal.cohort, draft)
    boards = {
        m.pk: m for m in Mastermind.objects.filter(pk__in=[g["mastermind"] for g in draft["groups"] if g["mastermind"]])
    }
    view = ProposalView(proposal=proposal, upper_bound=int(draft.get("upper_bound", 0)))
    new = 0
    for group in draft["groups"]:
        if not group["mastermind"]:
            new += 1
        shown = _group(group, number=new, roster=roster, users=users, boards=boards, viewer_zone=viewer.time_zone)
        view.groups.append(shown)
        view.placed += len(shown.seats)
        view.flagged += bool(shown.problems)
    need = roster.rules.min_size - 1
    view.unplaced = sorted(
        (
            LeftOut(users[u["person"]], u["person"], _reason(u["reason"], need))
            for u in draft["unplaced"]
            if u["person"] in users
        ),
        key=lambda left: left.user.name.lower(),
    )

    # The core names people by id ('17') and board groups by key ('m4'); the organizer knows names.
    def named(match: re.Match[str]) -> str:
        if match[1]:
            return str(boards.get(int(match[2]), match[0]))
        return users[match[2]].name if match[2] in users else match[0]

    view.notes = [re.sub(r"'(m?)(\d+)'", named, note) for note in notes_of(draft)]
    view.paused = sorted((users[p] for p in draft.get("paused", []) if p in users), key=lambda u: u.name.lower())
    view.destinations = [
        (
            g.key,
            gettext("%(group)s, led by %(name)s") % {"group": g.label, "name": g.seats[0].user.name}
            if g.seats and g.seats[0].leader
            else g.label,
        )
        for g in view.groups
    ] + [(NEW_GROUP, gettext("A new group, led by them")), (UNPLACED, gettext("Leave out"))]
    return view
