from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hotseat.accounts.requests import Request, SignedInRequest
from hotseat.masterminds.errors import BoardError
from hotseat.masterminds.forms import LeadForm
from hotseat.masterminds.models import Membership
from hotseat.programs import actions
from hotseat.programs.access import (
    can_create_programs,
    get_cohort_or_404,
    get_own_signup_or_404,
    is_organizer,
)
from hotseat.programs.board import build_board
from hotseat.programs.forms import SignupForm
from hotseat.programs.markdown import render_markdown
from hotseat.programs.models import Cohort, Program


def home(request: Request) -> HttpResponse:
    now = timezone.now()
    cohorts = (
        Cohort.objects.select_related("program")
        .annotate(groups=Count("masterminds", filter=~Q(masterminds__state="disbanded")))
        .order_by("starts_on")
    )
    seats = []
    if request.user.is_authenticated:
        seats = list(
            Membership.objects.filter(user=request.user, left_at__isnull=True).select_related(
                "mastermind__cohort__program"
            )
        )
    return render(
        request,
        "programs/home.html",
        {
            "cohorts": [c for c in cohorts if c.ends_on >= now.date()],
            "seats": seats,
            "can_create": can_create_programs(request.user),
        },
    )


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


def render_board(
    request: Request,
    cohort: Cohort,
    *,
    status: int = 200,
    lead_form: LeadForm | None = None,
    error: BoardError | None = None,
) -> HttpResponse:
    now = timezone.now()
    board = build_board(cohort, request.user, now)
    context: dict[str, Any] = {
        "board": board,
        "cohort": cohort,
        "program": cohort.program,
        "now": now,
        "lead_form": lead_form or LeadForm(program=cohort.program),
        "error": error,
        "organizer": is_organizer(request.user, cohort.program),
    }
    template = "programs/board.html#board" if request.htmx else "programs/board.html"
    return render(request, template, context, status=status)


def board(request: Request, program_slug: str, cohort_slug: str) -> HttpResponse:
    return render_board(request, get_cohort_or_404(program_slug, cohort_slug))


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
