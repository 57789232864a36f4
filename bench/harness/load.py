"""A small HTTP/1.1 load client: keep-alive connections on threads, standard library only.

bench/board.py starts several of these processes at once so the client is not one
GIL-bound process. Each one waits until the agreed start instant, runs a warm-up,
then counts the responses completed inside the measured window.

    python -m bench.harness.load '<json config>'   # prints one JSON object
"""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any


class ProtocolError(Exception):
    pass


class ClosedBeforeReplyError(ConnectionError):
    """The server closed a kept-alive connection before answering: retry on a new one."""


@dataclass
class Response:
    status: int
    body: bytes | bytearray
    cookies: dict[str, str]
    etag: str | None = None


class Connection:
    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self.sock: socket.socket | None = None

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    def get(self, request: bytes) -> Response:
        reused = self.sock is not None
        try:
            return self._exchange(request)
        except ClosedBeforeReplyError:
            self.close()
            if not reused:
                raise
        return self._exchange(request)

    def _exchange(self, request: bytes) -> Response:
        if self.sock is None:
            self.sock = socket.create_connection((self.host, self.port), timeout=60)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock = self.sock
        sock.sendall(request)
        buf = bytearray()
        while (end := buf.find(b"\r\n\r\n")) < 0:
            chunk = sock.recv(65536)
            if not chunk:
                self.close()
                if not buf:
                    raise ClosedBeforeReplyError
                raise ConnectionError("connection closed inside the response headers")
            buf += chunk
        head = parse_head(bytes(buf[:end]))
        body = buf[end + 4 :]
        if head.length is None:
            if not head.close:
                raise ProtocolError("a kept-alive response without Content-Length")
            while chunk := sock.recv(65536):
                body += chunk
        elif len(body) < head.length:
            # Straight into a buffer of the announced size: a 330 KB page costs the client
            # no growing and copying, on a machine whose CPUs it shares with the server.
            got = len(body)
            body.extend(bytes(head.length - got))
            view = memoryview(body)
            while got < head.length:
                n = sock.recv_into(view[got:])
                if not n:
                    raise ConnectionError("connection closed inside the response body")
                got += n
            view.release()
        if head.close:
            self.close()
        return Response(head.status, body, head.cookies, head.etag)


@dataclass
class Head:
    status: int
    close: bool
    length: int | None
    cookies: dict[str, str]
    etag: str | None = None


def parse_head(raw: bytes) -> Head:
    status_line, *header_lines = raw.decode("latin-1").split("\r\n")
    head = Head(int(status_line.split(" ", 2)[1]), status_line.startswith("HTTP/1.0"), None, {})
    for line in header_lines:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        value = value.strip()
        if name == "content-length":
            head.length = int(value)
        elif name == "connection":
            head.close = value.lower() == "close"
        elif name == "transfer-encoding":
            raise ProtocolError(f"Transfer-Encoding {value} is not supported by this client")
        elif name == "etag":
            head.etag = value
        elif name == "set-cookie":
            key, _, val = value.partition(";")[0].partition("=")
            head.cookies[key.strip()] = val.strip()
    return head


def build_request(config: dict[str, Any], jar: dict[str, str], etag: str | None = None) -> bytes:
    lines = [f"GET {config['path']} HTTP/1.1", f"Host: {config['host']}:{config['port']}", "Accept: text/html"]
    lines += [f"{name}: {value}" for name, value in config.get("headers", {}).items()]
    if etag is not None:
        lines.append(f"If-None-Match: {etag}")
    if jar:
        lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in jar.items()))
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def problem(config: dict[str, Any], response: Response, *, content: bool = True) -> str | None:
    if response.status == 304 and config.get("revalidate"):
        return None if response.etag else "a 304 without an ETag"
    if response.status != 200:
        return f"status {response.status}: {response.body[:200]!r}"
    for needle, expected in config.get("expect", []) if content else []:
        found = response.body.count(needle.encode())
        if found != expected:
            return f"{needle!r} found {found} times, expected {expected}"
    return None


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    samples: list[str] = field(default_factory=list)
    body_bytes: int = 0
    not_modified: int = 0

    def fail(self, message: str) -> None:
        self.errors += 1
        if len(self.samples) < 3:
            self.samples.append(message)


def drive(config: dict[str, Any], measure_from: float, stop_at: float, tally: Tally) -> None:
    """One keep-alive connection, one request at a time, until stop_at."""
    conn = Connection(config["host"], config["port"])
    jar = dict(config.get("cookies", {}))
    etag: str | None = None  # with "revalidate", sent back as If-None-Match, as a browser's cache does
    request = build_request(config, jar)
    # Every response's status is checked; its content (needles counted in ~330 KB) in the first
    # response and one in `check_every`, so the client's CPU weighs less on the shared machine.
    every = max(1, int(config.get("check_every", 1)))
    count = 0
    while time.time() < stop_at:
        started = time.perf_counter()
        try:
            response = conn.get(request)
        except (OSError, ProtocolError, ValueError) as exc:
            conn.close()
            tally.fail(f"{type(exc).__name__}: {exc}")
            time.sleep(0.05)
            continue
        latency = time.perf_counter() - started
        done = time.time()
        # Keep the cookies the server sets (the CSRF cookie), as a browser would.
        fresh_etag = response.etag if config.get("revalidate") and response.status == 200 else etag
        if fresh_etag != etag or (response.cookies and any(jar.get(k) != v for k, v in response.cookies.items())):
            jar.update(response.cookies)
            etag = fresh_etag
            request = build_request(config, jar, etag)
        count += 1
        if (message := problem(config, response, content=count % every == 1 or every == 1)) is not None:
            tally.fail(message)
        elif measure_from <= done < stop_at:
            tally.latencies.append(latency)
            tally.body_bytes = max(tally.body_bytes, len(response.body))
            tally.not_modified += response.status == 304
    conn.close()


def run(config: dict[str, Any]) -> dict[str, Any]:
    start = float(config["start_at"])
    measure_from = start + float(config["warmup"])
    stop_at = measure_from + float(config["duration"])
    time.sleep(max(0.0, start - time.time()))
    cpu = time.process_time()
    tallies = [Tally() for _ in range(int(config["connections"]))]
    threads = [threading.Thread(target=drive, args=(config, measure_from, stop_at, t)) for t in tallies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "latencies": [x for t in tallies for x in t.latencies],
        "errors": sum(t.errors for t in tallies),
        "error_samples": [s for t in tallies for s in t.samples][:5],
        "body_bytes": max(t.body_bytes for t in tallies),
        "not_modified": sum(t.not_modified for t in tallies),
        "cpu_seconds": time.process_time() - cpu,
    }


if __name__ == "__main__":
    json.dump(run(json.loads(sys.argv[1])), sys.stdout)
