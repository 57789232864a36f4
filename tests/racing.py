"""Racing real threads, each with its own database connection (PostgreSQL or on-disk SQLite)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def race(*calls: Callable[[], object]) -> list[object]:
    """Run the calls at the same moment, each in its own thread; return each result or the exception raised."""
    barrier = threading.Barrier(len(calls), timeout=10)
    results: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            connection.ensure_connection()
            barrier.wait()
            results[index] = call()
        except Exception as exc:  # the test inspects what each racer got
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a racer is stuck: a lock was never released"
    return results
