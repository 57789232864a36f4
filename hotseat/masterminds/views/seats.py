"""Board actions: lead, take a seat, leave, waitlist, capacity, withdraw. Thin: form, action, board."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from hotseat.accounts.requests import Request, SignedInRequest
from hotseat.masterminds import actions
from hotseat.masterminds.access import get_board_mastermind_or_404
from hotseat.masterminds.errors import BoardError
from hotseat.masterminds.forms import CapacityForm, LeadForm
from hotseat.masterminds.models import Membership
from hotseat.masterminds.views.board import render_board
from hotseat.programs.access import get_cohort_or_404, get_own_signup_or_404
from hotseat.programs.models import Cohort
from hotseat.typed_input import posted_int


def _done(request: Request, cohort: Cohort, message: str) -> HttpResponse:
    messages.success(request, message)
    if request.htmx:
        return render_board(request, cohort)
    return redirect(cohort)


def _refused(request: Request, cohort: Cohort, error: BoardError, status: int = 409) -> HttpResponse:
    if request.htmx:
        return render_board(request, cohort, status=status, error=error)
    messages.error(request, error.message)
    return redirect(cohort)


def _board_action(request: Request, cohort: Cohort, act: Callable[[], object], success: str) -> HttpResponse:
    try:
        act()
    except BoardError as exc:
        return _refused(request, cohort, exc)
    return _done(request, cohort, success)


@login_required
@require_POST
def lead(request: SignedInRequest, program_slug: str, cohort_slug: str) -> HttpResponse:
    cohort = get_cohort_or_404(program_slug, cohort_slug)
    form = LeadForm(request.POST, program=cohort.program)
    if not form.is_valid():
        return render_board(request, cohort, status=422, lead_form=form)
    try:
        mastermind = actions.lead_mastermind(cohort, request.user, **form.cleaned_data)
    except BoardError as exc:
        return render_board(request, cohort, status=409, lead_form=form, error=exc)
    return _done(
        request,
        cohort,
        gettext("You lead %(mastermind)s. Share the board so people take its seats.") % {"mastermind": mastermind},
    )


@login_required
@require_POST
def take_seat(request: SignedInRequest, program_slug: str, cohort_slug: str, mastermind_id: int) -> HttpResponse:
    cohort = get_cohort_or_404(program_slug, cohort_slug)
    mastermind = get_board_mastermind_or_404(cohort, mastermind_id)
    return _board_action(
        request,
        cohort,
        lambda: actions.take_seat(mastermind, request.user),
        gettext("You have a seat in %(mastermind)s.") % {"mastermind": mastermind},
    )


@login_required
@require_POST
def leave_seat(request: SignedInRequest, program_slug: str, cohort_slug: str) -> HttpResponse:
    cohort = get_cohort_or_404(program_slug, cohort_slug)
    return _board_action(
        request,
        cohort,
        lambda: actions.leave_seat(cohort, request.user),
        gettext("You left your seat; it is open again."),
    )


@login_required
@require_POST
def join_waitlist(request: SignedInRequest, program_slug: str, cohort_slug: str) -> HttpResponse:
    cohort = get_cohort_or_404(program_slug, cohort_slug)
    raw = request.POST.get("mastermind", "")
    number = posted_int(raw)
    if raw and number is None:
        raise Http404  # like an id of no mastermind on this board
    mastermind = get_board_mastermind_or_404(cohort, number) if number is not None else None
    if mastermind is not None:
        success = gettext("You are on the waitlist for %(mastermind)s. We will email you when a seat opens.") % {
            "mastermind": mastermind
        }
    else:
        success = gettext("You are on the waitlist for any group. We will email you when a seat opens.")
    return _board_action(
        request,
        cohort,
        lambda: actions.join_waitlist(cohort, request.user, mastermind),
        success,
    )


@login_required
@require_POST
def leave_waitlist(request: SignedInRequest, program_slug: str, cohort_slug: str) -> HttpResponse:
    cohort = get_cohort_or_404(program_slug, cohort_slug)
    return _board_action(
        request,
        cohort,
        lambda: actions.leave_waitlist(cohort, request.user),
        gettext("You left the waitlist."),
    )


@login_required
@require_POST
def set_capacity(request: SignedInRequest, program_slug: str, cohort_slug: str, mastermind_id: int) -> HttpResponse:
    cohort = get_cohort_or_404(program_slug, cohort_slug)
    mastermind = get_board_mastermind_or_404(cohort, mastermind_id)
    is_leader = Membership.objects.leaders().filter(mastermind=mastermind, user=request.user).exists()
    if not is_leader:
        return _refused(
            request, cohort, BoardError(gettext("Only the leader of this mastermind can change its seats."))
        )
    form = CapacityForm(request.POST, program=cohort.program)
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        return _refused(request, cohort, BoardError(gettext("Seats: %(errors)s") % {"errors": errors}), status=422)
    capacity = form.cleaned_data["capacity"]
    return _board_action(
        request,
        cohort,
        lambda: actions.set_capacity(mastermind, capacity),
        ngettext("%(mastermind)s now has %(count)s seat.", "%(mastermind)s now has %(count)s seats.", capacity)
        % {"mastermind": mastermind, "count": capacity},
    )


@login_required
@require_POST
def withdraw(request: SignedInRequest, signup_id: int) -> HttpResponse:
    signup = get_own_signup_or_404(request.user, signup_id)
    actions.withdraw_signup(signup)
    messages.success(request, gettext("You have withdrawn from %(cohort)s.") % {"cohort": signup.cohort})
    return redirect(signup.cohort)
