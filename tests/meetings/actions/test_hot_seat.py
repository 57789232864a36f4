"""Hot seat actions: the rotation set when calls are generated and kept up as calls, seats and choices change."""

from __future__ import annotations

from collections import Counter
from datetime import time, timedelta
from functools import partial

import pytest
from django.db import transaction
from django.utils import timezone

from hotseat.masterminds.actions import leave_seat
from hotseat.masterminds.models import Mastermind
from hotseat.meetings.actions import hot_seat
from hotseat.meetings.actions import schedule as actions
from hotseat.meetings.errors import HotSeatError
from hotseat.meetings.models import Attendance, Meeting, TurnSwap
from hotseat.meetings.notices.hot_seat import HOT_SEAT_CHANGED, HOT_SEAT_NUDGE, NUDGE_LEAD, TURN_SWAP
from hotseat.notify.models import Notification
from tests.groups import seated_group
from tests.meetings.groups import NOON, TUESDAY
from tests.meetings.weeks import schedule_for, weekly_meetings
from tests.racing import race


@pytest.fixture
def spring(program, alice, bob, chloe, dev) -> Mastermind:
    """Alice leads Bob, Chloe and Dev; ten Tuesday calls at noon New York from 2 March 2027."""
    mastermind = seated_group(program, alice, [bob, chloe, dev])
    actions.pick_slot(mastermind, weekday=TUESDAY, minute=NOON, zone="America/New_York", duration_minutes=60, by=alice)
    return mastermind


def presenters(mastermind: Mastermind) -> list[str]:
    """The hot seat of every call, in order ('-' for none)."""
    return [
        m.presenter.name if m.presenter else "-"
        for m in Meeting.objects.filter(mastermind=mastermind).select_related("presenter").order_by("starts_at")
    ]


def week(mastermind: Mastermind, number: int) -> Meeting:
    return Meeting.objects.get(mastermind=mastermind, number=number)


def names(*people) -> list[str]:
    return [p.name if p else "-" for p in people]


def test_pick_slot_sets_the_rotation_everybody_once_before_anybody_twice(spring, alice, bob, chloe, dev):
    assert presenters(spring) == names(alice, bob, chloe, dev, alice, bob, chloe, dev, alice, bob)


def test_skip_meeting_presenter_takes_the_next_call(spring, alice, bob, chloe, dev):
    actions.skip_meeting(week(spring, 2), extend_cohort=False)

    assert presenters(spring) == names(alice, None, bob, chloe, dev, alice, bob, chloe, dev, alice)


def test_skip_meeting_with_an_added_week_keeps_everyone_turns_fair(spring, alice, bob, chloe, dev):
    actions.skip_meeting(week(spring, 2), extend_cohort=True)

    assert presenters(spring) == names(alice, None, bob, chloe, dev, alice, bob, chloe, dev, alice, bob)


def test_move_meeting_keeps_its_presenter(spring, bob):
    meeting = week(spring, 2)

    actions.move_meeting(meeting, meeting.starts_at + timedelta(days=1))

    assert week(spring, 2).presenter == bob


def test_leave_seat_the_others_move_up(spring, alice, bob, chloe, dev):
    leave_seat(spring.cohort, bob)

    assert presenters(spring) == names(alice, chloe, dev, alice, chloe, dev, alice, chloe, dev, alice)


def test_calls_already_held_keep_their_presenter(program, alice, bob, chloe, dev):
    # A running group whose first two calls are over: Alice and Bob presented.
    today = timezone.localdate()
    mastermind = seated_group(program, alice, [bob, chloe, dev], starts_on=today - timedelta(days=10), weeks=6)
    meetings = weekly_meetings(schedule_for(mastermind, wall=time(12), zone="UTC"))
    meetings[0].presenter, meetings[1].presenter = alice, bob
    Meeting.objects.bulk_update(meetings[:2], ["presenter"])

    with transaction.atomic():
        hot_seat.refresh_turns(mastermind, timezone.now(), rederive=True)

    held = presenters(mastermind)
    assert held[:2] == names(alice, bob)
    # Chloe and Dev have not presented yet: they go before anybody's second turn.
    assert held[2:] == names(chloe, dev, alice, bob)


def test_move_turn_reorders_the_upcoming_turns(spring, alice, bob, chloe, dev):
    hot_seat.move_turn(spring, dev.pk, -3)

    assert presenters(spring)[:4] == names(dev, alice, bob, chloe)


def test_move_turn_past_the_end_refused(spring, alice):
    with pytest.raises(HotSeatError, match="already first"):
        hot_seat.move_turn(spring, alice.pk, -1)


def test_move_turn_stranger_refused(spring, erin):
    with pytest.raises(HotSeatError, match="not in this group"):
        hot_seat.move_turn(spring, erin.pk, 1)


def test_set_presenting_opt_out_rotation_skips_them(spring, alice, bob, chloe, dev):
    hot_seat.set_presenting(spring, bob, presents=False)

    assert bob.name not in presenters(spring)
    assert presenters(spring)[:3] == names(alice, chloe, dev)


def test_set_presenting_opt_back_in_gets_a_fair_turn(spring, alice, bob, chloe, dev):
    hot_seat.set_presenting(spring, bob, presents=False)

    hot_seat.set_presenting(spring, bob, presents=True)

    assert presenters(spring) == names(alice, bob, chloe, dev, alice, bob, chloe, dev, alice, bob)


def test_set_presenting_twice_refused(spring, bob):
    with pytest.raises(HotSeatError, match="already take turns"):
        hot_seat.set_presenting(spring, bob, presents=True)


def test_ask_swap_tells_the_person_asked(spring, bob, chloe):
    swap = hot_seat.ask_swap(spring, bob, mine=week(spring, 2).pk, theirs=week(spring, 3).pk)

    assert (swap.asked, swap.state) == (chloe, TurnSwap.State.PENDING)
    asked = Notification.objects.get(kind=TURN_SWAP)
    assert asked.recipient == chloe


def test_ask_swap_not_your_turn_refused(spring, bob):
    with pytest.raises(HotSeatError, match="not your turn"):
        hot_seat.ask_swap(spring, bob, mine=week(spring, 3).pk, theirs=week(spring, 4).pk)


def test_ask_swap_with_a_call_of_another_group_refused(spring, program, bob, erin):
    other = seated_group(program, erin, [], title="Elsewhere")
    actions.pick_slot(other, weekday=TUESDAY, minute=NOON, zone="UTC", duration_minutes=60, by=erin)

    with pytest.raises(HotSeatError, match="not one of this group's"):
        hot_seat.ask_swap(spring, bob, mine=week(spring, 2).pk, theirs=week(other, 1).pk)


def test_ask_swap_twice_refused(spring, bob):
    hot_seat.ask_swap(spring, bob, mine=week(spring, 2).pk, theirs=week(spring, 3).pk)

    with pytest.raises(HotSeatError, match="already asked"):
        hot_seat.ask_swap(spring, bob, mine=week(spring, 2).pk, theirs=week(spring, 3).pk)


def test_answer_swap_accepted_exchanges_the_turns_and_tells_the_asker(spring, alice, bob, chloe, dev):
    swap = hot_seat.ask_swap(spring, bob, mine=week(spring, 2).pk, theirs=week(spring, 3).pk)

    hot_seat.answer_swap(spring, swap.pk, chloe, accept=True)

    assert presenters(spring)[:4] == names(alice, chloe, bob, dev)
    swap.refresh_from_db()
    assert swap.state == TurnSwap.State.ACCEPTED
    assert Notification.objects.filter(kind=TURN_SWAP, recipient=bob, key__endswith=":accepted").exists()


def test_answer_swap_declined_changes_no_turn(spring, alice, bob, chloe, dev):
    swap = hot_seat.ask_swap(spring, bob, mine=week(spring, 2).pk, theirs=week(spring, 3).pk)
    before = presenters(spring)

    hot_seat.answer_swap(spring, swap.pk, chloe, accept=False)

    assert presenters(spring) == before
    assert Notification.objects.filter(kind=TURN_SWAP, recipient=bob, key__endswith=":declined").exists()


def test_answer_swap_by_someone_not_asked_refused(spring, bob, dev):
    swap = hot_seat.ask_swap(spring, bob, mine=week(spring, 2).pk, theirs=week(spring, 3).pk)

    with pytest.raises(HotSeatError, match="not asked of you"):
        hot_seat.answer_swap(spring, swap.pk, dev, accept=True)


def test_answer_swap_stale_turn_refused_and_nothing_changes(spring, alice, bob, chloe, dev):
    swap = hot_seat.ask_swap(spring, bob, mine=week(spring, 2).pk, theirs=week(spring, 3).pk)
    hot_seat.defer_turn(spring, week(spring, 3).pk, chloe)  # Chloe's week 3 goes to Dev
    before = presenters(spring)

    with pytest.raises(HotSeatError, match="no longer fits"):
        hot_seat.answer_swap(spring, swap.pk, chloe, accept=True)

    assert presenters(spring) == before
    swap.refresh_from_db()
    assert swap.state == TurnSwap.State.PENDING


def test_answer_swap_twice_refused(spring, bob, chloe):
    swap = hot_seat.ask_swap(spring, bob, mine=week(spring, 2).pk, theirs=week(spring, 3).pk)
    hot_seat.answer_swap(spring, swap.pk, chloe, accept=False)

    with pytest.raises(HotSeatError, match="already declined"):
        hot_seat.answer_swap(spring, swap.pk, chloe, accept=True)


def test_cancel_swap_by_the_asker_only(spring, bob, chloe):
    swap = hot_seat.ask_swap(spring, bob, mine=week(spring, 2).pk, theirs=week(spring, 3).pk)

    with pytest.raises(HotSeatError, match="Only the person who asked"):
        hot_seat.cancel_swap(spring, swap.pk, chloe)
    hot_seat.cancel_swap(spring, swap.pk, bob)

    swap.refresh_from_db()
    assert swap.state == TurnSwap.State.CANCELLED


def test_defer_turn_the_next_person_presents_and_the_group_is_told(spring, alice, bob, chloe, dev):
    later = hot_seat.defer_turn(spring, week(spring, 2).pk, bob)

    assert later.number == 3
    assert presenters(spring)[:4] == names(alice, chloe, bob, dev)
    assert Attendance.objects.get(meeting=week(spring, 2), user=bob).rsvp == Attendance.Rsvp.CANT_MAKE_IT
    told = set(Notification.objects.filter(kind=HOT_SEAT_CHANGED).values_list("recipient__email", flat=True))
    assert told == {p.email for p in (alice, bob, chloe, dev)}


def test_defer_turn_of_someone_else_refused(spring, bob):
    with pytest.raises(HotSeatError, match="not in the hot seat"):
        hot_seat.defer_turn(spring, week(spring, 3).pk, bob)


def test_defer_turn_on_the_last_call_refused(spring, bob):
    with pytest.raises(HotSeatError, match="no later turn"):
        hot_seat.defer_turn(spring, week(spring, 10).pk, bob)


def nudges(**filters: object) -> list[Notification]:
    return list(
        Notification.objects.filter(kind=HOT_SEAT_NUDGE, state=Notification.State.PENDING, **filters).order_by("due_at")
    )


def test_nudges_one_per_call_to_its_presenter_two_days_ahead(spring, alice, bob):
    rows = nudges()

    assert len(rows) == 10
    first = week(spring, 1)
    assert (rows[0].recipient, rows[0].due_at) == (alice, first.starts_at - NUDGE_LEAD)
    assert rows[1].recipient == bob


def test_nudges_follow_a_swap(spring, bob, chloe):
    swap = hot_seat.ask_swap(spring, bob, mine=week(spring, 2).pk, theirs=week(spring, 3).pk)

    hot_seat.answer_swap(spring, swap.pk, chloe, accept=True)

    week2 = [n for n in nudges() if n.refs["meeting"]["pk"] == week(spring, 2).pk]
    assert [n.recipient for n in week2] == [chloe]
    assert Notification.objects.filter(kind=HOT_SEAT_NUDGE, recipient=bob, state=Notification.State.CANCELLED).exists()


def test_nudges_follow_a_moved_call(spring, bob):
    meeting = week(spring, 2)
    new_start = meeting.starts_at + timedelta(days=1)

    actions.move_meeting(meeting, new_start)

    (row,) = [n for n in nudges(recipient=bob) if n.refs["meeting"]["pk"] == meeting.pk]
    assert row.due_at == new_start - NUDGE_LEAD


def test_nudges_called_off_for_a_skipped_call(spring, alice, bob):
    actions.skip_meeting(week(spring, 10), extend_cohort=False)

    assert not [n for n in nudges() if n.refs["meeting"]["pk"] == week(spring, 10).pk]


@pytest.mark.django_db(transaction=True)
def test_answer_swap_racing_a_deferral_one_lands_and_counts_hold(racing_database, spring, alice, bob, chloe, dev):
    swap = hot_seat.ask_swap(spring, bob, mine=week(spring, 2).pk, theirs=week(spring, 3).pk)
    before = Counter(presenters(spring))

    accepted, deferred = race(
        partial(hot_seat.answer_swap, spring, swap.pk, chloe, accept=True),
        partial(hot_seat.defer_turn, spring, week(spring, 2).pk, bob),
    )

    # The mastermind lock puts them one after the other: whichever comes second finds week 2 changed hands.
    assert isinstance(accepted, HotSeatError) != isinstance(deferred, HotSeatError), (accepted, deferred)
    assert Counter(presenters(spring)) == before
    swap.refresh_from_db()
    if isinstance(accepted, HotSeatError):
        assert swap.state == TurnSwap.State.PENDING
        assert presenters(spring)[:3] == names(alice, chloe, bob)  # Bob deferred: Chloe moved up
    else:
        assert swap.state == TurnSwap.State.ACCEPTED
        assert presenters(spring)[:4] == names(alice, chloe, bob, dev)  # swapped: week 2 was no longer Bob's
