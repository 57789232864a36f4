"""`hotseat match`'s JSON: people in, proposed masterminds out (the format is documented in docs/matching.md).

Reading checks everything and raises :class:`FileError` with the place of the fault
("people[3].zone: …"), never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from hotseat.matching import Fixed, Formation, MatchingError, Person, Rules, propose
from hotseat.scheduling import Availability, SchedulingError, Slot, Window
from hotseat.scheduling.clock import WEEKDAY_NAMES, format_minute


class FileError(ValueError):
    """A people file that cannot be used; the message says where and why."""


def _minute(value: object, where: str) -> int:
    if not isinstance(value, str) or len(value.split(":")) != 2:
        raise FileError(f'{where}: a time is written "HH:MM", not {value!r}.')
    hours, minutes = value.split(":")
    if not (hours.isdigit() and minutes.isdigit()) or not (0 <= int(hours) <= 24 and 0 <= int(minutes) < 60):
        raise FileError(f'{where}: a time is written "HH:MM" (00:00 to 24:00), not {value!r}.')
    return int(hours) * 60 + int(minutes)


def _weekday(value: object, where: str) -> int:
    if isinstance(value, str) and value.capitalize() in WEEKDAY_NAMES:
        return WEEKDAY_NAMES.index(value.capitalize())
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6:
        return value
    raise FileError(f"{where}: a weekday is 0 (Monday) to 6 (Sunday) or its English name, not {value!r}.")


def _object(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise FileError(f"{where}: expected an object {{…}}, not {type(value).__name__}.")
    return value


def _list(value: object, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise FileError(f"{where}: expected a list […], not {type(value).__name__}.")
    return value


def _availability(entry: Mapping[str, Any], where: str) -> Availability:
    windows = []
    for index, raw in enumerate(_list(entry.get("windows", []), f"{where}.windows")):
        at = f"{where}.windows[{index}]"
        window = _object(raw, at)
        windows.append(
            (_weekday(window.get("weekday"), at), _minute(window.get("from"), at), _minute(window.get("to"), at))
        )
    holidays = []
    for index, day in enumerate(_list(entry.get("holidays", []), f"{where}.holidays")):
        try:
            holidays.append(date.fromisoformat(str(day)))
        except ValueError:
            raise FileError(f"{where}.holidays[{index}]: a date is written YYYY-MM-DD, not {day!r}.") from None
    try:
        return Availability(
            zone=str(entry.get("zone", "")),
            windows=tuple(Window(*w) for w in windows),
            holidays=frozenset(holidays),
        )
    except SchedulingError as exc:
        raise FileError(f"{where}: {exc}") from None


def _slot(value: object, where: str) -> Slot | None:
    if value is None:
        return None
    data = _object(value, where)
    try:
        return Slot(_weekday(data.get("weekday"), where), _minute(data.get("time"), where), str(data.get("zone", "")))
    except SchedulingError as exc:
        raise FileError(f"{where}: {exc}") from None


def _pairs(value: object, where: str) -> list[tuple[str, str]]:
    pairs = []
    for index, pair in enumerate(_list(value, where)):
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
            raise FileError(f'{where}[{index}]: a pair is a list of two ids, like ["ana", "ben"].')
        pairs.append((pair[0], pair[1]))
    return pairs


class Request:
    """A parsed people file, ready to run."""

    def __init__(self, data: object) -> None:
        data = _object(data, "the file")
        cohort = _object(data.get("cohort"), "cohort")
        try:
            self.starts_on = date.fromisoformat(str(cohort.get("starts_on")))
        except ValueError:
            raise FileError(
                f"cohort.starts_on: a date is written YYYY-MM-DD, not {cohort.get('starts_on')!r}."
            ) from None
        self.weeks = cohort.get("weeks", 10)
        if not isinstance(self.weeks, int) or not 1 <= self.weeks <= 52:
            raise FileError(f"cohort.weeks: a whole number from 1 to 52, not {self.weeks!r}.")
        rules = dict(_object(data.get("rules", {}), "rules"))
        try:
            self.rules = Rules(**rules)
        except TypeError as exc:
            raise FileError(f"rules: {exc}") from None
        except MatchingError as exc:
            raise FileError(f"rules: {exc}") from None
        self.people = []
        for index, raw in enumerate(_list(data.get("people"), "people")):
            where = f"people[{index}]"
            entry = _object(raw, where)
            if not isinstance(entry.get("id"), str) or not entry["id"]:
                raise FileError(f"{where}.id: every person needs an id (a non-empty string).")
            self.people.append(Person(entry["id"], _availability(entry, where), bool(entry.get("leads", False))))
        self.keep_together = _pairs(data.get("keep_together", []), "keep_together")
        self.keep_apart = _pairs(data.get("keep_apart", []), "keep_apart")
        self.fixed = []
        for index, raw in enumerate(_list(data.get("fixed", []), "fixed")):
            where = f"fixed[{index}]"
            entry = _object(raw, where)
            try:
                self.fixed.append(
                    Fixed(
                        str(entry.get("group", "")),
                        str(entry.get("leader", "")),
                        tuple(_list(entry.get("members", []), f"{where}.members")),
                        _slot(entry.get("slot"), f"{where}.slot"),
                    )
                )
            except MatchingError as exc:
                raise FileError(f"{where}: {exc}") from None
        self.history = [
            [frozenset(_list(group, f"history[{c}][{g}]")) for g, group in enumerate(_list(cohort, f"history[{c}]"))]
            for c, cohort in enumerate(_list(data.get("history", []), "history"))
        ]

    def run(self, seconds: float) -> Formation:
        try:
            return propose(
                self.people,
                self.history,
                self.starts_on,
                self.weeks,
                self.rules,
                keep_together=self.keep_together,
                keep_apart=self.keep_apart,
                fixed=self.fixed,
                seconds=seconds,
            )
        except (MatchingError, SchedulingError) as exc:
            raise FileError(str(exc)) from None


def parse(text: str) -> Request:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileError(f"Not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.") from None
    return Request(data)


def formation_json(formation: Formation, labels: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The proposal as JSON; ``labels`` renames ids (e.g. user ids to email addresses)."""
    name = (lambda pid: labels.get(pid, pid)) if labels else (lambda pid: pid)
    groups = []
    for group in formation.groups:
        local = {}
        if group.evaluation is not None:
            for member in group.evaluation.members:
                first = member.local_times[0] if member.local_times else None
                day = WEEKDAY_NAMES[first.date.weekday()] if first else ""
                local[name(member.member_id)] = {
                    "usual": f"{day} {member.usual_time} {first.abbreviation if first else ''}".strip(),
                    "zone": member.zone,
                    "misses": [m.date.isoformat() for m in member.misses],
                    "differs_on": [t.occurrence.isoformat() for t in member.moved],
                }
        slot = group.slot
        groups.append(
            {
                "leader": name(group.leader_id),
                "members": [name(m) for m in group.member_ids],
                "fixed": group.fixed_key,
                "slot": None
                if slot is None
                else {"weekday": WEEKDAY_NAMES[slot.weekday], "time": format_minute(slot.minute), "zone": slot.zone},
                "local_times": local,
            }
        )
    return {
        "groups": groups,
        "unplaced": [{"id": name(u.person_id), "reason": u.reason, "detail": u.detail} for u in formation.unplaced],
        "placed": formation.placed,
        "upper_bound": formation.upper_bound,
        "repeated_pairs": formation.repeated_pairs,
        "notes": list(formation.notes),
    }
