"""Video links in French: what a leader reads when a pasted link is refused, the Zoom warning, the provider's name."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from hotseat.integrations.video import VideoLink, validate_video_url, warnings_for

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("raw", "french"),
    [
        ("http://zoom.us/j/123", "Utilisez un lien https://"),
        ("https://zoom.us/j/1 23", "Un lien ne peut contenir ni espace ni retour à la ligne."),
        ("https://moi:secret@zoom.us/j/123", "Ce lien contient un nom d'utilisateur ou un mot de passe."),
        ("https://", "Cela ne ressemble pas à un lien web."),
        ("https://zoom.us/" + "a" * 600, f"Ce lien fait 616 caractères{NBSP}; nous en gardons 500 au plus."),
    ],
)
def test_a_refused_link_is_explained_in_french(raw, french):
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        validate_video_url(raw)

    assert refused.value.messages[0].startswith(french)


def test_a_refused_link_is_explained_in_english_too():
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        validate_video_url("http://zoom.us/j/123")

    assert refused.value.messages[0].startswith("Use an https:// link")


def test_the_zoom_warning_in_french():
    with translation.override("fr"):
        warnings = warnings_for("zoom", 60)

    assert warnings == [
        f"L'offre gratuite de Zoom arrête les réunions au bout de 40 minutes{NBSP}; cet appel dure 60 minutes."
        " Utilisez un compte Zoom payant ou la salle Jitsi gratuite."
    ]


def test_another_providers_name_follows_the_language():
    link = VideoLink(url="https://visio.example/salle", provider="other")

    with translation.override("fr"):
        french = link.provider_name
    with translation.override("en"):
        english = link.provider_name

    assert (french, english) == ("Appel vidéo", "Video call")
    assert VideoLink(url="https://zoom.us/j/1", provider="zoom").provider_name == "Zoom"
