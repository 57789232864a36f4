"""The hot seat rotation, as pure logic: who presents at each upcoming call.

People are plain ids (user primary keys) and turns are positions in the list of the
group's upcoming calls that are held (skipped calls have no turn). The rules:

* Everybody presents once before anybody presents twice: at every prefix of the past
  presenters followed by the assigned turns, the presenting members' counts differ by at
  most one (a member who joined late is credited with the round they joined in, see
  ``assign``).
* Opted-out members are never assigned.
* The order among equals is the group's turn order (the leader's, or joining order).
* A swap exchanges two turns; a deferral ("I can't make it") gives the turn to the next
  presenter and the deferring one takes theirs: both keep everyone's count.

Nothing here imports Django, so the properties are tested quickly with hypothesis.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence


def gettext_noop(message: str) -> str:
    """Marks a message for the catalog (makemessages finds the call), without importing Django."""
    return message


class TurnError(Exception):
    """A change the rotation cannot make.

    ``str(error)`` is the English sentence; ``template`` (marked for the catalog) and ``params``
    let the app show it in the reader's language (``hotseat.core_messages.in_language``).
    """

    def __init__(self, template: str, **params: object) -> None:
        super().__init__(template.format(**params))
        self.template = template
        self.params = params


def credits(
    order: Sequence[int], history: Sequence[int | None], since: Mapping[int, int] | None = None
) -> dict[int, int]:
    """How many turns each member of ``order`` counts as having had.

    A member's own turns in ``history``, plus, for a member who joined after
    ``since[member]`` past calls, the fewest turns any earlier member had had by then: a
    latecomer joins the round in progress instead of presenting week after week to
    catch up.
    """
    since = since or {}
    counted = Counter(who for who in history if who is not None)
    result: dict[int, int] = {}
    for member in order:
        joined = since.get(member, 0)
        credit = 0
        if joined > 0:
            before = Counter(who for who in history[:joined] if who is not None)
            earlier = [other for other in order if other != member and since.get(other, 0) < joined]
            credit = min((before[other] for other in earlier), default=0)
        result[member] = counted[member] + credit
    return result


def assign(
    order: Sequence[int],
    history: Sequence[int | None],
    turns: int,
    *,
    opted_out: Collection[int] = (),
    since: Mapping[int, int] | None = None,
) -> list[int | None]:
    """The presenters of the next ``turns`` calls.

    ``order`` lists the members in turn order, ``history`` the presenters of the calls
    already held (None: nobody presented), ``opted_out`` the members who do not present
    this cohort, ``since`` how many past calls had been held when a member joined (absent:
    from the start). Each turn goes to the presenting member with the fewest turns so far,
    the earliest in ``order`` among equals. With nobody presenting, every turn is None.
    """
    if turns < 0:
        msg = "turns must not be negative"
        raise ValueError(msg)
    presenting = [member for member in dict.fromkeys(order) if member not in opted_out]
    if not presenting:
        return [None] * turns
    counts = credits(presenting, history, since)
    position = {member: index for index, member in enumerate(presenting)}
    assigned: list[int | None] = []
    for _ in range(turns):
        chosen = min(presenting, key=lambda member: (counts[member], position[member]))
        counts[chosen] += 1
        assigned.append(chosen)
    return assigned


def carry(
    order: Sequence[int],
    history: Sequence[int | None],
    queue: Sequence[int | None],
    turns: int,
    *,
    opted_out: Collection[int] = (),
    since: Mapping[int, int] | None = None,
) -> list[int | None]:
    """Lay the presenters already planned (``queue``, in order) onto ``turns`` turns.

    Planned presenters who no longer present (they left or opted out) drop out and the
    ones after them move up; turns left over go to ``assign``. This is how the rotation
    survives a skipped call (its presenter takes the next turn), a moved one, a swap or a
    deferral without being reshuffled.
    """
    presenting = set(order) - set(opted_out)
    kept: list[int | None] = []
    kept.extend(who for who in queue if who in presenting)
    kept = kept[:turns]
    return kept + assign(order, [*history, *kept], turns - len(kept), opted_out=opted_out, since=since)


def swap(turns: Sequence[int | None], first: int, second: int) -> list[int | None]:
    """The turns with positions ``first`` and ``second`` exchanged."""
    if not (0 <= first < len(turns) and 0 <= second < len(turns)):
        raise TurnError(gettext_noop("There is no such turn."))
    swapped = list(turns)
    swapped[first], swapped[second] = swapped[second], swapped[first]
    return swapped


def defer(turns: Sequence[int | None], index: int) -> list[int | None]:
    """The presenter of turn ``index`` cannot make it: the rotation moves on to the next
    person, and they take that person's turn (the next turn held by somebody else).

    Raises TurnError when nobody else presents after them (there is no later turn).
    """
    if not 0 <= index < len(turns) or turns[index] is None:
        raise TurnError(gettext_noop("Nobody is in the hot seat that week."))
    who = turns[index]
    later = next((i for i in range(index + 1, len(turns)) if turns[i] not in (None, who)), None)
    if later is None:
        raise TurnError(
            gettext_noop("There is no later turn to move to: ask the leader to skip the call or reorder the rotation.")
        )
    # Everything between is nobody's turn or theirs, so exchanging the two turns is the move.
    return swap(turns, index, later)


def counts(turns: Sequence[int | None]) -> Counter[int]:
    """How many turns each person has."""
    return Counter(who for who in turns if who is not None)
