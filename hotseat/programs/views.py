from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext

from hotseat.accounts.requests import Request, SignedInRequest
from hotseat.programs import actions
from hotseat.programs.access import (
    get_cohort_or_404,
    is_organizer,
)
from hotseat.programs.errors import SignupError
from hotseat.programs.forms import SignupForm
from hotseat.programs.markdown import render_markdown
from hotseat.programs.models import Program, Signup


def already_signed_up(signup: Signup) -> str:
    """Where a person's signup stands, as one sentence per status."""
    sentences: dict[str, str] = {
        Signup.Status.PENDING: gettext("You have already signed up: pending review."),
        Signup.Status.ACCEPTED: gettext("You have already signed up: accepted."),
        Signup.Status.WAITLISTED: gettext("You have already signed up: on the waitlist."),
        Signup.Status.DECLINED: gettext("You have already signed up: declined."),
        Signup.Status.PLACED: gettext("You have already signed up: seated."),
    }
    return sentences.get(signup.status, gettext("You have already signed up for this cohort."))


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


@login_required
def signup(request: SignedInRequest, program_slug: str, cohort_slug: str) -> HttpResponse:
    cohort = get_cohort_or_404(program_slug, cohort_slug)
    existing = cohort.signups.filter(user=request.user).exclude(status="withdrawn").first()
    if existing is not None:
        messages.info(request, already_signed_up(existing))
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
            except SignupError as exc:
                form.add_error(None, exc.message)
            else:
                if made.status == made.Status.ACCEPTED:
                    messages.success(request, gettext("You're in. Lead a mastermind or take an open seat below."))
                else:
                    messages.success(
                        request, gettext("Thanks! An organizer will review your signup; we will email you.")
                    )
                return redirect(cohort)
        status = 400
    return render(
        request,
        "programs/signup.html",
        {"form": form, "cohort": cohort, "program": cohort.program, "signup_open": cohort.signup_open(timezone.now())},
        status=status,
    )
