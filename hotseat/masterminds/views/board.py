"""The sign-up board of a cohort: every mastermind with its open seats, the waitlist, the viewer's own place.

Signed-in people get it rendered for them; everyone else gets it from the cache (board_cache),
so a busy board costs no SQL per anonymous visit.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.safestring import mark_safe

from hotseat.accounts.requests import Request
from hotseat.masterminds.board import build_board
from hotseat.masterminds.errors import BoardError
from hotseat.masterminds.forms import LeadForm
from hotseat.programs import board_cache
from hotseat.programs.access import get_cohort_or_404, is_organizer
from hotseat.programs.models import Cohort


def _board_context(
    request: Request, cohort: Cohort, now: datetime, *, lead_form: LeadForm | None, error: BoardError | None
) -> dict[str, Any]:
    return {
        "board": build_board(cohort, request.user, now),
        "cohort": cohort,
        "program": cohort.program,
        "now": now,
        "lead_form": lead_form or LeadForm(program=cohort.program),
        "error": error,
        "organizer": is_organizer(request.user, cohort.program),
    }


def render_board(
    request: Request,
    cohort: Cohort,
    *,
    status: int = 200,
    lead_form: LeadForm | None = None,
    error: BoardError | None = None,
) -> HttpResponse:
    context = _board_context(request, cohort, timezone.now(), lead_form=lead_form, error=error)
    template = "masterminds/board.html#board" if request.htmx else "masterminds/board.html"
    return render(request, template, context, status=status)


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
    else:
        response = render_board(request, get_cohort_or_404(program_slug, cohort_slug))
    # One URL, two audiences (signed in or not, via the session cookie; the zone cookie) and
    # two shapes (the page, the htmx fragment): caches must keep them apart.
    patch_vary_headers(response, ("Cookie", "HX-Request"))
    return response
