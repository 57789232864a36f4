"""Files: the upload behind pasted screenshots, and the only way any stored file is read back.

A file is served to the members and organizers of its mastermind (404 for anyone else), with
headers that stop a browser from treating it as anything but what its bytes said it was:
`X-Content-Type-Options: nosniff`, a sandboxing Content-Security-Policy, `attachment` for
everything that is not an image, under a name whose extension is the checked type's (a PDF named
page.html downloads as page.html.pdf), private caching. Byte ranges are served, so a video seeks.
"""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.views.decorators.http import require_POST, require_safe

from hotseat.accounts.models import User
from hotseat.accounts.requests import Request
from hotseat.homework import actions
from hotseat.homework.access import get_attachment_or_404
from hotseat.homework.errors import HomeworkError
from hotseat.homework.models import Attachment
from hotseat.homework.uploads import clean_name, download_name
from hotseat.masterminds.access import get_mastermind_or_404

FILE_CSP = "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox"
# ASCII digits only (`\d` takes "²", which int() refuses), and few enough for int() and any file size.
_RANGE = re.compile(r"bytes=([0-9]{0,19})-([0-9]{0,19})\Z")
CHUNK = 64 * 1024


@login_required
@require_POST
def upload(request: Request, mastermind_id: int) -> JsonResponse:
    """A pasted or dropped file: JSON with its URL and the Markdown that shows it, or the reason it was refused."""
    mastermind, _role = get_mastermind_or_404(request.user, mastermind_id)
    assert isinstance(request.user, User)
    file = request.FILES.get("file")
    if file is None:
        return JsonResponse({"error": gettext("No file came with the upload.")}, status=400)
    try:
        attachment = actions.upload(mastermind, by=request.user, file=file)
    except HomeworkError as error:
        return JsonResponse({"error": error.message}, status=400)
    url = attachment.get_absolute_url()
    label = attachment.original_name.replace("[", "(").replace("]", ")")
    markdown = f"![{label}]({url})" if attachment.kind == Attachment.Kind.IMAGE else f"[{label}]({url})"
    return JsonResponse({"url": url, "markdown": markdown, "kind": attachment.kind, "name": attachment.original_name})


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) of a single `bytes=` range, clipped to the file; None when it cannot be served."""
    match = _RANGE.match(header.strip())
    if match is None or match.group(1) == match.group(2) == "":
        return None
    first, last = match.group(1), match.group(2)
    if first == "":  # the last N bytes
        length = int(last)
        return (max(size - length, 0), size - 1) if length else None
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    return (start, end) if start <= end and start < size else None


def _stream(name: str, start: int, length: int):  # type: ignore[no-untyped-def]
    with default_storage.open(name, "rb") as handle:
        handle.seek(start)
        left = length
        while left > 0:
            chunk = handle.read(min(CHUNK, left))
            if not chunk:
                break
            left -= len(chunk)
            yield chunk


def _protect(response: HttpResponseBase, attachment: Attachment) -> HttpResponseBase:
    response["Content-Type"] = attachment.content_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, max-age=3600"
    response["Accept-Ranges"] = "bytes"
    inline = attachment.kind == Attachment.Kind.IMAGE
    # The name's extension is the checked type's: "page.html" that is a PDF downloads as page.html.pdf,
    # never as a page a browser would run when opened from disk.
    name = download_name(clean_name(attachment.original_name), attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, name) or ""
    return response


@require_safe
def attachment(request: Request, uid: str) -> HttpResponseBase:
    found = get_attachment_or_404(request.user, uid)
    size = found.size
    requested = request.headers.get("Range", "")
    if requested:
        span = _byte_range(requested, size)
        if span is None:
            refused = HttpResponse(status=416)
            refused["Content-Range"] = f"bytes */{size}"
            return _protect(refused, found)
        start, end = span
        partial = StreamingHttpResponse(_stream(found.stored_name, start, end - start + 1), status=206)
        partial["Content-Range"] = f"bytes {start}-{end}/{size}"
        partial["Content-Length"] = str(end - start + 1)
        return _protect(partial, found)
    response = FileResponse(default_storage.open(found.stored_name, "rb"))
    response["Content-Length"] = str(size)
    return _protect(response, found)
