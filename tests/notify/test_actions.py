"""The outbox's write side: notify once per key, in the caller's transaction; reminders; choices."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.utils import timezone

from hotseat.masterminds import actions as board
from hotseat.notify import actions
from hotseat.notify.actions import Reminder, cancel, notify, reschedule
from hotseat.notify.dispatch import deliver_due
from hotseat.notify.models import Notification, NotificationPreference
from hotseat.notify.preferences import DIGEST, Choice, next_digest_at
from hotseat.programs.actions import review_signup
from tests.factories import MastermindFactory, SignupFactory
from tests.groups import full_group
from tests.masterminds.seating import accept

State = Notification.State
NEW_YORK = ZoneInfo("America/New_York")


def rows(**filters: object) -> list[Notification]:
    return list(Notification.objects.filter(**filters).order_by("pk"))


def test_notify_writes_one_row_per_key(cohort, bob):
    signup = SignupFactory(cohort=cohort, user=bob)

    first = notify("signup_reviewed", bob, key="signup_reviewed:test", signup=signup)
    again = notify("signup_reviewed", bob, key="signup_reviewed:test", signup=signup)

    assert again.pk == first.pk
    (row,) = rows()
    assert (row.kind, row.recipient, row.state, row.attempts) == ("signup_reviewed", bob, State.PENDING, 0)
    assert row.refs == {"signup": {"model": "programs.signup", "pk": signup.pk}}
    assert row.subject == f"You're in: {cohort}"
    assert row.url == cohort.get_absolute_url()
    assert row.next_attempt_at == row.due_at


def test_notify_rolls_back_with_the_action_that_caused_it(cohort, bob, organizer):
    signup = SignupFactory(cohort=cohort, user=bob, status="pending")

    def review_then_fail() -> None:
        with transaction.atomic():
            review_signup(signup, organizer, decision="accepted")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        review_then_fail()

    assert rows() == []


def test_notify_delivers_only_after_the_commit(cohort, bob, organizer, outbox, django_capture_on_commit_callbacks):
    signup = SignupFactory(cohort=cohort, user=bob, status="pending")

    with django_capture_on_commit_callbacks() as callbacks:
        review_signup(signup, organizer, decision="accepted")
    (row,) = rows()
    assert row.state == State.PENDING
    assert outbox == []
    for callback in callbacks:
        callback()

    row.refresh_from_db()
    assert row.state == State.SENT
    assert [m.to for m in outbox] == [[bob.email]]


def test_group_forming_again_tells_only_the_newcomer(cohort, alice, bob, chloe, dev, erin, outbox):
    mastermind = full_group(cohort, alice, bob, chloe, dev)
    board.leave_seat(cohort, dev)  # below four: forming again
    accept(cohort, erin)

    board.take_seat(mastermind, erin)  # formed again

    formed = rows(kind="mastermind_formed")
    assert sorted(n.recipient.name for n in formed) == ["Alice", "Bob", "Chloe", "Dev", "Erin"]


def test_turned_off_kind_is_listed_but_never_emailed(cohort, alice, bob, chloe, dev, smtp_inbox):
    actions.set_choices(bob, {"mastermind_formed": Choice(enabled=False)})

    full_group(cohort, alice, bob, chloe, dev)
    deliver_due("test")

    (bobs,) = rows(recipient=bob, kind="mastermind_formed")
    assert bobs.state == State.SKIPPED
    assert sorted(m["To"] for m in smtp_inbox.messages) == sorted(p.email for p in (alice, chloe, dev))


def test_digest_choice_holds_the_row_until_eight_in_the_recipients_zone(cohort, bob):
    actions.set_choices(bob, {"signup_reviewed": Choice(digest=True)})
    signup = SignupFactory(cohort=cohort, user=bob)

    row = notify("signup_reviewed", bob, key="k", signup=signup)

    assert row.in_digest
    local = row.next_attempt_at.astimezone(ZoneInfo("America/Los_Angeles"))
    assert (local.hour, local.minute) == (8, 0)
    assert timedelta(0) < row.next_attempt_at - row.due_at <= timedelta(days=1)


def test_next_digest_at_is_today_before_eight_and_tomorrow_after():
    paris = ZoneInfo("Europe/Paris")
    early = datetime(2026, 3, 29, 7, 59, tzinfo=paris)  # the morning clocks spring forward
    late = datetime(2026, 3, 29, 8, 0, tzinfo=paris)

    assert next_digest_at("Europe/Paris", early) == datetime(2026, 3, 29, 8, tzinfo=paris)
    assert next_digest_at("Europe/Paris", late) == datetime(2026, 3, 30, 8, tzinfo=paris)
    assert next_digest_at("Europe/Paris", late).utcoffset() == timedelta(hours=2)


def test_choices_cannot_put_a_deadline_kind_in_a_digest(bob):
    actions.set_choices(bob, {"seat_offered": Choice(digest=True), "mastermind_formed": Choice(digest=True)})

    stored = {p.kind: p.digest for p in NotificationPreference.objects.filter(user=bob)}
    assert stored == {"seat_offered": False, "mastermind_formed": True}


def test_mandatory_kind_ignores_a_turned_off_choice(bob, security_kind):
    NotificationPreference.objects.create(user=bob, kind=security_kind.name, enabled=False)

    row = notify(security_kind.name, bob, key="security:1")

    assert row.state == State.PENDING


# Reminders: rows due later, re-derived when their cause changes --------------------------


def _practice(mastermind, person, starts_at):
    key = f"practice_reminder:m{mastermind.pk}:{starts_at:%Y%m%dT%H%M}:u{person.pk}"
    return Reminder(
        "practice_reminder",
        person,
        key,
        starts_at - timedelta(hours=1),
        {"mastermind": mastermind, "starts_at": starts_at},
    )


def test_reschedule_adds_moves_and_cancels_reminders(reminder_kind, cohort, alice, bob, chloe):
    mastermind = MastermindFactory(cohort=cohort)
    prefix = f"practice_reminder:m{mastermind.pk}:"
    start = timezone.now() + timedelta(days=3)
    reschedule(prefix, [_practice(mastermind, p, start) for p in (alice, bob)])

    # Bob leaves, Chloe joins, and Alice's reminder is asked for one hour earlier.
    alice_earlier = Reminder(**{**_practice(mastermind, alice, start).__dict__, "due_at": start - timedelta(hours=2)})
    reschedule(prefix, [alice_earlier, _practice(mastermind, chloe, start)])

    by_person = {n.recipient.name: n for n in rows()}
    assert by_person["Alice"].due_at == start - timedelta(hours=2)
    assert by_person["Alice"].state == State.PENDING
    assert by_person["Bob"].state == State.CANCELLED
    assert by_person["Chloe"].state == State.PENDING
    assert len(by_person) == 3


def test_reschedule_revives_a_cancelled_reminder(reminder_kind, cohort, alice):
    mastermind = MastermindFactory(cohort=cohort)
    prefix = f"practice_reminder:m{mastermind.pk}:"
    wanted = _practice(mastermind, alice, timezone.now() + timedelta(days=3))
    reschedule(prefix, [wanted])
    reschedule(prefix, [])

    reschedule(prefix, [wanted])

    (row,) = rows()
    assert row.state == State.PENDING


def test_reschedule_leaves_sent_reminders_alone(reminder_kind, cohort, alice, smtp_inbox):
    mastermind = MastermindFactory(cohort=cohort)
    prefix = f"practice_reminder:m{mastermind.pk}:"
    start = timezone.now() + timedelta(minutes=30)  # its reminder is due already
    reschedule(prefix, [_practice(mastermind, alice, start)])
    deliver_due("test")

    reschedule(prefix, [])

    (row,) = rows()
    assert row.state == State.SENT
    assert len(smtp_inbox.messages) == 1


def test_reschedule_refuses_keys_outside_its_prefix(reminder_kind, cohort, alice):
    mastermind = MastermindFactory(cohort=cohort)
    wanted = _practice(mastermind, alice, timezone.now() + timedelta(days=1))

    with pytest.raises(ValueError, match="must start with"):
        reschedule("practice_reminder:m0:", [wanted])


def test_reminder_waits_for_its_time_and_says_what_is_true_then(reminder_kind, cohort, alice, smtp_inbox):
    mastermind = MastermindFactory(cohort=cohort, title="Old title")
    start = timezone.now() + timedelta(days=2)
    reminder = _practice(mastermind, alice, start)
    reschedule(f"practice_reminder:m{mastermind.pk}:", [reminder])

    deliver_due("test")
    assert smtp_inbox.messages == []
    mastermind.title = "New title"
    mastermind.save()
    deliver_due("test", now=reminder.due_at)

    (message,) = smtp_inbox.messages
    local = start.astimezone(NEW_YORK)
    assert message["Subject"] == f"[hotseat] Reminder: New title practice at {local:%H:%M} {local.tzname()}"
    assert "New title practises at" in message.get_body(preferencelist=("plain",)).get_content()


def test_cancel_stops_a_pending_notification_but_not_a_sent_one(cohort, bob, smtp_inbox):
    signup = SignupFactory(cohort=cohort, user=bob)
    notify("signup_reviewed", bob, key="sent-one", signup=signup)
    deliver_due("test")
    notify("signup_reviewed", bob, key="pending-one", signup=signup, due_at=timezone.now() + timedelta(days=1))

    assert cancel("pending-one") is True
    assert cancel("sent-one") is False
    assert cancel("no-such-key") is False

    assert {n.key: n.state for n in rows()} == {"sent-one": State.SENT, "pending-one": State.CANCELLED}


# Choices -------------------------------------------------------------------------------


def test_unsubscribe_from_a_digest_turns_off_every_digest_kind_and_nothing_else(alice, bob):
    actions.set_choices(bob, {"signup_reviewed": Choice(digest=True), "mastermind_formed": Choice(digest=True)})
    actions.set_choices(alice, {"signup_reviewed": Choice(digest=True)})

    assert sorted(actions.unsubscribe(bob.pk, DIGEST)) == ["mastermind_formed", "signup_reviewed"]

    assert not NotificationPreference.objects.filter(user=bob, enabled=True).exists()
    assert NotificationPreference.objects.get(user=alice).enabled


def test_mark_all_read_leaves_future_reminders_unread(reminder_kind, cohort, alice):
    signup = SignupFactory(cohort=cohort, user=alice)
    notify("signup_reviewed", alice, key="now", signup=signup)
    mastermind = MastermindFactory(cohort=cohort)
    reschedule("practice_reminder:", [_practice(mastermind, alice, timezone.now() + timedelta(days=2))])

    assert actions.mark_all_read(alice) == 1

    assert {n.key.split(":")[0]: n.read_at is not None for n in rows()} == {"now": True, "practice_reminder": False}


# the moment an action is given ---------------------------------------------------------------


def test_notify_and_mark_all_read_take_the_moment_they_are_given(cohort, bob):
    signup = SignupFactory(cohort=cohort, user=bob)
    moment = timezone.now() - timedelta(days=2)

    told = notify("signup_reviewed", bob, key="signup_reviewed:then", signup=signup, now=moment)
    later = notify("signup_reviewed", bob, key="signup_reviewed:later", signup=signup, now=moment + timedelta(days=1))
    read = actions.mark_all_read(bob, now=moment + timedelta(hours=1))

    assert (told.created_at, told.due_at, told.next_attempt_at) == (moment, moment, moment)
    assert read == 1
    told.refresh_from_db()
    later.refresh_from_db()
    assert (told.read_at, later.read_at) == (moment + timedelta(hours=1), None)
