"""The outbox: how fast `hotseat worker` drains a backlog, alone and two at a time, and that nothing arrives twice.

For each database (a fresh PostgreSQL database, and an SQLite file), each task backend
(`immediate`, as in development, and `database`, django-tasks-db, the production setting)
and each number of workers (1, then 2 separate processes), 10,000 due notifications are
written and the workers run `manage.py worker --once` against a local aiosmtpd server until
the backlog is gone. Each row written is handed to the same post-commit hook `notify` calls
(`enqueue_delivery`), so with the database backend the workers also meet whatever tasks the
production path queues. The server counts Message-IDs: every notification must arrive exactly
once. On PostgreSQL the connections opened during the drain are counted (pg_stat_database),
with the settings' default DB_CONN_MAX_AGE=0.

    .venv/bin/python bench/outbox.py [--count 10000] [--workers 1,2] [--databases postgres,sqlite]
                                     [--backends immediate,database]

Prints a markdown table, the database/immediate rate ratio of each pair, and writes
var/bench/outbox.json. A report, not a test.
PostgreSQL: postgres://postgres@127.0.0.1:5432/ with trust authentication (BENCH_POSTGRES_URL to change);
the database hotseat_outbox_bench_<pid> is created, migrated and dropped.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from email.parser import BytesParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg
from aiosmtpd.controller import Controller
from psycopg import sql

PROJECT_DIR = Path(__file__).resolve().parent.parent
OUT = PROJECT_DIR / "var" / "bench" / "outbox.json"
ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PEOPLE = 200


class Counting:
    """An aiosmtpd handler that only reads headers: the server must not be the bottleneck."""

    def __init__(self) -> None:
        self.ids: Counter[str] = Counter()
        self.first = 0.0
        self.last = 0.0
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        headers = BytesParser().parsebytes(envelope.content, headersonly=True)
        now = time.perf_counter()
        with self.lock:
            self.ids[str(headers["Message-ID"])] += 1
            self.first = self.first or now
            self.last = now
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def manage(*args: str, env: dict[str, str], **kwargs: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, str(PROJECT_DIR / "manage.py"), *args], env=env, cwd=PROJECT_DIR, **kwargs)


def run_checked(*args: str, env: dict[str, str]) -> None:
    process = manage(*args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = process.communicate()
    if process.returncode:
        sys.stderr.write(out.decode() + err.decode())
        raise SystemExit(f"{' '.join(args)} failed")


# The seeding step runs in a child process, so that each database gets its own Django set-up.
SEED = """
from django.utils import timezone
from hotseat.accounts.models import User
from hotseat.notify.models import Notification
from hotseat.notify.tasks import enqueue_delivery
from hotseat.programs.models import Cohort, Program, Signup
import datetime as dt, os
count, tag = int(os.environ["BENCH_COUNT"]), os.environ["BENCH_TAG"]
program, _ = Program.objects.get_or_create(slug="bench", defaults={"name": "Bench program"})
cohort, _ = Cohort.objects.get_or_create(program=program, slug="bench", defaults={
    "name": "Bench cohort", "starts_on": dt.date(2027, 3, 2), "weeks": 10})
users = [User.objects.get_or_create(email=f"bench{i}@example.com",
         defaults={"display_name": f"Bench {i}", "time_zone": "Europe/Paris"})[0] for i in range(PEOPLE)]
signups = [Signup.objects.get_or_create(cohort=cohort, user=u, defaults={"status": "accepted"})[0] for u in users]
now = timezone.now()
rows = Notification.objects.bulk_create([Notification(
    kind="signup_reviewed", recipient_id=signups[i % len(signups)].user_id, key=f"bench:{tag}:{i}",
    refs={"signup": {"model": "programs.signup", "pk": signups[i % len(signups)].pk}},
    subject="You're in", due_at=now, next_attempt_at=now) for i in range(count)], batch_size=1000)
if os.environ["TASKS_BACKEND"] == "database":  # what notify() did on commit (immediate would send them now)
    for row in rows:
        enqueue_delivery(row.pk)
""".replace("PEOPLE", str(PEOPLE))


def connections_opened(url: str) -> int | None:
    """Sessions ever opened to this PostgreSQL database (None on SQLite)."""
    if url.startswith("sqlite"):
        return None
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        row = conn.execute("SELECT sessions FROM pg_stat_database WHERE datname = %s", (name,)).fetchone()
    return int(row[0]) if row else None


def rows_by_state(url: str, tag: str) -> dict[str, int]:
    query = "SELECT state, count(*) FROM notify_notification WHERE key LIKE %s GROUP BY state"
    if url.startswith("sqlite"):
        with sqlite3.connect(urlsplit(url).path) as conn:
            return dict(conn.execute(query.replace("%s", "?"), (f"bench:{tag}:%",)).fetchall())

    with psycopg.connect(url) as conn:
        return dict(conn.execute(query, (f"bench:{tag}:%",)).fetchall())  # type: ignore[arg-type]


def queued_tasks(url: str) -> int:
    query = "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'READY'"
    if url.startswith("sqlite"):
        with sqlite3.connect(urlsplit(url).path) as conn:
            return int(conn.execute(query).fetchone()[0])
    with psycopg.connect(url) as conn:
        row = conn.execute(query).fetchone()  # type: ignore[arg-type]
        return int(row[0]) if row else 0


def measure(url: str, database: str, backend: str, workers: int, *, count: int, batch: int) -> dict[str, Any]:
    tag = f"{backend}-w{workers}"
    env = {
        **{k: v for k, v in os.environ.items() if k != "DB_CONN_MAX_AGE"},  # the default, 0
        "DATABASE_URL": url,
        "TASKS_BACKEND": backend,
        "LOG_LEVEL": "WARNING",
        "DEBUG": "false",
    }
    run_checked("shell", "-c", SEED, env={**env, "BENCH_COUNT": str(count), "BENCH_TAG": tag})
    tasks = queued_tasks(url)
    handler = Counting()
    port = free_port()
    server = Controller(handler, hostname="127.0.0.1", port=port)
    server.start()
    try:
        env["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
        sessions_before = connections_opened(url)
        started = time.perf_counter()
        procs = [
            manage("worker", "--once", "--id", f"bench-{n}", "--batch", str(batch), env=env, stdout=subprocess.DEVNULL)
            for n in range(workers)
        ]
        codes, exits = [], []
        for p in procs:
            codes.append(p.wait())
            exits.append(round(time.perf_counter() - started, 2))
        wall = time.perf_counter() - started
    finally:
        server.stop()
    time.sleep(0.5)  # PostgreSQL counts a session when its backend has exited
    sessions_after = connections_opened(url)
    states = rows_by_state(url, tag)
    received = sum(handler.ids.values())
    duplicates = sum(n - 1 for n in handler.ids.values() if n > 1)
    sending = max(handler.last - handler.first, 1e-9)
    return {
        "database": database,
        "tasks_backend": backend,
        "workers": workers,
        "tasks_queued": tasks,
        "db_connections_opened": (
            sessions_after - sessions_before if sessions_after is not None and sessions_before is not None else None
        ),
        "notifications": count,
        "received": received,
        "unique_message_ids": len(handler.ids),
        "duplicates": duplicates,
        "rows_by_state": states,
        "exit_codes": codes,
        "wall_seconds": round(wall, 2),
        "first_message_after_s": round(handler.first - started, 2) if handler.first else None,
        "last_message_after_s": round(handler.last - started, 2) if handler.last else None,
        "workers_exited_after_s": exits,
        "messages_per_second": round(received / sending, 1),
        "messages_per_second_wall": round(received / wall, 1),
        "ok": codes == [0] * workers
        and duplicates == 0
        and received == count
        and states == {"sent": count}
        and queued_tasks(url) == 0,
    }


def postgres_runs(args: argparse.Namespace) -> list[dict[str, Any]]:
    name = f"hotseat_outbox_bench_{os.getpid()}"
    try:
        admin = psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        sys.stderr.write(f"PostgreSQL not reachable at {ADMIN_URL} ({str(exc).strip()}); skipping it.\n")
        return []
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        url = urlsplit(ADMIN_URL)._replace(path=f"/{name}").geturl()
        try:
            run_checked("migrate", "--no-input", env={**os.environ, "DATABASE_URL": url})
            return [
                measure(url, "postgresql", backend, n, count=args.count, batch=args.batch)
                for n in args.workers
                for backend in args.backends
            ]
        finally:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def sqlite_runs(args: argparse.Namespace) -> list[dict[str, Any]]:
    path = OUT.parent / f"outbox_{os.getpid()}.sqlite3"
    url = f"sqlite:///{path}"
    try:
        run_checked("migrate", "--no-input", env={**os.environ, "DATABASE_URL": url})
        return [
            measure(url, "sqlite", backend, n, count=args.count, batch=args.batch)
            for n in args.workers
            for backend in args.backends
        ]
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--workers", type=lambda s: [int(n) for n in s.split(",")], default=[1, 2])
    parser.add_argument("--databases", default="postgres,sqlite")
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--backends", type=lambda s: s.split(","), default=["immediate", "database"])
    args = parser.parse_args()
    OUT.parent.mkdir(parents=True, exist_ok=True)

    runs: list[dict[str, Any]] = []
    if "postgres" in args.databases:
        runs += postgres_runs(args)
    if "sqlite" in args.databases:
        runs += sqlite_runs(args)

    print(f"Outbox drain: {args.count:,} due notifications, batch {args.batch}, on {platform.node()}")
    print()
    print(
        "| database | tasks | workers | tasks queued | received | unique | duplicates | db connections | wall s "
        "| msg/s (first→last) | msg/s (wall) | ok |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for r in runs:
        print(
            f"| {r['database']} | {r['tasks_backend']} | {r['workers']} | {r['tasks_queued']} | {r['received']} "
            f"| {r['unique_message_ids']} | {r['duplicates']} | {r['db_connections_opened'] or '–'} "
            f"| {r['wall_seconds']} | {r['messages_per_second']} | {r['messages_per_second_wall']} "
            f"| {'yes' if r['ok'] else 'NO'} |"
        )
    ratios = []
    for r in runs:
        if r["tasks_backend"] != "database":
            continue
        base = next(
            (
                b
                for b in runs
                if (b["database"], b["workers"], b["tasks_backend"]) == (r["database"], r["workers"], "immediate")
            ),
            None,
        )
        if base and base["messages_per_second_wall"]:
            ratio = round(r["messages_per_second_wall"] / base["messages_per_second_wall"], 2)
            ratios.append({"database": r["database"], "workers": r["workers"], "database_over_immediate": ratio})
    if ratios:
        print("\nProduction path (TASKS_BACKEND=database) against the direct one, msg/s (wall):")
        for x in ratios:
            print(f"- {x['database']}, {x['workers']} worker(s): {x['database_over_immediate']}×")
    report = {
        "count": args.count,
        "batch": args.batch,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "runs": runs,
        "database_over_immediate": ratios,
    }
    OUT.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nWritten to {OUT.relative_to(PROJECT_DIR)}")


if __name__ == "__main__":
    main()
