"""Several web processes behind one board (DESIGN.md, Scale): two real gunicorns sharing Redis.

A seat taken through one process shows at once on the board the other serves to a signed-in
viewer, and the other's poll stops answering 304: the board version lives in the shared cache.
"""

from __future__ import annotations

import http.client
import re
import socket
import uuid

import pytest
from django.urls import reverse

from bench.harness.inprocess import session_for
from tests.accounts.proxy import Browser, gunicorn
from tests.factories import MastermindFactory, SignupFactory, UserFactory

REDIS = ("127.0.0.1", 6379)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def redis_is_up() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        return False
    return True


pytestmark = pytest.mark.skipif(not redis_is_up(), reason="needs Redis on 127.0.0.1:6379 (CACHE_URL)")


def poll(browser: Browser, path: str, etag: str | None = None) -> tuple[int, str, str]:
    """The board's htmx poll as the browser sends it: status, ETag, body."""
    headers = {"Host": "127.0.0.1", "HX-Request": "true"}
    headers["Cookie"] = "; ".join(f"{name}={morsel.value}" for name, morsel in browser.cookies.items())
    if etag:
        headers["If-None-Match"] = etag
    link = http.client.HTTPConnection(*browser.server, timeout=60, source_address=(browser.address, 0))
    link.request("GET", path, headers=headers)
    answer = link.getresponse()
    body = answer.read().decode()
    link.close()
    return answer.status, answer.headers.get("ETag", ""), body


def card(html: str, mastermind_id: int) -> str:
    return html.split(f'id="m{mastermind_id}"', 1)[1].split("</article>", 1)[0]


def test_a_seat_taken_through_one_process_shows_at_once_on_a_board_served_by_another(transactional_db, cohort, alice):
    last_seat = MastermindFactory(cohort=cohort, capacity=2, leader=alice)
    bob, chloe = UserFactory(display_name="Bob"), UserFactory(display_name="Chloé Martin")
    SignupFactory(cohort=cohort, user=bob)
    SignupFactory(cohort=cohort, user=chloe)
    shared = {"CACHE_URL": "redis://127.0.0.1:6379/1", "CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    settings_module = "tests.masterminds.views.redis_settings"
    board = cohort.get_absolute_url()
    take = reverse("take_seat", args=[cohort.program.slug, cohort.slug, last_seat.pk])

    with (
        gunicorn(DJANGO_SETTINGS_MODULE=settings_module, **shared) as one,
        gunicorn(DJANGO_SETTINGS_MODULE=settings_module, **shared) as other,
    ):
        watcher = Browser(other, "127.0.0.2")
        watcher.cookies["sessionid"] = session_for(bob)
        taker = Browser(one, "127.0.0.3")
        taker.cookies["sessionid"] = session_for(chloe)
        status, before = watcher.request("GET", board)
        assert status == 200
        assert "Take this seat" in card(before, last_seat.pk)
        status, etag, _ = poll(watcher, board)
        assert status == 200
        assert poll(watcher, board, etag)[0] == 304

        _, page = taker.request("GET", board)
        token = TOKEN.search(card(page, last_seat.pk))
        assert token is not None
        status, _ = taker.request("POST", take, data={"csrfmiddlewaretoken": token.group(1)})
        assert status in (200, 302, 303)

        status, after = watcher.request("GET", board)
        assert status == 200
        assert "Chloé Martin" in card(after, last_seat.pk)
        assert "Take this seat" not in card(after, last_seat.pk)
        assert "Wait for a seat here" in card(after, last_seat.pk)
        status, new_etag, polled = poll(watcher, board, etag)
        assert status == 200
        assert new_etag != etag
        assert "Chloé Martin" in card(polled, last_seat.pk)
