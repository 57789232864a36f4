"""The client's results for what a forum may do: answer, refuse, limit, redirect, say nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hotseat.integrations.discourse.client import (
    DEFAULT_RETRY_AFTER,
    Answer,
    Forum,
    RateLimited,
    Refused,
    Unreachable,
    retry_after_seconds,
    subcategory_with_slug,
    topic_id_from_location,
)
from tests.integrations.discourse.fake_forum import API_KEY, Fault, closed_port


def client(url: str, timeout: float = 5) -> Forum:
    return Forum(url, API_KEY, "system", timeout=timeout)


def test_the_headers_carry_the_key(fake_forum):
    assert isinstance(client(fake_forum.url).create_group("g1", "G"), Answer)
    refused = Forum(fake_forum.url, "wrong", "system").create_group("g2", "G")
    assert isinstance(refused, Refused)
    assert refused.status == 403


def test_a_redirect_is_not_followed(fake_forum):
    forum = client(fake_forum.url)
    forum.create_topic("T", "raw", 1, "x1")
    found = forum.find_topic("x1")
    assert isinstance(found, Answer)
    assert found.status == 301
    assert topic_id_from_location(found.location) == fake_forum.topics["x1"]["topic_id"]
    assert fake_forum.count("GET", r"/t/.*") == 1  # the Location was not fetched


def test_faults_come_back_typed(fake_forum):
    forum = client(fake_forum.url, timeout=1)
    fake_forum.faults = [Fault(500), Fault(429, retry_after="7"), Fault(429), Fault(200, delay=2), Fault(0)]
    assert forum.find_group("g") == Refused(500, '{"errors": ["fault 500"]}')
    assert forum.find_group("g") == RateLimited(7.0, '{"errors": ["fault 429"]}')
    limited = forum.find_group("g")
    assert isinstance(limited, RateLimited)
    assert limited.retry_after == DEFAULT_RETRY_AFTER
    assert isinstance(forum.find_group("g"), Unreachable)  # timed out
    assert isinstance(forum.find_group("g"), Unreachable)  # connection closed without an answer
    assert forum.calls == 5


def test_refused_connection_and_odd_addresses():
    assert isinstance(client(f"http://127.0.0.1:{closed_port()}").find_group("g"), Unreachable)
    assert isinstance(client("file:///etc/passwd").find_group("g"), Unreachable)
    assert isinstance(client("http://[::1").find_group("g"), Unreachable)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("30", 30.0),
        ("", DEFAULT_RETRY_AFTER),
        (None, DEFAULT_RETRY_AFTER),
        ("soon", DEFAULT_RETRY_AFTER),
        ("99999999", 3600.0),
        ("Sun, 06 Dec 2026 12:00:30 GMT", 30.0),
        ("Sun, 06 Dec 2026 11:00:00 GMT", 0.0),
    ],
)
def test_retry_after(value, seconds):
    assert retry_after_seconds(value, now=datetime(2026, 12, 6, 12, 0, tzinfo=UTC)) == seconds


def test_subcategory_lookup():
    listing = {
        "category_list": {
            "categories": [
                {"id": 7, "slug": "masterminds", "subcategory_list": [{"id": 9, "slug": "hotseat-1-1"}]},
                {"id": 8, "slug": "hotseat-1-1"},
            ]
        }
    }
    assert subcategory_with_slug(listing, 7, "hotseat-1-1") == {"id": 9, "slug": "hotseat-1-1"}
    assert subcategory_with_slug(listing, None, "hotseat-1-1") == {"id": 8, "slug": "hotseat-1-1"}
    assert subcategory_with_slug(listing, 7, "other") is None
    assert subcategory_with_slug({}, 7, "x") is None
