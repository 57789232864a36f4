"""The dispatcher against a real SMTP server: claims, exactly-once, back-off, digests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape

from hotseat.notify import actions
from hotseat.notify.actions import notify
from hotseat.notify.dispatch import Dispatcher, backoff, deliver_due, deliver_now, release_claims
from hotseat.notify.emails import message_id
from hotseat.notify.models import Notification
from hotseat.notify.preferences import Choice, unsubscribe_url
from tests.factories import SignupFactory, UserFactory

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


def test_mail_server_down_for_a_while_then_back_delivers_everything_once(
    cohort, alice, bob, chloe, mail_server, settings, caplog
):
    settings.NOTIFY_RETRY_BASE_SECONDS = 60
    _decisions(cohort, alice, bob, chloe)
    start = timezone.now()

    first = deliver_due("test", now=start)  # nobody listening on the port
    assert (first.claimed, first.emails, first.retried) == (3, 0, 3)
    assert set(_states().values()) == {State.PENDING}
    assert "could not send signup_reviewed email to" in caplog.text
    assert deliver_due("test", now=start + timedelta(seconds=30)).claimed == 0  # backing off
    second = deliver_due("test", now=start + timedelta(seconds=61))
    assert (second.claimed, second.retried) == (3, 3)
    waits = {n.next_attempt_at - start for n in Notification.objects.all()}
    assert all(timedelta(seconds=61 + 119) < w < timedelta(seconds=61 + 125) for w in waits)  # 2nd try: 2 min

    mail_server.start()
    assert deliver_due("test", now=start + timedelta(seconds=100)).claimed == 0
    third = deliver_due("test", now=start + timedelta(minutes=4))

    assert (third.claimed, third.emails) == (3, 3)
    assert sorted(mail_server.inbox.message_ids.values()) == [1, 1, 1]
    assert sorted(m["To"] for m in mail_server.inbox.messages) == sorted(p.email for p in (alice, bob, chloe))
    assert set(Notification.objects.values_list("state", "attempts")) == {(State.SENT, 3)}
    assert deliver_due("test", now=start + timedelta(days=1)).claimed == 0


def test_backoff_doubles_up_to_its_cap(settings):
    settings.NOTIFY_RETRY_BASE_SECONDS = 60
    settings.NOTIFY_RETRY_MAX_SECONDS = 600

    assert [backoff(n).total_seconds() for n in range(1, 7)] == [60, 120, 240, 480, 600, 600]


def test_after_the_last_try_a_row_fails_with_its_error_and_the_admin_can_retry_it(cohort, bob, mail_server, settings):
    settings.NOTIFY_MAX_ATTEMPTS = 3
    (row,) = _decisions(cohort, bob)
    moment = timezone.now()
    for _ in range(3):
        deliver_due("test", now=moment)
        moment += timedelta(hours=1)

    row.refresh_from_db()
    assert (row.state, row.attempts) == (State.FAILED, 3)
    assert "ConnectionRefusedError" in row.last_error
    assert deliver_due("test", now=moment + timedelta(days=1)).claimed == 0

    mail_server.start()
    assert actions.retry_failed([row.pk]) == 1
    deliver_due("test", now=moment + timedelta(days=1))

    row.refresh_from_db()
    assert row.state == State.SENT
    assert len(mail_server.inbox.messages) == 1


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
    assert (row.state, row.claimed_by, row.attempts) == (State.SENT, "alive", 2)


def test_a_restarted_worker_takes_back_its_own_claims_at_once(cohort, bob, chloe, smtp_inbox):
    _decisions(cohort, bob, chloe)
    with Dispatcher("w1") as before_crash:
        before_crash.claim(Notification.objects.all(), 10)
    assert deliver_due("w2").claimed == 0

    assert release_claims("w1") == 2
    assert deliver_due("w1").emails == 2


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
