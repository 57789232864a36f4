"""`hotseat worker`: the one background process. Run as many as you like, on any machines."""

from __future__ import annotations

import logging
import signal
import threading
from argparse import ArgumentParser
from collections.abc import Callable
from datetime import datetime
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.tasks import task_backends
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from hotseat.notify.dispatch import deliver_due
from hotseat.notify.workers import release_claims, release_dead_claims
from hotseat.notify.workers import worker_id as identity

log = logging.getLogger("hotseat.worker")

# A periodic job: called with the current time, returns how many things it did.
Job = Callable[[datetime], int]


def periodic_jobs() -> list[tuple[str, Job]]:
    """settings.PERIODIC_JOBS, loaded: (name, function) each. A path that does not load is an error now."""
    jobs: list[tuple[str, Job]] = []
    for path in settings.PERIODIC_JOBS:
        try:
            job = import_string(path)
        except ImportError as error:
            msg = f"PERIODIC_JOBS: cannot load {path!r}: {error}"
            raise CommandError(msg) from error
        if not callable(job):
            msg = f"PERIODIC_JOBS: {path!r} is not a function"
            raise CommandError(msg)
        jobs.append((path.rpartition(".")[2], job))
    return jobs


def _drop_broken_connections() -> None:
    """Replace a connection the database dropped; keep a good one, whatever DB_CONN_MAX_AGE says.

    DB_CONN_MAX_AGE=0 (the default) closes a web request's connection when it ends; the worker is
    one long process and would otherwise open a connection per loop. Not inside an atomic block
    (the command called from a test), where closing would break the transaction.
    """
    for conn in connections.all(initialized_only=True):
        if conn.connection is None or conn.in_atomic_block or not conn.errors_occurred:
            continue
        if conn.is_usable():
            conn.errors_occurred = False
        else:
            conn.close()


class Command(BaseCommand):
    help = (
        "Deliver due notifications and digests, run queued background tasks and the periodic jobs of "
        "settings.PERIODIC_JOBS (passing lapsed seat holds on), in a loop. "
        "SIGTERM or Ctrl-C: finish the email on the wire, then stop."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--once", action="store_true", help="Do everything that is due, then exit (cron, tests).")
        parser.add_argument(
            "--id",
            dest="worker_id",
            default="",
            help="A name unique among running workers; claims are recorded as name@host:pid (host:pid without "
            "one). Starting under a name frees what an earlier process of that name left claimed, so give each "
            "systemd instance its own.",
        )
        parser.add_argument("--interval", type=float, default=settings.WORKER_INTERVAL_SECONDS, help="Idle sleep.")
        parser.add_argument("--batch", type=int, default=settings.NOTIFY_BATCH, help="Rows claimed at a time.")

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = identity(options["worker_id"])
        jobs = periodic_jobs()
        stop = threading.Event()

        def on_signal(signum: int, frame: FrameType | None) -> None:
            if stop.is_set():
                raise SystemExit(1)  # asked twice: stop now, even mid-email
            self.stderr.write(f"{worker_id}: {signal.strsignal(signum)}, stopping after the current email")
            stop.set()

        # A SIGINT ignored at start means we run in the background of a shell (make run): the shell
        # stops us with SIGTERM, and the terminal's Ctrl-C must not count as a second, forcing signal.
        signals = [s for s in (signal.SIGTERM, signal.SIGINT) if signal.getsignal(s) is not signal.SIG_IGN]
        previous = {signum: signal.signal(signum, on_signal) for signum in signals}
        try:
            self.serve(worker_id, jobs, stop, options)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def serve(
        self, worker_id: str, jobs: list[tuple[str, Job]], stop: threading.Event, options: dict[str, Any]
    ) -> None:
        freed = release_claims(options["worker_id"]) if options["worker_id"] else 0
        if freed:
            self.stdout.write(f"{worker_id}: took back {freed} notifications an earlier run of that name left claimed")
        freed = release_dead_claims()
        if freed:
            self.stdout.write(f"{worker_id}: took back {freed} notifications held by workers of this host that died")
        self.stdout.write(f"{worker_id}: started")
        while not stop.is_set():
            _drop_broken_connections()
            try:
                busy = self.tick(worker_id, jobs, options["batch"], stop)
            except Exception:
                if options["once"]:
                    raise
                # The database or the mail server went away: say so, wait, and try again.
                log.exception("worker %s: a loop failed; trying again in %ss", worker_id, options["interval"])
                busy = False
            if options["once"] and not busy:
                break
            if not busy:
                stop.wait(options["interval"])
        self.stdout.write(f"{worker_id}: stopped")

    def tick(self, worker_id: str, jobs: list[tuple[str, Job]], batch: int, stop: threading.Event) -> bool:
        """One round of everything; True if there was anything to do (so do not sleep yet)."""
        now = timezone.now()
        done = [(name, job(now)) for name, job in jobs]
        report = deliver_due(worker_id, now, batch=batch, should_stop=stop.is_set)
        tasks = 0 if stop.is_set() else self.run_tasks(worker_id, batch)
        busy = bool(any(count for _, count in done) or report.claimed or tasks)
        if busy:
            jobs_done = "".join(f"; {name}: {count}" for name, count in done)
            self.stdout.write(f"{worker_id}: {report or 'nothing sent'}{jobs_done}; {tasks} tasks run")
        return busy

    def run_tasks(self, worker_id: str, batch: int) -> int:
        """Run what django-tasks-db has queued (the post-commit `deliver` tasks, and any later ones)."""
        if not isinstance(task_backends["default"], DatabaseBackend):
            return 0  # the ImmediateBackend ran them when they were enqueued
        if not DBTaskResult.objects.ready().filter(backend_name="default").exists():
            return 0  # django-tasks-db's worker would close this connection just to look
        tasks = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=batch,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        tasks.run()
        return tasks._run_tasks
