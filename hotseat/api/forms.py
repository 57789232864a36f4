"""The form of the API tokens page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hotseat.api.models import ApiToken
from hotseat.typed_input import SingleLineField, WindowDateField


class TokenForm(forms.Form):
    name = SingleLineField(label=_("Name"), max_length=80, help_text=_("What the token is for, e.g. “CRM sync”."))
    scope = forms.ChoiceField(label=_("Scope"), choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ)
    expires_on = WindowDateField(
        label=_("Expires on"),
        required=False,
        help_text=_("Optional. The token stops working at the start of this day (UTC)."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
