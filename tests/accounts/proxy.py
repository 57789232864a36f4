"""hotseat as deployed (docs/deploy.md): real gunicorn on a loopback port against the test database,
behind a forwarding proxy that sets X-Forwarded-For as nginx does, and browsers that connect from
addresses of their own (127.0.0.2, 127.0.0.3 …: all of 127.0.0.0/8 is the loopback on Linux).
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, urlencode

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "proxy-connection", "upgrade"}
WAIT = 60  # seconds a request may take on a busy machine before the test gives up (not an assertion)


def test_database_url() -> str:
    """A DATABASE_URL for the database this test runs on, for another process to use."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    user = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def gunicorn(**env: str) -> Iterator[tuple[str, int]]:
    """gunicorn serving hotseat.wsgi on a loopback port (bound here and handed over, so no port race)."""
    listener = socket.create_server(("127.0.0.1", 0))
    address = listener.getsockname()
    environment = {
        **{key: value for key, value in os.environ.items() if key not in ("TRUSTED_PROXY_COUNT", "DATABASE_URL")},
        "DATABASE_URL": test_database_url(),
        "DEBUG": "false",
        "EMAIL_URL": "locmem:",
        "DJANGO_SETTINGS_MODULE": "tests.accounts.gunicorn_settings",
        **env,
    }
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and gunicorn, fixed arguments)
        [sys.executable, "-m", "gunicorn", "hotseat.wsgi", "--bind", f"fd://{listener.fileno()}", "--workers", "1"],
        cwd=ROOT,
        env=environment,
        pass_fds=[listener.fileno()],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    listener.close()
    try:
        yield address
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=WAIT)
        assert b"Traceback" not in errors, errors.decode(errors="replace")


class _Forward(BaseHTTPRequestHandler):
    upstream: tuple[str, int]

    def _forward(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {key: value for key, value in self.headers.items() if key.lower() not in HOP_BY_HOP}
        # nginx's `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for`: append whom we saw.
        seen = self.client_address[0]
        headers["X-Forwarded-For"] = f"{headers['X-Forwarded-For']}, {seen}" if "X-Forwarded-For" in headers else seen
        headers["X-Forwarded-Proto"] = "http"
        upstream = http.client.HTTPConnection(*self.upstream, timeout=WAIT)
        upstream.request(self.command, self.path, body=body, headers=headers)
        answer = upstream.getresponse()
        content = answer.read()
        self.send_response_only(answer.status, answer.reason)
        for key, value in answer.getheaders():
            if key.lower() not in HOP_BY_HOP and key.lower() != "content-length":
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)
        upstream.close()

    do_GET = do_POST = _forward  # noqa: N815 (http.server's names)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def forwarding_proxy(upstream: tuple[str, int]) -> Iterator[tuple[str, int]]:
    """A reverse proxy on loopback in front of `upstream`, adding X-Forwarded-For as nginx does."""
    handler = type("Forward", (_Forward,), {"upstream": upstream})
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        yield proxy.server_address[:2]  # type: ignore[misc]
    finally:
        proxy.shutdown()
        proxy.server_close()


@dataclass
class Browser:
    """Someone at `address` (a loopback address of their own) talking HTTP to `server`, keeping cookies."""

    server: tuple[str, int]
    address: str
    cookies: SimpleCookie = field(default_factory=SimpleCookie)

    def request(
        self, method: str, path: str, *, data: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, str]:
        sent = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={morsel.value}" for name, morsel in self.cookies.items())
        body = urlencode(data).encode() if data is not None else None
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        link = http.client.HTTPConnection(*self.server, timeout=WAIT, source_address=(self.address, 0))
        link.request(method, path, body=body, headers=sent)
        answer = link.getresponse()
        for cookie in answer.headers.get_all("Set-Cookie") or []:
            self.cookies.load(cookie)
        text = answer.read().decode()
        link.close()
        return answer.status, text

    def log_in(self, email: str, password: str, *, headers: dict[str, str] | None = None) -> str:
        """Post the login form as a person would: "in", "wrong password" or "locked out"."""
        _, page = self.request("GET", "/accounts/login/", headers=headers)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token is not None, page
        form = {"login": email, "password": password, "csrfmiddlewaretoken": token.group(1)}
        status, answer = self.request("POST", "/accounts/login/", data=form, headers=headers)
        if status == 302:
            return "in"
        assert status == 200, (status, answer)
        if "Too many failed login attempts" in answer:
            return "locked out"
        assert "are not correct" in answer, answer
        return "wrong password"
