from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from hotseat.masterminds.models import Mastermind, Membership
from hotseat.programs.models import Cohort, Program
from hotseat.typed_input import SingleLineField


class CapacityField(forms.IntegerField):
    def __init__(self, program: Program, **kwargs: Any) -> None:
        super().__init__(
            min_value=program.min_to_start,
            max_value=program.max_group_size,
            help_text=gettext("Seats including yours: %(min)s to %(max)s.")
            % {"min": program.min_to_start, "max": program.max_group_size},
            **kwargs,
        )


class LeadForm(forms.Form):
    title = SingleLineField(max_length=120, label=_("Title"), help_text=_("e.g. “Growing a small Discourse forum”."))
    focus = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Focus"),
        help_text=_("What you will work on."),
    )
    preferred_times = forms.CharField(
        required=False,
        max_length=200,
        label=_("Preferred call times"),
        help_text=_("e.g. “Tue/Thu 17:00–19:00 Paris”."),
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["capacity"] = CapacityField(program, initial=program.group_size, label=pgettext("seat", "Seats"))


class CapacityForm(forms.Form):
    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["capacity"] = CapacityField(program, label=pgettext("seat", "Seats"))


class MoveForm(forms.Form):
    membership = forms.ModelChoiceField(queryset=Membership.objects.none(), label=_("Person"))
    to = forms.ModelChoiceField(queryset=Mastermind.objects.none(), label=_("Move to"))

    def __init__(self, *args: Any, cohort: Cohort, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["membership"].queryset = (
            Membership.objects.seated().filter(cohort=cohort).select_related("user", "mastermind")
        )
        fields["membership"].label_from_instance = lambda m: (
            gettext("%(person)s (%(mastermind)s)")
            % {
                "person": m.user.name,
                "mastermind": m.mastermind,
            }
        )
        fields["to"].queryset = cohort.masterminds.filter(state__in=Mastermind.OPEN_STATES)


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(queryset=Mastermind.objects.none(), label=_("Keep"))
    other = forms.ModelChoiceField(queryset=Mastermind.objects.none(), label=_("Merge into it"))

    def __init__(self, *args: Any, cohort: Cohort, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        forming = cohort.masterminds.filter(state=Mastermind.State.FORMING)
        fields: Any = self.fields
        fields["into"].queryset = forming
        fields["other"].queryset = forming

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("into") and data.get("into") == data.get("other"):
            raise forms.ValidationError(gettext("Pick two different masterminds."))
        return data
