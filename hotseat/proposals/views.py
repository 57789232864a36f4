"""The organizer's "propose groups" page for a cohort: make a proposal, move people, publish or discard it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from hotseat.accounts.requests import SignedInRequest
from hotseat.programs.access import get_organized_cohort_or_404
from hotseat.programs.models import Cohort
from hotseat.proposals.actions import (
    current_draft,
    discard_proposal,
    move_in_proposal,
    pool,
    propose_groups,
    publish_proposal,
)
from hotseat.proposals.display import present
from hotseat.proposals.draft import ProposalError, people_in
from hotseat.proposals.models import GroupProposal


class MoveForm(forms.Form):
    person = forms.CharField(max_length=20)
    to = forms.CharField(max_length=20, label=_("Move to"))
    as_leader = forms.BooleanField(required=False, label=_("as its leader"))
    revision = forms.IntegerField(min_value=1)


def published_sentence(masterminds: int, people: int) -> str:
    """What the organizer reads once the proposal is on the board (a mastermind seats two people at least)."""
    return ngettext(
        "Published: %(masterminds)d mastermind with %(people)d people. Their members were emailed.",
        "Published: %(masterminds)d masterminds with %(people)d people. Their members were emailed.",
        masterminds,
    ) % {"masterminds": masterminds, "people": people}


class RevisionForm(forms.Form):
    revision = forms.IntegerField(min_value=1)


def _page(
    request: SignedInRequest,
    cohort: Cohort,
    *,
    error: str = "",
    error_for: str = "",
    status: int = 200,
) -> HttpResponse:
    proposal = current_draft(cohort)
    view = present(proposal, request.user) if proposal else None
    waiting = pool(cohort)
    movable = (
        {s.pid for g in view.groups for s in g.seats if not s.seated} | {u.pid for u in view.unplaced}
        if view
        else set()
    )
    if error_for not in movable:
        error_for = ""  # shown above the proposal instead of beside a person
    context = {
        "cohort": cohort,
        "program": cohort.program,
        "view": view,
        "pool": len(waiting),
        "not_in_draft": len(waiting - set(people_in(proposal.data))) if proposal else 0,
        "error": error,
        "error_for": error_for,
        "moving": request.GET.get("move", "") if request.method == "GET" else "",
        "viewer_zone": request.user.time_zone,
    }
    template = "proposals/_proposal.html" if request.htmx else "proposals/propose.html"
    return render(request, template, context, status=status)


def _draft_or_error(cohort: Cohort) -> GroupProposal:
    proposal = current_draft(cohort)
    if proposal is None:
        raise ProposalError(gettext("There is no draft proposal for this cohort any more: make a new one."))
    return proposal


@login_required
def propose(request: SignedInRequest, program_slug: str, cohort_slug: str) -> HttpResponse:
    cohort = get_organized_cohort_or_404(request.user, program_slug, cohort_slug)
    if request.method != "POST":
        return _page(request, cohort)
    action = request.POST.get("action", "")
    person = ""
    try:
        if action == "build":
            propose_groups(cohort, request.user)
            messages.success(request, gettext("Here is a proposal. Nothing is on the board until you publish it."))
        elif action == "move":
            form = MoveForm(request.POST)
            person = request.POST.get("person", "")
            if not form.is_valid():
                raise ProposalError(gettext("Pick where to move them."))
            data = form.cleaned_data
            move_in_proposal(
                _draft_or_error(cohort),
                data["person"],
                data["to"],
                as_leader=data["as_leader"],
                revision=data["revision"],
            )
            if request.htmx:
                return _page(request, cohort)
        elif action in {"publish", "discard"}:
            revision_form = RevisionForm(request.POST)
            revision = revision_form.cleaned_data["revision"] if revision_form.is_valid() else None
            if action == "discard":
                discard_proposal(_draft_or_error(cohort), revision=revision)
                messages.success(request, gettext("The proposal is discarded; the board is as it was."))
            else:
                made = publish_proposal(_draft_or_error(cohort), request.user, revision=revision)
                seated = sum(m.memberships.seated().count() for m in made)
                messages.success(request, published_sentence(len(made), seated))
                return redirect(cohort)
        else:
            raise ProposalError(gettext("Unknown action."))
    except ProposalError as exc:
        status = 422 if request.htmx else 400
        return _page(request, cohort, error=exc.message, error_for=person, status=status)
    return redirect("propose", program_slug, cohort_slug)
