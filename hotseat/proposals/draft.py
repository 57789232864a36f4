"""A proposal's draft: the matching core's groups as JSON, moves by hand, and the re-check after each move.

The draft (``GroupProposal.data``) is plain JSON so the organizer can leave and come back::

    {"format": 1, "mode": "form" | "remix",
     "groups": [{"key": "g1", "mastermind": null, "leader": "17", "members": ["18", "21"],
                 "seated": [], "slot": {"weekday": 1, "minute": 720, "zone": "America/New_York"}}],
     "unplaced": [{"person": "23", "reason": "no slot"}],
     "paused": ["31"], "upper_bound": 39, "placed": 38, "repeated_pairs": 0, "notes": [],
     "worded_notes": [["{names} asked to stay together but share no slot, ...", {"names": "'17', '18'"}]]}

Person ids are user ids as strings. ``seated`` lists the people a board mastermind
(``mastermind``) already seats: they stay where they are. A move never refuses a group
that breaks a rule: it is applied and the group is flagged (:func:`problems`), and
publishing waits until no group is flagged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext, ngettext, pgettext

from hotseat.masterminds.errors import BoardError
from hotseat.matching import Fixed, Formation, Person, Rules
from hotseat.meetings.clock import EVERY_WEEKDAY
from hotseat.scheduling import Member, SchedulingError, Slot, SlotEvaluation, evaluate, rank_slots
from hotseat.scheduling.clock import format_minute

FORMAT = 1
UNPLACED = "unplaced"
NEW_GROUP = "new"
MOVED_BY_HAND = "moved by hand"

Draft = dict[str, Any]


class ProposalError(BoardError):
    """A proposal that cannot be made, changed or published; the message is shown as is."""


def slot_json(slot: Slot | None) -> dict[str, Any] | None:
    return None if slot is None else {"weekday": slot.weekday, "minute": slot.minute, "zone": slot.zone}


def slot_of(group: Mapping[str, Any]) -> Slot | None:
    data = group.get("slot")
    return None if not data else Slot(int(data["weekday"]), int(data["minute"]), str(data["zone"]))


def weekly_time(weekday: int, time: str, zone: str) -> str:
    """'Tuesdays 12:00 Europe/Paris' in the active language (`zone` may be a zone's abbreviation)."""
    return pgettext("weekly call", "%(weekdays)s %(time)s %(zone)s") % {
        "weekdays": EVERY_WEEKDAY[weekday],
        "time": time,
        "zone": zone,
    }


def slot_label(slot: Slot) -> str:
    return weekly_time(slot.weekday, format_minute(slot.minute), slot.zone)


def draft_of(
    formation: Formation, *, mode: str, paused: list[str], fixed: Sequence[Fixed], fixed_masterminds: Mapping[str, int]
) -> Draft:
    """The draft of a fresh proposal. Board masterminds keep their key (``m<pk>``) and their seats."""
    boards = {board.group_key: board for board in fixed}
    groups = []
    for number, group in enumerate(formation.groups, start=1):
        board = boards.get(group.fixed_key or "")
        groups.append(
            {
                "key": board.group_key if board else f"g{number}",
                "mastermind": fixed_masterminds[board.group_key] if board else None,
                "leader": group.leader_id,
                "members": list(group.member_ids),
                "seated": list(board.seated) if board else [],
                "slot": slot_json(group.slot),
                "slot_fixed": bool(board and board.slot),
            }
        )
    return {
        "format": FORMAT,
        "mode": mode,
        "groups": groups,
        "unplaced": [{"person": u.person_id, "reason": u.reason} for u in formation.unplaced],
        "paused": list(paused),
        "upper_bound": formation.upper_bound,
        "placed": formation.placed,
        "repeated_pairs": formation.repeated_pairs,
        "notes": list(formation.notes),
        "worded_notes": [[template, params] for template, params in formation.worded_notes],
    }


def people_in(draft: Draft) -> list[str]:
    """Everyone the draft places or leaves out (not the paused)."""
    found = [pid for g in draft["groups"] for pid in ([g["leader"]] if g["leader"] else []) + g["members"]]
    return found + [u["person"] for u in draft["unplaced"]]


def placed_count(draft: Draft) -> int:
    return sum((1 if g["leader"] else 0) + len(g["members"]) for g in draft["groups"])


def group_people(group: Mapping[str, Any]) -> list[str]:
    return ([group["leader"]] if group["leader"] else []) + list(group["members"])


def find_group(draft: Draft, key: str) -> dict[str, Any] | None:
    return next((g for g in draft["groups"] if g["key"] == key), None)


@dataclass(frozen=True)
class Roster:
    """What a draft is checked against: the people (by id), their names, the rules and the cohort's dates."""

    people: Mapping[str, Person]
    names: Mapping[str, str]
    rules: Rules
    start: date
    weeks: int

    def name(self, pid: str) -> str:
        return self.names.get(pid, pid)

    def crowd(self, group: Mapping[str, Any]) -> list[Member]:
        return [self.people[pid].member for pid in group_people(group) if pid in self.people]


@dataclass(frozen=True)
class Check:
    """A group's re-check: the slot evaluated for everyone in it, and what breaks a rule (in plain words)."""

    evaluation: SlotEvaluation | None
    problems: tuple[str, ...]


def newcomers(group: Mapping[str, Any]) -> list[str]:
    """The people publishing would seat in this group (everyone, for a new one)."""
    return [pid for pid in group_people(group) if pid not in group["seated"]]


def check_group(group: Mapping[str, Any], roster: Roster) -> Check:
    """A group against the rules. A board group the proposal leaves as it is stays as it is: never flagged.

    A board group may stay below the size to start (it keeps forming on the board); a new
    one may not.
    """
    problems: list[str] = []
    rules = roster.rules
    size = len(group_people(group))
    on_board = bool(group.get("mastermind"))
    if not group["leader"]:
        problems.append(gettext("No leader: make one of its people the leader."))
    if size < rules.min_size and not on_board:
        problems.append(
            ngettext(
                "%(size)d person: a group needs at least %(least)d.",
                "%(size)d people: a group needs at least %(least)d.",
                size,
            )
            % {"size": size, "least": rules.min_size}
        )
    elif size > rules.max_size:
        problems.append(
            gettext("%(size)d people: a group holds at most %(most)d.") % {"size": size, "most": rules.max_size}
        )
    slot = slot_of(group)
    evaluation = None
    crowd = roster.crowd(group)
    if slot is None:
        problems.append(gettext("No weekly time suits everyone in it."))
    elif crowd:
        evaluation = evaluate(slot, crowd, roster.start, roster.weeks, rules.duration_minutes)
        calls = len(evaluation.occurrences)
        problems.extend(
            ngettext(
                "%(name)s cannot make %(missed)d of the %(calls)d calls at this time.",
                "%(name)s cannot make %(missed)d of the %(calls)d calls at this time.",
                len(member.misses),
            )
            % {"name": roster.name(member.member_id), "missed": len(member.misses), "calls": calls}
            for member in evaluation.members
            if member.misses
        )
    if on_board and not newcomers(group):
        problems = []
    return Check(evaluation, tuple(problems))


def problems(draft: Draft, roster: Roster) -> dict[str, tuple[str, ...]]:
    """Group key -> what breaks a rule, for every flagged group."""
    found = {}
    for group in draft["groups"]:
        check = check_group(group, roster)
        if check.problems:
            found[group["key"]] = check.problems
    return found


def _best_slot(group: Mapping[str, Any], roster: Roster) -> Slot | None:
    """A slot on the leader's clock that every member makes on every date, if there is one."""
    crowd = roster.crowd(group)
    leader = roster.people.get(group["leader"] or "")
    if leader is None or not crowd:
        return None
    rules = roster.rules
    try:
        ranked = rank_slots(
            crowd,
            roster.start,
            roster.weeks,
            rules.duration_minutes,
            anchor_zone=leader.availability.zone,
            weekdays=rules.weekdays,
            step_minutes=rules.step_minutes,
            limit=1,
        )
    except SchedulingError:
        return None
    if ranked and ranked[0].everyone_every_week:
        return ranked[0].slot
    return None


def _refit_slot(group: dict[str, Any], roster: Roster) -> None:
    """After a move: keep the group's time if everyone still makes it, else take one that suits all, if any.

    A board mastermind's chosen time is never changed here.
    """
    if group.get("slot_fixed"):
        return
    slot = slot_of(group)
    crowd = roster.crowd(group)
    if not crowd:
        group["slot"] = None
        return
    if slot is not None:
        evaluation = evaluate(slot, crowd, roster.start, roster.weeks, roster.rules.duration_minutes)
        if evaluation.everyone_every_week:
            return
    better = _best_slot(group, roster)
    if better is not None:
        group["slot"] = slot_json(better)


def _check_move(draft: Draft, pid: str, to: str, *, as_leader: bool, roster: Roster) -> tuple[Any, Any]:
    """(the group they leave or None, the group they join or None); ProposalError for a move that makes no sense."""
    name = roster.name(pid)
    if pid not in people_in(draft):
        raise ProposalError(gettext("%(name)s is not in this proposal.") % {"name": name})
    source = next((g for g in draft["groups"] if pid in group_people(g)), None)
    if source is not None and pid in source["seated"]:
        raise ProposalError(
            gettext("%(name)s already has a seat in that group on the board: move them on the manage page.")
            % {"name": name}
        )
    if to in {UNPLACED, NEW_GROUP}:
        if to == UNPLACED and source is None:
            raise ProposalError(gettext("%(name)s is already left out.") % {"name": name})
        return source, None
    target = find_group(draft, to)
    if target is None:
        raise ProposalError(gettext("That group is not in this proposal (any more). Pick one from the list."))
    if target is source and as_leader == (source["leader"] == pid):
        raise ProposalError(gettext("%(name)s is already there.") % {"name": name})
    if as_leader and target["leader"] in target["seated"]:
        raise ProposalError(
            gettext("%(name)s leads that group on the board already.") % {"name": roster.name(target["leader"])}
        )
    return source, target


def _new_group(draft: Draft, pid: str) -> dict[str, Any]:
    used = {g["key"] for g in draft["groups"]}
    number = len(draft["groups"]) + 1
    while f"g{number}" in used:
        number += 1
    group: dict[str, Any] = {
        "key": f"g{number}",
        "mastermind": None,
        "leader": pid,
        "members": [],
        "seated": [],
        "slot": None,
    }
    draft["groups"].append(group)
    return group


def move(draft: Draft, pid: str, to: str, *, as_leader: bool, roster: Roster) -> Draft:
    """The draft with ``pid`` moved to group ``to`` (or ``"unplaced"``, or ``"new"``: a group they lead).

    Raises ProposalError for a move that cannot be made; a move that breaks a rule is made
    and shows up in :func:`problems`. The groups it touches get a time that suits all their
    people when their old one no longer does (and one exists).
    """
    source, target = _check_move(draft, pid, to, as_leader=as_leader, roster=roster)
    if source is None:
        draft["unplaced"] = [u for u in draft["unplaced"] if u["person"] != pid]
    elif source["leader"] == pid:
        source["leader"] = None
    else:
        source["members"].remove(pid)
    if to == UNPLACED:
        draft["unplaced"].append({"person": pid, "reason": MOVED_BY_HAND})
    elif to == NEW_GROUP:
        target = _new_group(draft, pid)
    elif as_leader:
        if target["leader"]:
            target["members"].append(target["leader"])
        target["leader"] = pid
    else:
        target["members"].append(pid)
    for group in (source, target):
        if group is not None:
            group["members"].sort(key=lambda member: roster.name(member).lower())
            _refit_slot(group, roster)
    # A proposed group left empty goes away; a board mastermind stays.
    draft["groups"] = [g for g in draft["groups"] if group_people(g) or g["mastermind"]]
    draft["placed"] = placed_count(draft)
    return draft
