"""The outbox: how fast `hotseat worker` drains a backlog, alone and two at a time, and that nothing arrives twice.

For each database (a fresh PostgreSQL database, and an SQLite file) and each number of
workers (1, then 2 separate processes), 10,000 due notifications are written and the
workers run `manage.py worker --once` against a local aiosmtpd server until the backlog
is gone. The server counts Message-IDs: every notification must arrive exactly once.

    .venv/bin/python bench/outbox.py [--count 10000] [--workers 1,2] [--databases postgres,sqlite]

Prints a markdown table and writes var/bench/outbox.json. A report, not a test.
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
Notification.objects.bulk_create([Notification(
    kind="signup_reviewed", recipient_id=signups[i % len(signups)].user_id, key=f"bench:{tag}:{i}",
    refs={"signup": {"model": "programs.signup", "pk": signups[i % len(signups)].pk}},
    subject="You're in", due_at=now, next_attempt_at=now) for i in range(count)], batch_size=1000)
""".replace("PEOPLE", str(PEOPLE))


def rows_by_state(url: str, tag: str) -> dict[str, int]:
    query = "SELECT state, count(*) FROM notify_notification WHERE key LIKE %s GROUP BY state"
    if url.startswith("sqlite"):
        with sqlite3.connect(urlsplit(url).path) as conn:
            return dict(conn.execute(query.replace("%s", "?"), (f"bench:{tag}:%",)).fetchall())

    with psycopg.connect(url) as conn:
        return dict(conn.execute(query, (f"bench:{tag}:%",)).fetchall())  # type: ignore[arg-type]


def measure(url: str, database: str, workers: int, count: int, batch: int) -> dict[str, Any]:
    tag = f"w{workers}"
    env = {**os.environ, "DATABASE_URL": url, "TASKS_BACKEND": "immediate", "LOG_LEVEL": "WARNING", "DEBUG": "false"}
    run_checked("shell", "-c", SEED, env={**env, "BENCH_COUNT": str(count), "BENCH_TAG": tag})
    handler = Counting()
    port = free_port()
    server = Controller(handler, hostname="127.0.0.1", port=port)
    server.start()
    try:
        env["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
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
    states = rows_by_state(url, tag)
    received = sum(handler.ids.values())
    duplicates = sum(n - 1 for n in handler.ids.values() if n > 1)
    sending = max(handler.last - handler.first, 1e-9)
    return {
        "database": database,
        "workers": workers,
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
        "ok": codes == [0] * workers and duplicates == 0 and received == count and states == {"sent": count},
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
            return [measure(url, "postgresql", n, args.count, args.batch) for n in args.workers]
        finally:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def sqlite_runs(args: argparse.Namespace) -> list[dict[str, Any]]:
    path = OUT.parent / f"outbox_{os.getpid()}.sqlite3"
    url = f"sqlite:///{path}"
    try:
        run_checked("migrate", "--no-input", env={**os.environ, "DATABASE_URL": url})
        return [measure(url, "sqlite", n, args.count, args.batch) for n in args.workers]
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--workers", type=lambda s: [int(n) for n in s.split(",")], default=[1, 2])
    parser.add_argument("--databases", default="postgres,sqlite")
    parser.add_argument("--batch", type=int, default=50)
    args = parser.parse_args()
    OUT.parent.mkdir(parents=True, exist_ok=True)

    runs: list[dict[str, Any]] = []
    if "postgres" in args.databases:
        runs += postgres_runs(args)
    if "sqlite" in args.databases:
        runs += sqlite_runs(args)

    print(f"Outbox drain: {args.count:,} due notifications, batch {args.batch}, on {platform.node()}")
    print()
    print("| database | workers | received | unique | duplicates | wall s | msg/s (first→last) | msg/s (wall) | ok |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for r in runs:
        print(
            f"| {r['database']} | {r['workers']} | {r['received']} | {r['unique_message_ids']} | {r['duplicates']} "
            f"| {r['wall_seconds']} | {r['messages_per_second']} | {r['messages_per_second_wall']} "
            f"| {'yes' if r['ok'] else 'NO'} |"
        )
    report = {
        "count": args.count,
        "batch": args.batch,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "runs": runs,
    }
    OUT.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nWritten to {OUT.relative_to(PROJECT_DIR)}")


if __name__ == "__main__":
    main()
