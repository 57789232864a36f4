"""Organizer pages: import a spreadsheet onto the board, export the board as a spreadsheet."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from hotseat.accounts.requests import SignedInRequest
from hotseat.masterminds.errors import BoardError
from hotseat.masterminds.sheet.export import export_lines
from hotseat.masterminds.sheet.importing import SheetError, import_sheet
from hotseat.masterminds.sheet.planning import SheetReport, read_sheet
from hotseat.masterminds.sheet.reading import MAX_BYTES, MAX_ROWS
from hotseat.programs.access import get_organized_cohort_or_404
from hotseat.programs.models import Cohort


class SheetForm(forms.Form):
    sheet = forms.FileField(
        required=False,
        label=_("CSV file"),
        help_text=_(
            "Columns: group, role, name, email, time zone, notes. Commas, semicolons or tabs; "
            "UTF-8, or Excel’s CSV (Windows-1252)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    # The sheet as text: kept between the dry run and the import, so nobody uploads twice; editable to fix a row.
    text = forms.CharField(
        required=False,
        strip=False,
        label=_("Sheet content"),
        help_text=_("Filled in from your file after a dry run. Fix a row here and run the dry run again."),
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false", "autocomplete": "off"}),
    )

    def clean(self) -> dict[str, object] | None:
        cleaned = super().clean()
        if not self.cleaned_data.get("sheet") and not self.cleaned_data.get("text", "").strip():
            raise forms.ValidationError(gettext("Choose a CSV file."))
        return cleaned

    def sheet_data(self) -> bytes | str:
        upload: UploadedFile[bytes] | None = self.cleaned_data.get("sheet")
        if upload:
            # One byte past the limit is enough to tell the file is too large.
            data: bytes = upload.read(MAX_BYTES + 1)
            return data
        text: str = self.cleaned_data["text"]
        return text


def _megabytes(size: int) -> str:
    return number_format(round(size / 1_000_000, 1), decimal_pos=1).removesuffix("0").rstrip(".,")


def _page(
    request: SignedInRequest,
    cohort: Cohort,
    form: SheetForm,
    report: SheetReport | None,
    *,
    status: int,
    too_big: bool = False,
) -> HttpResponse:
    return render(
        request,
        "masterminds/sheet_import.html",
        {
            "cohort": cohort,
            "program": cohort.program,
            "form": form,
            "report": report,
            "max_mb": _megabytes(MAX_BYTES),
            "max_rows": number_format(MAX_ROWS, force_grouping=True),
            "paste_max_mb": _megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0),
            "too_big": too_big,
        },
        status=status,
    )


# The CSRF check reads the form, and a form over DATA_UPLOAD_MAX_MEMORY_SIZE cannot be read: Django
# would answer a bare 400 before this view runs. So the check happens here, once the form is known
# to be readable, and an unreadable one gets the import page saying why (it changes nothing).
@csrf_exempt
@login_required
@require_http_methods(["GET", "POST"])
def board_import(request: SignedInRequest, program_slug: str, cohort_slug: str) -> HttpResponse:
    cohort = get_organized_cohort_or_404(request.user, program_slug, cohort_slug)
    if request.method == "POST":
        try:
            request.POST  # noqa: B018 -- reading the form is what fails when it is too large
        except (RequestDataTooBig, TooManyFieldsSent):
            return _page(request, cohort, SheetForm(), None, status=413, too_big=True)
    return _checked_import(request, cohort)


@csrf_protect
def _checked_import(request: SignedInRequest, cohort: Cohort) -> HttpResponse:
    if request.method != "POST":
        return _page(request, cohort, SheetForm(), None, status=200)
    form = SheetForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, cohort, form, None, status=400)
    report = read_sheet(cohort, form.sheet_data())
    kept = SheetForm(initial={"text": report.text or form.cleaned_data["text"]})
    if request.POST.get("action") == "import" and report.ok:
        try:
            done = import_sheet(cohort, report)
        except SheetError as exc:
            report = exc.report
        except BoardError as exc:
            messages.error(request, exc.message)
            return _page(request, cohort, kept, report, status=409)
        else:
            messages.success(request, done.summary())
            return redirect(cohort)
    return _page(request, cohort, kept, report, status=200 if report.ok else 400)


@login_required
@require_safe
@never_cache
def board_export(request: SignedInRequest, program_slug: str, cohort_slug: str) -> StreamingHttpResponse:
    cohort = get_organized_cohort_or_404(request.user, program_slug, cohort_slug)
    response = StreamingHttpResponse(export_lines(cohort), content_type="text/csv; charset=utf-8")
    filename = f"{cohort.program.slug}-{cohort.slug}-board.csv"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
