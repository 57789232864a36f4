from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from hotseat.accounts.requests import Request, SignedInRequest
from hotseat.masterminds.errors import BoardError
from hotseat.masterminds.forms import LeadForm
from hotseat.programs import actions, board_cache
from hotseat.programs.access import (
    get_cohort_or_404,
    get_own_signup_or_404,
    is_organizer,
)
from hotseat.programs.board import build_board
from hotseat.programs.forms import SignupForm
from hotseat.programs.markdown import render_markdown
from hotseat.programs.models import Cohort, Program


def program_detail(request: Request, program_slug: str) -> HttpResponse:
    program = get_object_or_404(Program, slug=program_slug)
    return render(
        request,
        "programs/program.html",
        {
            "program": program,
            "charter_html": render_markdown(program.charter),
            "cohorts": program.cohorts.all(),
            "organizer": is_organizer(request.user, program),
        },
    )


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
    template = "programs/board.html#board" if request.htmx else "programs/board.html"
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
        cohort_id, board_cache.board_version(cohort_id), zone_name, board_cache.minute_of(now.timestamp())
    )

    def fragment() -> str:
        context = _board_context(request, cohort(), now, lead_form=None, error=None)
        return render_to_string("programs/board.html#board", context, request)

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
        return render_to_string("programs/board.html", context, request)

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


@login_required
def signup(request: SignedInRequest, program_slug: str, cohort_slug: str) -> HttpResponse:
    cohort = get_cohort_or_404(program_slug, cohort_slug)
    existing = cohort.signups.filter(user=request.user).exclude(status="withdrawn").first()
    if existing is not None:
        messages.info(request, f"You have already signed up: {existing.get_status_display().lower()}.")
        return redirect(cohort)
    form = SignupForm(request.POST or None, program=cohort.program)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                made = actions.submit_signup(
                    cohort,
                    request.user,
                    role=form.cleaned_data["role"],
                    answers=form.answers(),
                    notes=form.cleaned_data["notes"],
                )
            except BoardError as exc:
                form.add_error(None, exc.message)
            else:
                if made.status == made.Status.ACCEPTED:
                    messages.success(request, "You're in. Lead a mastermind or take an open seat below.")
                else:
                    messages.success(request, "Thanks! An organizer will review your signup; we will email you.")
                return redirect(cohort)
        status = 400
    return render(
        request,
        "programs/signup.html",
        {"form": form, "cohort": cohort, "program": cohort.program, "signup_open": cohort.signup_open(timezone.now())},
        status=status,
    )


@login_required
@require_POST
def withdraw(request: SignedInRequest, signup_id: int) -> HttpResponse:
    signup = get_own_signup_or_404(request.user, signup_id)
    actions.withdraw_signup(signup)
    messages.success(request, f"You have withdrawn from {signup.cohort}.")
    return redirect(signup.cohort)
