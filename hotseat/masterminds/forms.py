from __future__ import annotations

from typing import Any

from django import forms

from hotseat.masterminds.models import Mastermind, Membership
from hotseat.programs.models import Cohort, Program
from hotseat.typed_input import SingleLineField


class CapacityField(forms.IntegerField):
    def __init__(self, program: Program, **kwargs: Any) -> None:
        super().__init__(
            min_value=program.min_to_start,
            max_value=program.max_group_size,
            help_text=f"Seats including yours: {program.min_to_start} to {program.max_group_size}.",
            **kwargs,
        )


class LeadForm(forms.Form):
    title = SingleLineField(max_length=120, help_text="e.g. “Growing a small Discourse forum”.")
    focus = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}), help_text="What you will work on."
    )
    preferred_times = forms.CharField(
        required=False, max_length=200, label="Preferred call times", help_text="e.g. “Tue/Thu 17:00–19:00 Paris”."
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["capacity"] = CapacityField(program, initial=program.group_size, label="Seats")


class CapacityForm(forms.Form):
    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["capacity"] = CapacityField(program, label="Seats")


class MoveForm(forms.Form):
    membership = forms.ModelChoiceField(queryset=Membership.objects.none(), label="Person")
    to = forms.ModelChoiceField(queryset=Mastermind.objects.none(), label="Move to")

    def __init__(self, *args: Any, cohort: Cohort, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["membership"].queryset = (
            Membership.objects.seated().filter(cohort=cohort).select_related("user", "mastermind")
        )
        fields["membership"].label_from_instance = lambda m: f"{m.user.name} ({m.mastermind})"
        fields["to"].queryset = cohort.masterminds.filter(state__in=Mastermind.OPEN_STATES)


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(queryset=Mastermind.objects.none(), label="Keep")
    other = forms.ModelChoiceField(queryset=Mastermind.objects.none(), label="Merge into it")

    def __init__(self, *args: Any, cohort: Cohort, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        forming = cohort.masterminds.filter(state=Mastermind.State.FORMING)
        fields: Any = self.fields
        fields["into"].queryset = forming
        fields["other"].queryset = forming

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("into") and data.get("into") == data.get("other"):
            raise forms.ValidationError("Pick two different masterminds.")
        return data
