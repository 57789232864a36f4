"""The slot finder: how long a common-slot search takes, for one mastermind and for a whole program.

One search is `rank_slots` for 8 members over a 10-week cohort, every 30 minutes of
Monday-Friday in the leader's zone (target: below 50 ms). A program is 1,000
masterminds of 4 to 8 members searched one after the other (target: below 10 s).
Members live from the US West coast to Europe, India, Nepal and Australia; each has a
morning and an evening window most weekdays on a 30-minute grid, sometimes a weekend
window, sometimes a holiday. The data is generated here from a fixed seed.

    .venv/bin/python bench/slots.py [--searches 200] [--program 1000] [--seed 7]

Prints a markdown table. A report, not a test: a missed target still exits 0.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

from hotseat.scheduling import Availability, Member, Slot, Window, evaluate, rank_slots  # noqa: E402
from hotseat.scheduling.coverage import penalty_table  # noqa: E402
from hotseat.scheduling.zones import timeline  # noqa: E402

SEARCH_TARGET_MS = 50
PROGRAM_TARGET_S = 10
START = date(2027, 3, 1)  # the cohort crosses both the US (14 March) and EU (28 March) clock changes
WEEKS = 10
# Where members live, weighted: mostly the US and Europe, some further out.
ZONES = {
    "America/Los_Angeles": 4,
    "America/Denver": 1,
    "America/Chicago": 2,
    "America/New_York": 5,
    "America/Sao_Paulo": 1,
    "Europe/London": 3,
    "Europe/Paris": 4,
    "Europe/Berlin": 2,
    "Europe/Helsinki": 1,
    "Asia/Kolkata": 2,
    "Asia/Kathmandu": 1,
    "Australia/Sydney": 1,
}


def random_member(rng: random.Random, index: int) -> Member:
    zone = rng.choices(list(ZONES), weights=list(ZONES.values()))[0]
    windows = []
    for weekday in range(7):
        if weekday >= 5 and rng.random() > 0.2:
            continue
        if rng.random() < 0.1:
            continue  # a weekday they never can
        morning = rng.randrange(14, 21)  # 07:00-10:00, in half hours
        evening = rng.randrange(34, 41)  # 17:00-20:00
        windows.append(Window(weekday, morning * 30, (morning + rng.randrange(3, 9)) * 30))
        windows.append(Window(weekday, evening * 30, min(evening + rng.randrange(3, 8), 48) * 30))
    holidays = {START + timedelta(days=rng.randrange(7 * WEEKS)) for _ in range(rng.choice([0, 0, 1, 2]))}
    return Member(f"member-{index}", Availability(zone, tuple(windows), frozenset(holidays)))


def mastermind(rng: random.Random, size: int) -> list[Member]:
    return [random_member(rng, index) for index in range(size)]


def clear_caches() -> None:
    timeline.cache_clear()
    penalty_table.cache_clear()


def timed(run: Callable[[], object]) -> float:
    began = time.perf_counter()
    run()
    return time.perf_counter() - began


def search(members: list[Member], weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)) -> None:
    rank_slots(members, START, WEEKS, 60, anchor_zone=members[0].availability.zone, weekdays=weekdays)


def row(name: str, seconds: list[float], target: str, ok: bool) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    verdict = "yes" if ok else "**no**"
    return f"| {name} | {len(ms)} | {statistics.median(ms):.2f} | {p95:.2f} | {ms[-1]:.2f} | {target} | {verdict} |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--searches", type=int, default=200, help="single searches to time (200)")
    parser.add_argument("--program", type=int, default=1000, help="masterminds in the program run (1000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed for the generated members (7)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    groups = [mastermind(rng, 8) for _ in range(args.searches)]

    rows = []
    cold = []
    for members in groups:
        clear_caches()
        cold.append(timed(lambda members=members: search(members)))
    rows.append(
        row(
            "search, 8 members, Mon-Fri, cold zone cache",
            cold,
            f"< {SEARCH_TARGET_MS} ms",
            max(cold) * 1000 < SEARCH_TARGET_MS,
        )
    )
    warm = [timed(lambda members=members: search(members)) for members in groups]
    rows.append(
        row("search, 8 members, Mon-Fri", warm, f"< {SEARCH_TARGET_MS} ms", max(warm) * 1000 < SEARCH_TARGET_MS)
    )
    week = [timed(lambda members=members: search(members, tuple(range(7)))) for members in groups]
    rows.append(row("search, 8 members, whole week", week, "-", ok=True))
    slot = Slot(2, 12 * 60, "America/New_York")
    single = [timed(lambda members=members: evaluate(slot, members, START, WEEKS)) for members in groups]
    rows.append(row("evaluate one slot, 8 members", single, "-", ok=True))

    program = [mastermind(rng, rng.randint(4, 8)) for _ in range(args.program)]
    clear_caches()
    began = time.perf_counter()
    each = [timed(lambda members=members: search(members)) for members in program]
    total = time.perf_counter() - began
    rows.append(row(f"program: {args.program} masterminds of 4-8, each", each, "-", ok=True))

    print(f"# Slot finder: {WEEKS}-week cohort from {START}, 60-minute calls, 30-minute steps")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, load average {load}\n")
    print("| scenario | runs | median ms | p95 ms | max ms | target | met |")
    print("| --- | ---: | ---: | ---: | ---: | --- | --- |")
    print("\n".join(rows))
    met = "yes" if total < PROGRAM_TARGET_S else "**no**"
    print(f"\nProgram of {args.program} masterminds in one go: {total:.2f} s (target < {PROGRAM_TARGET_S} s: {met})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
