"""What an organizer hands the matching core: people, group-size rules and seats already on the board."""

from __future__ import annotations

from dataclasses import dataclass

from hotseat.matching.errors import MatchingError, gettext_noop
from hotseat.scheduling import Availability, Member, Slot
from hotseat.scheduling.clock import MINUTES_PER_DAY

MAX_GROUP_SIZE = 50


def _whole(value: object, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise MatchingError(f"{what} is a whole number, not {value!r}.")
    return value


@dataclass(frozen=True)
class Person:
    """Someone to seat: an opaque ``id``, weekly availability, and whether they volunteer to lead a mastermind."""

    id: str
    availability: Availability
    volunteers_to_lead: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise MatchingError(f"A person's id is a non-empty string, not {self.id!r}.")
        if not isinstance(self.availability, Availability):
            raise MatchingError(f"Person {self.id!r} has no Availability.")

    @property
    def member(self) -> Member:
        """This person as the scheduling core sees them."""
        return Member(self.id, self.availability)


@dataclass(frozen=True)
class Rules:
    """A program's group rules: sizes count everyone in a mastermind, its leader included.

    ``target`` is the size to aim for, ``min_size``..``max_size`` the sizes allowed. Calls
    last ``duration_minutes``; candidate slots are every ``step_minutes`` of the ``weekdays``
    (0=Monday..6=Sunday) on the anchor zone's clock.
    """

    target: int = 4
    min_size: int = 3
    max_size: int = 8
    duration_minutes: int = 60
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    step_minutes: int = 30

    def __post_init__(self) -> None:
        object.__setattr__(self, "weekdays", tuple(sorted(set(self.weekdays))))
        target = _whole(self.target, "The target group size")
        low = _whole(self.min_size, "The smallest group size")
        high = _whole(self.max_size, "The largest group size")
        if low < 2:
            raise MatchingError.worded(
                gettext_noop("A mastermind has at least 2 people (a leader and a member), not {low}."), low=low
            )
        if high > MAX_GROUP_SIZE:
            raise MatchingError.worded(
                gettext_noop("A mastermind has at most {most} people, not {high}."), most=MAX_GROUP_SIZE, high=high
            )
        if not low <= target <= high:
            raise MatchingError.worded(
                gettext_noop(
                    "The target size {target} must lie between the smallest ({low}) and the largest ({high})."
                ),
                target=target,
                low=low,
                high=high,
            )
        duration = _whole(self.duration_minutes, "A call's length in minutes")
        if not 1 <= duration <= 240:
            raise MatchingError.worded(gettext_noop("A call lasts 1 to 240 minutes, not {minutes}."), minutes=duration)
        step = _whole(self.step_minutes, "The step between candidate times")
        if not 0 < step <= MINUTES_PER_DAY or MINUTES_PER_DAY % step:
            raise MatchingError.worded(
                gettext_noop("The step between candidate times must divide a day (e.g. 15, 30, 60), not {step}."),
                step=step,
            )
        if not self.weekdays:
            raise MatchingError.worded(gettext_noop("Give at least one weekday for the calls."))
        for weekday in self.weekdays:
            if not isinstance(weekday, int) or isinstance(weekday, bool) or not 0 <= weekday <= 6:
                raise MatchingError.worded(
                    gettext_noop("A weekday is 0 (Monday) to 6 (Sunday), not {value!r}."), value=weekday
                )


@dataclass(frozen=True)
class Fixed:
    """A mastermind already on the board: its key, its leader, the members seated so far, and its slot if set.

    Formation keeps every seat of it and may add people up to the largest size. With no
    ``slot``, formation picks one all its seated people can attend, on its leader's clock.
    """

    group_key: str
    leader_id: str
    member_ids: tuple[str, ...] = ()
    slot: Slot | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "member_ids", tuple(self.member_ids))
        if not isinstance(self.group_key, str) or not self.group_key:
            raise MatchingError(f"A fixed mastermind's key is a non-empty string, not {self.group_key!r}.")
        if not isinstance(self.leader_id, str) or not self.leader_id:
            raise MatchingError(f"Fixed mastermind {self.group_key!r} needs a leader id, not {self.leader_id!r}.")
        if self.slot is not None and not isinstance(self.slot, Slot):
            raise MatchingError(f"Fixed mastermind {self.group_key!r}: {self.slot!r} is not a Slot.")
        seen = {self.leader_id}
        for member_id in self.member_ids:
            if member_id in seen:
                raise MatchingError(f"Fixed mastermind {self.group_key!r} seats {member_id!r} twice.")
            seen.add(member_id)

    @property
    def seated(self) -> tuple[str, ...]:
        """Everyone seated, leader first."""
        return (self.leader_id, *self.member_ids)
