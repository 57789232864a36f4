"""Prism serving Discourse's published API description, and the small fake forum, for the tests that call a forum.

Without Node or the installed Prism (`make install` runs `npm ci`), the contract tests are
skipped with a notice, except under CI=true, where they fail: CI must not pass having checked
nothing against Discourse's description.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integrations.discourse.fake_forum import FakeForum, start_fake_forum

ROOT = Path(__file__).resolve().parents[3]
SPEC = ROOT / "tests" / "contracts" / "discourse" / "openapi.json"
PRISM = ROOT / "node_modules" / ".bin" / "prism"
MISSING_PRISM = (
    "Prism is not installed (node_modules/.bin/prism) or Node is missing: install Node and npm, then run make install"
)
STARTUP_SECONDS = 90


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/site.json", timeout=2):  # noqa: S310 -- our own loopback Prism
            return True
    except urllib.error.HTTPError:
        return True  # any HTTP answer: Prism is up
    except OSError:
        return False


@pytest.fixture(scope="session")
def prism_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of `prism mock --errors` over Discourse's openapi.json, on a free loopback port."""
    if not PRISM.exists() or shutil.which("node") is None:
        if in_ci():
            pytest.fail(f"{MISSING_PRISM}. CI=true: the contract tests must run, so this is an error.")
        pytest.skip(f"{MISSING_PRISM}. The Discourse contract tests are skipped.")
    port = _free_port()
    log_path = tmp_path_factory.mktemp("prism") / "prism.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 -- our pinned Prism on our vendored file
            [str(PRISM), "mock", "--errors", "-h", "127.0.0.1", "-p", str(port), str(SPEC)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _answers(url):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Prism did not start on {url}:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def fake_forum() -> Iterator[FakeForum]:
    forum, server = start_fake_forum()
    try:
        yield forum
    finally:
        server.shutdown()
        server.server_close()
