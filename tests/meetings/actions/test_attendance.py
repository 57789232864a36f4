"""Who comes and who came: RSVP, check-in and attendance (hotseat/meetings/actions/attendance.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hotseat.meetings.actions import schedule as actions
from hotseat.meetings.actions.attendance import check_in, record_attendance, set_rsvp
from hotseat.meetings.errors import MeetingError
from hotseat.meetings.models import Attendance


def test_set_rsvp_changes_the_answer_in_place(upcoming, bob):
    set_rsvp(upcoming, bob, "coming")

    set_rsvp(upcoming, bob, "cant")

    (attendance,) = Attendance.objects.filter(meeting=upcoming)
    assert (attendance.user, attendance.rsvp, attendance.attended) == (bob, "cant", None)


def test_set_rsvp_stranger_refused(upcoming, erin):
    with pytest.raises(MeetingError, match="not in this group"):
        set_rsvp(upcoming, erin, "coming")


def test_set_rsvp_skipped_call_refused(upcoming, bob):
    actions.skip_meeting(upcoming, extend_cohort=False)

    with pytest.raises(MeetingError, match="skipped"):
        set_rsvp(upcoming, bob, "coming")


def test_check_in_keeps_the_rsvp(started, bob):
    Attendance.objects.create(meeting=started, user=bob, rsvp="cant")

    check_in(started, bob)

    attendance = Attendance.objects.get(meeting=started, user=bob)
    assert (attendance.rsvp, attendance.attended, attendance.recorded_by) == ("cant", True, bob)


def test_record_attendance_marks_everyone_seated(started, alice, bob, chloe, dev):
    check_in(started, dev)

    record_attendance(started, alice, {bob.pk, chloe.pk})

    marked = dict(Attendance.objects.filter(meeting=started).values_list("user__display_name", "attended"))
    assert marked == {"Alice": False, "Bob": True, "Chloe": True, "Dev": False}


def test_record_attendance_before_the_call_refused(upcoming, alice, bob):
    with pytest.raises(MeetingError, match="not started yet"):
        record_attendance(upcoming, alice, {bob.pk})


# the moment an action is given ---------------------------------------------------------------


def test_set_rsvp_judges_by_the_moment_it_is_given(upcoming, bob):
    set_rsvp(upcoming, bob, "coming", now=upcoming.starts_at - timedelta(days=1))

    with pytest.raises(MeetingError, match="has started"):
        set_rsvp(upcoming, bob, "cant", now=upcoming.starts_at + timedelta(minutes=1))


def test_check_in_and_record_attendance_take_the_moment_they_are_given(upcoming, alice, bob, chloe):
    after = upcoming.starts_at + timedelta(minutes=70)  # a call still to come by the real clock

    check_in(upcoming, bob, now=after)
    record_attendance(upcoming, alice, {alice.pk, chloe.pk}, now=after)

    assert set(Attendance.objects.filter(meeting=upcoming, attended=True).values_list("user", flat=True)) == {
        alice.pk,
        chloe.pk,
    }
