from __future__ import annotations

from collections.abc import Sequence

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_stubs_ext import StrOrPromise

from hotseat.accounts.models import User
from hotseat.accounts.requests import Request, SignedInRequest
from hotseat.notify import actions, kinds
from hotseat.notify.emails import render_subject
from hotseat.notify.forms import ChoicesForm
from hotseat.notify.health import OK, outbox_health
from hotseat.notify.models import Notification, NotificationPreference
from hotseat.notify.preferences import DIGEST, Choice, read_unsubscribe_token
from hotseat.notify.refs import GoneError, load

PER_PAGE = 30


def read_now(viewer: User, rows: Sequence[Notification]) -> list[Notification]:
    """The rows with their subjects rendered now, for ``viewer`` as they are now (their zone, the rows referred to).

    The stored subject was rendered when the row was written, on the clock the person had then;
    and an email they turned off is never rendered again. The list re-renders it from the row's
    references (one query per model for the page), and keeps the stored subject where a row it
    refers to is gone or the kind is no longer known.
    """
    known = {row.kind: kinds.KINDS[row.kind] for row in rows if row.kind in kinds.KINDS}
    loaded = load([(row.refs, known[row.kind].related if row.kind in known else {}) for row in rows])
    for row, refs in zip(rows, loaded, strict=True):
        if row.kind in known and not isinstance(refs, GoneError):
            row.subject = render_subject(known[row.kind], viewer, refs)
    return list(rows)


@login_required
def inbox(request: SignedInRequest) -> HttpResponse:
    events = (
        Notification.objects.filter(recipient=request.user, due_at__lte=timezone.now())
        .exclude(state=Notification.State.CANCELLED)
        .only("subject", "url", "due_at", "read_at", "kind", "state", "refs")
        .order_by("-due_at", "-pk")
    )
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = read_now(request.user, list(page.object_list))
    return render(request, "notify/inbox.html", {"page": page})


@login_required
@require_POST
def mark_read(request: SignedInRequest) -> HttpResponse:
    actions.mark_all_read(request.user)
    return redirect("notify:inbox")


def _current(user: User) -> dict[str, Choice]:
    rows = NotificationPreference.objects.filter(user=user)
    return {p.kind: Choice(p.enabled, p.digest) for p in rows}


@login_required
def choices(request: SignedInRequest) -> HttpResponse:
    form = ChoicesForm(request.POST or None, kinds=kinds.optional_kinds(), current=_current(request.user))
    if request.method == "POST" and form.is_valid():
        actions.set_choices(request.user, form.choices())
        messages.success(request, gettext("Your notification choices are saved."))
        return redirect("notify:settings")
    return render(request, "notify/settings.html", {"form": form}, status=400 if form.errors else 200)


@csrf_exempt  # RFC 8058: mail providers POST the one-click unsubscribe with no session and no token of ours
@require_http_methods(["GET", "POST"])
def unsubscribe(request: Request, token: str) -> HttpResponse:
    try:
        user_id, kind_name = read_unsubscribe_token(token)
    except signing.BadSignature:
        raise Http404("No such link.") from None
    label: StrOrPromise = ""
    if kind_name != DIGEST:
        kind = kinds.KINDS.get(kind_name)
        if kind is None or not kind.optional:
            raise Http404("No such link.")
        label = kind.label
    person = User.objects.filter(pk=user_id, is_active=True).first()
    if person is None:
        raise Http404("No such link.")
    # The page reads in the person's language: the link came in their email, maybe to a browser that is not theirs.
    language = person.language or translation.get_language()
    context = {"digest": kind_name == DIGEST, "label": label, "person": person}
    if request.method == "POST":
        actions.unsubscribe(person.pk, kind_name)
    with translation.override(language):
        page = "notify/unsubscribed.html" if request.method == "POST" else "notify/unsubscribe.html"
        response = render(request, page, context)
    response.headers["Content-Language"] = language
    return response


@never_cache
@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """For monitors: 200 when the outbox flows, 503 when the mail server is down or nothing is sent.

    Anyone gets the verdict; staff also get the details (the mail server's last error names hosts).
    """
    report = outbox_health(timezone.now())
    body = report if request.user.is_staff else {"status": report["status"]}
    return JsonResponse(body, status=200 if report["status"] == OK else 503)
