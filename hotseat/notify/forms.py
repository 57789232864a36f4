from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext

from hotseat.notify.kinds import Kind
from hotseat.notify.preferences import Choice

IMMEDIATE, DIGEST, OFF = "immediate", "digest", "off"


def _initial(choice: Choice) -> str:
    if not choice.enabled:
        return OFF
    return DIGEST if choice.digest else IMMEDIATE


class ChoicesForm(forms.Form):
    """One radio group per kind a person may turn off."""

    def __init__(self, *args: Any, kinds: list[Kind], current: dict[str, Choice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        for kind in kinds:
            options = [(IMMEDIATE, gettext("Email me straight away"))]
            if kind.digest:
                options.append((DIGEST, gettext("In a daily digest (08:00 your time)")))
            options.append((OFF, gettext("No email (still listed under Notifications)")))
            self.fields[kind.name] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.help,
                choices=options,
                widget=forms.RadioSelect,
                initial=_initial(current.get(kind.name, Choice())),
            )

    def choices(self) -> dict[str, Choice]:
        return {name: Choice(enabled=value != OFF, digest=value == DIGEST) for name, value in self.cleaned_data.items()}
