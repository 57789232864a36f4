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

from hotseat.accounts.models import User
from hotseat.accounts.timezones import zone
from hotseat.masterminds.models import Mastermind
from hotseat.meetings.clock import dates_in_words
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
)
from hotseat.proposals.models import GroupProposal
from hotseat.scheduling import MemberEvaluation, SlotEvaluation
from hotseat.scheduling.clock import WEEKDAY_NAMES

REASONS = {
    "no availability": "has not marked any weekly hours yet.",
    "no slot": "no one-hour weekday call fits their hours on every date of the cohort (holidays included).",
    "too few others": "too few others share their hours: at every time that suits them, fewer than {need} others"
    " can make every call.",
    "no leader": "enough people share their hours, but none of the volunteer leaders can make those calls.",
    "kept together": "asked to continue with their group, and the group could not be seated together.",
    "no room": "the groups at their hours are full, and too few people are left to start another one.",
    MOVED_BY_HAND: "left out by hand.",
}


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
    return f"{WEEKDAY_NAMES[weekday][:3]} {time} {abbreviation}"


def _local(member: MemberEvaluation | None) -> str:
    if member is None:
        return ""
    return _usual([(t.date.weekday(), t.time, t.abbreviation) for t in member.local_times])


def _on_clock(evaluation: SlotEvaluation | None, zone_name: str) -> tuple[str, str]:
    """The weekly time on ``zone_name``'s clock, and the weeks it differs ("18:00 on 16 and 23 March")."""
    if evaluation is None:
        return "no time yet", ""
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
    note = "; ".join(f"{other} on {dates_in_words(days)}" for other, days in others.items())
    return f"{WEEKDAY_NAMES[weekday]}s {time} {abbreviations}", note


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
        label=f"{board} (on the board)" if board else f"New group {number}",
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
            LeftOut(users[u["person"]], u["person"], REASONS.get(u["reason"], u["reason"]).format(need=need))
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

    view.notes = [re.sub(r"'(m?)(\d+)'", named, note) for note in draft.get("notes", [])]
    view.paused = sorted((users[p] for p in draft.get("paused", []) if p in users), key=lambda u: u.name.lower())
    view.destinations = [
        (g.key, f"{g.label}, led by {g.seats[0].user.name}" if g.seats and g.seats[0].leader else g.label)
        for g in view.groups
    ] + [(NEW_GROUP, "A new group, led by them"), (UNPLACED, "Leave out")]
    return view
