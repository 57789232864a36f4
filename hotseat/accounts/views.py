from __future__ import annotations

from typing import Literal, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from hotseat.accounts.actions import choose_language
from hotseat.accounts.forms import ProfileForm
from hotseat.accounts.requests import SignedInRequest


@login_required
def profile(request: SignedInRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        # Said in the language the next page is in, which the person may have just chosen.
        with translation.override(request.user.language or translation.get_language_from_request(request)):
            messages.success(request, gettext("Profile saved."))
        return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form}, status=400 if form.errors else 200)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The footer's language switcher: a cookie for everyone, the profile's choice when signed in.

    Like Django's own set_language, but a signed-in person's choice is kept on their account,
    so their emails follow it too. A language we do not speak changes nothing.
    """
    back = request.POST.get("next", "")
    # Back to a page of ours only: a path, on this host, printable.
    local = back.startswith("/") and back.isprintable() and " " not in back
    if not local or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "/"
    response = HttpResponseRedirect(back)
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        choose_language(request.user, language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=cast("Literal['Lax', 'Strict', 'None', False] | None", settings.LANGUAGE_COOKIE_SAMESITE),
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=True,
    )
    return response
