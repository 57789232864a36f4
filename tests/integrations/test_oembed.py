"""The oEmbed title fetch against a real HTTP server on loopback (no network needed, no mocks)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from hotseat.integrations.oembed import fetch_title, provider_of, video_links


class Provider(ThreadingHTTPServer):
    """Answers oEmbed requests as told: a JSON body, a delay, a status."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.body: bytes = b"{}"
        self.status = 200
        self.delay = 0.0
        self.requests: list[dict[str, list[str]]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/oembed"


class Handler(BaseHTTPRequestHandler):
    server: Provider

    def do_GET(self) -> None:
        self.server.requests.append(parse_qs(urlsplit(self.path).query))
        time.sleep(self.server.delay)
        self.send_response(self.server.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(self.server.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def provider(settings) -> Iterator[Provider]:
    server = Provider()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.OEMBED_ENDPOINTS = {"youtube": server.url, "vimeo": server.url, "loom": server.url}
    yield server
    server.shutdown()
    server.server_close()


def test_fetch_title_reads_the_providers_title(provider):
    provider.body = json.dumps({"title": "  How we doubled   replies ", "type": "video"}).encode()
    title = fetch_title("https://www.loom.com/share/0123abcd")
    assert title == "How we doubled replies"
    assert provider.requests[0]["url"] == ["https://www.loom.com/share/0123abcd"]
    assert provider.requests[0]["format"] == ["json"]


def test_fetch_title_gives_up_after_the_timeout(provider):
    provider.delay = 1.0
    provider.body = b'{"title": "too late"}'
    started = time.monotonic()
    assert fetch_title("https://vimeo.com/123456", timeout=0.2) is None
    assert time.monotonic() - started < 0.9


@pytest.mark.parametrize(("status", "body"), [(404, b'{"title": "x"}'), (200, b"<html>not json"), (200, b'{"no": 1}')])
def test_fetch_title_is_none_for_a_broken_answer(provider, status, body):
    provider.status, provider.body = status, body
    assert fetch_title("https://youtu.be/abc") is None


def test_fetch_title_is_none_when_nothing_listens(settings):
    settings.OEMBED_ENDPOINTS = {"youtube": "http://127.0.0.1:9/oembed"}
    assert fetch_title("https://www.youtube.com/watch?v=abc", timeout=1) is None


def test_provider_of_knows_only_https_video_hosts():
    assert provider_of("https://www.youtube.com/watch?v=x") == "youtube"
    assert provider_of("https://vimeo.com/1") == "vimeo"
    assert provider_of("https://www.loom.com/share/x") == "loom"
    assert provider_of("http://www.youtube.com/watch?v=x") is None
    assert provider_of("https://youtube.com.evil.example/x") is None
    assert provider_of("https://vimeo.com/") is None


def test_video_links_finds_each_link_once_in_markdown():
    text = "See [my video](https://www.loom.com/share/a1). Also https://youtu.be/b2, and https://www.loom.com/share/a1"
    assert [link.url for link in video_links(text)] == ["https://www.loom.com/share/a1", "https://youtu.be/b2"]
