"""A meeting's shared notes (hotseat/meetings/actions/notes.py), including two people saving at the same moment."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import pytest
from django.utils import timezone

from hotseat.meetings.actions.notes import NOTES_MAX_CHARS, NotesConflictError, save_notes
from hotseat.meetings.errors import MeetingError
from hotseat.meetings.models import Meeting, MeetingNotes, MeetingNotesRevision
from tests.racing import race


def test_save_notes_versions_and_history(upcoming, bob, chloe):
    save_notes(upcoming, bob, "first", 0)

    notes = save_notes(upcoming, chloe, "second", 1)

    assert (notes.text, notes.version, notes.updated_by) == ("second", 2, chloe)
    history = list(MeetingNotesRevision.objects.filter(meeting=upcoming).values_list("version", "text", "author"))
    assert history == [(2, "second", chloe.pk), (1, "first", bob.pk)]


def test_save_notes_from_a_stale_version_changes_nothing(upcoming, bob, chloe):
    save_notes(upcoming, bob, "Bob's", 0)

    with pytest.raises(NotesConflictError) as conflict:
        save_notes(upcoming, chloe, "Chloe's", 0)

    assert (conflict.value.current.text, conflict.value.current.updated_by) == ("Bob's", bob)
    assert MeetingNotesRevision.objects.filter(meeting=upcoming).count() == 1
    assert MeetingNotes.objects.get(meeting=upcoming).text == "Bob's"


def test_save_notes_unchanged_makes_no_new_version(upcoming, bob):
    save_notes(upcoming, bob, "same", 0)

    notes = save_notes(upcoming, bob, "same", 1)

    assert notes.version == 1
    assert MeetingNotesRevision.objects.filter(meeting=upcoming).count() == 1


def test_save_notes_too_long_refused(upcoming, bob):
    with pytest.raises(MeetingError, match="characters"):
        save_notes(upcoming, bob, "x" * (NOTES_MAX_CHARS + 1), 0)

    assert not MeetingNotes.objects.exists()


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

        saved = [r for r in results if isinstance(r, MeetingNotes)]
        refused = [r for r in results if isinstance(r, NotesConflictError)]
        assert (len(saved), len(refused)) == (1, 1), results
        assert refused[0].current.text == saved[0].text
        notes = MeetingNotes.objects.get(meeting=meeting)
        assert (notes.text, notes.version) == (saved[0].text, base + 1)
        assert MeetingNotesRevision.objects.filter(meeting=meeting, version=base + 1).count() == 1
        base += 1


# the moment an action is given ---------------------------------------------------------------


def test_save_notes_records_the_moment_it_is_given(started, alice):
    moment = timezone.now() - timedelta(minutes=3)

    notes = save_notes(started, alice, "Round of introductions.", base_version=0, now=moment)

    assert notes.updated_at == moment
    assert MeetingNotesRevision.objects.get(meeting=started).created_at == moment
