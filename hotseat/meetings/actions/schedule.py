"""Every change to a mastermind's weekly call: pick the slot, skip or move meetings.

One transaction each; the mastermind row is locked first, so a leader and an organizer
changing the schedule at once take turns. Members are told by email what changed, in
their own zone (the emails are written on commit, so a refused change tells nobody).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hotseat.accounts.models import User
from hotseat.accounts.timezones import on_clock, zone_names
from hotseat.core_messages import in_language
from hotseat.masterminds.models import Mastermind
from hotseat.masterminds.seats import active_memberships
from hotseat.meetings.actions.hot_seat import refresh_turns
from hotseat.meetings.errors import ScheduleError
from hotseat.meetings.models import Meeting, Schedule
from hotseat.meetings.notices.meetings import MEETING_CHANGED, SCHEDULE_PICKED
from hotseat.meetings.reminders import sync_reminders
from hotseat.meetings.signals import meetings_changed
from hotseat.notify.actions import notify
from hotseat.scheduling import SchedulingError, Slot, occurrences

MIN_DURATION = 15
MAX_DURATION = 240


def when(moment: datetime) -> str:
    """An instant for a message, on the clock of whoever is looking (the active zone)."""
    return on_clock(moment, "l j F, H:i")


def slot_of(schedule: Schedule) -> Slot:
    return Slot(weekday=schedule.weekday, minute=schedule.minute, zone=schedule.zone)


def make_slot(weekday: int, minute: int, zone: str) -> Slot:
    """The core's Slot, or a ScheduleError naming the bad value."""
    if zone not in zone_names():
        raise ScheduleError(
            gettext("“%(zone)s” is not a time zone we know. Use an IANA name such as Europe/Paris or America/New_York.")
            % {"zone": zone},
            field="zone",
        )
    try:
        return Slot(weekday=weekday, minute=minute, zone=zone)
    except SchedulingError as exc:
        raise ScheduleError(in_language(exc)) from None


def check_duration(duration: int) -> None:
    if not MIN_DURATION <= duration <= MAX_DURATION:
        raise ScheduleError(
            gettext("A call lasts %(min)s to %(max)s minutes, not %(duration)s.")
            % {"min": MIN_DURATION, "max": MAX_DURATION, "duration": duration},
            field="duration_minutes",
        )


def _locked(mastermind: Mastermind) -> Mastermind:
    return Mastermind.objects.lock().select_related("cohort__program").get(pk=mastermind.pk)


def _check_running(mastermind: Mastermind) -> None:
    if mastermind.state in (Mastermind.State.FINISHED, Mastermind.State.DISBANDED):
        raise ScheduleError(
            gettext("%(mastermind)s is %(state)s: its calls no longer change.")
            % {"mastermind": mastermind, "state": mastermind.get_state_display().lower()}
        )


def _check_overlaps(meetings: list[Meeting], moving: Meeting | None = None) -> None:
    held = sorted((m for m in meetings if m.state != Meeting.State.SKIPPED), key=lambda m: m.starts_at)
    for first, second in pairwise(held):
        if second.starts_at >= first.ends_at:
            continue
        if moving is not None and moving in (first, second):
            other = second if moving is first else first
            raise ScheduleError(
                gettext("Week %(number)s at %(when)s would overlap week %(other)s (%(other_when)s): pick another time.")
                % {
                    "number": moving.number,
                    "when": when(moving.starts_at),
                    "other": other.number,
                    "other_when": when(other.starts_at),
                },
                field="starts_at",
            )
        raise ScheduleError(
            gettext(
                "Week %(first)s (%(first_when)s) and week %(second)s (%(second_when)s) would overlap:"
                " pick another time."
            )
            % {
                "first": first.number,
                "first_when": when(first.starts_at),
                "second": second.number,
                "second_when": when(second.starts_at),
            }
        )


def _check_upcoming(meeting: Meeting, now: datetime) -> None:
    if meeting.state == Meeting.State.SKIPPED:
        raise ScheduleError(gettext("Week %(number)s is skipped.") % {"number": meeting.number})
    if meeting.starts_at <= now:
        if meeting.ends_at > now:
            message = gettext("Week %(number)s is under way: only calls still to come can change.")
        else:
            message = gettext("Week %(number)s has already taken place: only calls still to come can change.")
        raise ScheduleError(message % {"number": meeting.number})


def _reschedule(meeting: Meeting, start: datetime, duration: int, state: str) -> bool:
    """Put a meeting at a new time; True when its time or length changed (a new SEQUENCE)."""
    changed = meeting.starts_at != start or meeting.duration_minutes != duration
    if changed:
        meeting.sequence += 1
    meeting.starts_at = start
    meeting.duration_minutes = duration
    meeting.state = state
    return changed


def _tell(mastermind: Mastermind, kind: str, now: datetime, **refs: Any) -> None:
    """Write one notification per member (the outbox row commits with the change, or not at all)."""
    for membership in active_memberships(mastermind):
        key = f"{kind}:m{mastermind.pk}:u{membership.user_id}:{now:%Y%m%dT%H%M%S.%f}"
        notify(kind, membership.user, key=key, now=now, mastermind=mastermind, told_at=now, **refs)


@dataclass
class _Plan:
    meetings: list[Meeting] = field(default_factory=list)  # every meeting of the group, changes applied
    to_save: list[Meeting] = field(default_factory=list)  # new, or changed in any way
    retimed: list[Meeting] = field(default_factory=list)  # existing ones whose time or length changed
    stuck: list[tuple[Meeting, datetime]] = field(default_factory=list)  # to come, but their new time has passed


def _plan(mastermind: Mastermind, slot: Slot, duration: int, *, first_number: int, state: str, now: datetime) -> _Plan:
    """Put the group's calls from week ``first_number`` on at ``slot``, in memory.

    Numbering follows the cohort's weeks, plus any week a skip added. A call already held
    stays as it was, and so does a skipped one, and one whose new time has already passed
    (``stuck``); a week already gone without a call gets none.
    """
    existing = {m.number: m for m in Meeting.objects.select_for_update().filter(mastermind=mastermind)}
    cohort = mastermind.cohort
    count = max(cohort.weeks, max(existing, default=0))
    plan = _Plan()
    for occurrence in occurrences(slot, cohort.starts_on, count, duration):
        meeting = existing.get(occurrence.number)
        if occurrence.number < first_number:
            continue
        if meeting is None:
            if occurrence.start > now:
                meeting = Meeting(mastermind=mastermind, number=occurrence.number, state=state)
                meeting.starts_at, meeting.duration_minutes = occurrence.start, duration
                existing[meeting.number] = meeting
                plan.to_save.append(meeting)
            continue
        if meeting.state == Meeting.State.SKIPPED or meeting.starts_at <= now:
            continue
        if occurrence.start <= now:
            plan.stuck.append((meeting, occurrence.start))
            continue
        before = meeting.state
        if _reschedule(meeting, occurrence.start, duration, state):
            plan.retimed.append(meeting)
            plan.to_save.append(meeting)
        elif before != state:
            plan.to_save.append(meeting)
    plan.meetings = sorted(existing.values(), key=lambda m: m.number)
    return plan


def _same_slot(schedule: Schedule | None, slot: Slot, duration: int) -> bool:
    return schedule is not None and (schedule.weekday, schedule.minute, schedule.zone, schedule.duration_minutes) == (
        slot.weekday,
        slot.minute,
        slot.zone,
        duration,
    )


def _save_schedule(
    mastermind: Mastermind, schedule: Schedule | None, slot: Slot, *, duration: int, by: User | None, now: datetime
) -> Schedule:
    if schedule is None:
        schedule = Schedule(mastermind=mastermind)
    schedule.weekday, schedule.minute, schedule.zone = slot.weekday, slot.minute, slot.zone
    schedule.duration_minutes = duration
    if by is not None:
        schedule.chosen_by = by
    schedule.chosen_at = now
    schedule.save()
    return schedule


def _meetings_changed(mastermind: Mastermind, now: datetime) -> None:
    """After any change of the calls: reminders and turns follow, then the apps above are told."""
    sync_reminders(mastermind, now)
    refresh_turns(mastermind, now)
    meetings_changed.send(sender=Meeting, mastermind=mastermind, now=now)


@transaction.atomic
def pick_slot(
    mastermind: Mastermind,
    *,
    weekday: int,
    minute: int,
    zone: str,
    duration_minutes: int,
    by: User | None,
    now: datetime | None = None,
) -> Schedule:
    """Set the group's weekly call and (re)generate its meetings, one per cohort week.

    The wall time is on ``zone``'s clock (the leader's by default) and converted per date,
    so it stays 12:00 in New York through the clock changes. Picking again moves every
    call still to come; calls already held stay as they were. A meeting keeps its UID and
    gets a higher SEQUENCE when its time changes. A formed group starts running.
    """
    now = now or timezone.now()
    mastermind = _locked(mastermind)
    if mastermind.state == Mastermind.State.FORMING:
        raise ScheduleError(
            gettext("%(mastermind)s is still forming: pick its weekly call once it has enough people.")
            % {"mastermind": mastermind}
        )
    _check_running(mastermind)
    slot = make_slot(weekday, minute, zone)
    check_duration(duration_minutes)
    schedule = Schedule.objects.filter(mastermind=mastermind).first()
    if _same_slot(schedule, slot, duration_minutes):
        raise ScheduleError(gettext("%(mastermind)s already meets at that time.") % {"mastermind": mastermind})
    plan = _plan(mastermind, slot, duration_minutes, first_number=1, state=Meeting.State.SCHEDULED, now=now)
    if not any(m.starts_at > now and m.state != Meeting.State.SKIPPED for m in plan.meetings):
        raise ScheduleError(gettext("Every week of this cohort has passed: there is no call left to schedule."))
    _check_overlaps(plan.meetings)
    repicked = schedule is not None
    schedule = _save_schedule(mastermind, schedule, slot, duration=duration_minutes, by=by, now=now)
    for meeting in plan.to_save:
        meeting.save()
    if mastermind.state == Mastermind.State.FORMED:
        mastermind.state = Mastermind.State.RUNNING
        mastermind.save(update_fields=["state"])
    _tell(mastermind, SCHEDULE_PICKED, now, repicked=repicked)
    _meetings_changed(mastermind, now)
    return schedule


@transaction.atomic
def skip_meeting(meeting: Meeting, *, extend_cohort: bool, now: datetime | None = None) -> Meeting | None:
    """Call off one week's call. With ``extend_cohort`` the group gains a week: a call is
    added in the week after its last one, at the weekly slot. Returns that added meeting."""
    now = now or timezone.now()
    mastermind = _locked(meeting.mastermind)
    _check_running(mastermind)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_upcoming(meeting, now)
    meeting.state = Meeting.State.SKIPPED
    meeting.sequence += 1
    meeting.save()
    added = None
    if extend_cohort:
        schedule = Schedule.objects.filter(mastermind=mastermind).first()
        if schedule is None:
            raise ScheduleError(
                gettext("%(mastermind)s has no weekly time to add a week at.") % {"mastermind": mastermind}
            )
        last = Meeting.objects.filter(mastermind=mastermind).order_by("-number").first()
        assert last is not None  # the skipped meeting itself at least
        # The week after the last one, numbered as _plan numbers them (week k of the cohort, plus added
        # weeks), at the weekly slot: not the slot's next date after the last call, which a call moved
        # earlier would put inside the last week.
        *_, occurrence = occurrences(
            slot_of(schedule), mastermind.cohort.starts_on, last.number + 1, schedule.duration_minutes
        )
        added = Meeting.objects.create(
            mastermind=mastermind,
            number=last.number + 1,
            starts_at=occurrence.start,
            duration_minutes=schedule.duration_minutes,
        )
        _check_overlaps(list(Meeting.objects.filter(mastermind=mastermind)))
    _tell(mastermind, MEETING_CHANGED, now, meeting=meeting, change="skipped", added=added)
    _meetings_changed(mastermind, now)
    return added


@transaction.atomic
def move_meeting(meeting: Meeting, new_start: datetime, *, now: datetime | None = None) -> Meeting:
    """Move one call to another time (the weekly time stays)."""
    if timezone.is_naive(new_start):
        msg = "new_start must be an aware datetime"
        raise ValueError(msg)
    now = now or timezone.now()
    mastermind = _locked(meeting.mastermind)
    _check_running(mastermind)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_upcoming(meeting, now)
    if new_start <= now:
        raise ScheduleError(
            gettext("%(when)s has passed: pick a time still to come.") % {"when": when(new_start)}, field="starts_at"
        )
    if new_start == meeting.starts_at:
        raise ScheduleError(
            gettext("Week %(number)s is already at %(when)s.") % {"number": meeting.number, "when": when(new_start)},
            field="starts_at",
        )
    previous = meeting.starts_at
    others = list(Meeting.objects.filter(mastermind=mastermind).exclude(pk=meeting.pk))
    _reschedule(meeting, new_start, meeting.duration_minutes, Meeting.State.MOVED)
    _check_overlaps([*others, meeting], moving=meeting)
    meeting.save()
    _tell(mastermind, MEETING_CHANGED, now, meeting=meeting, change="moved", previous_start=previous)
    _meetings_changed(mastermind, now)
    return meeting


@transaction.atomic
def move_from(
    mastermind: Mastermind,
    number: int,
    *,
    weekday: int,
    minute: int,
    zone: str,
    duration: int,
    now: datetime | None = None,
) -> list[Meeting]:
    """Move every call from week ``number`` on to a new weekly slot, which becomes the group's weekly time.

    Returns the meetings that moved.
    """
    now = now or timezone.now()
    mastermind = _locked(mastermind)
    _check_running(mastermind)
    slot = make_slot(weekday, minute, zone)
    check_duration(duration)
    first = Meeting.objects.select_for_update().filter(mastermind=mastermind, number=number).first()
    if first is None:
        raise ScheduleError(
            gettext("%(mastermind)s has no week %(number)s.") % {"mastermind": mastermind, "number": number},
            field="number",
        )
    if first.starts_at <= now:
        raise ScheduleError(
            gettext("Week %(number)s has already taken place: move the calls from a later week.") % {"number": number},
            field="number",
        )
    schedule = Schedule.objects.filter(mastermind=mastermind).first()
    plan = _plan(mastermind, slot, duration, first_number=number, state=Meeting.State.MOVED, now=now)
    if plan.stuck:
        meeting, start = plan.stuck[0]
        raise ScheduleError(
            gettext(
                "At the new time week %(number)s would be on %(when)s, which has passed:"
                " move the calls from a later week."
            )
            % {"number": meeting.number, "when": when(start)},
            field="number",
        )
    if not plan.retimed:
        raise ScheduleError(gettext("From week %(number)s the calls are already at that time.") % {"number": number})
    _check_overlaps(plan.meetings)
    for meeting in plan.to_save:
        meeting.save()
    _save_schedule(mastermind, schedule, slot, duration=duration, by=None, now=now)
    _tell(mastermind, MEETING_CHANGED, now, meeting=plan.retimed[0], change="moved_from", from_number=number)
    _meetings_changed(mastermind, now)
    return plan.retimed
