"""A small Discourse on loopback for the tests: real HTTP, the few endpoints hotseat calls, and faults on demand.

It keeps what it was asked to make (groups, members, invites, categories, topics) so a test can
check that nothing was made twice, and answers like Discourse does (a 422 for a taken group name,
301 from /t/external_id/). `faults` is a queue: each request takes the next one, if any.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

API_KEY = "test-admin-key"


@dataclass
class Fault:
    status: int = 500  # 0: close the connection without an answer
    retry_after: str = ""
    delay: float = 0.0  # seconds before answering (a timeout when longer than the client's)


@dataclass
class FakeForum:
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)
    invites: list[dict[str, Any]] = field(default_factory=list)
    # The program's parent category is there already, as on the sponsor's forum.
    categories: list[dict[str, Any]] = field(
        default_factory=lambda: [{"id": 7, "name": "Masterminds", "slug": "masterminds"}]
    )
    topics: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""
    next_id: int = 100

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id

    def made_categories(self) -> list[dict[str, Any]]:
        return [c for c in self.categories if c.get("parent_category_id") is not None]

    def count(self, method: str, path_pattern: str) -> int:
        return sum(1 for m, p in self.requests if m == method and re.fullmatch(path_pattern, p))


def _handler(forum: FakeForum) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _reply(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
            raw = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def _serve(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            payload = json.loads(self.rfile.read(length) or b"{}") if length else {}
            path = self.path.split("?", 1)[0]
            with forum.lock:
                forum.requests.append((method, path))
                fault = forum.faults.pop(0) if forum.faults else None
            if fault is not None:
                time.sleep(fault.delay)
                if fault.status == 0:
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                self._reply(fault.status, {"errors": [f"fault {fault.status}"]}, headers)
                return
            if self.headers.get("Api-Key") != API_KEY or not self.headers.get("Api-Username"):
                self._reply(403, {"errors": ["You are not permitted to view the requested resource."]})
                return
            with forum.lock:
                status, body, headers = self._route(method, path, payload)
            self._reply(status, body, headers)

        def _route(self, method: str, path: str, payload: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:  # noqa: PLR0911 -- a branch per route
            if method == "GET" and (m := re.fullmatch(r"/groups/([^/]+)\.json", path)):
                group = forum.groups.get(m.group(1))
                return (200, {"group": group}, {}) if group else (404, {"errors": ["not found"]}, {})
            if method == "POST" and path == "/admin/groups.json":
                name = payload["group"]["name"]
                if name in forum.groups:
                    return 422, {"errors": ["Name has already been taken"]}, {}
                forum.groups[name] = {"id": forum.new_id(), "name": name, "members": [], **payload["group"]}
                return 200, {"basic_group": forum.groups[name]}, {}
            if method == "PUT" and (m := re.fullmatch(r"/groups/(\d+)/members\.json", path)):
                group = next((g for g in forum.groups.values() if g["id"] == int(m.group(1))), None)
                if group is None:
                    return 404, {"errors": ["not found"]}, {}
                group["members"] += payload["usernames"].split(",")
                return 200, {"success": "OK", "usernames": payload["usernames"].split(",")}, {}
            if method == "POST" and path == "/invites.json":
                forum.invites.append(payload)
                return 200, {"id": forum.new_id(), "email": payload["email"]}, {}
            if method == "GET" and path == "/categories.json":
                top = [c for c in forum.categories if c.get("parent_category_id") is None]
                listed = [
                    {**c, "subcategory_list": [s for s in forum.categories if s.get("parent_category_id") == c["id"]]}
                    for c in top
                ]
                return 200, {"category_list": {"categories": listed}}, {}
            if method == "POST" and path == "/categories.json":
                category = {"id": forum.new_id(), **payload}
                forum.categories.append(category)
                return 200, {"category": category}, {}
            if method == "GET" and (m := re.fullmatch(r"/t/external_id/([^/]+)\.json", path)):
                topic = forum.topics.get(m.group(1))
                if topic is None:
                    return 404, {"errors": ["not found"]}, {}
                return 301, None, {"Location": f"{forum.url}/t/welcome/{topic['topic_id']}.json"}
            if method == "POST" and path == "/posts.json":
                topic = {"id": forum.new_id(), "topic_id": forum.new_id(), **payload}
                forum.topics[payload["external_id"]] = topic
                return 200, topic, {}
            return 404, {"errors": ["no such route"]}, {}

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def do_PUT(self) -> None:
            self._serve("PUT")

    return Handler


def start_fake_forum() -> tuple[FakeForum, ThreadingHTTPServer]:
    forum = FakeForum()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(forum))
    server.daemon_threads = True
    forum.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return forum, server


def closed_port() -> int:
    """A loopback port nobody listens on: connecting to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
