"""gunicorn on a free loopback port, stopped when the block ends (also on failure)."""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.harness import BenchError

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    pid: int
    command: list[str]


def _stat(pid: str) -> list[str]:
    # Fields after the command name, which may hold spaces: state, ppid, … utime, stime at 11, 12.
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def worker_cpu_seconds(master_pid: int) -> float | None:
    """CPU time used so far by the master's worker processes (Linux /proc; None elsewhere)."""
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        pids = [p for p in os.listdir("/proc") if p.isdigit()]
    except (OSError, ValueError, AttributeError):
        return None
    total = 0
    for pid in pids:
        try:
            fields = _stat(pid)
        except (OSError, IndexError):
            continue  # gone meanwhile
        if fields[1] == str(master_pid):
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _answers(port: int, path: str) -> bool:
    conn = http.client.HTTPConnection(HOST, port, timeout=2)
    try:
        conn.request("GET", path)
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


@contextlib.contextmanager
def gunicorn(
    *, env: dict[str, str], workers: int, threads: int, log: Path, ready_path: str, cwd: Path
) -> Iterator[Server]:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "hotseat.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        "--worker-class=gthread",
        f"--threads={threads}",
        "--keep-alive=5",
        "--log-level=warning",
    ]
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        proc = subprocess.Popen(command, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while not _answers(port, ready_path):
            if proc.poll() is not None or time.monotonic() > deadline:
                tail = log.read_text(errors="replace")[-3000:]
                msg = f"gunicorn did not come up on {HOST}:{port} (exit code {proc.poll()}). Its log, {log}:\n{tail}"
                raise BenchError(msg)
            time.sleep(0.2)
        yield Server(HOST, port, proc.pid, command)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
