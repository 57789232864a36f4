"""The API object (django-ninja) at /api/v1/: its authentication, its errors, its ETags and its description.

Every operation requires a caller (a token or the browser's session). Every error answers in the one
problem-details shape of ``problems.py``, and the OpenAPI description says so (``application/problem+json``
for every 4xx). Every successful read carries an ETag; ``If-None-Match`` with it answers 304.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import quote_etag
from django.utils.translation import gettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema

from hotseat.api import problems
from hotseat.api.auth import BrowserSessionAuth, RateLimitedError, ReadOnlyTokenError, TokenAuth
from hotseat.api.endpoints import masterminds, programs, seats
from hotseat.refusals import RefusalError

DESCRIPTION = """hotseat's REST API. Authenticate with a personal API token from your profile's
"API tokens" page (`Authorization: Bearer hs_…`), or with the browser's session (writes need the CSRF
token). Errors are RFC 9457 problem details. See docs/api.md."""


class HotseatAPI(NinjaAPI):
    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
            response["ETag"] = etag
            response["Cache-Control"] = "private, no-cache"
            # A weak comparison (RFC 9110 13.1.2): a client may send W/"…" or a list.
            sent = [t.strip().removeprefix("W/") for t in request.headers.get("If-None-Match", "").split(",")]
            if etag in sent or "*" in sent:
                not_modified = HttpResponseNotModified()
                not_modified["ETag"] = etag
                return not_modified
        return response

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for method, operation in operations.items():
                answers = operation.get("responses", {})
                for status, answer in answers.items():
                    if str(status).startswith("4") and "application/json" in answer.get("content", {}):
                        answer["content"] = {problems.MEDIA_TYPE: answer["content"]["application/json"]}
                if method == "get":
                    answers["304"] = {"description": "Not modified: the ETag sent in If-None-Match is current."}
        return schema


api = HotseatAPI(
    title="hotseat",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[TokenAuth(), BrowserSessionAuth()],
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("", programs.router)
api.add_router("", seats.router)
api.add_router("", masterminds.router)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problems.not_found(request, exc)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problems.unauthenticated(request, exc)


@api.exception_handler(ReadOnlyTokenError)
def _read_only(request: HttpRequest, exc: ReadOnlyTokenError) -> HttpResponse:
    return problems.problem(
        "read-only-token", 403, gettext("This token can only read; create a read and write token to make changes.")
    )


@api.exception_handler(RateLimitedError)
def _rate_limited(request: HttpRequest, exc: RateLimitedError) -> HttpResponse:
    return problems.problem(
        "rate-limited",
        429,
        gettext("Too many requests with this token; try again in %(seconds)s seconds.") % {"seconds": exc.retry_after},
        headers={"Retry-After": str(exc.retry_after)},
    )


@api.exception_handler(RefusalError)
def _refused(request: HttpRequest, exc: RefusalError) -> HttpResponse:
    errors = [{"field": exc.field, "message": exc.message}] if exc.field else []
    # A refusal about one typed value is bad input (422); any other is a conflict with the state (409).
    status = 422 if exc.field else 409
    return problems.problem("invalid" if exc.field else "refused", status, exc.message, errors=errors)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return problems.invalid(request, list(exc.errors))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # django-ninja's own refusals: the CSRF check of a session write (403), a body it cannot read (400).
    if exc.status_code == 403:
        return problems.problem("forbidden", 403, gettext("The CSRF token is missing or wrong; reload the page."))
    return problems.invalid(request, [{"loc": ["body"], "type": "json_invalid"}])
