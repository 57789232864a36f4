"""Every error of the API in one shape: RFC 9457 problem details, in the reader's language.

``type`` is a stable URI per kind of problem (documented in docs/api.md), ``title`` says the kind in
words, ``detail`` the plain sentence the pages show (an action's refusal message, as it is), and
``errors`` lists one message per field for bad input.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy
from ninja import Schema

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://hotseat.example/problems/"

TITLES: dict[str, Promise] = {
    "unauthenticated": gettext_lazy("Sign in or send an API token"),
    "read-only-token": gettext_lazy("This token can only read"),
    "forbidden": gettext_lazy("Not allowed"),
    "not-found": gettext_lazy("Not found"),
    "refused": gettext_lazy("The change was refused"),
    "invalid": gettext_lazy("Some values are not valid"),
    "rate-limited": gettext_lazy("Too many requests"),
}


class FieldError(Schema):
    field: str
    message: str


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] = []


def problem(
    kind: str,
    status: int,
    detail: str,
    *,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": TYPE_BASE + kind,
        "title": str(TITLES[kind]),
        "status": status,
        "detail": detail,
        "errors": errors or [],
    }
    response = HttpResponse(json.dumps(body), status=status, content_type=MEDIA_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def not_found(_request: HttpRequest, _exc: Exception) -> HttpResponse:
    return problem("not-found", 404, gettext("There is nothing here, or you may not see it."))


def unauthenticated(_request: HttpRequest, _exc: Exception) -> HttpResponse:
    return problem("unauthenticated", 401, gettext("Send a valid API token (Authorization: Bearer …), or sign in."))


def field_name(location: list[Any]) -> str:
    """``["body", "payload", "mastermind"]`` → ``mastermind``: the name the caller sent."""
    parts = [str(p) for p in location if p not in ("body", "query", "path", "header", "cookie", "payload")]
    return ".".join(parts) or "__all__"


def invalid(_request: HttpRequest, errors: list[dict[str, Any]]) -> HttpResponse:
    fields = [{"field": field_name(list(e.get("loc", []))), "message": value_message(e)} for e in errors]
    return problem("invalid", 422, gettext("Some values are not valid; see errors."), errors=fields)


def value_message(error: dict[str, Any]) -> str:
    """pydantic's message kinds, said in the reader's language (its own messages are English only)."""
    kind = str(error.get("type", ""))
    if kind == "missing":
        return gettext("This field is required.")
    if kind.startswith(("int_", "float_")):
        return gettext("Enter a whole number within range.")
    if kind.startswith("string_too_long"):
        return gettext("This value is too long.")
    if kind.startswith(("string_", "str_")):
        return gettext("Enter text.")
    if kind.startswith("json"):
        return gettext("The body is not valid JSON.")
    return gettext("This value is not valid.")
