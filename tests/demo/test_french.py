"""The demo speaks both languages: Chloé reads hotseat in French, in a running group of English speakers."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.urls import reverse

from hotseat.accounts.models import User
from hotseat.demo.program import FRENCH_SPEAKER, load_demo
from hotseat.demo.running import running_group
from hotseat.masterminds.access import members_of
from tests.clients import signed_in


def test_chloe_reads_french_in_a_group_of_english_speakers(db):
    first, _ = load_demo()

    group = running_group(first.program)
    assert group is not None
    languages = {user.email: user.language for user in members_of(group)}
    chloe = User.objects.get(email=FRENCH_SPEAKER)
    assert (chloe.language, chloe.time_zone) == ("fr", "Europe/Paris")
    assert languages.pop(FRENCH_SPEAKER) == "fr"
    assert set(languages.values()) == {"en"}
    french = signed_in(chloe).get(reverse("program", args=[first.program.slug])).content.decode()
    english = signed_in(User.objects.get(email="alice@example.com")).get(reverse("program", args=[first.program.slug]))
    assert '<html lang="fr">' in french
    assert "Cohortes" in french
    assert '<html lang="en">' in english.content.decode()


def test_a_demo_from_before_gets_its_french_speaker(db):
    load_demo()
    User.objects.filter(email=FRENCH_SPEAKER).update(language="")

    load_demo()

    assert User.objects.get(email=FRENCH_SPEAKER).language == "fr"


def test_the_demo_names_the_french_speakers_login(db):
    out = io.StringIO()

    call_command("demo", stdout=out)

    lines = [line for line in out.getvalue().splitlines() if "French" in line]
    assert len(lines) == 1
    assert FRENCH_SPEAKER in lines[0]
    assert f"  {FRENCH_SPEAKER}" in out.getvalue().splitlines()
