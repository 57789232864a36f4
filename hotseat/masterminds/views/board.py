"""The sign-up board of a cohort: every mastermind with its open seats, the waitlist, the viewer's own place.

Everyone who is not signed in gets it from the cache (board_cache), so a busy board costs no
SQL per anonymous visit. Signed-in people get the part that is the same for everyone from the
cache too (per board version, minute, zone, language, and whether they may take a seat), and
their own part (their place, and the cards of their seat, held seat and awaited group)
read and rendered for them on every request; their htmx poll answers 304 while neither changed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.safestring import mark_safe

from hotseat.accounts.models import User
from hotseat.accounts.requests import Request
from hotseat.masterminds.board import build_board, viewer_groups
from hotseat.masterminds.errors import BoardError
from hotseat.masterminds.forms import LeadForm
from hotseat.programs import board_cache
from hotseat.programs.access import get_cohort_or_404, is_organizer
from hotseat.programs.models import Cohort

# Cuts the rendered cards apart (an HTML comment, so a stray one would show nothing).
CARD_MARKER = "<!--board-card-->"
_CARD_MARKER_HTML = mark_safe(CARD_MARKER)  # noqa: S308 (a constant)
_PLACEHOLDER_BYTES = board_cache.CSRF_PLACEHOLDER.encode()
# Where the shared part goes in a viewer's cached part (`_assemble`); a person's text is escaped, so never one of these.
WAITLIST_SLOT = "<!--board-waitlist-->"
CARDS_SLOT = "<!--board-cards-->"
BOARD_SLOT = "<!--board-->"
_WAITLIST_SLOT, _CARDS_SLOT, _BOARD_SLOT = (mark_safe(slot) for slot in (WAITLIST_SLOT, CARDS_SLOT, BOARD_SLOT))  # noqa: S308


def _board_context(
    request: Request, cohort: Cohort, now: datetime, *, lead_form: LeadForm | None, error: BoardError | None
) -> dict[str, Any]:
    board = build_board(cohort, request.user, now)
    return {
        "board": board,
        "cohort": cohort,
        "program": cohort.program,
        "now": now,
        "lead_form": lead_form or LeadForm(program=cohort.program),
        "error": error,
        "organizer": is_organizer(request.user, cohort.program),
        "can_take": board.can_act and board.seat is None and board.signup_open,
        "viewer_id": request.user.pk,
    }


def _board_key(request: Request, cohort_id: int, now: datetime) -> str:
    """What a board's shared part depends on: the cohort's board version, the minute, the zone, the language.

    The version is read before any row of the board: a render that reads rows committed after
    it can only be fresher than its key says (board_cache.bump_board bumps after the commit).
    """
    zone_name = getattr(request.viewer_zone, "key", None) or "UTC"
    return board_cache.board_key(
        cohort_id,
        board_cache.board_version(cohort_id),
        zone_name,
        board_cache.minute_of(now.timestamp()),
        translation.get_language(),
    )


def _viewer_etag(request: Request, key: str) -> str:
    # The viewer's own part changes only through actions (they bump the version in `key`) or
    # with the minute; their CSRF secret is in the fragment's forms (hashed, never shown).
    get_token(request)  # the secret of the token the fragment's forms will carry, new if the browser has none
    return board_cache.etag(f"{key}:viewer:{request.user.pk}:{request.META['CSRF_COOKIE']}")


def _shared_part(
    request: Request, cohort: Callable[[], Cohort], now: datetime, key: str, *, can_take: bool, organizer: bool
) -> dict[str, Any]:
    """The part of the board that is the same for every viewer of this kind, from the cache.

    Rendered with no viewer (no seat marked, no held seat of theirs, every full group offering
    "Wait for a seat here" when `can_take`) and with CSRF_PLACEHOLDER in its forms; the cards
    that look different to a viewer are rendered for them and put in place (`_assemble`).
    """

    def render_parts() -> dict[str, Any]:
        everyone = build_board(cohort(), AnonymousUser(), now)
        context = {
            "board": everyone,
            "cohort": cohort(),
            "program": cohort().program,
            "now": now,
            "can_take": can_take,
            "organizer": organizer,
            "viewer_id": None,
            "card_marker": _CARD_MARKER_HTML,
            "csrf_token": board_cache.CSRF_PLACEHOLDER,
        }
        return {
            # Bytes: a response joins them as they are (no encoding, no search in text per request).
            "waitlist": render_to_string("masterminds/board.html#waitlist", context, request).encode(),
            "cards": [
                _token_cut(card)
                for card in render_to_string("masterminds/board.html#cards", context, request).split(CARD_MARKER)
            ],
            "groups": [card.mastermind.pk for card in everyone.cards],
        }

    return board_cache.fetch_parts(f"{key}:shared:{int(can_take)}{int(organizer)}", render_parts)


def _viewer_part(
    request: Request,
    cohort: Cohort,
    now: datetime,
    *,
    lead_form: LeadForm | None,
    error: BoardError | None,
) -> dict[str, Any]:
    """The board's part that is this viewer's own, read from the database and rendered.

    Their place (their signup, seat, held seat, waitlist number, forms), the few cards that look
    different to them (`viewer_groups`), and the page and fragment around the shared part, with
    slots where it goes and CSRF_PLACEHOLDER where their token goes (`_assemble`).
    """
    user = request.user
    assert isinstance(user, User)
    mine = build_board(cohort, user, now, only=viewer_groups(cohort, user, now))
    organizer = is_organizer(user, cohort.program)
    can_take = mine.can_act and mine.seat is None and mine.signup_open
    context: dict[str, Any] = {
        "board": mine,
        "cohort": cohort,
        "program": cohort.program,
        "now": now,
        "can_take": can_take,
        "organizer": organizer,
        "viewer_id": user.pk,
        "csrf_token": board_cache.CSRF_PLACEHOLDER,
    }
    theirs: dict[int, list[bytes]] = {}
    if mine.cards:
        html = render_to_string("masterminds/board.html#cards", context | {"card_marker": _CARD_MARKER_HTML}, request)
        cut = [_token_cut(card) for card in html.split(CARD_MARKER)[1:-1]]
        theirs = dict(zip((card.mastermind.pk for card in mine.cards), cut, strict=True))
    frame = render_to_string(
        "masterminds/board.html#board",
        context
        | {
            "lead_form": lead_form or LeadForm(program=cohort.program),
            "error": error,
            "shared_waitlist": _WAITLIST_SLOT,
            "shared_cards": _CARDS_SLOT,
        },
        request,
    )
    page = {
        "cohort": cohort,
        "program": cohort.program,
        "organizer": organizer,
        "board_html": _BOARD_SLOT,
        "csrf_token": board_cache.CSRF_PLACEHOLDER,
    }
    before, rest = frame.encode().split(WAITLIST_SLOT.encode(), 1)
    between, after = rest.split(CARDS_SLOT.encode(), 1)
    around = None if request.htmx else render_to_string("masterminds/board.html", page, request).encode()
    return {
        "can_take": can_take,
        "organizer": organizer,
        "mine": theirs,
        "fragment": [before, between, after],
        "page": None if around is None else around.split(BOARD_SLOT.encode(), 1),
    }


def _token_cut(html: str) -> list[bytes]:
    """A card cut where the viewer's CSRF token goes: joining small pieces costs less than searching 400 KB."""
    return html.encode().split(_PLACEHOLDER_BYTES)


def _assemble(request: Request, part: dict[str, Any], shared: dict[str, Any], *, page: bool) -> bytes:
    cards: list[list[bytes]] = list(shared["cards"])
    where = {pk: index for index, pk in enumerate(shared["groups"], start=1)}
    for pk, html in part["mine"].items():
        if pk in where:
            cards[where[pk]] = html
    token = get_token(request).encode()
    before, between, after = (piece.replace(_PLACEHOLDER_BYTES, token) for piece in part["fragment"])
    pieces = [before, shared["waitlist"], between, *(token.join(card) for card in cards), after]
    if page:
        head, tail = (piece.replace(_PLACEHOLDER_BYTES, token) for piece in part["page"])
        pieces = [head, *pieces, tail]
    return b"".join(pieces)


def _signed_in_board(
    request: Request,
    cohort: Callable[[], Cohort],
    now: datetime,
    key: str,
    *,
    lead_form: LeadForm | None,
    error: BoardError | None,
) -> bytes:
    """The board (fragment or page) for a signed-in viewer: the shared part and theirs, each from the cache.

    Their part is cached under the board version too (their seat, signup and waitlist place change
    only through actions, which bump it), so a seat taken anywhere shows at once; never when the
    response carries a refusal, their typing or a message.
    """
    page = not request.htmx
    if lead_form is None and error is None and not len(messages.get_messages(request)):
        where = board_cache.etag(request.get_full_path())
        part = board_cache.fetch_parts(
            f"{key}:viewer:{request.user.pk}:{where}:{int(page)}",
            lambda: _viewer_part(request, cohort(), now, lead_form=None, error=None),
        )
    else:
        part = _viewer_part(request, cohort(), now, lead_form=lead_form, error=error)
    shared = _shared_part(request, cohort, now, key, can_take=part["can_take"], organizer=part["organizer"])
    return _assemble(request, part, shared, page=page)


def render_board(
    request: Request,
    cohort: Cohort,
    *,
    status: int = 200,
    lead_form: LeadForm | None = None,
    error: BoardError | None = None,
    now: datetime | None = None,
    key: str | None = None,
) -> HttpResponse:
    now = now or timezone.now()
    if not request.user.is_authenticated or error is not None or lead_form is not None:
        # A refusal or the person's typing: the whole board read and rendered for them, none of it
        # from the cache. With a cache per process (the default), the seat they were refused may
        # still show open in this process's shared part for the rest of the minute; not here.
        context = _board_context(request, cohort, now, lead_form=lead_form, error=error)
        template = "masterminds/board.html#board" if request.htmx else "masterminds/board.html"
        return render(request, template, context, status=status)
    key = key or _board_key(request, cohort.pk, now)
    html = _signed_in_board(request, lambda: cohort, now, key, lead_form=lead_form, error=error)
    return HttpResponse(html, status=status)


def _signed_in_view(request: Request, program_slug: str, cohort_slug: str) -> HttpResponse:
    """A signed-in GET of the board. From the cache, it reads no row: not even the cohort's (board_cache.cohort_at).

    The htmx poll answers 304 while nothing changed for the viewer, checked before any SQL.
    """
    cohort = functools.cache(lambda: get_cohort_or_404(program_slug, cohort_slug))
    now = timezone.now()
    key = _board_key(request, board_cache.cohort_at(program_slug, cohort_slug, lambda: cohort().pk), now)

    def fresh() -> HttpResponse:
        return HttpResponse(_signed_in_board(request, cohort, now, key, lead_form=None, error=None))

    if not request.htmx:
        response = fresh()
        patch_cache_control(response, private=True)  # the viewer's token and seat: no shared cache may keep it
    elif len(messages.get_messages(request)):
        # A message is shown once, in a fresh fragment; no validator for a page holding one.
        response = fresh()
        patch_cache_control(response, private=True, no_cache=True)
    else:
        tag = _viewer_etag(request, key)
        response = get_conditional_response(request, etag=tag) or fresh()
        response["ETag"] = tag
        patch_cache_control(response, private=True, no_cache=True)
    return response


def _anonymous_board(request: Request, program_slug: str, cohort_slug: str) -> HttpResponse:
    """The board as everyone who is not signed in sees it, from the cache (see board_cache).

    A cache hit runs no SQL: the cohort itself is fetched only to render a miss.
    """
    cohort = functools.cache(lambda: get_cohort_or_404(program_slug, cohort_slug))
    cohort_id = board_cache.cohort_at(program_slug, cohort_slug, lambda: cohort().pk)
    now = timezone.now()
    zone_name = getattr(request.viewer_zone, "key", None) or "UTC"
    key = board_cache.board_key(
        cohort_id,
        board_cache.board_version(cohort_id),
        zone_name,
        board_cache.minute_of(now.timestamp()),
        translation.get_language(),
    )

    def fragment() -> str:
        context = _board_context(request, cohort(), now, lead_form=None, error=None)
        return render_to_string("masterminds/board.html#board", context, request)

    if request.htmx:
        # The 30 s poll: most of the time nothing changed, and the browser has it already.
        tag = board_cache.etag(key)
        response = get_conditional_response(request, etag=tag) or HttpResponse(
            board_cache.fetch(f"{key}:partial", fragment)
        )
        response["ETag"] = tag
        patch_cache_control(response, private=True, no_cache=True)
        return response

    def page() -> str:
        board_html = mark_safe(board_cache.fetch(f"{key}:partial", fragment).decode())  # noqa: S308 (our own render)
        context = {
            "cohort": cohort(),
            "program": cohort().program,
            "board_html": board_html,
            "organizer": False,
            # Overrides the context processor's token: see board_cache.CSRF_PLACEHOLDER.
            "csrf_token": board_cache.CSRF_PLACEHOLDER,
        }
        return render_to_string("masterminds/board.html", context, request)

    response = HttpResponse(board_cache.with_token(request, board_cache.fetch_page(f"{key}:page", page)))
    # The page carries this visitor's CSRF token: no shared cache may keep it.
    patch_cache_control(response, private=True)
    return response


def board(request: Request, program_slug: str, cohort_slug: str) -> HttpResponse:
    if board_cache.serves(request):
        response = _anonymous_board(request, program_slug, cohort_slug)
    elif request.user.is_authenticated and request.method in ("GET", "HEAD"):
        response = _signed_in_view(request, program_slug, cohort_slug)
    else:
        response = render_board(request, get_cohort_or_404(program_slug, cohort_slug))
        # The page carries this viewer's CSRF token and seat: no shared cache may keep it.
        patch_cache_control(response, private=True)
    # One URL, two audiences (signed in or not, via the session cookie; the zone cookie) and
    # two shapes (the page, the htmx fragment): caches must keep them apart.
    patch_vary_headers(response, ("Cookie", "HX-Request"))
    return response
