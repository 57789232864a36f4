"""/m/<id>/next/: a member says what they want after this cohort (continue, remix, pause)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hotseat.accounts.requests import SignedInRequest
from hotseat.masterminds.access import active_membership, get_mastermind_or_404, members_of
from hotseat.masterminds.actions.next_steps import answer_next_step
from hotseat.masterminds.errors import BoardError
from hotseat.masterminds.models import NextStep
from hotseat.masterminds.next_steps import answers_open, answers_open_on


class NextStepForm(forms.Form):
    choice = forms.ChoiceField(choices=NextStep.Choice.choices, widget=forms.RadioSelect, label=_("After this cohort"))


@login_required
def next_step(request: SignedInRequest, mastermind_id: int) -> HttpResponse:
    mastermind, _role = get_mastermind_or_404(request.user, mastermind_id)
    membership = active_membership(request.user, mastermind)
    answers = {s.user_id: s for s in NextStep.objects.filter(mastermind=mastermind)}
    mine = answers.get(request.user.pk)
    if membership is None and request.method == "POST":
        raise Http404  # organizers see the answers; only members give one
    form = NextStepForm(request.POST or None, initial={"choice": mine.choice if mine else None})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                answer_next_step(mastermind, request.user, form.cleaned_data["choice"])
            except BoardError as exc:
                form.add_error("choice", exc.message)
            else:
                messages.success(
                    request, gettext("Thanks: your answer is saved. You can change it until the next groups form.")
                )
                return redirect("next_step", mastermind.pk)
        status = 400
    members = members_of(mastermind)
    return render(
        request,
        "masterminds/next_step.html",
        {
            "mastermind": mastermind,
            "cohort": mastermind.cohort,
            "form": form,
            "is_member": membership is not None,
            "open": answers_open(mastermind.cohort, timezone.localdate()),
            "opens_on": answers_open_on(mastermind.cohort),
            "answers": [(user, answers.get(user.pk)) for user in members],
        },
        status=status,
    )
