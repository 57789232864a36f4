"""The profile's "API tokens" page: create a token (shown once, on the answer to the creation), list, revoke."""

from __future__ import annotations

from datetime import UTC, datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from hotseat.accounts.requests import SignedInRequest
from hotseat.api import actions
from hotseat.api.forms import TokenForm
from hotseat.api.models import ApiToken


@login_required
def token_list(request: SignedInRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    created: actions.NewToken | None = None
    if request.method == "POST" and form.is_valid():
        expires_on = form.cleaned_data["expires_on"]
        try:
            created = actions.create_token(
                request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                expires_at=datetime.combine(expires_on, time(), tzinfo=UTC) if expires_on else None,
            )
        except actions.TokenError as exc:
            form.add_error(exc.field, exc.message)
        else:
            form = TokenForm()
    status = 400 if form.errors else (201 if created else 200)
    return render(
        request,
        "api/tokens.html",
        {"form": form, "created": created, "tokens": request.user.api_tokens.all()},
        status=status,
    )


@login_required
@require_POST
def revoke(request: SignedInRequest, token_id: int) -> HttpResponse:
    # Someone else's token is a 404, like any id that is not the viewer's.
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    actions.revoke_token(token)
    messages.success(request, gettext("Token “%(name)s” revoked; it no longer works.") % {"name": token.name})
    return redirect("api_tokens")
