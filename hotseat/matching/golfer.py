"""The Social Golfer Problem: ``groups`` groups of ``size`` players for many rounds, no pair twice.

The pure sequence problem behind remixing masterminds (CSPLib prob010), used to benchmark
the remix search. Players are ``0 .. groups*size - 1``; a round is a partition of them.

* **Bound**: a player meets ``size - 1`` new players a round, so no schedule runs past
  ``(groups*size - 1) // (size - 1)`` rounds; and with fewer groups than the group size,
  any second round puts two players of one first-round group together, so just one round.
* **Construction**: where a known design is cheap (:mod:`hotseat.matching.designs`:
  round robins, affine planes, transversal designs, partial spreads) it is used as is, or
  as the start the search extends.
* **Local search**, after Triska and Musliu (2012): each round starts from a greedy deal
  that pairs up players with the most *freedom* (players neither has met), then a tabu
  search in the manner of Dotú and Van Hentenryck (2005) swaps two players of different
  groups of one round, at least one of them in a repeated pair, taking the swap that
  removes the most repeats; a swapped pair may not swap back in that round for a random
  tenure (4 to 100 steps); after a stall, a few random swaps from the best schedule shake
  it up. The number of rounds grows one at a time: each length first from the schedule so
  far plus greedy rounds, then afresh from greedy rounds alone; the search returns the
  longest schedule it completed within its budget: a number of swaps (``steps``, the same
  answer on any machine), a time limit (``seconds``), or both.
"""

from __future__ import annotations

import random
from itertools import combinations

from hotseat.matching.budget import Budget
from hotseat.matching.designs import Schedule, construction
from hotseat.matching.errors import MatchingError

TENURE = (4, 100)
STALL = 300
SHAKE = 8


def golfer_bound(groups: int, size: int) -> int:
    """The most rounds any schedule of ``groups`` groups of ``size`` can have without a pair meeting twice.

    ``0`` stands for "no limit": groups of one never pair anyone.
    """
    if size == 1:
        return 0
    if groups < size:
        return 1
    return (groups * size - 1) // (size - 1)


class _Search:
    """The tabu search over a schedule, with meeting counts kept as bitsets per player."""

    def __init__(self, groups: int, size: int, rng: random.Random) -> None:
        self.groups, self.size, self.rng = groups, size, rng
        self.players = groups * size
        self.meets = [[0] * self.players for _ in range(self.players)]
        self.once = [0] * self.players  # players met at least once
        self.twice = [0] * self.players  # players met at least twice
        self.rounds: list[list[int]] = []  # per round, per group: a bitset of players
        self.members: list[list[list[int]]] = []  # per round, per group: its players
        self.where: list[list[int]] = []  # per round, per player: their group
        self.repeats = 0

    def _meet(self, a: int, b: int, step: int) -> None:
        count = self.meets[a][b] + step
        self.meets[a][b] = self.meets[b][a] = count
        if step > 0:
            self.repeats += count >= 2
            if count == 1:
                self.once[a] |= 1 << b
                self.once[b] |= 1 << a
            elif count == 2:
                self.twice[a] |= 1 << b
                self.twice[b] |= 1 << a
        else:
            self.repeats -= count >= 1
            if count == 0:
                self.once[a] &= ~(1 << b)
                self.once[b] &= ~(1 << a)
            elif count == 1:
                self.twice[a] &= ~(1 << b)
                self.twice[b] &= ~(1 << a)

    def add_round(self, round_: list[list[int]]) -> None:
        """Append a round (a list of groups of players) and count its meetings."""
        masks, where = [], [0] * self.players
        for number, group in enumerate(round_):
            masks.append(sum(1 << p for p in group))
            for p in group:
                where[p] = number
            for a, b in combinations(group, 2):
                self._meet(a, b, 1)
        self.rounds.append(masks)
        self.members.append([list(group) for group in round_])
        self.where.append(where)

    def greedy_round(self) -> list[list[int]]:
        """A round dealt by freedom: pairs who have not met and share the most unmet players first."""
        left = set(range(self.players))
        everyone = (1 << self.players) - 1
        round_: list[list[int]] = []
        for _ in range(self.groups):
            group: list[int] = []
            while len(group) < self.size:
                met = 0
                for p in group:
                    met |= self.once[p]
                best, best_key = -1, (0, 0.0)
                for p in left:
                    clash = (self.once[p] & sum(1 << q for q in group)).bit_count()
                    freedom = (everyone & ~(met | self.once[p])).bit_count()
                    key = (-clash, freedom + self.rng.random())
                    if best < 0 or key > best_key:
                        best, best_key = p, key
                group.append(best)
                left.discard(best)
            round_.append(sorted(group))
        return round_

    def _swap(self, week: int, a: int, b: int) -> None:
        where, masks, members = self.where[week], self.rounds[week], self.members[week]
        first, second = where[a], where[b]
        for q in members[first]:
            if q != a:
                self._meet(a, q, -1)
                self._meet(b, q, 1)
        for q in members[second]:
            if q != b:
                self._meet(b, q, -1)
                self._meet(a, q, 1)
        masks[first] ^= 1 << a | 1 << b
        masks[second] ^= 1 << a | 1 << b
        members[first][members[first].index(a)] = b
        members[second][members[second].index(b)] = a
        where[a], where[b] = second, first

    def _best_swap(
        self, step: int, tabu: dict[tuple[int, int, int], int], best: int
    ) -> tuple[int, int, int, int] | None:
        once, twice = self.once, self.twice
        chosen: tuple[int, int, int, int] | None = None
        ties = 0
        # The first round stays as dealt: any schedule can be renamed to start with it.
        for week in range(1, len(self.rounds)):
            masks, members = self.rounds[week], self.members[week]
            # Each player's repeats inside their own group this round.
            stuck = {b: (twice[b] & masks[number]).bit_count() for number, group in enumerate(members) for b in group}
            for here, group_mask in enumerate(masks):
                movers = [a for a in members[here] if stuck[a]]
                if not movers:
                    continue
                # b joining this group (less its own repeats), for every b elsewhere.
                arrive = {
                    b: (once[b] & group_mask).bit_count() - stuck[b]
                    for there, group in enumerate(members)
                    if there != here
                    for b in group
                }
                for a in movers:
                    once_a = once[a]
                    for there, other_mask in enumerate(masks):
                        if there == here:
                            continue
                        gain = (once_a & other_mask).bit_count() - stuck[a]
                        for b in members[there]:
                            # Repeats gained by the swap: b joins a's group, a joins b's.
                            delta = gain + arrive[b] - 2 * (once_a >> b & 1)
                            if chosen is not None and delta > chosen[0]:
                                continue
                            if tabu.get((week, a, b), 0) > step and self.repeats + delta >= best:
                                continue
                            if chosen is None or delta < chosen[0]:
                                chosen, ties = (delta, week, a, b), 1
                            else:
                                ties += 1
                                if self.rng.randrange(ties) == 0:
                                    chosen = (delta, week, a, b)
        return chosen

    def solve(self, budget: Budget) -> bool:
        """Swap until no pair meets twice (True) or the budget runs out (False, best schedule kept)."""
        best, best_rounds = self.repeats, [list(masks) for masks in self.rounds]
        tabu: dict[tuple[int, int, int], int] = {}
        step = stall = 0
        while self.repeats:
            if budget.out:
                self._load(best_rounds)
                return False
            budget.spend()
            step += 1
            chosen = self._best_swap(step, tabu, best)
            if chosen is None or stall > STALL:
                self._load(best_rounds)
                self._shake()
                stall = 0
                continue
            _, week, a, b = chosen
            self._swap(week, a, b)
            tabu[week, a, b] = tabu[week, b, a] = step + self.rng.randint(*TENURE)
            if self.repeats < best:
                best, best_rounds, stall = self.repeats, [list(masks) for masks in self.rounds], 0
            else:
                stall += 1
        return True

    def _shake(self) -> None:
        for _ in range(SHAKE):
            week = self.rng.randrange(1, len(self.rounds)) if len(self.rounds) > 1 else 0
            if week == 0:
                return
            a, b = self.rng.sample(range(self.players), 2)
            if self.where[week][a] != self.where[week][b]:
                self._swap(week, a, b)

    def _load(self, rounds: list[list[int]]) -> None:
        saved = [[_members(mask) for mask in masks] for masks in rounds]
        self.meets = [[0] * self.players for _ in range(self.players)]
        self.once, self.twice = [0] * self.players, [0] * self.players
        self.rounds, self.members, self.where, self.repeats = [], [], [], 0
        for round_ in saved:
            self.add_round(round_)

    def schedule(self) -> Schedule:
        """The rounds as lists of sorted groups."""
        return [[sorted(group) for group in groups] for groups in self.members]


def _members(mask: int) -> list[int]:
    found = []
    while mask:
        low = mask & -mask
        found.append(low.bit_length() - 1)
        mask ^= low
    return found


def social_golfer(
    groups: int, size: int, rounds: int, *, seconds: float | None = 60.0, steps: int | None = None, seed: int = 0
) -> Schedule:
    """Up to ``rounds`` rounds of ``groups`` groups of ``size`` players in which no two players meet twice.

    Best effort: returns the longest such schedule found within ``steps`` swaps of the local
    search and ``seconds`` of wall-clock time, whichever runs out first (``None`` lifts
    either limit, not both): fewer rounds than asked when the search ran out, or when
    ``rounds`` exceeds :func:`golfer_bound`. Each round is a list of groups, each a sorted
    list of players ``0 .. groups*size - 1``. Repeatable for a given ``seed`` and ``steps``
    with ``seconds=None``; with a time limit, up to where the clock stops it.
    """
    for value, what in ((groups, "groups"), (size, "size"), (rounds, "rounds")):
        if not isinstance(value, int) or isinstance(value, bool) or value < (0 if what == "rounds" else 1):
            raise MatchingError(f"The number of {what} must be a whole number of at least 1, not {value!r}.")
    budget = Budget(steps=steps, seconds=seconds)
    if not budget.bounded:
        raise MatchingError("The search needs a time limit (seconds) or a step budget (steps), or both.")
    bound = golfer_bound(groups, size)
    wanted = rounds if bound == 0 else min(rounds, bound)
    plain = [[[g * size + k for k in range(size)] for g in range(groups)]]
    if bound == 0 or wanted <= 1:
        return [[list(group) for group in plain[0]] for _ in range(wanted)]
    design = construction(groups, size)
    built = design[1] if design is not None else None
    if built is not None and len(built) >= wanted:
        return built[:wanted]
    rng = random.Random(seed)  # noqa: S311 (a search's dice, not a secret)
    done = built or plain
    for length in range(len(done) + 1, wanted + 1):
        # First a third of the budget left from the schedule so far plus greedy rounds (a known
        # design is a good start: 9 rounds of 8 x 4 become 10 in under 2,000 swaps), then
        # the rest afresh from greedy rounds alone, which untangles what the first cannot.
        extended = _Search(groups, size, rng)
        for round_ in done:
            extended.add_round(round_)
        found = _grown(extended, length, budget.share(1 / 3))
        if found is None:
            fresh = _Search(groups, size, rng)
            fresh.add_round(plain[0])
            found = _grown(fresh, length, budget)
        if found is None:
            break
        done = found
    return done


def _grown(search: _Search, length: int, budget: Budget) -> Schedule | None:
    while len(search.rounds) < length:
        search.add_round(search.greedy_round())
    return search.schedule() if search.solve(budget) else None
