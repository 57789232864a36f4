"""/invitations/: a person's invitations to a seat, from an organizer's sheet; accept or decline each."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from hotseat.accounts.requests import SignedInRequest
from hotseat.masterminds import actions
from hotseat.masterminds.errors import BoardError
from hotseat.masterminds.models import SeatInvitation


def _page(request: SignedInRequest, *, status: int = 200) -> HttpResponse:
    invitations = (
        SeatInvitation.objects.filter(user=request.user, status=SeatInvitation.Status.PENDING)
        .select_related("cohort__program", "mastermind")
        .order_by("created_at", "pk")
    )
    return render(request, "masterminds/invitations.html", {"invitations": invitations}, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def seat_invitations(request: SignedInRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def answer_invitation(request: SignedInRequest, invitation_id: int) -> HttpResponse:
    answer = request.POST.get("answer")
    try:
        if answer == "accept":
            invitation = actions.accept_invitation(invitation_id, request.user)
        elif answer == "decline":
            invitation = actions.decline_invitation(invitation_id, request.user)
        else:
            raise BoardError(gettext("Choose accept or decline."))
    except BoardError as exc:
        messages.error(request, exc.message)
        return _page(request, status=409)
    if answer == "accept":
        messages.success(
            request, gettext("You are in: %(where)s.") % {"where": invitation.mastermind or invitation.cohort}
        )
        return redirect(invitation.cohort)
    messages.success(request, gettext("Declined. Nothing changed on the board."))
    return redirect("seat_invitations")
