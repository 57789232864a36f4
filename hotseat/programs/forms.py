from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hotseat.programs.models import Cohort, Program, Signup
from hotseat.typed_input import SingleLineField, WindowDateField, WindowDateTimeField


class SignupForm(forms.Form):
    """Sign-up for a cohort: the role wanted and one field per screening question."""

    role = forms.ChoiceField(
        label=_("Role"), choices=Signup.Role.choices, widget=forms.RadioSelect, initial=Signup.Role.MEMBER
    )
    notes = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), label=_("Anything else?")
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = program.questions
        for index, question in enumerate(self.questions):
            self.fields[f"q{index}"] = forms.CharField(
                label=question, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
            )

    def answers(self) -> list[dict[str, str]]:
        return [
            {"question": q, "answer": self.cleaned_data[f"q{index}"].strip()} for index, q in enumerate(self.questions)
        ]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (Signup.Status.ACCEPTED, _("Accept")),
            (Signup.Status.WAITLISTED, pgettext_lazy("review decision", "Waitlist")),
            (Signup.Status.DECLINED, _("Decline")),
        ],
        widget=forms.RadioSelect,
        label=_("Decision"),
    )
    message = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Message to the person (optional)"),
    )


class ProgramForm(forms.ModelForm[Program]):
    class Meta:
        model = Program
        fields = [
            "name",
            "slug",
            "sponsor",
            "charter",
            "audience",
            "screening_questions",
            "language",
            "review",
            "group_size",
            "min_to_start",
            "max_group_size",
        ]
        widgets = {
            "charter": forms.Textarea(attrs={"rows": 6}),
            "audience": forms.Textarea(attrs={"rows": 2}),
            "screening_questions": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"name": SingleLineField, "sponsor": SingleLineField}


class CohortForm(forms.ModelForm[Cohort]):
    class Meta:
        model = Cohort
        fields = ["name", "slug", "starts_on", "weeks", "signup_opens_at", "signup_closes_at"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "signup_opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "signup_closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }
        # Every date typed here is in the one window (hotseat.typed_input): a cohort in year 9999 has no end date.
        field_classes = {
            "name": SingleLineField,
            "starts_on": WindowDateField,
            "signup_opens_at": WindowDateTimeField,
            "signup_closes_at": WindowDateTimeField,
        }

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.program = program

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        taken = Cohort.objects.filter(program=self.instance.program, slug=slug).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another cohort of this program already uses this slug."))
        return slug
