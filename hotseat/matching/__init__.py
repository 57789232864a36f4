"""Matching: form masterminds automatically, and remix them between cohorts.

A pure core: it imports nothing from Django, works on the frozen dataclasses below and
raises :class:`MatchingError` (a ``ValueError`` with a plain message) for bad input. What
"can make every call" means, clock changes and holidays included, is the scheduling
core's (:mod:`hotseat.scheduling`); the matching core lays everyone's hours over every
candidate slot at once (:mod:`~hotseat.matching.candidates`) and checks against it.

* :func:`form_groups` proposes masterminds for a cohort: each with one leader and a weekly
  slot on the leader's clock that every member makes on every date. Aims, in order: seat
  as many people as possible; sizes near the target; humane local hours; volunteers spread
  out. It reports who is left out and why, and an ``upper_bound`` no grouping can beat
  (:mod:`~hotseat.matching.bound`).
* :func:`remix` does the same for the next cohort of a program, seating together as few
  people who met before as it can (``Formation.repeated_pairs``).
* :func:`social_golfer` schedules the classic Social Golfer Problem (no slots, no leaders),
  the yardstick for the remix search.

:mod:`hotseat.matching.exact` (CP-SAT, a development dependency, never imported by the
app) solves small inputs exactly, to measure the heuristic against.

Every search runs on a :class:`~hotseat.matching.budget.Budget`: its own step limits (or
``steps`` for the social golfer), which give the same answer on any machine, and
optionally ``seconds``, a wall-clock limit for callers that wait (a web request).
"""

from hotseat.matching.errors import MatchingError
from hotseat.matching.formation import form_groups
from hotseat.matching.golfer import golfer_bound, social_golfer
from hotseat.matching.inputs import Fixed, Person, Rules
from hotseat.matching.remix import propose, remix
from hotseat.matching.results import Formation, Group, Unplaced, UnplacedReason

__all__ = [
    "Fixed",
    "Formation",
    "Group",
    "MatchingError",
    "Person",
    "Rules",
    "Unplaced",
    "UnplacedReason",
    "form_groups",
    "golfer_bound",
    "propose",
    "remix",
    "social_golfer",
]
