"""The sheet import: how many rows a second the dry run and the import read and write.

A generated sheet (default 5,000 rows: groups of one leader and four members, a waitlist at
the end) goes into an empty cohort. A tenth of its people already have a signup in the
program, a tenth have an account on the site but not in the program, the rest are new
addresses. The dry run (`read_sheet`) and the import (`import_sheet`) are timed and their
queries counted (tasks go to the database backend, as in production), on a fresh SQLite
file, or on PostgreSQL when DATABASE_URL is set (the database is flushed first: give it one
of your own).

    .venv/bin/python bench/sheet_import.py [--rows 5000] [--profile]

Prints the numbers (and, with --profile, the cProfile of the import's top 25 functions by
cumulative time). A report, not a test: it exits 0 whatever the timings (1 if the sheet has problems).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

ZONES = ("America/New_York", "America/Los_Angeles", "Europe/Paris", "Europe/London", "Asia/Kolkata", "Africa/Lagos")
GROUP = 5  # a leader and four members


class Counter:
    """Counts the queries run (Django's own log stops at 9,000)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=5000, help="rows in the sheet (5000)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the import")
    return parser.parse_args()


def setup_django() -> None:
    if "DATABASE_URL" not in os.environ:
        path = Path(tempfile.mkdtemp(prefix="hotseat-sheet-bench-")) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotseat.settings")
    # As in production: notifications are queued as task rows after the commit, not sent in the request.
    os.environ.setdefault("TASKS_BACKEND", "database")
    os.environ.setdefault("EMAIL_URL", "dummy:")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django  # noqa: PLC0415 -- the database is chosen above, before Django reads its settings

    django.setup()


def generate(rows: int) -> tuple[str, object]:
    """The sheet's text and the cohort it goes into (with the people who already exist)."""
    from django.core.management import call_command  # noqa: PLC0415 -- after django.setup()
    from django.utils import timezone  # noqa: PLC0415

    from hotseat.accounts.models import User  # noqa: PLC0415
    from hotseat.programs.models import Cohort, Program, Signup  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    now = timezone.now()
    organizer = User.objects.create(username="org@example.com", email="org@example.com", display_name="Org")
    program = Program.objects.create(name="Bench program", slug="bench", group_size=5, max_group_size=8)
    program.organizers.add(organizer)
    cohort = Cohort.objects.create(
        program=program, name="Spring", slug="spring", starts_on=(now + timedelta(days=30)).date(), weeks=10
    )
    other = Cohort.objects.create(
        program=program, name="Winter", slug="winter", starts_on=(now - timedelta(days=120)).date(), weeks=10
    )
    lines = ["group,role,name,email,time zone,notes"]
    existing: list[User] = []
    in_program: list[User] = []
    waitlist = rows // 50
    for index in range(rows):
        email = f"person{index}@example.com"
        if index % 10 == 3:  # already in the program (a signup in last winter's cohort)
            user = User(username=email, email=email, display_name=f"Person {index}")
            user.set_unusable_password()
            in_program.append(user)
        elif index % 10 == 7:  # an account on the site, not in this program
            user = User(username=email, email=email, display_name=f"Person {index}")
            user.set_unusable_password()
            existing.append(user)
        if index >= rows - waitlist:
            group, role = "", "waitlist"
        else:
            group, role = f"Circle {index // GROUP + 1}", "leader" if index % GROUP == 0 else "member"
        lines.append(f"{group},{role},Person {index},{email},{ZONES[index % len(ZONES)]},")
    User.objects.bulk_create(existing + in_program)
    saved = User.objects.filter(email__in=[u.email for u in in_program])
    Signup.objects.bulk_create(
        [Signup(cohort=other, user=u, role="member", status=Signup.Status.PLACED, created_at=now) for u in saved]
    )
    return "\n".join(lines) + "\n", cohort


def main() -> int:
    args = parse_args()
    setup_django()
    from django.db import connection  # noqa: PLC0415 -- after django.setup()
    from django.utils import timezone  # noqa: PLC0415

    from hotseat.masterminds.sheet import reading  # noqa: PLC0415
    from hotseat.masterminds.sheet.importing import import_sheet  # noqa: PLC0415
    from hotseat.masterminds.sheet.planning import read_sheet  # noqa: PLC0415

    reading.MAX_ROWS = max(reading.MAX_ROWS, args.rows)  # so the old limit (2,000) can be measured too
    reading.MAX_BYTES = max(reading.MAX_BYTES, 10_000_000)
    text, cohort = generate(args.rows)
    now = timezone.now()

    dry_queries = Counter()
    with connection.execute_wrapper(dry_queries):
        started = time.perf_counter()
        report = read_sheet(cohort, text, now=now)
        dry = time.perf_counter() - started
    if report.errors:
        print(f"the sheet has {len(report.errors)} problems, first: {report.errors[0]}")
        return 1
    profiler = cProfile.Profile() if args.profile else None
    import_queries = Counter()
    with connection.execute_wrapper(import_queries):
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        import_sheet(cohort, report, now=now)
        if profiler:
            profiler.disable()
        imported = time.perf_counter() - started
    engine = connection.vendor
    print(f"database: {engine}; rows: {args.rows}")
    print(f"dry run: {dry:.2f} s ({args.rows / dry:,.0f} rows/s), {dry_queries.count} queries")
    print(f"import:  {imported:.2f} s ({args.rows / imported:,.0f} rows/s), {import_queries.count} queries")
    print(f"total:   {dry + imported:.2f} s")
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
