"""`hotseat worker` as real processes: killed mid-batch, stopped politely, racing another worker."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.backends.signals import connection_created
from django.db.models import Max
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from hotseat.masterminds import actions as board
from hotseat.notify.emails import message_id
from hotseat.notify.models import Notification
from hotseat.notify.tasks import deliver
from hotseat.programs.actions import review_signup
from hotseat.programs.models import Signup
from tests.factories import SignupFactory, UserFactory
from tests.groups import full_group
from tests.masterminds.seating import accept
from tests.notify.conftest import MailServer

ROOT = Path(__file__).resolve().parents[2]
State = Notification.State


def database_url() -> str:
    """The test database, as the worker process should find it."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"] or "") + (":" + quote(db["PASSWORD"]) if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(server: MailServer, *args: str, **env: str) -> subprocess.Popen[str]:
    ours = ("HOTSEAT_", "DATABASE_URL", "EMAIL_URL", "TASKS_BACKEND", "NOTIFY_", "SECRET_KEY")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    return subprocess.Popen(  # noqa: S603 (our own manage.py with fixed arguments)
        [sys.executable, str(ROOT / "manage.py"), "worker", "--interval", "0.2", *args],
        env={**clean, "DATABASE_URL": database_url(), "EMAIL_URL": server.url, "TASKS_BACKEND": "immediate", **env},
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str], timeout: float = 120) -> str:
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err
    return out


def wait_until(condition: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def due_rows(count: int, people: int = 5) -> list[Notification]:
    """`count` notifications due now, spread over a few people (arranged directly, as a backlog would be)."""
    signups = [SignupFactory(user=UserFactory()) for _ in range(people)]
    now = timezone.now()
    return Notification.objects.bulk_create(
        Notification(
            kind="signup_reviewed",
            recipient_id=signups[i % people].user_id,
            key=f"backlog:{i}",
            refs={"signup": {"model": "programs.signup", "pk": signups[i % people].pk}},
            subject="You're in",
            due_at=now,
            next_attempt_at=now,
        )
        for i in range(count)
    )


def assert_each_sent_once(server: MailServer, keys: list[str]) -> None:
    received = server.inbox.message_ids
    assert sorted(received) == sorted(message_id(k) for k in keys)
    assert set(received.values()) == {1}
    assert set(Notification.objects.values_list("state", flat=True)) == {State.SENT}


@pytest.mark.django_db(transaction=True)
def test_worker_once_drains_the_backlog_and_exits(mail_server):
    mail_server.start()
    rows = due_rows(25)

    out = finish(start_worker(mail_server, "--once", "--batch", "10"))

    assert_each_sent_once(mail_server, [n.key for n in rows])
    assert "stopped" in out


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(mail_server):
    mail_server.start()
    mail_server.inbox.delay = 0.2  # a slow server: the kill lands while message 6 waits for its "250 OK"
    rows = due_rows(30)
    lease = {"NOTIFY_LEASE_SECONDS": "3"}
    doomed = start_worker(mail_server, "--id", "w1", "--batch", "10", **lease)
    wait_until(lambda: mail_server.inbox.arrived >= 6)

    doomed.kill()
    doomed.communicate()  # reaps it and closes its pipes

    assert len(mail_server.inbox.messages) == 5
    # Five sent; the rest of its batch of ten still claimed by the dead worker; twenty never touched.
    assert Counter(
        (state, by.partition("@")[0]) for state, by in Notification.objects.values_list("state", "claimed_by")
    ) == {
        (State.SENT, "w1"): 5,
        (State.SENDING, "w1"): 5,
        (State.PENDING, ""): 20,
    }
    # A try is counted when the message goes out: the one on the wire, not the four behind it.
    assert Counter(Notification.objects.filter(state=State.SENDING).values_list("attempts", flat=True)) == {1: 1, 0: 4}
    # Another worker (another machine) takes the dead one's rows once their lease runs out.
    mail_server.inbox.delay = 0
    leased_until = Notification.objects.aggregate(t=Max("claimed_until"))["t"]
    wait_until(lambda: timezone.now() > leased_until + timedelta(milliseconds=100), timeout=10)
    finish(start_worker(mail_server, "--once", "--id", "w2", **lease))

    assert_each_sent_once(mail_server, [n.key for n in rows])
    in_flight = Notification.objects.get(key=rows[5].key)
    assert (in_flight.claimed_by.partition("@")[0], in_flight.attempts) == ("w2", 2)
    assert set(Notification.objects.exclude(pk=in_flight.pk).values_list("attempts", flat=True)) == {1}


@pytest.mark.django_db(transaction=True)
def test_a_worker_started_on_the_same_host_takes_over_a_killed_one_at_once(mail_server):
    mail_server.start()
    mail_server.inbox.delay = 0.2
    rows = due_rows(20)
    doomed = start_worker(mail_server, "--batch", "10")  # no --id: restarted under a new one
    wait_until(lambda: mail_server.inbox.arrived >= 3)
    doomed.kill()
    doomed.communicate()
    assert Notification.objects.filter(state=State.SENDING).exists()  # for the whole lease (300 s) otherwise

    mail_server.inbox.delay = 0
    out = finish(start_worker(mail_server, "--once"))

    assert "held by workers of this host that died" in out
    assert_each_sent_once(mail_server, [n.key for n in rows])


@pytest.mark.django_db(transaction=True)
def test_sigterm_lets_the_email_on_the_wire_finish_then_gives_the_rest_back(mail_server):
    mail_server.start()
    mail_server.inbox.delay = 0.5
    rows = due_rows(5)
    worker = start_worker(mail_server, "--id", "polite", "--batch", "5")
    wait_until(lambda: mail_server.inbox.arrived >= 1)

    worker.send_signal(signal.SIGTERM)
    out = finish(worker, timeout=20)

    assert "stopped" in out
    assert [str(m["Message-ID"]) for m in mail_server.inbox.messages] == [message_id(rows[0].key)]
    assert sorted(Notification.objects.values_list("state", "attempts", "claimed_until")) == [
        *[(State.PENDING, 0, None)] * 4,
        (State.SENT, 1, None),
    ]


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_over_a_thousand_rows_send_each_exactly_once(mail_server):
    mail_server.start()
    rows = due_rows(1000, people=20)

    workers = [start_worker(mail_server, "--once", "--id", name, "--batch", "20") for name in ("left", "right")]
    for worker in workers:
        finish(worker, timeout=300)

    assert_each_sent_once(mail_server, [n.key for n in rows])
    shares = Counter(by.partition("@")[0] for by in Notification.objects.values_list("claimed_by", flat=True))
    assert set(shares) == {"left", "right"}, f"both workers should have taken part: {shares}"


# In-process: what else the worker loop does ---------------------------------------------------


def test_worker_passes_a_lapsed_hold_on_and_sends_the_offer(cohort, alice, bob, chloe, dev, erin, smtp_inbox):
    full_group(cohort, alice, bob, chloe, dev)
    frank = UserFactory(display_name="Frank", email="frank@example.com")
    accept(cohort, erin, frank)
    board.join_waitlist(cohort, erin)
    board.join_waitlist(cohort, frank)
    board.leave_seat(cohort, dev)
    Signup.objects.filter(user=erin).update(offer_expires_at=timezone.now() - timedelta(minutes=1))

    call_command("worker", "--once", "--id", "test", stdout=io.StringIO())

    offers = [m for m in smtp_inbox.messages if "seat opened" in str(m["Subject"])]
    assert sorted(m["To"] for m in offers) == [erin.email, frank.email]  # erin's first hold, then frank's


@pytest.mark.django_db(transaction=True)
def test_with_the_database_task_backend_no_delivery_task_is_queued_and_the_sweep_sends_it(
    settings, cohort, bob, smtp_inbox
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    signup = SignupFactory(cohort=cohort, user=bob, status="pending")

    review_signup(signup, UserFactory(is_staff=True), decision="accepted")  # commits

    assert not DBTaskResult.objects.exists()  # the worker's sweep is sooner than a task it would run after it
    assert smtp_inbox.messages == []
    call_command("worker", "--once", "--id", "test", stdout=io.StringIO())
    assert [m["To"] for m in smtp_inbox.messages] == [bob.email]


@pytest.mark.django_db(transaction=True)
def test_with_the_database_task_backend_the_worker_runs_queued_tasks(settings, cohort, bob, smtp_inbox):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    (row,) = due_rows(1)
    deliver.enqueue(row.pk)  # a task queued by an earlier release, or any other task
    (queued,) = DBTaskResult.objects.all()

    call_command("worker", "--once", "--id", "test", stdout=io.StringIO())

    assert len(smtp_inbox.messages) == 1
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_the_worker_keeps_one_database_connection_whatever_db_conn_max_age_says(settings, smtp_inbox):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert connection.settings_dict["CONN_MAX_AGE"] == 0  # a web request's connection closes when it ends
    due_rows(30)
    opened: list[object] = []

    def count(sender: object, connection: object, **kwargs: object) -> None:
        opened.append(connection)

    connection_created.connect(count)
    try:
        call_command("worker", "--once", "--id", "test", "--batch", "5", stdout=io.StringIO())
    finally:
        connection_created.disconnect(count)

    assert len(smtp_inbox.messages) == 30
    assert opened == []  # seven loops on the connection it started with


called: list[datetime] = []


def practice_job(now: datetime) -> int:
    """A periodic job for the tests below: it has one thing to do the first time, then nothing."""
    called.append(now)
    return 1 if len(called) == 1 else 0


@pytest.mark.django_db
def test_the_worker_runs_each_periodic_job_of_the_setting_with_the_time(settings):
    settings.PERIODIC_JOBS = [*settings.PERIODIC_JOBS, f"{__name__}.practice_job"]
    called.clear()
    before = timezone.now()
    out = io.StringIO()

    call_command("worker", "--once", "--id", "test", stdout=out)

    # The work it did keeps the worker from stopping (or sleeping): a second loop, which finds nothing.
    assert len(called) == 2
    assert before <= called[0] <= called[1] <= timezone.now()
    assert "; practice_job: 1;" in out.getvalue()


@pytest.mark.parametrize(
    "path",
    [f"{__name__}.no_such_job", "tests.notify.no_such_module.job", "practice_job", f"{__name__}.called"],
)
def test_a_periodic_job_that_does_not_load_stops_the_worker_at_start(settings, path):
    settings.PERIODIC_JOBS = [*settings.PERIODIC_JOBS, path]
    out = io.StringIO()

    with pytest.raises(CommandError, match=rf"^PERIODIC_JOBS: (cannot load )?'{path}'"):
        call_command("worker", "--once", stdout=out)

    assert "started" not in out.getvalue()
