"""The anonymous board from the cache: same page as a fresh render, fresh after every board action."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import MessageEncoder
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_htmx.middleware import HtmxDetails

from hotseat.accounts.middleware import BROWSER_ZONE_COOKIE
from hotseat.accounts.timezones import zone
from hotseat.masterminds import actions as board
from hotseat.masterminds.errors import BoardError
from hotseat.masterminds.models import Mastermind
from hotseat.masterminds.views.board import render_board
from hotseat.programs.actions import close_signup
from hotseat.programs.board_cache import CSRF_PLACEHOLDER, board_key, board_version, minute_of
from hotseat.programs.models import Cohort
from tests.factories import MastermindFactory, SignupFactory, seat

HTMX = {"HX-Request": "true"}
# Where each visitor's own token goes: the htmx headers and the hidden field of every form.
TOKEN = re.compile(r'(?<="X-CSRFToken": ")[^"]*|(?<=name="csrfmiddlewaretoken" value=")[^"]*')


def group_of(cohort: Cohort, leader: Any, *members: Any, capacity: int = 4) -> Mastermind:
    return MastermindFactory(
        cohort=cohort, title=f"Led by {leader.name}", capacity=capacity, leader=leader, members=list(members)
    )


def in_one_minute(check: Callable[[], None]) -> None:
    """Run a check whose requests must all fall in one clock minute (the cache key's); retry once if not."""
    for _ in range(2):
        started = minute_of(timezone.now().timestamp())
        try:
            check()
        except AssertionError:
            if minute_of(timezone.now().timestamp()) == started:
                raise
            continue  # a new minute is a new cache key: what the check saw proves nothing
        if minute_of(timezone.now().timestamp()) == started:
            return
    pytest.fail("two minute boundaries in a row: the clock jumps")


def uncached(cohort: Cohort, *, htmx: bool = False, zone_name: str = "UTC") -> str:
    """The board as render_board (the signed-in path, no cache) gives it to an anonymous viewer."""
    request = RequestFactory().get(cohort.get_absolute_url(), headers=HTMX if htmx else {})
    request.user = AnonymousUser()
    request.htmx = HtmxDetails(request)
    request.viewer_zone = zone(zone_name)
    with timezone.override(request.viewer_zone):
        return render_board(request, cohort).text


def without_token(html: str) -> str:
    return TOKEN.sub("…", html)


def anonymous_view(client: Client, cohort: Cohort, **kwargs: Any) -> str:
    response = client.get(cohort.get_absolute_url(), **kwargs)
    assert response.status_code == 200
    return response.text


# a cache hit is the page a fresh render gives ---------------------------------------------


def test_board_cache_hit_is_the_page_a_fresh_render_gives(client, cohort, alice, bob, erin, django_assert_num_queries):
    group_of(cohort, alice, bob)
    SignupFactory(cohort=cohort, user=erin, status="waitlisted", waitlisted_at=timezone.now())

    def check() -> None:
        miss = anonymous_view(client, cohort)
        with django_assert_num_queries(0):  # the cohort's id and the board both come from the cache
            hit = anonymous_view(client, cohort)
        fresh = uncached(cohort)
        assert without_token(hit) == without_token(fresh) == without_token(miss)
        assert "Alice" in hit
        assert "Erin" in hit
        assert CSRF_PLACEHOLDER not in hit

    in_one_minute(check)


def test_board_cache_hit_of_the_htmx_poll_is_the_fragment_a_fresh_render_gives(
    client, cohort, alice, bob, django_assert_num_queries
):
    group_of(cohort, alice, bob)

    def check() -> None:
        anonymous_view(client, cohort, headers=HTMX)
        with django_assert_num_queries(0):
            hit = anonymous_view(client, cohort, headers=HTMX)
        assert hit == uncached(cohort, htmx=True)
        assert hit.strip().startswith('<div id="board"')

    in_one_minute(check)


def test_board_cache_full_page_and_htmx_poll_are_kept_apart(client, cohort, alice):
    group_of(cohort, alice)

    def check() -> None:
        page = anonymous_view(client, cohort)
        fragment = anonymous_view(client, cohort, headers=HTMX)
        page_again = anonymous_view(client, cohort)
        assert "<html" in page
        assert "<html" in page_again
        assert "<html" not in fragment

    in_one_minute(check)


# every board action makes the next anonymous view fresh -----------------------------------


def test_board_cache_take_seat_shows_the_new_member(client, cohort, alice, bob, django_capture_on_commit_callbacks):
    mastermind = group_of(cohort, alice)
    SignupFactory(cohort=cohort, user=bob)
    assert "Bob" not in anonymous_view(client, cohort)

    with django_capture_on_commit_callbacks(execute=True):
        board.take_seat(mastermind, bob)

    assert "Bob" in anonymous_view(client, cohort)


def test_board_cache_leave_seat_removes_the_member(client, cohort, alice, bob, django_capture_on_commit_callbacks):
    group_of(cohort, alice, bob)
    assert "Bob" in anonymous_view(client, cohort, headers=HTMX)

    with django_capture_on_commit_callbacks(execute=True):
        board.leave_seat(cohort, bob)

    assert "Bob" not in anonymous_view(client, cohort, headers=HTMX)


def test_board_cache_lead_mastermind_shows_the_new_group(client, cohort, chloe, django_capture_on_commit_callbacks):
    SignupFactory(cohort=cohort, user=chloe, role="leader")
    assert "Chloe" not in anonymous_view(client, cohort)

    with django_capture_on_commit_callbacks(execute=True):
        board.lead_mastermind(cohort, chloe, title="Moderation at scale")

    page = anonymous_view(client, cohort)
    assert "Chloe" in page
    assert "Moderation at scale" in page


def test_board_cache_waitlist_shows_who_joins_and_leaves_it(
    client, cohort, alice, erin, django_capture_on_commit_callbacks
):
    group_of(cohort, alice)
    SignupFactory(cohort=cohort, user=erin)
    assert "Nobody is waiting." in anonymous_view(client, cohort)

    with django_capture_on_commit_callbacks(execute=True):
        board.join_waitlist(cohort, erin)
    waiting = anonymous_view(client, cohort)
    with django_capture_on_commit_callbacks(execute=True):
        board.leave_waitlist(cohort, erin)
    gone = anonymous_view(client, cohort)

    assert "Erin" in waiting
    assert "Nobody is waiting." not in waiting
    assert "Nobody is waiting." in gone


def test_board_cache_closing_signup_shows_at_once(client, cohort, alice, django_capture_on_commit_callbacks):
    group_of(cohort, alice)
    assert "Sign-up is open" in anonymous_view(client, cohort)

    with django_capture_on_commit_callbacks(execute=True):
        close_signup(cohort)

    assert "Sign-up is closed." in anonymous_view(client, cohort)


def test_board_cache_refused_action_keeps_the_version(
    cohort, alice, bob, chloe, dev, erin, django_capture_on_commit_callbacks
):
    full = group_of(cohort, alice, bob, chloe, dev)
    SignupFactory(cohort=cohort, user=erin)
    before = board_version(cohort.pk)

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(BoardError):
        board.take_seat(full, erin)

    assert callbacks == []
    assert board_version(cohort.pk) == before


def test_board_cache_bump_waits_for_the_commit(cohort, alice, bob, django_capture_on_commit_callbacks):
    mastermind = group_of(cohort, alice)
    SignupFactory(cohort=cohort, user=bob)
    before = board_version(cohort.pk)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        board.take_seat(mastermind, bob)
        inside = board_version(cohort.pk)
    for callback in callbacks:
        callback()

    assert inside == before
    assert board_version(cohort.pk) > before


def test_board_cache_writes_outside_actions_wait_for_the_next_minute(client, cohort, alice, bob):
    # Admin edits and the like do not bump the version: anonymous boards lag by at most a minute.
    mastermind = group_of(cohort, alice)

    def check() -> None:
        anonymous_view(client, cohort)
        seat(mastermind, bob)
        assert "Bob" not in anonymous_view(client, cohort)

    in_one_minute(check)


# signed-in viewers, messages -------------------------------------------------------------


def test_board_cache_never_serves_a_signed_in_viewer(client, cohort, alice, bob, chloe):
    mastermind = group_of(cohort, alice, bob)
    anonymous = Client()

    def check() -> None:
        anonymous_view(anonymous, cohort)
        seat(mastermind, chloe)  # behind the actions' back: no version bump
        client.force_login(bob)
        mine = client.get(cohort.get_absolute_url()).text
        mine_polled = client.get(cohort.get_absolute_url(), headers=HTMX)
        assert "Chloe" in mine
        assert "You are the <strong>member</strong>" in mine
        assert "Chloe" in mine_polled.text
        # Their poll has a validator of their own (masterminds/views/board.py), never the anonymous one.
        assert mine_polled.headers["ETag"] != anonymous.get(cohort.get_absolute_url(), headers=HTMX).headers["ETag"]
        assert "Chloe" not in anonymous_view(anonymous, cohort)

    in_one_minute(check)


def test_board_cache_is_not_filled_by_a_signed_in_viewer(client, cohort, alice, bob, django_assert_num_queries):
    group_of(cohort, alice, bob)
    client.force_login(bob)
    signed_in = client.get(cohort.get_absolute_url()).text
    client.logout()

    def check() -> None:
        with django_assert_num_queries(4):  # cohort + the board's three: a miss
            page = anonymous_view(Client(), cohort)
        assert "you-are-here" in signed_in
        assert "you-are-here" not in page

    in_one_minute(check)


def test_board_cache_skips_a_page_with_messages(client, cohort, alice):
    group_of(cohort, alice)
    session = client.session
    session["_messages"] = MessageEncoder().encode([Message(messages.INFO, "You have signed out.")])
    session.save()

    def check() -> None:
        with_message = anonymous_view(client, cohort)
        again = anonymous_view(client, cohort)
        other = anonymous_view(Client(), cohort)
        assert "You have signed out." in with_message
        assert "You have signed out." not in again  # shown once, as ever
        assert "You have signed out." not in other

    in_one_minute(check)


# zones and time ----------------------------------------------------------------------------


def test_board_cache_keeps_each_viewer_zone_apart(cohort, alice, django_assert_num_queries):
    group_of(cohort, alice)
    paris, kolkata, nowhere = Client(), Client(), Client()
    paris.cookies[BROWSER_ZONE_COOKIE] = "Europe/Paris"
    kolkata.cookies[BROWSER_ZONE_COOKIE] = "Asia/Kolkata"
    nowhere.cookies[BROWSER_ZONE_COOKIE] = "Not/A_Zone"

    def check() -> None:
        in_paris = anonymous_view(paris, cohort)
        with django_assert_num_queries(4):  # another zone: a miss
            in_kolkata = anonymous_view(kolkata, cohort)
        in_utc = anonymous_view(nowhere, cohort)
        assert "<strong>Europe/Paris</strong>" in in_paris
        assert "<strong>Asia/Kolkata</strong>" in in_kolkata
        assert "<strong>UTC</strong>" in in_utc
        assert without_token(in_kolkata) == without_token(uncached(cohort, zone_name="Asia/Kolkata"))

    in_one_minute(check)


def test_board_key_changes_at_the_minute_boundary():
    last_second = datetime(2026, 3, 8, 6, 59, 59, 999999, tzinfo=UTC)
    next_minute = datetime(2026, 3, 8, 7, 0, tzinfo=UTC)
    same_minute = datetime(2026, 3, 8, 6, 59, tzinfo=UTC)

    def key(when: datetime) -> str:
        return board_key(1, 7, "America/New_York", minute_of(when.timestamp()), "en")

    assert key(last_second) == key(same_minute)
    assert key(last_second) != key(next_minute)


def test_board_key_holds_the_cohort_the_version_the_zone_and_the_language():
    minute = minute_of(datetime(2026, 1, 5, 12, 0, tzinfo=UTC).timestamp())
    keys = {
        board_key(1, 7, "UTC", minute, "en"),
        board_key(2, 7, "UTC", minute, "en"),
        board_key(1, 8, "UTC", minute, "en"),
        board_key(1, 7, "Europe/Paris", minute, "en"),
        board_key(1, 7, "UTC", minute, "fr"),
    }
    assert len(keys) == 5


def test_board_version_survives_a_lost_version_with_a_new_number(cohort):
    first = board_version(cohort.pk)
    cache.clear()
    assert board_version(cohort.pk) != first
    assert board_version(cohort.pk) == board_version(cohort.pk)


# CSRF and cookies --------------------------------------------------------------------------


def test_board_cache_gives_each_anonymous_visitor_their_own_csrf_token(cohort, alice):
    group_of(cohort, alice)
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    leave = reverse("leave_seat", args=[cohort.program.slug, cohort.slug])

    def check() -> None:
        for browser in (first, second):
            browser.cookies.clear()
        page_one = first.get(cohort.get_absolute_url())
        page_two = second.get(cohort.get_absolute_url())  # from the cache
        token_one = TOKEN.findall(page_one.text)
        token_two = TOKEN.findall(page_two.text)
        cookie_one = page_one.cookies[settings.CSRF_COOKIE_NAME].value
        cookie_two = page_two.cookies[settings.CSRF_COOKIE_NAME].value
        assert len(token_one) == len(token_two) == 2  # the htmx headers and the language form
        assert not set(token_one) & set(token_two)
        assert cookie_one != cookie_two
        assert token_one[0] not in page_two.text
        minute = minute_of(timezone.now().timestamp())
        stored = b"".join(cache.get(board_key(cohort.pk, board_version(cohort.pk), "UTC", minute, "en") + ":page"))
        assert not any(token.encode() in stored for token in token_one)
        assert cookie_one.encode() not in stored
        assert settings.SESSION_COOKIE_NAME not in page_one.cookies
        assert settings.SESSION_COOKIE_NAME not in page_two.cookies
        # Each token is good with its own cookie (login_required then sends them to log in)
        # and with nobody else's.
        assert second.post(leave, headers={"X-CSRFToken": token_two[0]}).status_code == 302
        assert second.post(leave, headers={"X-CSRFToken": token_one[0]}).status_code == 403

    in_one_minute(check)


def test_board_cache_htmx_poll_sets_no_cookie(cohort, alice):
    group_of(cohort, alice)
    browser = Client()

    first = browser.get(cohort.get_absolute_url(), headers=HTMX)
    second = browser.get(cohort.get_absolute_url(), headers=HTMX)

    assert not first.cookies
    assert not second.cookies


# HTTP caching ---------------------------------------------------------------------------------


def test_board_cache_htmx_poll_answers_304_until_the_board_changes(
    client, cohort, alice, bob, django_capture_on_commit_callbacks
):
    mastermind = group_of(cohort, alice)
    SignupFactory(cohort=cohort, user=bob)

    def check() -> None:
        polled = client.get(cohort.get_absolute_url(), headers=HTMX)
        again = client.get(cohort.get_absolute_url(), headers=HTMX | {"If-None-Match": polled["ETag"]})
        assert again.status_code == 304
        assert again["ETag"] == polled["ETag"]
        assert not again.content

    in_one_minute(check)
    etag = client.get(cohort.get_absolute_url(), headers=HTMX)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        board.take_seat(mastermind, bob)
    changed = client.get(cohort.get_absolute_url(), headers=HTMX | {"If-None-Match": etag})

    assert changed.status_code == 200
    assert "Bob" in changed.text


def test_board_varies_on_cookie_and_htmx_for_everyone(client, cohort, alice, bob):
    group_of(cohort, alice, bob)
    anonymous_page = client.get(cohort.get_absolute_url())
    anonymous_poll = client.get(cohort.get_absolute_url(), headers=HTMX)
    client.force_login(bob)
    signed_in_page = client.get(cohort.get_absolute_url())

    for response in (anonymous_page, anonymous_poll, signed_in_page):
        vary = {v.strip().lower() for v in response["Vary"].split(",")}
        assert {"cookie", "hx-request"} <= vary
    assert "private" in anonymous_page["Cache-Control"]
    assert "no-cache" in anonymous_poll["Cache-Control"]
