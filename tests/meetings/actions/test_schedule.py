"""Meeting actions: picking the weekly slot across clock changes, re-picking, skipping and moving calls."""

from __future__ import annotations

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from hotseat.masterminds.models import Mastermind
from hotseat.meetings.actions import schedule as actions
from hotseat.meetings.errors import ScheduleError
from hotseat.meetings.models import Meeting, Schedule
from hotseat.meetings.signals import meetings_changed
from hotseat.notify.models import Notification
from tests.groups import seated_group
from tests.meetings.groups import NOON, THURSDAY, TUESDAY, at, utc

# What the New York noon call across the spring changes is, in words (meetings.clock.explain).
CHLOE_SPRING = (
    "On 16 and 23 March the call is at 17:00 CET for you, not 18:00:"
    " New York changed its clocks on 14 March, Paris changes them on 28 March."
)
DEV_SPRING = (
    "On 16 and 23 March the call is at 16:00 GMT for you, not 17:00:"
    " New York changed its clocks on 14 March, London changes them on 28 March."
)

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def spring(program, alice, bob, chloe, dev) -> Mastermind:
    """Alice (New York) leads Bob, Chloe and Dev; ten weeks from Tuesday 2 March 2027, across both spring changes."""
    return seated_group(program, alice, [bob, chloe, dev])


def pick_noon(mastermind: Mastermind, by, **overrides) -> Schedule:
    values = {"weekday": TUESDAY, "minute": NOON, "zone": "America/New_York", "duration_minutes": 60}
    return actions.pick_slot(mastermind, **(values | overrides), by=by)


def meetings_of(mastermind: Mastermind) -> list[Meeting]:
    return list(Meeting.objects.filter(mastermind=mastermind).order_by("number"))


def mails_to(outbox, person) -> list:
    return [m for m in outbox if m.to == [person.email]]


def started_weeks_ago(program, alice, bob, weeks_ago: int = 3) -> Mastermind:
    """A group whose six-week cohort started `weeks_ago` weeks ago, today."""
    start = timezone.localdate() - timedelta(weeks=weeks_ago)
    return seated_group(program, alice, [bob], starts_on=start, weeks=6)


# pick_slot ---------------------------------------------------------------------------------


def test_pick_slot_spring_cohort_keeps_noon_in_new_york_across_both_changes(spring, alice):
    pick_noon(spring, alice)

    found = meetings_of(spring)
    assert [m.number for m in found] == list(range(1, 11))
    # New York springs forward on 14 March, Paris on 28 March: the call is an hour earlier in UTC from 16 March.
    assert [m.starts_at for m in found[:5]] == [
        utc(2027, 3, 2, 17),
        utc(2027, 3, 9, 17),
        utc(2027, 3, 16, 16),
        utc(2027, 3, 23, 16),
        utc(2027, 3, 30, 16),
    ]
    assert found[-1].starts_at == utc(2027, 5, 4, 16)
    assert {m.starts_at.astimezone(ZoneInfo("America/New_York")).strftime("%H:%M") for m in found} == {"12:00"}
    paris = [m.starts_at.astimezone(PARIS).strftime("%H:%M") for m in found[:5]]
    assert paris == ["18:00", "18:00", "17:00", "17:00", "18:00"]
    assert all(m.state == Meeting.State.SCHEDULED and m.sequence == 0 and m.duration_minutes == 60 for m in found)


def test_pick_slot_autumn_cohort_crosses_both_fall_back_dates(program, alice, chloe):
    mastermind = seated_group(program, alice, [chloe], starts_on=date(2027, 10, 19), weeks=4)

    pick_noon(mastermind, alice)

    # Paris falls back on 31 October, New York on 7 November.
    assert [m.starts_at for m in meetings_of(mastermind)] == [
        utc(2027, 10, 19, 16),
        utc(2027, 10, 26, 16),
        utc(2027, 11, 2, 16),
        utc(2027, 11, 9, 17),
    ]
    paris = [m.starts_at.astimezone(PARIS).strftime("%H:%M %Z") for m in meetings_of(mastermind)]
    assert paris == ["18:00 CEST", "18:00 CEST", "17:00 CET", "18:00 CET"]


def test_pick_slot_records_the_schedule_and_starts_the_group(spring, alice):
    schedule = pick_noon(spring, alice, duration_minutes=90)

    spring.refresh_from_db()
    assert spring.state == Mastermind.State.RUNNING
    assert (schedule.weekday, schedule.minute, schedule.zone, schedule.duration_minutes) == (
        TUESDAY,
        NOON,
        "America/New_York",
        90,
    )
    assert schedule.chosen_by == alice
    assert {m.duration_minutes for m in meetings_of(spring)} == {90}


def test_pick_slot_wall_time_in_the_gap_moves_that_week_only(program, chloe, alice):
    # Sunday 02:30 Paris does not exist on 28 March 2027: that week the call is at 03:30 CEST (01:30 UTC).
    mastermind = seated_group(program, chloe, [alice], starts_on=date(2027, 3, 15), weeks=3)

    actions.pick_slot(mastermind, weekday=6, minute=150, zone="Europe/Paris", duration_minutes=60, by=chloe)

    found = meetings_of(mastermind)
    assert [m.starts_at for m in found] == [utc(2027, 3, 21, 1, 30), utc(2027, 3, 28, 1, 30), utc(2027, 4, 4, 0, 30)]
    assert [m.starts_at.astimezone(PARIS).strftime("%H:%M") for m in found] == ["02:30", "03:30", "02:30"]


def test_pick_slot_emails_each_member_the_time_on_their_own_clock(
    spring, alice, bob, chloe, dev, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pick_noon(spring, alice)

    assert {m.to[0] for m in outbox} == {p.email for p in (alice, bob, chloe, dev)}
    (to_chloe,) = mails_to(outbox, chloe)
    assert "weekly call time" in to_chloe.subject
    assert "Tuesdays at 18:00 CET/CEST" in to_chloe.body
    assert CHLOE_SPRING in to_chloe.body
    (to_dev,) = mails_to(outbox, dev)
    assert "Tuesdays at 17:00 GMT/BST" in to_dev.body
    assert DEV_SPRING in to_dev.body
    (to_bob,) = mails_to(outbox, bob)
    assert "Tuesdays at 09:00 PST/PDT" in to_bob.body
    assert "changed its clocks" not in to_bob.body
    html = to_chloe.alternatives[0][0]
    assert "Tuesdays at 18:00 CET/CEST" in html
    assert f"/m/{spring.pk}/" in html


def test_pick_slot_again_keeps_uids_and_raises_sequence(spring, alice):
    pick_noon(spring, alice)
    before = {m.number: m for m in meetings_of(spring)}

    pick_noon(spring, alice, weekday=THURSDAY)

    after = {m.number: m for m in meetings_of(spring)}
    assert after.keys() == before.keys()
    assert all(after[n].uid == before[n].uid for n in before)
    assert all(after[n].sequence == 1 for n in after)
    assert after[1].starts_at == utc(2027, 3, 4, 17)
    assert Schedule.objects.get(mastermind=spring).weekday == THURSDAY


def test_pick_slot_again_with_another_length_only_raises_sequence(spring, alice):
    pick_noon(spring, alice)

    pick_noon(spring, alice, duration_minutes=75)

    assert {(m.sequence, m.duration_minutes) for m in meetings_of(spring)} == {(1, 75)}


def in_two_days() -> int:
    """A weekday whose date in the cohort's fourth week is still to come, whatever the time now."""
    return (timezone.localdate() + timedelta(days=2)).weekday()


def test_pick_slot_again_leaves_calls_already_held(program, alice, bob):
    mastermind = started_weeks_ago(program, alice, bob)
    start = mastermind.cohort.starts_on
    held = [
        Meeting.objects.create(
            mastermind=mastermind, number=week + 1, starts_at=at(start + timedelta(weeks=week), time(12), "UTC")
        )
        for week in range(3)
    ]
    Schedule.objects.create(mastermind=mastermind, weekday=start.weekday(), minute=NOON, zone="UTC")

    actions.pick_slot(
        mastermind, weekday=in_two_days(), minute=NOON, zone="Europe/London", duration_minutes=60, by=alice
    )

    found = meetings_of(mastermind)
    assert [(m.uid, m.starts_at, m.sequence) for m in found[:3]] == [(m.uid, m.starts_at, 0) for m in held]
    assert [m.number for m in found] == [1, 2, 3, 4, 5, 6]
    assert all(m.starts_at > timezone.now() for m in found[3:])


def test_pick_slot_for_a_cohort_under_way_creates_only_calls_to_come(program, alice, bob):
    mastermind = started_weeks_ago(program, alice, bob)

    actions.pick_slot(mastermind, weekday=in_two_days(), minute=NOON, zone="UTC", duration_minutes=60, by=alice)

    assert [m.number for m in meetings_of(mastermind)] == [4, 5, 6]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"zone": "Mars/Olympus"}, "“Mars/Olympus” is not a time zone we know."),
        ({"zone": "EST"}, "“EST” is not a time zone we know."),
        ({"duration_minutes": 0}, "A call lasts 15 to 240 minutes, not 0."),
        ({"duration_minutes": 300}, "A call lasts 15 to 240 minutes, not 300."),
        ({"minute": 1500}, "A slot's minute of the day is 0 to 1439"),
        ({"weekday": 7}, "A slot's weekday is 0 (Monday) to 6 (Sunday)"),
    ],
)
def test_pick_slot_bad_values_are_refused_and_change_nothing(spring, alice, overrides, message):
    with pytest.raises(ScheduleError, match=message.replace("(", r"\(").replace(")", r"\)")):
        pick_noon(spring, alice, **overrides)

    assert not Meeting.objects.filter(mastermind=spring).exists()
    assert not Schedule.objects.filter(mastermind=spring).exists()
    assert not Notification.objects.exists()


def test_pick_slot_forming_group_is_refused(program, alice, bob):
    mastermind = seated_group(program, alice, [bob], state=Mastermind.State.FORMING)

    with pytest.raises(ScheduleError, match="still forming"):
        pick_noon(mastermind, alice)


def test_pick_slot_finished_group_is_refused(program, alice, bob):
    mastermind = seated_group(program, alice, [bob], state=Mastermind.State.FINISHED)

    with pytest.raises(ScheduleError, match="is finished: its calls no longer change"):
        pick_noon(mastermind, alice)


def test_pick_slot_same_time_again_is_refused(spring, alice):
    pick_noon(spring, alice)

    with pytest.raises(ScheduleError, match="already meets at that time"):
        pick_noon(spring, alice)
    assert {m.sequence for m in meetings_of(spring)} == {0}


def test_pick_slot_after_the_cohort_is_refused(program, alice, bob):
    mastermind = seated_group(program, alice, [bob], starts_on=timezone.localdate() - timedelta(weeks=12), weeks=4)

    with pytest.raises(ScheduleError, match="Every week of this cohort has passed"):
        pick_noon(mastermind, alice)


# skip_meeting ------------------------------------------------------------------------------


def test_skip_meeting_without_extension_keeps_the_number_of_weeks(spring, alice):
    pick_noon(spring, alice)
    week4 = Meeting.objects.get(mastermind=spring, number=4)

    added = actions.skip_meeting(week4, extend_cohort=False)

    assert added is None
    week4.refresh_from_db()
    assert (week4.state, week4.sequence) == (Meeting.State.SKIPPED, 1)
    assert len(meetings_of(spring)) == 10


def test_skip_meeting_with_extension_adds_a_week_after_the_last(spring, alice):
    pick_noon(spring, alice)
    week4 = Meeting.objects.get(mastermind=spring, number=4)

    added = actions.skip_meeting(week4, extend_cohort=True)

    assert added is not None
    assert (added.number, added.starts_at, added.state) == (11, utc(2027, 5, 11, 16), Meeting.State.SCHEDULED)
    assert len(meetings_of(spring)) == 11


def test_skip_meeting_with_extension_after_the_last_call_moved_earlier_adds_it_a_week_later(spring, alice):
    pick_noon(spring, alice)
    last = Meeting.objects.get(mastermind=spring, number=10)  # Tuesday 4 May, 12:00 New York
    actions.move_meeting(last, at(date(2027, 5, 2), time(12), "America/New_York"))  # to Sunday 2 May

    added = actions.skip_meeting(Meeting.objects.get(mastermind=spring, number=4), extend_cohort=True)

    # The week after the last week, at the weekly slot: Tuesday 11 May, not Tuesday 4 May, two days
    # after the moved call and inside its week.
    assert added is not None
    assert (added.number, added.starts_at) == (11, at(date(2027, 5, 11), time(12), "America/New_York"))


def test_skip_meeting_emails_everyone_what_changed(spring, alice, chloe, outbox, django_capture_on_commit_callbacks):
    pick_noon(spring, alice)
    week3 = Meeting.objects.get(mastermind=spring, number=3)

    with django_capture_on_commit_callbacks(execute=True):
        actions.skip_meeting(week3, extend_cohort=True)

    assert len(outbox) == 4
    (to_chloe,) = mails_to(outbox, chloe)
    assert "No call in week 3 (Tuesday 16 March)" in to_chloe.subject
    assert "Tuesday 16 March, 17:00 CET, is skipped" in to_chloe.body
    assert "week 11 is on Tuesday 11 May, 18:00 CEST" in to_chloe.body


def test_skip_meeting_twice_is_refused(spring, alice):
    pick_noon(spring, alice)
    week4 = Meeting.objects.get(mastermind=spring, number=4)
    actions.skip_meeting(week4, extend_cohort=False)

    with pytest.raises(ScheduleError, match="Week 4 is skipped"):
        actions.skip_meeting(week4, extend_cohort=True)
    assert len(meetings_of(spring)) == 10


def test_skip_meeting_held_call_is_refused(program, alice, bob):
    mastermind = started_weeks_ago(program, alice, bob, weeks_ago=1)
    mastermind.state = Mastermind.State.RUNNING
    mastermind.save()
    held = Meeting.objects.create(mastermind=mastermind, number=1, starts_at=timezone.now() - timedelta(days=7))

    with pytest.raises(ScheduleError, match="Week 1 has already taken place"):
        actions.skip_meeting(held, extend_cohort=False)


# move_meeting ------------------------------------------------------------------------------


def test_move_meeting_moves_one_call_only(spring, alice):
    pick_noon(spring, alice)
    week4 = Meeting.objects.get(mastermind=spring, number=4)
    uid = week4.uid
    thursday = at(date(2027, 3, 25), time(12), "America/New_York")

    actions.move_meeting(week4, thursday)

    week4.refresh_from_db()
    assert (week4.starts_at, week4.state, week4.sequence, week4.uid) == (thursday, Meeting.State.MOVED, 1, uid)
    others = [m for m in meetings_of(spring) if m.number != 4]
    assert {(m.state, m.sequence) for m in others} == {(Meeting.State.SCHEDULED, 0)}


def test_move_meeting_emails_the_old_and_new_time(spring, alice, bob, outbox, django_capture_on_commit_callbacks):
    pick_noon(spring, alice)
    week4 = Meeting.objects.get(mastermind=spring, number=4)

    with django_capture_on_commit_callbacks(execute=True):
        actions.move_meeting(week4, at(date(2027, 3, 25), time(12), "America/New_York"))

    (to_bob,) = mails_to(outbox, bob)
    assert "moves to Thursday 25 March, 09:00 PDT" in to_bob.subject
    assert "from Tuesday 23 March, 09:00 PDT" in to_bob.body


@pytest.mark.parametrize(
    ("new_start", "message"),
    [
        (utc(2020, 1, 1, 12), "has passed: pick a time still to come"),
        (utc(2027, 3, 30, 16, 30), r"Week 4 at Tuesday 30 March, 16:30 UTC would overlap week 5 \(Tuesday 30 March"),
        (utc(2027, 3, 23, 16), "Week 4 is already at"),
    ],
)
def test_move_meeting_refusals_change_nothing(spring, alice, new_start, message):
    pick_noon(spring, alice)
    week4 = Meeting.objects.get(mastermind=spring, number=4)

    with pytest.raises(ScheduleError, match=message):
        actions.move_meeting(week4, new_start)

    week4.refresh_from_db()
    assert (week4.starts_at, week4.state, week4.sequence) == (utc(2027, 3, 23, 16), Meeting.State.SCHEDULED, 0)


def test_move_meeting_skipped_call_is_refused(spring, alice):
    pick_noon(spring, alice)
    week4 = Meeting.objects.get(mastermind=spring, number=4)
    actions.skip_meeting(week4, extend_cohort=False)

    with pytest.raises(ScheduleError, match="Week 4 is skipped"):
        actions.move_meeting(week4, utc(2027, 3, 25, 16))


def test_move_meeting_naive_time_is_a_programming_error(spring, alice):
    pick_noon(spring, alice)
    week4 = Meeting.objects.get(mastermind=spring, number=4)

    with pytest.raises(ValueError, match="aware"):
        actions.move_meeting(week4, utc(2027, 3, 25, 16).replace(tzinfo=None))


# move_from ---------------------------------------------------------------------------------


def test_move_from_moves_every_call_from_that_week_on(spring, alice):
    pick_noon(spring, alice)
    before = {m.number: m for m in meetings_of(spring)}

    moved = actions.move_from(spring, 4, weekday=THURSDAY, minute=13 * 60, zone="America/New_York", duration=60)

    assert [m.number for m in moved] == [4, 5, 6, 7, 8, 9, 10]
    after = {m.number: m for m in meetings_of(spring)}
    for number in (1, 2, 3):
        assert (after[number].starts_at, after[number].sequence) == (before[number].starts_at, 0)
    assert after[4].starts_at == utc(2027, 3, 25, 17)
    assert all(after[n].state == Meeting.State.MOVED and after[n].sequence == 1 for n in range(4, 11))
    assert all(after[n].uid == before[n].uid for n in after)
    schedule = Schedule.objects.get(mastermind=spring)
    assert (schedule.weekday, schedule.minute) == (THURSDAY, 13 * 60)


def test_move_from_then_skip_with_extension_follows_the_new_time(spring, alice):
    pick_noon(spring, alice)
    actions.move_from(spring, 4, weekday=THURSDAY, minute=NOON, zone="America/New_York", duration=60)

    added = actions.skip_meeting(Meeting.objects.get(mastermind=spring, number=6), extend_cohort=True)

    assert added is not None
    assert added.starts_at == utc(2027, 5, 13, 16)


def test_move_from_leaves_skipped_weeks_skipped(spring, alice):
    pick_noon(spring, alice)
    actions.skip_meeting(Meeting.objects.get(mastermind=spring, number=5), extend_cohort=False)

    actions.move_from(spring, 4, weekday=THURSDAY, minute=NOON, zone="America/New_York", duration=60)

    week5 = Meeting.objects.get(mastermind=spring, number=5)
    assert (week5.state, week5.starts_at, week5.sequence) == (Meeting.State.SKIPPED, utc(2027, 3, 30, 16), 1)


def test_move_from_emails_the_new_times(spring, alice, chloe, outbox, django_capture_on_commit_callbacks):
    pick_noon(spring, alice)

    with django_capture_on_commit_callbacks(execute=True):
        actions.move_from(spring, 9, weekday=THURSDAY, minute=NOON, zone="America/New_York", duration=60)

    (to_chloe,) = mails_to(outbox, chloe)
    assert "New call time from week 9" in to_chloe.subject
    assert "Week 9: Thursday 29 April, 18:00 CEST" in to_chloe.body
    assert "Week 10: Thursday 6 May, 18:00 CEST" in to_chloe.body
    assert "Week 8:" not in to_chloe.body


@pytest.mark.parametrize(
    ("number", "weekday", "message"),
    [
        (12, THURSDAY, "has no week 12"),
        (4, TUESDAY, "From week 4 the calls are already at that time"),
        # Week 3 was moved to Thursday 25 March at noon: week 4 cannot go there too.
        (4, THURSDAY, r"Week 3 \(.*\) and week 4 \(.*\) would overlap"),
    ],
)
def test_move_from_refusals_change_nothing(spring, alice, number, weekday, message):
    pick_noon(spring, alice)
    week3 = Meeting.objects.get(mastermind=spring, number=3)
    actions.move_meeting(week3, at(date(2027, 3, 25), time(12), "America/New_York"))
    before = [(m.starts_at, m.sequence, m.state) for m in meetings_of(spring)]

    with pytest.raises(ScheduleError, match=message):
        actions.move_from(spring, number, weekday=weekday, minute=NOON, zone="America/New_York", duration=60)

    assert [(m.starts_at, m.sequence, m.state) for m in meetings_of(spring)] == before
    assert Schedule.objects.get(mastermind=spring).weekday == TUESDAY


def test_move_from_a_held_week_is_refused(program, alice, bob):
    mastermind = started_weeks_ago(program, alice, bob, weeks_ago=1)
    mastermind.state = Mastermind.State.RUNNING
    mastermind.save()
    Meeting.objects.create(mastermind=mastermind, number=1, starts_at=timezone.now() - timedelta(days=7))

    with pytest.raises(ScheduleError, match="Week 1 has already taken place"):
        actions.move_from(mastermind, 1, weekday=THURSDAY, minute=NOON, zone="UTC", duration=60)


def test_pick_slot_text_email_is_not_html_escaped(program, alice, bob, outbox, django_capture_on_commit_callbacks):
    mastermind = seated_group(program, alice, [bob], title="Moderation & growth: Bob's forum")

    with django_capture_on_commit_callbacks(execute=True):
        pick_noon(mastermind, alice)

    (to_bob,) = mails_to(outbox, bob)
    assert "Moderation & growth: Bob's forum" in to_bob.subject
    assert "Moderation & growth: Bob's forum has picked its weekly call time." in to_bob.body
    assert "Moderation &amp; growth" in to_bob.alternatives[0][0]


def test_pick_slot_tells_the_apps_above_once_for_all_its_meetings(spring, alice):
    heard: list[tuple[int, object]] = []

    def listen(sender, mastermind, now, **kwargs):
        heard.append((mastermind.pk, now))

    meetings_changed.connect(listen)
    try:
        pick_noon(spring, alice)
    finally:
        meetings_changed.disconnect(listen)
    assert len(meetings_of(spring)) == 10
    assert [pk for pk, _ in heard] == [spring.pk]


def test_pick_slot_records_the_moment_it_is_given(spring, alice):
    moment = timezone.now() - timedelta(days=3)

    schedule = pick_noon(spring, alice, now=moment)

    schedule.refresh_from_db()
    assert schedule.chosen_at == moment
    told = Notification.objects.filter(kind="schedule_picked")
    assert told.count() == 4
    assert {(n.created_at, n.due_at) for n in told} == {(moment, moment)}
