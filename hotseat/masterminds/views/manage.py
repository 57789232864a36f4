"""A cohort's manage page for its organizers: close or reopen sign-up, move people, merge groups, the cards
that apps above add (proposals), and what members answered about the cohort's end."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext

from hotseat.accounts.requests import SignedInRequest
from hotseat.masterminds import actions as mastermind_actions
from hotseat.masterminds.errors import BoardError
from hotseat.masterminds.forms import MergeForm, MoveForm
from hotseat.masterminds.manage_cards import cards_for
from hotseat.masterminds.next_steps import next_steps_summary
from hotseat.programs import actions
from hotseat.programs.access import get_organized_cohort_or_404
from hotseat.programs.errors import SignupError


@login_required
def manage(request: SignedInRequest, program_slug: str, cohort_slug: str) -> HttpResponse:
    cohort = get_organized_cohort_or_404(request.user, program_slug, cohort_slug)
    move_form = MoveForm(cohort=cohort, prefix="move")
    merge_form = MergeForm(cohort=cohort, prefix="merge")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "move":
                move_form = MoveForm(request.POST, cohort=cohort, prefix="move")
                if move_form.is_valid():
                    moved = mastermind_actions.move_person(
                        move_form.cleaned_data["membership"], move_form.cleaned_data["to"]
                    )
                    messages.success(
                        request,
                        gettext("Moved %(person)s to %(mastermind)s.")
                        % {"person": moved.user, "mastermind": moved.mastermind},
                    )
                    return redirect("manage", program_slug, cohort_slug)
            elif action == "merge":
                merge_form = MergeForm(request.POST, cohort=cohort, prefix="merge")
                if merge_form.is_valid():
                    into = mastermind_actions.merge_masterminds(
                        merge_form.cleaned_data["into"], merge_form.cleaned_data["other"]
                    )
                    messages.success(request, gettext("Merged into %(mastermind)s.") % {"mastermind": into})
                    return redirect("manage", program_slug, cohort_slug)
            elif action == "close":
                actions.close_signup(cohort)
                messages.success(request, gettext("Sign-up is closed."))
                return redirect("manage", program_slug, cohort_slug)
            elif action == "reopen":
                actions.reopen_signup(cohort)
                messages.success(request, gettext("Sign-up is open again."))
                return redirect("manage", program_slug, cohort_slug)
            else:
                messages.error(request, gettext("Unknown action."))
        except (BoardError, SignupError) as exc:
            messages.error(request, exc.message)
        status = 400
    return render(
        request,
        "masterminds/manage.html",
        {
            "cohort": cohort,
            "program": cohort.program,
            "move_form": move_form,
            "merge_form": merge_form,
            "signup_open": cohort.signup_open(timezone.now()),
            "cards": cards_for(cohort),
            "next_steps": next_steps_summary(cohort),
        },
        status=status,
    )
