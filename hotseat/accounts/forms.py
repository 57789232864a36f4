from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hotseat.accounts.models import User
from hotseat.accounts.timezones import validate_time_zone, zone_names


class TimeZoneField(forms.CharField):
    """A free-text field with a datalist of IANA names; validated against the tz database."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("help_text", _("An IANA name such as America/New_York. We detect it from your browser."))
        super().__init__(**kwargs)
        self.validators.append(validate_time_zone)
        self.widget.attrs.update({"list": "tz-names", "autocomplete": "off", "data-detect-tz": "true"})

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).strip()


class SignupProfileForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    display_name = forms.CharField(max_length=80, label=_("Your name"), help_text=_("Shown on the board."))
    time_zone = TimeZoneField(label=_("Time zone"))

    def signup(self, request: Any, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.time_zone = self.cleaned_data["time_zone"]
        user.save(update_fields=["display_name", "time_zone"])


def language_choices() -> list[tuple[str, str]]:
    """Blank first (the browser decides), then each language in its own name: "English", "Français"."""
    return [("", str(_("As my browser says"))), *settings.LANGUAGES]


class ProfileForm(forms.ModelForm[User]):
    time_zone = TimeZoneField(label=_("Time zone"))
    language = forms.TypedChoiceField(
        label=_("Language"),
        choices=language_choices,
        required=False,
        empty_value="",
        help_text=_("The language of hotseat's pages and of the emails it sends you."),
    )

    class Meta:
        model = User
        fields = [
            "display_name",
            "time_zone",
            "language",
            "community_name",
            "community_url",
            "community_platform",
            "community_role",
            "bio",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}


def tz_datalist() -> tuple[str, ...]:
    return zone_names()
