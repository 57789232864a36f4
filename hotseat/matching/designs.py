"""Known designs that schedule social golfers at once, where they are cheap to build.

* **Round robin** (groups of 2): the circle method gives ``2g - 1`` rounds, the bound.
* **Affine plane** (``g`` groups of ``g``, ``g`` a prime, 4, 8 or 9): the ``g + 1``
  parallel classes of lines of the plane over GF(g), the bound.
* **Transversal design** (``g`` groups of ``s <= g``, ``g`` such a field order): ``g`` rounds
  from the lines of that plane, cut down to ``s`` columns.
* **Partial spread** (groups of 4, ``4g`` a power of two): players are the vectors of
  GF(2)^n; a round is the cosets of a 2-dimensional subspace, and two subspaces sharing
  only 0 never pair anyone twice. A few pairwise disjoint ones, found by a short search,
  give e.g. 9 rounds of 8 groups of 4 (the most for 32 players this way: the 10-round
  schedule is not of this kind).
"""

from __future__ import annotations

Schedule = list[list[list[int]]]
"""Rounds, each a list of groups, each a sorted list of players ``0 .. groups*size - 1``."""

# Primitive polynomials for GF(2^k), as bit masks.
_GF2 = {4: 0b111, 8: 0b1011}
_SPREAD_NODES = 200_000


def _field(order: int) -> tuple[list[list[int]], list[list[int]]] | None:
    # Addition and multiplication tables of GF(order), for a prime, 4, 8 or 9.
    if order == 9:
        # a + b*i with i*i = -1 over Z3, numbered a + 3b.
        pairs = [(n % 3, n // 3) for n in range(9)]
        add9 = [[(a + c) % 3 + 3 * ((b + d) % 3) for c, d in pairs] for a, b in pairs]
        mul9 = [[(a * c - b * d) % 3 + 3 * ((a * d + b * c) % 3) for c, d in pairs] for a, b in pairs]
        return add9, mul9
    if order in _GF2:
        modulus = _GF2[order]
        degree = order.bit_length() - 1

        def times(a: int, b: int) -> int:
            product = 0
            for shift in range(degree):
                if b >> shift & 1:
                    product ^= a << shift
            for shift in range(2 * degree - 2, degree - 1, -1):
                if product >> shift & 1:
                    product ^= modulus << (shift - degree)
            return product

        return [[a ^ b for b in range(order)] for a in range(order)], [
            [times(a, b) for b in range(order)] for a in range(order)
        ]
    if order >= 2 and all(order % d for d in range(2, int(order**0.5) + 1)):
        return [[(a + b) % order for b in range(order)] for a in range(order)], [
            [a * b % order for b in range(order)] for a in range(order)
        ]
    return None


def affine_plane(order: int) -> Schedule | None:
    """The ``order + 1`` rounds of ``order`` groups of ``order`` given by the affine plane, if the field exists."""
    tables = _field(order)
    if tables is None:
        return None
    add, mul = tables
    rounds = [[[x * order + y for y in range(order)] for x in range(order)]]
    for slope in range(order):
        rounds.append([sorted(x * order + add[mul[slope][x]][shift] for x in range(order)) for shift in range(order)])
    return rounds


def transversal(groups: int, size: int) -> Schedule | None:
    """``groups`` rounds of ``groups`` groups of ``size`` (at most ``groups``, a field order), from lines of a plane.

    Players are ``column * groups + y`` for ``size`` columns and ``y`` in GF(groups); round
    ``m`` holds the lines of slope ``m``, each meeting every column once. Two players of
    different columns share exactly one slope, and players of one column never meet.
    """
    tables = _field(groups)
    if tables is None or size > groups:
        return None
    add, mul = tables
    return [
        sorted(
            sorted(column * groups + add[mul[slope][column]][shift] for column in range(size))
            for shift in range(groups)
        )
        for slope in range(groups)
    ]


def round_robin(groups: int) -> Schedule:
    """The ``2 * groups - 1`` rounds of pairs of the circle method: player ``2g - 1`` stays, the others turn."""
    players = 2 * groups
    turning = players - 1
    rounds = []
    for shift in range(turning):
        pairs = [sorted((turning, shift))]
        pairs += [sorted(((shift + k) % turning, (shift - k) % turning)) for k in range(1, groups)]
        rounds.append(sorted(pairs))
    return rounds


def partial_spread(dimension: int) -> Schedule:
    """Rounds of groups of 4 on the ``2**dimension`` vectors of GF(2)^dimension, from disjoint planes through 0.

    A depth-first search for pairwise disjoint 2-dimensional subspaces, stopped after a
    fixed number of steps; returns the longest schedule found.
    """
    size = 1 << dimension
    lines = sorted({tuple(sorted((a, b, a ^ b))) for a in range(1, size) for b in range(a + 1, size)})
    masks = [sum(1 << v for v in line) for line in lines]
    best: list[int] = []
    chosen: list[int] = []
    nodes = 0

    def search(start: int, used: int) -> None:
        nonlocal best, nodes
        nodes += 1
        if len(chosen) > len(best):
            best = list(chosen)
        if nodes > _SPREAD_NODES or len(chosen) + (size - 1 - used.bit_count()) // 3 <= len(best):
            return
        for index in range(start, len(masks)):
            if not masks[index] & used:
                chosen.append(index)
                search(index + 1, used | masks[index])
                chosen.pop()

    search(0, 0)
    rounds = []
    for index in best:
        a, b, _ = lines[index]
        seen: set[int] = set()
        round_ = []
        for x in range(size):
            if x not in seen:
                group = sorted({x, x ^ a, x ^ b, x ^ a ^ b})
                seen.update(group)
                round_.append(group)
        rounds.append(sorted(round_))
    return rounds


def construction(groups: int, size: int) -> tuple[str, Schedule] | None:
    """The longest cheap known schedule for ``groups`` groups of ``size`` and its design's name, or None."""
    found: list[tuple[str, Schedule]] = []
    if size == 2:
        found.append(("round robin", round_robin(groups)))
    if groups == size:
        found.append(("affine plane", affine_plane(size) or []))
    found.append(("transversal design", transversal(groups, size) or []))
    players = groups * size
    if size == 4 and groups >= 4 and players & (players - 1) == 0 and players <= 64:
        found.append(("partial spread", partial_spread(players.bit_length() - 1)))
    name, best = max(found, key=lambda entry: len(entry[1]))
    return (name, best) if best else None
