"""The board measured inside one process with Django's test client: queries and where time goes."""

from __future__ import annotations

import cProfile
import importlib
import io
import pstats
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from unittest import mock

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.cache import cache
from django.db import connection
from django.template.backends.django import Template
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hotseat.accounts.models import User
from hotseat.masterminds.views import board as views


def session_for(user: User) -> str:
    """A signed-in session straight in the session store, as a login would leave it."""
    store = importlib.import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return str(store.session_key)


def signed_in(user: User) -> dict[str, str]:
    """The cookies of a browser where `user` has logged in."""
    return {settings.SESSION_COOKIE_NAME: session_for(user)}


def client(cookies: dict[str, str], headers: dict[str, str]) -> Client:
    made = Client(HTTP_HOST="127.0.0.1", headers=headers)
    for name, value in cookies.items():
        made.cookies[name] = value
    return made


def fetch(browser: Client, path: str) -> bytes:
    response = browser.get(path)
    if response.status_code != 200:
        msg = f"GET {path} answered {response.status_code}"
        raise AssertionError(msg)
    return bytes(response.content)


def queries_per_request(browser: Client, path: str, *, cold: bool = False) -> list[str]:
    """The queries of one request: with the caches warm, or (cold) with Django's cache emptied first."""
    fetch(browser, path)  # the first request may fill caches
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        fetch(browser, path)
    return [q["sql"] for q in captured.captured_queries]


@dataclass(frozen=True)
class Breakdown:
    total_ms: float
    sql_ms: float
    build_board_ms: float
    render_ms: float

    @property
    def rest_ms(self) -> float:
        return self.total_ms - self.build_board_ms - self.render_ms


def breakdown(browser: Client, path: str, batches: int = 5, repeat: int = 8, *, cold: bool = False) -> Breakdown:
    """Per request: CPU time of this process in build_board, the template and the rest; SQL wall time.

    CPU time, and the best of a few batches, so that other work on a shared machine
    barely moves the numbers; SQL is wall time because it is mostly spent waiting.
    cold: Django's cache is emptied before each request (counted, it costs microseconds),
    so each one renders the board as a cache miss does.
    """
    best: Breakdown | None = None
    for _ in range(batches):
        spent = {"sql": 0.0, "build": 0.0, "render": 0.0}

        def timed(
            name: str, func: Callable[..., Any], spent: dict[str, float] = spent, clock: Any = time.thread_time
        ) -> Callable[..., Any]:
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                started = clock()
                try:
                    return func(*args, **kwargs)
                finally:
                    spent[name] += clock() - started

            return wrapper

        def sql(execute: Callable[..., Any], *args: Any, timed: Callable[..., Any] = timed) -> Any:
            return timed("sql", execute, clock=time.perf_counter)(*args)

        fetch(browser, path)
        with (
            mock.patch.object(views, "build_board", timed("build", views.build_board)),
            mock.patch.object(Template, "render", timed("render", Template.render)),
            connection.execute_wrapper(sql),
        ):
            started = time.thread_time()
            for _ in range(repeat):
                if cold:
                    cache.clear()
                fetch(browser, path)
            total = time.thread_time() - started
        per = 1000 / repeat
        batch = Breakdown(total * per, spent["sql"] * per, spent["build"] * per, spent["render"] * per)
        if best is None or batch.total_ms < best.total_ms:
            best = batch
    assert best is not None
    return best


def profile(browser: Client, path: str, repeat: int = 40, lines: int = 25) -> str:
    fetch(browser, path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        fetch(browser, path)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(lines)
    stats.sort_stats("cumulative").print_stats(lines)
    return out.getvalue()
