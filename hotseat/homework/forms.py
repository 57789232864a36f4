"""The week page's forms. Bad input gets a message next to its field; what was typed stays."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from hotseat.homework.models import MAX_MINUTES
from hotseat.homework.uploads import ACCEPT_ATTRIBUTE
from hotseat.typed_input import SingleLineField


def _text(
    label: StrOrPromise,
    *,
    rows: int = 8,
    required: bool = True,
    help_text: StrOrPromise = "",
    message: StrOrPromise = "",
    template_name: str | None = None,
) -> forms.CharField:
    return forms.CharField(  # type: ignore[call-arg]  # django-stubs' CharField lacks Field's template_name
        label=label,
        template_name=template_name,
        required=required,
        strip=True,
        help_text=help_text,
        error_messages={"required": message or _("Write something first.")},
        widget=forms.Textarea(attrs={"rows": rows, "data-paste-upload": ""}),
    )


def _file() -> forms.FileField:
    return forms.FileField(
        label=_("Attach a file"),
        required=False,
        help_text=_(
            "An image, a screencast (MP4 or WebM) or a PDF. You can also paste or drop screenshots in the text."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )


MARKDOWN_HELP = _(
    "Markdown: **bold**, *italic*, [links](https://…), lists. Loom, YouTube and Vimeo links show with their title."
)


class QuestionForm(forms.Form):
    title = SingleLineField(
        label=_("Your question"), max_length=200, error_messages={"required": _("Give your question a title.")}
    )
    body = _text(_("The details"), required=False, help_text=MARKDOWN_HELP)
    wants_feedback = forms.BooleanField(
        label=_("I'd like to discuss the homework on the next call"),
        label_suffix="",  # shown beside its box, not above a value
        required=False,
        help_text=_("The next call then opens with feedback on this week's homework."),
    )
    attachment = _file()


class HomeworkForm(forms.Form):
    # The box sits right under the "Your homework" heading: its label is there for screen readers only.
    body = _text(
        _("Your homework"),
        rows=12,
        help_text=MARKDOWN_HELP,
        message=_("Write your homework first."),
        template_name="homework/_field_label_hidden.html",
    )
    minutes_spent = forms.IntegerField(
        label=_("Minutes spent"),
        required=False,
        min_value=1,
        max_value=MAX_MINUTES,
        help_text=_("The guide is about an hour."),
        error_messages={"invalid": _("Minutes spent is a whole number, e.g. 45.")},
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_MINUTES, "step": 5, "inputmode": "numeric"}),
    )
    attachment = _file()


class FeedbackForm(forms.Form):
    body = _text(_("Reply"), rows=3, message=_("Write your reply first."))


class CloseForm(forms.Form):
    closing_note = _text(
        _("What I'll do with this"), rows=4, message=_("Write what you'll do with the homework, then close the week.")
    )
