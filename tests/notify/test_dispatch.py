"""The dispatcher against a real SMTP server: claims, exactly-once, back-off, digests."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django.utils.html import escape

from hotseat.masterminds import actions as board
from hotseat.notify import actions
from hotseat.notify.actions import notify
from hotseat.notify.dispatch import Dispatcher, backoff, deliver_due, deliver_now
from hotseat.notify.emails import message_id
from hotseat.notify.health import outbox_health
from hotseat.notify.models import MailServerStatus, Notification
from hotseat.notify.outage import max_tries, retry_offsets
from hotseat.notify.preferences import Choice, unsubscribe_url
from hotseat.notify.workers import release_claims, release_dead_claims, worker_id
from tests.factories import SignupFactory, UserFactory
from tests.groups import full_group
from tests.masterminds.seating import accept

State = Notification.State


def _decisions(cohort, *people, due_at=None):
    made = []
    for person in people:
        signup = SignupFactory(cohort=cohort, user=person)
        made.append(notify("signup_reviewed", person, key=f"test:s{signup.pk}", due_at=due_at, signup=signup))
    return made


def _parts(message):
    return (
        message.get_body(preferencelist=("plain",)).get_content(),
        message.get_body(preferencelist=("html",)).get_content(),
    )


def _states() -> dict[str, str]:
    return dict(Notification.objects.values_list("key", "state"))


def test_each_email_has_both_parts_a_stable_message_id_and_one_click_unsubscribe(cohort, bob, smtp_inbox):
    (row,) = _decisions(cohort, bob)

    report = deliver_due("test")

    assert (report.claimed, report.sent, report.emails) == (1, 1, 1)
    (message,) = smtp_inbox.messages
    text, html = _parts(message)
    assert "was accepted" in text
    assert "was accepted" in html
    assert message["Message-ID"] == message_id(row.key)
    assert message["List-Unsubscribe"] == f"<{unsubscribe_url(bob.pk, 'signup_reviewed')}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    row.refresh_from_db()
    assert (row.state, row.attempts, row.claimed_by, row.claimed_until) == (State.SENT, 1, "test", None)
    assert row.sent_at is not None


def test_mail_nobody_can_turn_off_has_no_unsubscribe_header(bob, smtp_inbox, security_kind):
    notify(security_kind.name, bob, key="security:1")

    deliver_due("test")

    (message,) = smtp_inbox.messages
    assert message["List-Unsubscribe"] is None
    assert "Stop these emails" not in _parts(message)[0]


def test_message_id_follows_the_key():
    assert message_id("a:1") == message_id("a:1")
    assert message_id("a:1") != message_id("a:2")
    assert message_id("a:1").endswith("@hotseat.local>")


def _due_now(count: int, at):
    """`count` notifications due at `at`, over a few people (arranged directly, as a backlog would be)."""
    signups = [SignupFactory(user=UserFactory()) for _ in range(5)]
    return Notification.objects.bulk_create(
        Notification(
            kind="signup_reviewed",
            recipient_id=signups[i % 5].user_id,
            key=f"backlog:{i}",
            refs={"signup": {"model": "programs.signup", "pk": signups[i % 5].pk}},
            subject="You're in",
            due_at=at,
            next_attempt_at=at,
        )
        for i in range(count)
    )


@pytest.mark.django_db
def test_mail_server_down_for_hours_charges_no_try_tells_once_and_resumes_by_itself(mail_server, settings, caplog):
    settings.NOTIFY_RETRY_BASE_SECONDS, settings.NOTIFY_RETRY_MAX_SECONDS = 60, 900
    start = timezone.now()
    rows = _due_now(60, start)
    caplog.set_level(logging.INFO, logger="hotseat.notify")

    # Six hours of a closed port, a worker sweeping every five minutes with batches of 20.
    moment, held = start, 0
    while moment < start + timedelta(hours=6):
        held += deliver_due("test", now=moment, batch=20).mail_server_down
        moment += timedelta(minutes=5)

    assert held == 72
    assert set(Notification.objects.values_list("state", "attempts")) == {(State.PENDING, 0)}
    assert Notification.objects.filter(next_attempt_at__gt=start).count() == 0  # still in their order
    status = MailServerStatus.objects.get()
    assert start <= status.down_since < start + timedelta(minutes=1)
    assert 20 <= status.failed_probes <= 6 * 4 + 4  # one connection attempt per probe, every 15 minutes at most
    assert "ConnectionRefusedError" in status.last_error
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert "mail server unreachable" in errors[0].getMessage()
    assert "could not send" not in caplog.text  # no line per row
    assert outbox_health(moment)["status"] == "mail_server_down"

    mail_server.start()
    back = moment
    assert status.next_try_at - back <= timedelta(minutes=15)
    while deliver_due("test", now=moment, batch=20).claimed or moment < status.next_try_at:
        moment += timedelta(minutes=1)

    assert moment - back <= timedelta(minutes=16)
    assert sorted(mail_server.inbox.message_ids) == sorted(message_id(n.key) for n in rows)
    assert set(mail_server.inbox.message_ids.values()) == {1}
    assert set(Notification.objects.values_list("state", "attempts")) == {(State.SENT, 1)}
    assert "mail server reachable again after 6:" in caplog.text
    assert outbox_health(moment)["status"] == "ok"


def test_a_closed_port_at_the_post_commit_task_records_the_outage_and_later_tasks_do_not_wait_for_it(
    cohort, alice, bob, mail_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _decisions(cohort, alice)  # the immediate task tries, and finds the port closed
    status = MailServerStatus.objects.get()
    assert status.down_since is not None
    probes = status.failed_probes

    with django_capture_on_commit_callbacks(execute=True) as tasks:
        _decisions(cohort, bob)
    assert len(tasks) == 1

    status.refresh_from_db()
    assert status.failed_probes == probes  # the second request did not try the server again
    assert set(Notification.objects.values_list("state", "attempts")) == {(State.PENDING, 0)}


def test_backoff_doubles_up_to_its_cap(settings):
    settings.NOTIFY_RETRY_BASE_SECONDS = 60
    settings.NOTIFY_RETRY_MAX_SECONDS = 600

    assert [backoff(n).total_seconds() for n in range(1, 7)] == [60, 120, 240, 480, 600, 600]


def test_the_retry_schedule_the_docs_state_is_the_real_one(settings):
    settings.NOTIFY_RETRY_WINDOW_HOURS = 48
    settings.NOTIFY_RETRY_BASE_SECONDS = 60
    settings.NOTIFY_RETRY_MAX_SECONDS = 900

    offsets = [o.total_seconds() / 60 for o in retry_offsets()]

    assert offsets[:7] == [0, 1, 3, 7, 15, 30, 45]
    assert offsets[-1] == 48 * 60
    assert max_tries() == len(offsets) == 196
    docs = (Path(__file__).resolve().parents[2] / "docs" / "notifications.md").read_text()
    assert "tries at 0, 1, 3, 7, 15, 30, 45 minutes … then every 15 minutes: 196 tries, the last 48 hours" in " ".join(
        docs.split()
    )


def test_a_row_the_server_keeps_deferring_fails_after_the_tries_that_fit_its_window(cohort, bob, smtp_inbox, settings):
    settings.NOTIFY_RETRY_WINDOW_HOURS, settings.NOTIFY_RETRY_BASE_SECONDS, settings.NOTIFY_RETRY_MAX_SECONDS = (
        1,
        60,
        900,
    )
    smtp_inbox.defer.add(bob.email)
    (row,) = _decisions(cohort, bob)
    first = timezone.now()
    deliver_due("test", now=first)  # deferred (451): the first try
    row.refresh_from_db()
    while row.state == State.PENDING:
        deliver_due("test", now=row.next_attempt_at)
        row.refresh_from_db()

    assert (row.state, row.attempts) == (State.FAILED, 8)  # at 0, 1, 3, 7, 15, 30, 45 and 60 minutes
    assert max_tries() == 8
    assert "451" in row.last_error
    assert timedelta(minutes=59) < row.next_attempt_at - first < timedelta(minutes=61)  # when the last try was due
    assert deliver_due("test", now=row.next_attempt_at + timedelta(days=1)).claimed == 0

    smtp_inbox.defer.clear()
    assert actions.retry_failed([row.pk]) == 1
    deliver_due("test")

    row.refresh_from_db()
    assert (row.state, row.attempts) == (State.SENT, 1)
    assert len(smtp_inbox.to(bob.email)) == 1


def test_a_refused_address_fails_at_once_and_the_rest_still_go(cohort, alice, bob, smtp_inbox):
    smtp_inbox.refuse.add(alice.email)
    _decisions(cohort, alice, bob)

    report = deliver_due("test")

    assert (report.failed, report.emails) == (1, 1)
    states = {n.recipient.email: n for n in Notification.objects.select_related("recipient")}
    assert states[alice.email].state == State.FAILED
    assert "550" in states[alice.email].last_error
    assert states[bob.email].state == State.SENT


def test_a_row_claimed_by_a_worker_that_died_is_taken_over_after_its_lease(cohort, bob, smtp_inbox, settings):
    (row,) = _decisions(cohort, bob)
    start = timezone.now()
    with Dispatcher("dead", now=start) as dead:
        assert dead.claim(Notification.objects.all(), 10) == [row.pk]
    # ... and the "dead" worker never sends it.

    assert deliver_due("alive", now=start + timedelta(seconds=10)).claimed == 0
    report = deliver_due("alive", now=start + timedelta(seconds=settings.NOTIFY_LEASE_SECONDS + 1))

    assert report.emails == 1
    row.refresh_from_db()
    assert (row.state, row.claimed_by, row.attempts) == (State.SENT, "alive", 1)  # the dead one never tried it


def test_a_restarted_worker_takes_back_its_own_claims_at_once(cohort, bob, chloe, smtp_inbox):
    _decisions(cohort, bob, chloe)
    with Dispatcher("w1") as before_crash:
        before_crash.claim(Notification.objects.all(), 10)
    assert deliver_due("w2").claimed == 0

    assert release_claims("w1") == 2
    assert deliver_due("w1").emails == 2


def test_a_worker_starting_on_this_host_takes_back_at_once_what_its_dead_processes_held(cohort, smtp_inbox):
    rows = _due_now(4, timezone.now())
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    holders = [
        worker_id("w1", pid=gone.pid),  # dead
        worker_id(pid=gone.pid),  # dead, started without --id
        worker_id("w2", pid=os.getppid()),  # alive
        worker_id("w3", host="another-machine", pid=gone.pid),  # not ours to judge: its lease will tell
    ]
    for holder, row in zip(holders, rows, strict=True):
        with Dispatcher(holder) as dead:
            assert dead.claim(Notification.objects.filter(pk=row.pk), 1) == [row.pk]

    assert release_dead_claims() == 2

    assert dict(Notification.objects.values_list("pk", "state")) == {
        rows[0].pk: State.PENDING,
        rows[1].pk: State.PENDING,
        rows[2].pk: State.SENDING,
        rows[3].pk: State.SENDING,
    }
    assert deliver_due("new").emails == 2
    assert Notification.objects.filter(state=State.SENT, attempts=1).count() == 2


def test_a_worker_id_names_its_host_and_process_within_64_characters():
    assert worker_id("w1", host="mail-01", pid=42) == "w1@mail-01:42"
    assert worker_id(host="mail-01", pid=42) == "mail-01:42"
    long = worker_id("n" * 80, host="h" * 100, pid=4242)
    assert len(long) == 64
    assert long.endswith("h:4242")


def test_two_dispatchers_never_claim_the_same_row(cohort, alice, bob, chloe, dev):
    _decisions(cohort, alice, bob, chloe, dev)
    with Dispatcher("a") as a, Dispatcher("b") as b:
        mine = a.claim(Notification.objects.all(), 3)
        theirs = b.claim(Notification.objects.all(), 3)

    assert len(mine) == 3
    assert len(theirs) == 1
    assert not set(mine) & set(theirs)


def test_a_stop_request_gives_untried_rows_back_uncounted(cohort, alice, bob, chloe, smtp_inbox):
    _decisions(cohort, alice, bob, chloe)
    sent: list[int] = []

    def stop_after_one() -> bool:
        sent.append(1)
        return len(sent) > 1

    report = deliver_due("test", should_stop=stop_after_one)

    assert report.emails == 1
    assert sorted(Notification.objects.values_list("state", "attempts")) == [
        (State.PENDING, 0),
        (State.PENDING, 0),
        (State.SENT, 1),
    ]


def test_the_post_commit_task_does_nothing_to_a_row_already_sent(cohort, bob, smtp_inbox):
    (row,) = _decisions(cohort, bob)
    deliver_due("test")

    assert deliver_now(row.pk, "task").claimed == 0
    assert len(smtp_inbox.messages) == 1


def test_a_reminder_is_not_sent_before_it_is_due(cohort, bob, smtp_inbox):
    _decisions(cohort, bob, due_at=timezone.now() + timedelta(hours=1))

    assert deliver_due("test").claimed == 0
    assert deliver_due("test", now=timezone.now() + timedelta(hours=1, seconds=1)).emails == 1


def test_turning_email_off_after_the_row_was_written_still_stops_it(cohort, bob, smtp_inbox):
    (row,) = _decisions(cohort, bob)
    actions.unsubscribe(bob.pk, "signup_reviewed")

    report = deliver_due("test")

    assert (report.skipped, report.emails) == (1, 0)
    row.refresh_from_db()
    assert row.state == State.SKIPPED


def test_a_seat_offer_not_sent_before_its_hold_ran_out_is_expired_not_sent_late(
    cohort, alice, bob, chloe, dev, erin, mail_server, caplog
):
    full_group(cohort, alice, bob, chloe, dev)
    accept(cohort, erin)
    board.join_waitlist(cohort, erin)
    start = timezone.now()
    board.leave_seat(cohort, dev, now=start)  # a seat is held for erin until start + 48 h
    offer = Notification.objects.get(kind="seat_offered")
    assert offer.expires_at == start + timedelta(hours=48)

    mail_server.start()  # ... and nothing was sent before the hold ran out (the mail server, the worker …)
    report = deliver_due("test", now=start + timedelta(hours=49))

    assert report.expired == 1
    offer.refresh_from_db()
    assert (offer.state, offer.attempts) == (State.EXPIRED, 0)
    assert "its time ran out" in offer.last_error
    assert mail_server.inbox.to(erin.email) == []


def test_a_seat_offer_sent_within_its_hold_goes_out(cohort, alice, bob, chloe, dev, erin, mail_server):
    full_group(cohort, alice, bob, chloe, dev)
    accept(cohort, erin)
    board.join_waitlist(cohort, erin)
    start = timezone.now()
    board.leave_seat(cohort, dev, now=start)

    mail_server.start()
    deliver_due("test", now=start + timedelta(hours=47))

    assert ["seat opened" in str(m["Subject"]) for m in mail_server.inbox.to(erin.email)] == [True]
    assert Notification.objects.get(kind="seat_offered").state == State.SENT


def test_a_notification_about_something_deleted_is_cancelled(cohort, bob, smtp_inbox):
    (row,) = _decisions(cohort, bob)
    row.refs = {"signup": {"model": "programs.signup", "pk": 10**9}}
    row.save()

    assert deliver_due("test").cancelled == 1

    row.refresh_from_db()
    assert row.state == State.CANCELLED
    assert "no longer exists" in row.last_error
    assert smtp_inbox.messages == []


# Digests ---------------------------------------------------------------------------------


def test_digest_sends_one_email_listing_everything_held_at_eight(cohort, alice, bob, smtp_inbox):
    actions.set_choices(bob, {"signup_reviewed": Choice(digest=True)})
    held = _decisions(cohort, bob)
    other_cohort = SignupFactory(user=bob).cohort
    held.append(notify("signup_reviewed", bob, key="second", signup=bob.signups.get(cohort=other_cohort)))
    _decisions(cohort, alice)  # alice gets hers straight away
    eight = held[0].next_attempt_at

    deliver_due("test", now=eight - timedelta(seconds=1))
    assert [m["To"] for m in smtp_inbox.messages] == [alice.email]
    report = deliver_due("test", now=eight)

    assert (report.sent, report.emails) == (2, 1)
    digest = smtp_inbox.to(bob.email)[0]
    assert digest["Subject"] == "[hotseat] Your hotseat digest: 2 updates"
    text, html = _parts(digest)
    for row in held:
        assert row.subject in text
        assert escape(row.subject) in html
    assert "08:00" not in digest["Subject"]
    assert digest["List-Unsubscribe"] == f"<{unsubscribe_url(bob.pk, 'digest')}>"
    assert set(Notification.objects.filter(recipient=bob).values_list("state", flat=True)) == {State.SENT}
    assert deliver_due("test", now=eight + timedelta(days=1)).claimed == 0


def test_digests_of_different_people_follow_their_own_mornings(cohort, bob, chloe, smtp_inbox):
    for person in (bob, chloe):
        actions.set_choices(person, {"signup_reviewed": Choice(digest=True)})
    rows = _decisions(cohort, bob, chloe)
    first, second = sorted(rows, key=lambda n: n.next_attempt_at)  # 08:00 in Los Angeles and in Paris

    deliver_due("test", now=first.next_attempt_at)
    assert [m["To"] for m in smtp_inbox.messages] == [first.recipient.email]
    deliver_due("test", now=second.next_attempt_at)

    assert [m["To"] for m in smtp_inbox.messages] == [first.recipient.email, second.recipient.email]
    assert second.next_attempt_at - first.next_attempt_at in {timedelta(hours=h) for h in (7, 8, 9, 15, 16, 17)}


@pytest.mark.parametrize("count", [1, 3])
def test_deliver_due_makes_a_fixed_number_of_queries_per_email(
    cohort, smtp_inbox, count, django_assert_max_num_queries
):
    people = [UserFactory() for _ in range(count)]
    _decisions(cohort, *people)

    # Claim, load, preferences, digests; per email: the signup, its cohort and program, lock or lease, mark
    # (and on PostgreSQL the savepoint around the lock).
    with django_assert_max_num_queries(8 + 7 * count):
        assert deliver_due("test").emails == count
