"""Scheduling: find the weekly call time that suits a mastermind, date by date, across time zones.

A pure core: it imports nothing from Django, works on the frozen dataclasses below, and
raises :class:`SchedulingError` (a ``ValueError`` with a plain-language message) for bad
input. Django views and the matching core call it.

Model
-----
* A :class:`Member` has an opaque ``id`` and an :class:`Availability`: an IANA ``zone``,
  weekly :class:`Window` s on that zone's wall clock (weekday 0=Monday..6=Sunday,
  ``start_minute``/``end_minute`` from 0 to 1440, 1440 meaning 24:00; any minute, the
  30-minute cells are the UI's) and ``holidays`` (dates on their own calendar).
  Windows of one weekday must not overlap and a window never crosses midnight: Tuesday
  22:00-01:00 is entered as Tuesday 22:00-24:00 plus Wednesday 00:00-01:00. Windows that
  touch are joined, across midnight too, so a call may run from one into the next.
* A :class:`Slot` is a weekday and a minute of the day on the anchor zone's clock (the
  leader's). :func:`cohort_dates` gives its date in each cohort week (week ``k`` spans
  ``start+7k .. start+7k+6``) and :func:`occurrences` the UTC instants of the calls.

Time
----
Everything is converted *per date* with ``zoneinfo``: a 12:00 New York call is 18:00 in
Paris most weeks and 17:00 in the weeks between the US and EU clock changes. Each member's
:class:`LocalTime` for every call is reported, with their ``usual_time`` (the most common;
the earliest call breaks a tie) and the calls ``moved`` off it.

The gap/fold rule, for a slot's wall time in the anchor zone (Python's ``fold=0``):

* **Gap** (clocks go forward, the wall time does not exist that date): the wall time is
  read with the UTC offset in force just before the jump, so the instant is
  ``wall - offset_before`` and the clock then reads ``wall + gap length``. Sunday 02:30 in
  Europe/Paris on 28 March 2027 becomes 01:30 UTC, i.e. 03:30 CEST. That
  :class:`Occurrence` has ``resolution == "gap"`` and ``wall_time == "03:30"``; a
  hand-typed slot (:func:`check_slot`) is accepted, flagged that way, not refused.
* **Fold** (clocks go back, the wall time happens twice): the first of the two, with the
  offset before the change. 01:30 in America/New_York on 7 November 2027 is 05:30 UTC
  (01:30 EDT), not 06:30 UTC (01:30 EST); ``resolution == "fold"``.

A member's window is the set of instants whose local wall time falls inside it on that
local date: on a gap night it loses the missing hour, on a fold night it holds the
repeated hour twice. A call suits a member when all of ``[start, start + duration)`` lies
in their free time on their own clock (whatever their local date and weekday), and no
minute of it falls on one of their holidays. A missed call's reason is ``"holiday"`` when
the call would suit them but for a holiday, ``"not available"`` otherwise.

Ranking
-------
:func:`rank_slots` tries every ``step_minutes`` (default 30) of the chosen weekdays
(default Monday-Friday) in the anchor zone and ranks by, in order: members who can make
every call; calls attended in all (member-calls); the least penalty for unsocial hours;
then weekday and time. The penalty, counted for each call a member attends, is the sum
over the call's minutes of how far each minute lies outside 07:00-21:00 on their clock
(1 for 21:00-21:01, rising to 300 around 02:00), so an hour from 22:00 costs about
three times one from 21:00. When nothing suits everyone, the best partial slots still come
back, with each member's ``misses`` (cohort date and reason).

Limits: cohorts start from 1970 to 2199 and run 1 to 104 weeks; calls last 1 to 240
minutes.
"""

from hotseat.scheduling.availability import Availability, Member, Window
from hotseat.scheduling.errors import SchedulingError
from hotseat.scheduling.evaluation import (
    LocalTime,
    MemberEvaluation,
    Miss,
    MissReason,
    SlotEvaluation,
    check_slot,
    evaluate,
)
from hotseat.scheduling.search import rank_slots
from hotseat.scheduling.slots import Occurrence, Slot, cohort_dates, occurrences
from hotseat.scheduling.zones import Resolution

__all__ = [
    "Availability",
    "LocalTime",
    "Member",
    "MemberEvaluation",
    "Miss",
    "MissReason",
    "Occurrence",
    "Resolution",
    "SchedulingError",
    "Slot",
    "SlotEvaluation",
    "Window",
    "check_slot",
    "cohort_dates",
    "evaluate",
    "occurrences",
    "rank_slots",
]
