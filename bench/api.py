"""The API's board next to the board page: the same board, as JSON and as HTML, for one signed-in viewer.

A cohort of 1,000 signups in 250 masterminds (bench/harness/cohort_data.py) goes into a fresh SQLite
file (or the PostgreSQL of DATABASE_URL: give it a database of your own, it is flushed). Django's
test client, in process, asks for the board as a seated member: the page (session), the API with a
personal token, and the API again with the ETag it answered (If-None-Match: 304). Each is timed over
the same number of requests in the same run, so the ratios compare like with like on any machine;
queries per request are counted too.

    .venv/bin/python bench/api.py [--repeat 30]

Target: the API's board costs no more than the page's (ratio <= 1.0; it skips the template). A 304
costs about what the 200 does (ratio near 1.0): the ETag is a hash of the answer, so the answer is
built to compare it; a 304 saves the transfer and the client's parsing, not the server's work.
A report, not a test: it exits 0 whatever the timings.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))


def setup_django() -> None:
    if "DATABASE_URL" not in os.environ:
        path = Path(tempfile.mkdtemp(prefix="hotseat-api-bench-")) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotseat.settings")
    os.environ.setdefault("EMAIL_URL", "dummy:")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("API_RATE_LIMIT", "1000000")
    import django  # noqa: PLC0415 -- the database is chosen above, before Django reads its settings

    django.setup()


class Counter:
    """Counts the queries run."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def timed(call: object, repeat: int) -> float:
    """Seconds per request, the best of three batches (the least disturbed by the machine's other work)."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(repeat):
            call()  # type: ignore[operator]
        best = min(best, (time.perf_counter() - start) / repeat)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=30, help="requests per batch (30)")
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command  # noqa: PLC0415 -- after django.setup()
    from django.db import connection  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from bench.harness.cohort_data import bench_program, generate_cohort  # noqa: PLC0415
    from bench.harness.inprocess import client, signed_in  # noqa: PLC0415
    from hotseat.api.actions import create_token  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    made = generate_cohort(
        bench_program(), slug="big", masterminds=250, signups=1000, waitlist=40, held=5, now=timezone.now()
    )
    viewer = made.seated_viewer
    page_path = made.path
    api_path = f"/api/v1/programs/{made.cohort.program.slug}/cohorts/{made.cohort.slug}/board"
    page = client(signed_in(viewer), {})
    token = create_token(viewer, name="bench", scope="read").secret
    api = client({}, {"authorization": f"Bearer {token}"})
    first = api.get(api_path)
    assert first.status_code == 200, first.status_code
    etag = first["ETag"]
    cached = client({}, {"authorization": f"Bearer {token}", "if-none-match": etag})
    assert cached.get(api_path).status_code == 304
    assert page.get(page_path).status_code == 200

    rows = []
    for name, browser, path in (("page", page, page_path), ("api", api, api_path), ("api-304", cached, api_path)):
        counter = Counter()
        with connection.execute_wrapper(counter):
            answer = browser.get(path)
        seconds = timed(lambda b=browser, p=path: b.get(p), args.repeat)
        rows.append((name, seconds, counter.count, len(answer.content)))
    by_name = {name: seconds for name, seconds, _, _ in rows}
    print(f"board of {made.masterminds} masterminds, {made.signups} signups, as a seated member ({connection.vendor})")
    print("| scenario | ms/request | queries | bytes |")
    print("| --- | --- | --- | --- |")
    for name, seconds, queries, size in rows:
        print(f"| {name} | {seconds * 1000:.1f} | {queries} | {size} |")
    print(f"api / page: {by_name['api'] / by_name['page']:.2f} (target <= 1.0)")
    print(f"api-304 / api: {by_name['api-304'] / by_name['api']:.2f} (expected near 1.0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
