"""Call actions: RSVP, attendance and the shared notes — including two people saving the notes at the same moment."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import pytest
from django.utils import timezone

from hotseat.masterminds.models import Mastermind
from hotseat.meetings.actions import schedule as actions
from hotseat.meetings.actions.calls import (
    NOTES_MAX_CHARS,
    NotesConflictError,
    check_in,
    record_attendance,
    save_notes,
    set_rsvp,
)
from hotseat.meetings.errors import HotSeatError
from hotseat.meetings.models import Attendance, CallNotes, CallNotesRevision, Meeting
from tests.factories import MeetingFactory
from tests.groups import seated_group
from tests.meetings.groups import NOON, TUESDAY
from tests.racing import race


@pytest.fixture
def spring(program, alice, bob, chloe, dev) -> Mastermind:
    mastermind = seated_group(program, alice, [bob, chloe, dev])
    actions.pick_slot(mastermind, weekday=TUESDAY, minute=NOON, zone="America/New_York", duration_minutes=60, by=alice)
    return mastermind


@pytest.fixture
def upcoming(spring) -> Meeting:
    return Meeting.objects.get(mastermind=spring, number=2)


@pytest.fixture
def started(spring) -> Meeting:
    return MeetingFactory(mastermind=spring, number=11, starts_at=timezone.now() - timedelta(minutes=10))


def test_set_rsvp_changes_the_answer_in_place(upcoming, bob):
    set_rsvp(upcoming, bob, "coming")

    set_rsvp(upcoming, bob, "cant")

    (attendance,) = Attendance.objects.filter(meeting=upcoming)
    assert (attendance.user, attendance.rsvp, attendance.attended) == (bob, "cant", None)


def test_set_rsvp_stranger_refused(upcoming, erin):
    with pytest.raises(HotSeatError, match="not in this group"):
        set_rsvp(upcoming, erin, "coming")


def test_set_rsvp_skipped_call_refused(upcoming, bob):
    actions.skip_meeting(upcoming, extend_cohort=False)

    with pytest.raises(HotSeatError, match="skipped"):
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
    with pytest.raises(HotSeatError, match="not started yet"):
        record_attendance(upcoming, alice, {bob.pk})


def test_save_notes_versions_and_history(upcoming, bob, chloe):
    save_notes(upcoming, bob, "first", 0)

    notes = save_notes(upcoming, chloe, "second", 1)

    assert (notes.text, notes.version, notes.updated_by) == ("second", 2, chloe)
    history = list(CallNotesRevision.objects.filter(meeting=upcoming).values_list("version", "text", "author"))
    assert history == [(2, "second", chloe.pk), (1, "first", bob.pk)]


def test_save_notes_from_a_stale_version_changes_nothing(upcoming, bob, chloe):
    save_notes(upcoming, bob, "Bob's", 0)

    with pytest.raises(NotesConflictError) as conflict:
        save_notes(upcoming, chloe, "Chloe's", 0)

    assert (conflict.value.current.text, conflict.value.current.updated_by) == ("Bob's", bob)
    assert CallNotesRevision.objects.filter(meeting=upcoming).count() == 1
    assert CallNotes.objects.get(meeting=upcoming).text == "Bob's"


def test_save_notes_unchanged_makes_no_new_version(upcoming, bob):
    save_notes(upcoming, bob, "same", 0)

    notes = save_notes(upcoming, bob, "same", 1)

    assert notes.version == 1
    assert CallNotesRevision.objects.filter(meeting=upcoming).count() == 1


def test_save_notes_too_long_refused(upcoming, bob):
    with pytest.raises(HotSeatError, match="characters"):
        save_notes(upcoming, bob, "x" * (NOTES_MAX_CHARS + 1), 0)

    assert not CallNotes.objects.exists()


# Two people saving at the same moment, in real threads with their own connections ----------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("existing", [False, True], ids=["first save", "later save"])
def test_save_notes_racing_from_one_version_exactly_one_wins(racing_database, spring, bob, chloe, existing):
    meeting = Meeting.objects.get(mastermind=spring, number=2)
    base = 0
    if existing:
        save_notes(meeting, bob, "agenda", 0)
        base = 1

    for round_number in range(5):
        results = race(
            partial(save_notes, meeting, bob, f"Bob {round_number}", base),
            partial(save_notes, meeting, chloe, f"Chloe {round_number}", base),
        )

        saved = [r for r in results if isinstance(r, CallNotes)]
        refused = [r for r in results if isinstance(r, NotesConflictError)]
        assert (len(saved), len(refused)) == (1, 1), results
        assert refused[0].current.text == saved[0].text
        notes = CallNotes.objects.get(meeting=meeting)
        assert (notes.text, notes.version) == (saved[0].text, base + 1)
        assert CallNotesRevision.objects.filter(meeting=meeting, version=base + 1).count() == 1
        base += 1


# the moment an action is given ---------------------------------------------------------------


def test_set_rsvp_judges_by_the_moment_it_is_given(upcoming, bob):
    set_rsvp(upcoming, bob, "coming", now=upcoming.starts_at - timedelta(days=1))

    with pytest.raises(HotSeatError, match="has started"):
        set_rsvp(upcoming, bob, "cant", now=upcoming.starts_at + timedelta(minutes=1))


def test_check_in_and_record_attendance_take_the_moment_they_are_given(upcoming, alice, bob, chloe):
    after = upcoming.starts_at + timedelta(minutes=70)  # a call still to come by the real clock

    check_in(upcoming, bob, now=after)
    record_attendance(upcoming, alice, {alice.pk, chloe.pk}, now=after)

    assert set(Attendance.objects.filter(meeting=upcoming, attended=True).values_list("user", flat=True)) == {
        alice.pk,
        chloe.pk,
    }


def test_save_notes_records_the_moment_it_is_given(started, alice):
    moment = timezone.now() - timedelta(minutes=3)

    notes = save_notes(started, alice, "Round of introductions.", base_version=0, now=moment)

    assert notes.updated_at == moment
    assert CallNotesRevision.objects.get(meeting=started).created_at == moment
