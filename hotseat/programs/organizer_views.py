"""Organizer pages: create programs and cohorts, review signups. (The cohort's manage page is masterminds'.)"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from hotseat.accounts.requests import SignedInRequest
from hotseat.programs import actions
from hotseat.programs.access import (
    can_create_programs,
    get_organized_cohort_or_404,
    get_organized_program_or_404,
    is_organizer,
)
from hotseat.programs.errors import SignupError
from hotseat.programs.forms import CohortForm, ProgramForm, ReviewForm
from hotseat.programs.models import Signup


def reviewed_sentence(signup: Signup) -> str:
    """What the organizer is told once a decision is sent, one sentence per decision."""
    if signup.status == Signup.Status.ACCEPTED:
        sentence = gettext("%(person)s: accepted. We emailed them.")
    elif signup.status == Signup.Status.WAITLISTED:
        sentence = gettext("%(person)s: on the waitlist. We emailed them.")
    else:
        sentence = gettext("%(person)s: declined. We emailed them.")
    return sentence % {"person": signup.user}


@login_required
def program_new(request: SignedInRequest) -> HttpResponse:
    if not can_create_programs(request.user):
        raise Http404
    form = ProgramForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            program = actions.create_program(request.user, **form.cleaned_data)
        except IntegrityError:
            form.add_error(None, gettext("Could not save the program; check the sizes and the slug."))
        else:
            messages.success(
                request, gettext("Program “%(program)s” created. Add its first cohort.") % {"program": program}
            )
            return redirect("cohort_new", program.slug)
    return render(request, "programs/program_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def cohort_new(request: SignedInRequest, program_slug: str) -> HttpResponse:
    program = get_organized_program_or_404(request.user, program_slug)
    form = CohortForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        cohort = actions.create_cohort(program, **form.cleaned_data)
        messages.success(request, gettext("Cohort “%(cohort)s” created. Its board is open.") % {"cohort": cohort.name})
        return redirect(cohort)
    return render(
        request, "programs/cohort_form.html", {"form": form, "program": program}, status=400 if form.errors else 200
    )


@login_required
def review_queue(request: SignedInRequest, program_slug: str, cohort_slug: str) -> HttpResponse:
    cohort = get_organized_cohort_or_404(request.user, program_slug, cohort_slug)
    pending = cohort.signups.filter(status=Signup.Status.PENDING).select_related("user").order_by("created_at")
    reviewed = (
        cohort.signups.exclude(status=Signup.Status.PENDING)
        .select_related("user", "reviewed_by")
        .order_by("-reviewed_at")
    )
    return render(
        request,
        "programs/review.html",
        {
            "cohort": cohort,
            "program": cohort.program,
            "pending": [(s, ReviewForm(prefix=f"s{s.pk}")) for s in pending],
            "reviewed": reviewed,
        },
    )


@login_required
@require_POST
def review(request: SignedInRequest, signup_id: int) -> HttpResponse:
    signup = get_object_or_404(Signup.objects.select_related("cohort__program", "user"), pk=signup_id)
    if not is_organizer(request.user, signup.cohort.program):
        raise Http404
    form = ReviewForm(request.POST, prefix=f"s{signup.pk}")
    cohort = signup.cohort
    if form.is_valid():
        try:
            done = actions.review_signup(
                signup,
                request.user,
                decision=form.cleaned_data["decision"],
                message=form.cleaned_data["message"],
            )
        except SignupError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, reviewed_sentence(done))
        return redirect("review_queue", cohort.program.slug, cohort.slug)
    pending = cohort.signups.filter(status=Signup.Status.PENDING).select_related("user").order_by("created_at")
    rows = [(s, form if s.pk == signup.pk else ReviewForm(prefix=f"s{s.pk}")) for s in pending]
    return render(
        request,
        "programs/review.html",
        {"cohort": cohort, "program": cohort.program, "pending": rows, "reviewed": []},
        status=400,
    )
