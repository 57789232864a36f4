"""Call reminders: rows due a day and an hour before each call, re-derived when calls or members change."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import timezone

from hotseat.masterminds.actions import leave_seat
from hotseat.masterminds.models import Mastermind
from hotseat.meetings.actions import schedule as actions
from hotseat.meetings.models import Meeting, Schedule
from hotseat.meetings.notices.meetings import MEETING_REMINDER
from hotseat.meetings.reminders import sync_reminders
from hotseat.notify.actions import set_choices
from hotseat.notify.dispatch import deliver_due
from hotseat.notify.models import Notification
from hotseat.notify.preferences import Choice
from tests.groups import seated_group
from tests.meetings.groups import NOON, THURSDAY, TUESDAY, at, utc
from tests.meetings.weeks import schedule_for, weekly_meetings

# What the New York noon call across the spring changes is, in words (meetings.clock.explain).
CHLOE_SPRING = (
    "On 16 and 23 March the call is at 17:00 CET for you, not 18:00:"
    " New York changed its clocks on 14 March, Paris changes them on 28 March."
)

State = Notification.State
SECOND = timedelta(seconds=1)


@pytest.fixture
def spring(program, alice, bob, chloe, dev) -> Mastermind:
    """Alice (New York) leads Bob, Chloe and Dev; ten weeks from Tuesday 2 March 2027, across both spring changes."""
    return seated_group(program, alice, [bob, chloe, dev])


def pick_noon(mastermind: Mastermind, by) -> Schedule:
    return actions.pick_slot(
        mastermind, weekday=TUESDAY, minute=NOON, zone="America/New_York", duration_minutes=60, by=by
    )


def reminders(**filters: object) -> list[Notification]:
    return list(Notification.objects.filter(kind=MEETING_REMINDER, **filters).order_by("due_at", "recipient_id"))


def reminders_of(meeting: Meeting, **filters: object) -> list[Notification]:
    return [n for n in reminders(**filters) if n.refs["meeting"]["pk"] == meeting.pk]


def week(mastermind: Mastermind, number: int) -> Meeting:
    return Meeting.objects.get(mastermind=mastermind, number=number)


def deliver(now: datetime) -> None:
    """Everything due at `now`, as the worker's sweep would send it."""
    while deliver_due("test", now=now).claimed:
        pass


def reminder_mails(outbox, person=None) -> list:
    return [
        m
        for m in outbox
        if m.subject.startswith("[hotseat] Mastermind call") and (person is None or m.to == [person.email])
    ]


# Writing them ------------------------------------------------------------------------------


def test_pick_slot_writes_a_day_and_an_hour_reminder_per_member_per_call(spring, alice, bob, chloe, dev):
    pick_noon(spring, alice)

    rows = reminders()
    assert len(rows) == 10 * 2 * 4
    assert {n.state for n in rows} == {State.PENDING}
    assert {n.recipient for n in rows} == {alice, bob, chloe, dev}
    week3 = week(spring, 3)
    assert {n.refs["lead_hours"] for n in reminders_of(week3)} == {24, 1}
    key = f"meeting_reminder:m{spring.pk}:c{week3.pk}:20270316T1600Z:u{chloe.pk}:24h"
    assert Notification.objects.get(key=key).due_at == utc(2027, 3, 15, 16)


def test_reminders_fall_due_at_the_exact_instant_across_the_us_clock_change(spring, alice):
    pick_noon(spring, alice)

    # New York springs forward on 14 March: noon there is 17:00 UTC before, 16:00 UTC after.
    due = [(n.refs["lead_hours"], n.due_at) for n in reminders(recipient=alice)]
    assert due[:6] == [
        (24, utc(2027, 3, 1, 17)),
        (1, utc(2027, 3, 2, 16)),
        (24, utc(2027, 3, 8, 17)),
        (1, utc(2027, 3, 9, 16)),
        (24, utc(2027, 3, 15, 16)),
        (1, utc(2027, 3, 16, 15)),
    ]


def test_reminders_arrive_at_their_instant_and_not_a_second_before(spring, alice, outbox):
    pick_noon(spring, alice)

    deliver(utc(2027, 3, 15, 16) - SECOND)
    outbox.clear()
    deliver(utc(2027, 3, 15, 16) - SECOND)
    assert reminder_mails(outbox) == []

    deliver(utc(2027, 3, 15, 16))
    assert len(reminder_mails(outbox)) == 4
    assert all("tomorrow" in m.subject for m in outbox)

    outbox.clear()
    deliver(utc(2027, 3, 16, 15) - SECOND)
    assert reminder_mails(outbox) == []
    deliver(utc(2027, 3, 16, 15))
    assert len(reminder_mails(outbox)) == 4
    assert all("in 1 hour" in m.subject for m in outbox)


def test_day_before_reminder_is_24_hours_ahead_not_the_same_wall_time(program, alice, bob):
    # Monday 15 March 2027, 01:00 in New York (EDT): 24 hours earlier it is 00:00 EST, before the change.
    mastermind = seated_group(program, alice, [bob], starts_on=date(2027, 3, 15), weeks=1)
    weekly_meetings(schedule_for(mastermind, wall=time(1), zone="America/New_York"))

    sync_reminders(mastermind, utc(2027, 3, 1))

    assert sorted({n.due_at for n in reminders()}) == [utc(2027, 3, 14, 5), utc(2027, 3, 15, 4)]


def test_autumn_reminders_follow_each_fall_back(program, alice, chloe):
    # Paris falls back on 31 October, New York on 7 November; the call stays at noon in New York.
    mastermind = seated_group(program, alice, [chloe], starts_on=date(2027, 10, 26), weeks=3)
    pick_noon(mastermind, alice)

    assert [n.due_at for n in reminders(recipient=chloe)] == [
        utc(2027, 10, 25, 16),
        utc(2027, 10, 26, 15),
        utc(2027, 11, 1, 16),
        utc(2027, 11, 2, 15),
        utc(2027, 11, 8, 17),
        utc(2027, 11, 9, 16),
    ]


def test_call_less_than_a_day_away_gets_only_its_hour_reminder(program, alice, bob):
    mastermind = seated_group(program, alice, [bob], weeks=4)
    weekly_meetings(schedule_for(mastermind, wall=time(12), zone="America/New_York"))

    # Week 3 is on 16 March at 16:00 UTC, 20 hours away; weeks 1 and 2 have been held.
    sync_reminders(mastermind, utc(2027, 3, 15, 20))

    assert [(n.refs["lead_hours"], n.due_at) for n in reminders(recipient=alice)] == [
        (1, utc(2027, 3, 16, 15)),
        (24, utc(2027, 3, 22, 16)),
        (1, utc(2027, 3, 23, 15)),
    ]


def test_sync_again_writes_no_second_row(spring, alice):
    pick_noon(spring, alice)
    before = {n.key: (n.pk, n.due_at, n.state) for n in reminders()}

    sync_reminders(spring, utc(2027, 2, 1))
    sync_reminders(spring, utc(2027, 2, 1))

    assert {n.key: (n.pk, n.due_at, n.state) for n in reminders()} == before


def test_sync_just_after_a_reminder_fell_due_keeps_it_for_the_worker(spring, alice, outbox):
    pick_noon(spring, alice)
    week3 = week(spring, 3)
    deliver(utc(2027, 3, 15, 16) - SECOND)
    outbox.clear()

    # Week 3's day-before reminders fell due 30 seconds ago; the worker has not swept yet.
    sync_reminders(spring, utc(2027, 3, 15, 16, 0, 30))

    assert {n.state for n in reminders_of(week3)} == {State.PENDING}
    deliver(utc(2027, 3, 15, 16, 1))
    assert len(reminder_mails(outbox)) == 4


def test_finished_group_has_no_reminders_left(spring, alice):
    pick_noon(spring, alice)
    spring.state = Mastermind.State.FINISHED
    spring.save()

    sync_reminders(spring, utc(2027, 2, 1))

    assert {n.state for n in reminders()} == {State.CANCELLED}


# Re-deriving them when calls change --------------------------------------------------------


def test_moving_a_call_cancels_its_old_reminders_and_writes_new_ones(spring, alice, outbox):
    pick_noon(spring, alice)
    week4 = week(spring, 4)
    old = {n.key for n in reminders_of(week4)}

    actions.move_meeting(week4, at(date(2027, 3, 25), time(12), "America/New_York"))

    assert {n.key: n.state for n in reminders_of(week4, key__in=old)} == dict.fromkeys(old, State.CANCELLED)
    new = reminders_of(week4, state=State.PENDING)
    assert len(new) == 8
    assert {n.due_at for n in new} == {utc(2027, 3, 24, 16), utc(2027, 3, 25, 15)}
    assert all("20270325T1600Z" in n.key for n in new)


def test_moved_call_never_sends_its_old_reminder(spring, alice, chloe, outbox):
    pick_noon(spring, alice)
    actions.move_meeting(week(spring, 4), at(date(2027, 3, 25), time(12), "America/New_York"))
    deliver(utc(2027, 3, 22, 16) - SECOND)
    outbox.clear()

    deliver(utc(2027, 3, 23, 15))  # week 4's old day-before and hour-before times

    assert reminder_mails(outbox) == []
    deliver(utc(2027, 3, 24, 16))
    (to_chloe,) = reminder_mails(outbox, chloe)
    assert "Mastermind call tomorrow, 17:00 CET" in to_chloe.subject
    assert "Thursday 25 March, 17:00 CET" in to_chloe.body
    assert "On 25 March the call is on Thursday at 17:00 CET for you, not Tuesday at 18:00: this call was moved." in (
        to_chloe.body
    )


def test_moving_a_call_back_revives_its_first_reminders(spring, alice):
    pick_noon(spring, alice)
    week4 = week(spring, 4)
    first = {n.pk for n in reminders_of(week4)}

    actions.move_meeting(week4, at(date(2027, 3, 25), time(12), "America/New_York"))
    actions.move_meeting(week(spring, 4), at(date(2027, 3, 23), time(12), "America/New_York"))

    assert {n.pk for n in reminders_of(week4, state=State.PENDING)} == first
    assert len(reminders_of(week4, state=State.CANCELLED)) == 8


def test_skipping_a_call_cancels_its_reminders(spring, alice):
    pick_noon(spring, alice)
    week4 = week(spring, 4)

    added = actions.skip_meeting(week4, extend_cohort=True)

    assert {n.state for n in reminders_of(week4)} == {State.CANCELLED}
    assert added is not None
    assert {n.due_at for n in reminders_of(added, state=State.PENDING)} == {utc(2027, 5, 10, 16), utc(2027, 5, 11, 15)}
    assert len(reminders(state=State.PENDING)) == 10 * 2 * 4


def test_move_from_re_derives_the_reminders_of_every_call_it_moves(spring, alice, bob):
    pick_noon(spring, alice)

    actions.move_from(spring, 9, weekday=THURSDAY, minute=NOON, zone="America/New_York", duration=60)

    pending = reminders(state=State.PENDING, recipient=bob)
    assert len(pending) == 20
    assert [n.due_at for n in pending[-4:]] == [
        utc(2027, 4, 28, 16),
        utc(2027, 4, 29, 15),
        utc(2027, 5, 5, 16),
        utc(2027, 5, 6, 15),
    ]
    assert len(reminders(state=State.CANCELLED, recipient=bob)) == 4


def test_member_leaving_loses_their_reminders(spring, alice, dev):
    pick_noon(spring, alice)

    leave_seat(spring.cohort, dev)

    assert {n.state for n in reminders(recipient=dev)} == {State.CANCELLED}
    assert len(reminders(state=State.PENDING)) == 10 * 2 * 3


# The email ---------------------------------------------------------------------------------


def test_reminder_email_shows_the_call_on_the_recipients_clock(spring, alice, bob, chloe, outbox):
    schedule = pick_noon(spring, alice)

    deliver(utc(2027, 3, 15, 16))

    to_chloe = reminder_mails(outbox, chloe)[-1]
    assert to_chloe.subject == f"[hotseat] Mastermind call tomorrow, 17:00 CET: {spring}"
    assert "Tuesday 16 March, 17:00 CET on your clock (Europe/Paris), for 60 minutes." in to_chloe.body
    assert CHLOE_SPRING in to_chloe.body
    assert f"Join the call (Jitsi Meet): https://meet.jit.si/{schedule.video_room}" in to_chloe.body
    assert "Agenda: part 1 feedback on last week's homework, part 2 the new question." in to_chloe.body
    assert f"{settings.SITE_URL}/m/{spring.pk}/" in to_chloe.body
    html = to_chloe.alternatives[0][0]
    assert f'href="https://meet.jit.si/{schedule.video_room}"' in html
    assert "not 18:00: New York changed its clocks on 14 March" in html
    assert f"{settings.SITE_URL}/m/{spring.pk}/" in html
    to_bob = reminder_mails(outbox, bob)[-1]
    assert to_bob.subject == f"[hotseat] Mastermind call tomorrow, 09:00 PDT: {spring}"
    assert "changed its clocks" not in to_bob.body


def test_hour_reminder_email_has_the_pasted_link(spring, alice, dev, outbox):
    schedule = pick_noon(spring, alice)
    schedule.video_url = "https://us02web.zoom.us/j/123456789"
    schedule.save()

    deliver(utc(2027, 3, 2, 16))

    to_dev = reminder_mails(outbox, dev)[-1]
    assert to_dev.subject == f"[hotseat] Mastermind call in 1 hour, 17:00 GMT: {spring}"
    assert "The call of week 1 of" in to_dev.body
    assert "is in 1 hour:" in to_dev.body
    assert "Join the call (Zoom): https://us02web.zoom.us/j/123456789" in to_dev.body
    assert "Zoom's free plan ends meetings at 40 minutes; this call is 60 minutes." in to_dev.body


def test_reminder_text_is_not_html_escaped(program, alice, bob, outbox):
    mastermind = seated_group(program, alice, [bob], title="Moderation & growth: Bob's forum")
    pick_noon(mastermind, alice)

    deliver(utc(2027, 3, 1, 17))

    to_bob = reminder_mails(outbox, bob)[-1]
    assert "Moderation & growth: Bob's forum" in to_bob.subject
    assert "Moderation & growth: Bob's forum is tomorrow" in to_bob.body
    assert "Moderation &amp; growth" in to_bob.alternatives[0][0]


def test_reminders_turned_off_send_no_email(spring, alice, chloe, outbox):
    pick_noon(spring, alice)
    set_choices(chloe, {MEETING_REMINDER: Choice(enabled=False)})

    deliver(utc(2027, 3, 16, 15))

    assert reminder_mails(outbox, chloe) == []
    assert len(reminder_mails(outbox, alice)) == 6
    assert {n.state for n in reminders(recipient=chloe, due_at__lte=utc(2027, 3, 16, 15))} == {State.SKIPPED}


def test_reminders_turned_off_before_the_pick_are_written_skipped(spring, alice, chloe):
    set_choices(chloe, {MEETING_REMINDER: Choice(enabled=False)})

    pick_noon(spring, alice)

    assert {n.state for n in reminders(recipient=chloe)} == {State.SKIPPED}
    assert {n.state for n in reminders(recipient=alice)} == {State.PENDING}


def test_reminder_words_count_calendar_days_on_a_clock_change_day(spring, alice):
    # London falls back on Sunday 31 October 2027, a 25-hour day: a call at 23:30 that Sunday is
    # reminded 24 hours earlier, at 00:30 the same Sunday, so "in 24 hours", not "tomorrow".
    # In Paris the call is at 00:30 on Monday and the reminder at 01:30 on Sunday: "tomorrow".
    pick_noon(spring, alice)
    call = datetime(2027, 10, 31, 23, 30, tzinfo=UTC)
    words = Template("{% load meeting_times %}{{ call|relative_from:due|default:'soon' }}")
    reminder = reminders(recipient=alice)[0]

    with timezone.override(ZoneInfo("Europe/London")):
        london = words.render(Context({"call": call, "due": call - timedelta(hours=24)}))
    with timezone.override(ZoneInfo("Europe/Paris")):
        paris = words.render(Context({"call": call, "due": call - timedelta(hours=24)}))
    with timezone.override(ZoneInfo("Europe/Paris")):
        unknown = words.render(Context({"call": call, "due": None}))

    assert (london, paris, unknown) == ("in 24 hours", "tomorrow", "soon")
    assert reminder.refs["reminded_at"] == {"at": reminder.due_at.isoformat()}


def test_reminder_email_names_the_weeks_presenter_and_tells_them_it_is_them(spring, alice, bob, chloe, outbox):
    pick_noon(spring, alice)
    presenter = week(spring, 3).presenter
    assert presenter is not None
    someone_else = next(p for p in (alice, bob, chloe) if p != presenter)

    deliver(utc(2027, 3, 15, 16))  # the day before week 3

    assert "You are in the hot seat this week" in reminder_mails(outbox, presenter)[-1].body
    to_other = reminder_mails(outbox, someone_else)[-1]
    assert f"In the hot seat this week: {presenter.name}." in to_other.body
    assert "You are in the hot seat" not in to_other.body


# The in-app list ----------------------------------------------------------------------------


def test_in_app_list_shows_a_reminder_on_the_clock_the_person_has_now_with_email_off(program, alice, chloe, client):
    """Chloe turned call reminders off, then moved from Paris to New York: the list tells her New York time."""
    set_choices(chloe, {MEETING_REMINDER: Choice(enabled=False, digest=False)})
    mastermind = seated_group(program, alice, [chloe], starts_on=date(2026, 3, 3), weeks=2)  # due before today
    actions.pick_slot(
        mastermind,
        weekday=TUESDAY,
        minute=NOON,
        zone="America/New_York",
        duration_minutes=60,
        by=alice,
        now=utc(2026, 2, 1),
    )
    written = Notification.objects.get(recipient=chloe, key__contains=":24h", due_at=utc(2026, 3, 2, 17))
    assert (written.state, written.subject) == (State.SKIPPED, f"Mastermind call tomorrow, 18:00 CET: {mastermind}")
    chloe.time_zone = "America/New_York"
    chloe.save()
    client.force_login(chloe)

    page = client.get("/notifications/").content.decode()

    assert f"Mastermind call tomorrow, 12:00 EST: {mastermind}" in page
    assert "18:00 CET" not in page
    assert "not emailed" in page
