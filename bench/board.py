"""The sign-up board under load: gunicorn on PostgreSQL, next to a bare "hello" view.

A cohort of 1,000 signups in 250 masterminds (and one of 10 masterminds, to show the
query count does not grow with the board) goes into a fresh PostgreSQL database,
gunicorn serves it, and load-client processes on loopback measure requests/s and
latency for each scenario. In process, Django's test client counts the queries per
request and splits a request's time into SQL, build_board and the template.

Anonymous boards come from the cache (hotseat/programs/board_cache.py; here the default
per-process locmem cache) for the rest of the clock minute, so the anonymous scenarios
measure mostly cache hits (each gunicorn worker renders once per minute and zone), as a
shared link read by many people is; "board-anon" is the one the target applies to. The
in-process breakdown also shows the cost of a miss. Signed-in viewers get the part of the board
they share with everyone from the same cache and their own part rendered per request
(masterminds/views/board.py); their revalidating poll is mostly a 304. With CACHE_URL set
(e.g. redis://127.0.0.1:6379/1) gunicorn uses that cache instead.

    .venv/bin/python bench/board.py [--duration 10] [--profile board-seeker]

Prints a markdown table, writes var/bench/board.json. A report, not a test: a missed
target still exits 0; only a failure to measure (errors, bad responses) exits 1.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import django
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

# The project is on the path only from here on; hotseat's models wait for django.setup() in prepare().
from bench.harness import BenchError, postgres, server  # noqa: E402

TARGET = 0.3  # the board's requests/s at least 0.3 times the bare view's
BIG = {"masterminds": 250, "signups": 1000, "waitlist": 36, "held": 2}
SMALL = {"masterminds": 10, "signups": 40, "waitlist": 4, "held": 1}
CARD = '<article class="card mastermind"'
# Counted in every response and compared with the in-process reference page.
NEEDLES = (CARD, "you-are-here", "Take this seat", "Wait for a seat here", '<li class="seat held">')
OUT = PROJECT_DIR / "var" / "bench"
SCENARIOS = (
    "hello",
    "board-anon",
    "board-anon-poll",
    "board-anon-304",
    "board-seated",
    "board-seeker",
    "board-poll",
    "board-poll-304",
    "board10-anon",
    "hello-end",
)
TARGETED = "board-anon"  # the target applies to the anonymous board; the others are reported beside it
REPORTED = (
    "board-anon",
    "board-anon-poll",
    "board-anon-304",
    "board-seated",
    "board-seeker",
    "board-poll",
    "board-poll-304",
)


@dataclass
class Scenario:
    name: str
    label: str
    path: str
    masterminds: int = 0
    viewer: str = "anonymous"  # or "seated", "seeker": who the page is for
    cookies: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    expect: list[tuple[str, int]] = field(default_factory=list)
    revalidate: bool = False  # send the last ETag back as If-None-Match, as a browser's cache does
    page_bytes: int = 0
    queries: int | None = None
    result: dict[str, Any] = field(default_factory=dict)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=10, help="measured seconds per scenario (10)")
    parser.add_argument("--warmup", type=float, default=2, help="warm-up seconds before each measurement (2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--threads", type=int, default=2, help="threads per gthread worker (2)")
    parser.add_argument("--clients", type=int, default=2, help="load-client processes (2)")
    parser.add_argument("--connections", type=int, default=4, help="keep-alive connections per client process (4)")
    parser.add_argument(
        "--check-every",
        type=int,
        default=8,
        help="the load client checks the content of one response in N, the status of all (8)",
    )
    parser.add_argument("--conn-max-age", type=int, default=60, help="DB_CONN_MAX_AGE for gunicorn (60)")
    parser.add_argument("--only", nargs="*", choices=SCENARIOS, help="load only these scenarios (and hello)")
    parser.add_argument("--profile", choices=SCENARIOS, help="print a cProfile of a scenario over the test client")
    parser.add_argument("--save-pages", action="store_true", help="write each scenario's page to var/bench/pages/")
    parser.add_argument("--keep-db", action="store_true", help="keep the database afterwards (drop it yourself)")
    return parser.parse_args()


def machine_busy(seconds: float = 1.0) -> float | None:
    """Share of all CPUs busy while this benchmark idles: other people's work skews the numbers."""

    def sample() -> tuple[int, int]:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return sum(fields), fields[3] + fields[4]  # idle + iowait

    try:
        total0, idle0 = sample()
        time.sleep(seconds)
        total1, idle1 = sample()
    except (OSError, ValueError, IndexError):
        return None
    return 1 - (idle1 - idle0) / max(1, total1 - total0)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def load(
    scenario: Scenario, server_pid: int, port: int, args: argparse.Namespace, env: dict[str, str]
) -> dict[str, Any]:
    start_at = time.time() + 1.0
    measure_from = start_at + args.warmup
    config = {
        "host": "127.0.0.1",
        "port": port,
        "path": scenario.path,
        "cookies": scenario.cookies,
        "headers": scenario.headers,
        "expect": scenario.expect,
        "revalidate": scenario.revalidate,
        "check_every": args.check_every,
        "connections": args.connections,
        "start_at": start_at,
        "warmup": args.warmup,
        "duration": args.duration,
    }
    command = [sys.executable, "-m", "bench.harness.load", json.dumps(config)]
    procs = [
        subprocess.Popen(command, env=env, cwd=PROJECT_DIR, stdout=subprocess.PIPE, text=True)
        for _ in range(args.clients)
    ]
    parts = []
    try:
        # The web workers' CPU time over the measured window: unlike requests/s, it barely
        # moves when other work shares the machine.
        time.sleep(max(0.0, measure_from - time.time()))
        cpu_from = server.worker_cpu_seconds(server_pid)
        time.sleep(max(0.0, measure_from + args.duration - time.time()))
        cpu_to = server.worker_cpu_seconds(server_pid)
        for proc in procs:
            out, _ = proc.communicate(timeout=args.warmup + args.duration + 120)
            if proc.returncode != 0:
                msg = f"the load client for {scenario.name} exited with {proc.returncode} (its error is above)"
                raise BenchError(msg)
            parts.append(json.loads(out))
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    latencies = [x for p in parts for x in p["latencies"]]
    run_seconds = args.warmup + args.duration
    server_cpu = None if cpu_from is None or cpu_to is None or not latencies else cpu_to - cpu_from
    return {
        "requests": len(latencies),
        "rps": len(latencies) / args.duration,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p95_ms": percentile(latencies, 0.95) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "server_cpu_ms": None if server_cpu is None else server_cpu * 1000 / len(latencies),
        "errors": sum(p["errors"] for p in parts),
        "error_samples": [s for p in parts for s in p["error_samples"]][:5],
        "body_bytes": max(p["body_bytes"] for p in parts),
        "not_modified_share": sum(p["not_modified"] for p in parts) / max(1, len(latencies)),
        "client_cpu_share": sum(p["cpu_seconds"] for p in parts) / run_seconds,
    }


def check_reference(s: Scenario, body: str) -> None:
    """The page shows what the scenario says it measures, or the numbers would mean nothing."""
    found = dict(s.expect)
    wrong = []
    if found[CARD] != s.masterminds:
        wrong.append(f"{found[CARD]} cards for {s.masterminds} masterminds")
    if found["you-are-here"] != (1 if s.viewer == "seated" else 0):
        wrong.append(f"the viewer's seat is marked {found['you-are-here']} times")
    if (s.viewer == "seeker") != (found["Take this seat"] > 0):
        wrong.append(f"{found['Take this seat']} 'Take this seat' buttons")
    if wrong:
        msg = f"the reference page for {s.name} is not what it should be: {'; '.join(wrong)}"
        raise BenchError(msg)


def prepare(database_url: str, *, save_pages: bool) -> tuple[list[Scenario], dict[str, Any]]:
    """Migrate, generate both cohorts, sign viewers in, and measure in process."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.harness.settings"
    os.environ["DATABASE_URL"] = database_url
    django.setup()
    from bench.harness import cohort_data, inprocess  # noqa: PLC0415 -- they import hotseat's models: only after django.setup()

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter()
    now = timezone.now()
    program = cohort_data.bench_program()
    big = cohort_data.generate_cohort(program, slug="big", now=now, **BIG)
    small = cohort_data.generate_cohort(program, slug="small", now=now, **SMALL)
    for made in (big, small):
        cohort_data.check_cohort(made)
    generated = time.perf_counter()

    seated = inprocess.signed_in(big.seated_viewer)
    seeker = inprocess.signed_in(big.seeker)
    small_seated = inprocess.signed_in(small.seated_viewer)
    small_seeker = inprocess.signed_in(small.seeker)
    htmx = {"HX-Request": "true", "HX-Current-URL": f"http://127.0.0.1{big.path}"}
    n = big.masterminds
    hello = "/bench/hello/"
    scenarios = [
        Scenario("hello", "bare hello view", hello, expect=[("hello", 1)]),
        Scenario("board-anon", "board, anonymous", big.path, n),
        Scenario("board-anon-poll", "board htmx poll (30 s), anonymous, no validator", big.path, n, headers=htmx),
        Scenario(
            "board-anon-304",
            "board htmx poll (30 s), anonymous, revalidating (ETag)",
            big.path,
            n,
            headers=htmx,
            revalidate=True,
        ),
        Scenario("board-seated", "board, signed in, seated", big.path, n, "seated", seated),
        Scenario("board-seeker", "board, signed in, looking for a seat", big.path, n, "seeker", seeker),
        Scenario("board-poll", "board htmx poll (30 s), seated, no validator", big.path, n, "seated", seated, htmx),
        Scenario(
            "board-poll-304",
            "board htmx poll (30 s), seated, revalidating (ETag)",
            big.path,
            n,
            "seated",
            seated,
            htmx,
            revalidate=True,
        ),
        Scenario("board10-anon", f"board of {small.masterminds}, anonymous", small.path, small.masterminds),
        # Once more at the end: the drift between both says how steady the machine was.
        Scenario("hello-end", "bare hello view, again at the end", hello, expect=[("hello", 1)]),
    ]
    # Reference pages, fetched in process: the load clients check every response against them.
    for s in scenarios:
        body = inprocess.fetch(inprocess.client(s.cookies, s.headers), s.path).decode()
        s.page_bytes = len(body.encode())
        if save_pages:
            (OUT / "pages").mkdir(parents=True, exist_ok=True)
            (OUT / "pages" / f"{s.name}.html").write_text(body)
        if s.masterminds:
            s.expect = [(needle, body.count(needle)) for needle in NEEDLES]
            check_reference(s, body)

    counted = {}
    counted["anonymous-250-miss"] = inprocess.queries_per_request(inprocess.client({}, {}), big.path, cold=True)
    for name, path, cookies in [
        ("hello", hello, {}),
        ("anonymous-250", big.path, {}),
        ("anonymous-10", small.path, {}),
        ("seated-250", big.path, seated),
        ("seated-10", small.path, small_seated),
        ("seeker-250", big.path, seeker),
        ("seeker-10", small.path, small_seeker),
    ]:
        counted[name] = inprocess.queries_per_request(inprocess.client(cookies, {}), path)
    by_name = {s.name: s for s in scenarios}
    by_name["hello"].queries = by_name["hello-end"].queries = len(counted["hello"])
    by_name["board-anon"].queries = len(counted["anonymous-250"])
    by_name["board-seated"].queries = len(counted["seated-250"])
    by_name["board-seeker"].queries = len(counted["seeker-250"])
    by_name["board10-anon"].queries = len(counted["anonymous-10"])
    poll = inprocess.queries_per_request(inprocess.client(seated, htmx), big.path)
    by_name["board-poll"].queries = by_name["board-poll-304"].queries = len(poll)
    by_name["board-anon-poll"].queries = by_name["board-anon-304"].queries = len(
        inprocess.queries_per_request(inprocess.client({}, htmx), big.path)
    )

    split = {
        name: asdict(inprocess.breakdown(inprocess.client(cookies, {}), big.path))
        for name, cookies in [("board-anon", {}), ("board-seated", seated), ("board-seeker", seeker)]
    }
    # What each worker pays once a minute (per zone), and after every board action.
    split["board-anon, cache miss"] = asdict(inprocess.breakdown(inprocess.client({}, {}), big.path, cold=True))
    info = {
        "setup_seconds": {"migrate": migrated - started, "generate": generated - migrated},
        "data": {
            "zones": len(cohort_data.ZONES),
            "big": {k: getattr(big, k) for k in ("masterminds", "signups", "seated", "waitlist", "held", "forming")},
            "small": {
                k: getattr(small, k) for k in ("masterminds", "signups", "seated", "waitlist", "held", "forming")
            },
        },
        "queries": {name: {"count": len(sqls), "sql": sqls} for name, sqls in counted.items()},
        "breakdown_ms": split,
    }
    return scenarios, info


def hello_rps(scenarios: list[Scenario]) -> float:
    runs = [s.result["rps"] for s in scenarios if s.name.startswith("hello")]
    return max(sum(runs) / len(runs), 1e-9)


def hello_cpu_ms(scenarios: list[Scenario]) -> float | None:
    runs = [s.result["server_cpu_ms"] for s in scenarios if s.name.startswith("hello")]
    return None if None in runs else sum(runs) / len(runs)


def cpu_ratio(scenarios: list[Scenario], s: Scenario) -> float | None:
    """Requests/s against hello as the web workers' CPU per request predicts it on an idle machine."""
    hello = hello_cpu_ms(scenarios)
    mine = s.result["server_cpu_ms"]
    return None if hello is None or not mine else hello / mine


def table(scenarios: list[Scenario]) -> str:
    hello = hello_rps(scenarios)
    rows = [
        "| scenario | req/s | × hello | p50 ms | p95 ms | p99 ms | web CPU ms | × hello (CPU) | page KB | 304s "
        "| queries | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in scenarios:
        r = s.result
        cpu = "?" if r["server_cpu_ms"] is None else f"{r['server_cpu_ms']:.2f}"
        by_cpu = cpu_ratio(scenarios, s)
        rows.append(
            f"| {s.label} | {r['rps']:.1f} | {r['rps'] / hello:.3f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} "
            f"| {r['p99_ms']:.1f} | {cpu} "
            f"| {'?' if by_cpu is None else f'{by_cpu:.3f}'} | {s.page_bytes / 1024:.1f} "
            f"| {r.get('not_modified_share', 0):.0%} | {s.queries} "
            f"| {r['errors']} |"
        )
    return "\n".join(rows)


def report(scenarios: list[Scenario], info: dict[str, Any], args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    hello = hello_rps(scenarios)
    q = {name: v["count"] for name, v in info["queries"].items()}
    flat = all(q[f"{who}-250"] == q[f"{who}-10"] for who in ("anonymous", "seated", "seeker"))
    verdicts = {
        s.name: {
            "ratio": s.result["rps"] / hello,
            "ratio_by_cpu": cpu_ratio(scenarios, s),
            "pass": s.result["rps"] / hello >= TARGET,
            "targeted": s.name == TARGETED,
        }
        for s in scenarios
        if s.name in REPORTED
    }
    lines = [
        f"## board benchmark — {BIG['signups']} signups in {BIG['masterminds']} masterminds, PostgreSQL, gunicorn",
        "",
        f"gunicorn gthread {args.workers} workers × {args.threads} threads, DB_CONN_MAX_AGE={args.conn_max_age}; "
        f"load: {args.clients} processes × {args.connections} keep-alive connections, each checking the status "
        f"of every response and the content of 1 in {args.check_every}; "
        f"{args.warmup:g} s warm-up + {args.duration:g} s measured per scenario; {os.cpu_count()} CPUs shared "
        "by server, database and client.",
        "",
        table(scenarios),
        "",
        f"× hello is against the mean of both hello runs ({hello:.0f} req/s). Web CPU ms is the gunicorn workers' "
        "CPU time per request over the measured window; × hello (CPU) is the ratio it predicts on a machine "
        "with no other work (PostgreSQL and the client not counted).",
        "",
    ]
    big = info["data"]["big"]
    lines.append(
        f"- data: {big['masterminds']} masterminds ({big['masterminds'] - big['forming']} formed, "
        f"{big['forming']} forming), {big['seated']} seated, {big['waitlist']} waitlisted "
        f"({big['held']} holding a seat), 1 accepted without a seat; {info['data']['zones']} time zones"
    )
    for name, v in verdicts.items():
        word = "PASS" if v["pass"] else "MISS"
        by_cpu = "" if v["ratio_by_cpu"] is None else f" ({v['ratio_by_cpu']:.3f}× by CPU)"
        what = f"target ≥ {TARGET}×" if v["targeted"] else f"no target; {TARGET}× would be {word}"
        lines.append(f"- {name}: {v['ratio']:.3f}× hello{by_cpu}{f' — {word}' if v['targeted'] else ''} ({what})")
    lines.append(
        "- queries/request, 250 vs 10 masterminds: "
        + ", ".join(f"{who} {q[f'{who}-250']} vs {q[f'{who}-10']}" for who in ("anonymous", "seated", "seeker"))
        + (" — constant" if flat else " — GROWS with the board")
        + f"; an anonymous cache miss {q['anonymous-250-miss']}"
    )
    lines.append("- in process (test client, 250 masterminds), ms per request: CPU time of Django + SQL wall time")
    for name, b in info["breakdown_ms"].items():
        rest = b["total_ms"] - b["build_board_ms"] - b["render_ms"]
        lines.append(
            f"  - {name}: CPU {b['total_ms']:.1f} = build_board {b['build_board_ms']:.1f} "
            f"+ template {b['render_ms']:.1f} + rest {rest:.1f}; SQL round trips {b['sql_ms']:.1f}"
        )
    cpu = ", ".join(f"{s.name} {s.result['client_cpu_share']:.0%}" for s in scenarios)
    lines.append(f"- load-client CPU (of one core): {cpu}")
    busy = info.get("machine_busy_before")
    if busy is not None:
        warning = " — the machine was busy with other work: treat the numbers as rough" if busy > 0.15 else ""
        lines.append(f"- CPU busy with other work just before the load runs: {busy:.0%}{warning}")
    data = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "python": platform.python_version(),
        "config": vars(args),
        "target": {"ratio": TARGET, "verdicts": verdicts, "queries_constant": flat},
        "scenarios": [
            {"name": s.name, "label": s.label, "path": s.path, "page_bytes": s.page_bytes, "queries": s.queries}
            | s.result
            for s in scenarios
        ],
        **info,
    }
    return "\n".join(lines), data


def main() -> int:
    args = parse_args()
    # SIGTERM unwinds like Ctrl-C, so gunicorn is stopped and the database dropped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    name = f"hotseat_bench_{os.getpid()}"
    try:
        database_url = postgres.create_database(name)
    except BenchError as exc:
        print(f"board benchmark: {exc}", file=sys.stderr)
        return 1
    try:
        scenarios, info = prepare(database_url, save_pages=args.save_pages)
        if args.profile:
            from bench.harness import inprocess  # noqa: PLC0415 -- it imports hotseat's models: only after django.setup()

            chosen = next(s for s in scenarios if s.name == args.profile)
            print(inprocess.profile(inprocess.client(chosen.cookies, chosen.headers), chosen.path))
        connections.close_all()
        if args.only is not None:
            scenarios = [s for s in scenarios if s.name.startswith("hello") or s.name in args.only]
        info["machine_busy_before"] = machine_busy()
        env = os.environ | {
            "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_DIR), os.environ.get("PYTHONPATH")])),
            "DJANGO_SETTINGS_MODULE": "bench.harness.settings",
            "DATABASE_URL": database_url,
            "DB_CONN_MAX_AGE": str(args.conn_max_age),
            "LOG_LEVEL": "WARNING",
        }
        with server.gunicorn(
            env=env,
            workers=args.workers,
            threads=args.threads,
            log=OUT / "gunicorn.log",
            ready_path="/bench/hello/",
            cwd=PROJECT_DIR,
        ) as running:
            for s in scenarios:
                s.result = load(s, running.pid, running.port, args, env)
        text, data = report(scenarios, info, args)
        data["postgres"] = postgres.server_version()
        print(text)
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / "board.json").write_text(json.dumps(data, indent=2) + "\n")
        print(f"\nwrote {(OUT / 'board.json').relative_to(PROJECT_DIR)}")
        errors = {s.name: s.result["error_samples"] for s in scenarios if s.result["errors"]}
        if errors:
            print(f"board benchmark: bad responses under load: {errors}", file=sys.stderr)
            return 1
        return 0
    except BenchError as exc:
        print(f"board benchmark: {exc}", file=sys.stderr)
        return 1
    finally:
        if "django.db" in sys.modules:
            sys.modules["django.db"].connections.close_all()
        if args.keep_db:
            print(f"kept the database: DATABASE_URL={postgres.database_url(name)}", file=sys.stderr)
        else:
            try:
                postgres.drop_database(name)
            except BenchError as exc:
                print(f"board benchmark: could not drop {name}: {exc}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
