"""Staff set a program's forum in the admin; the API key is write-only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hotseat.forum.models import ForumAccount, ForumSettings, ForumSpace, ForumStep
from tests.factories import UserFactory
from tests.forum.helpers import formed_group, forum_on

pytestmark = pytest.mark.django_db

SECRET = "s3cret-admin-key-0123456789"


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def form(program, **changes):
    data = {
        "program": program.pk,
        "enabled": "on",
        "url": "https://forum.example.org",
        "api_key": SECRET,
        "api_username": "system",
        "parent_category_id": "7",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_key_is_saved_and_never_shown_back(staff, program):
    response = staff.post(reverse("admin:forum_forumsettings_add"), form(program))
    assert response.status_code == 302
    saved = ForumSettings.objects.get(program=program)
    assert saved.api_key == SECRET
    change = reverse("admin:forum_forumsettings_change", args=[saved.pk])
    assert SECRET not in staff.get(change).content.decode()
    assert SECRET not in staff.get(reverse("admin:forum_forumsettings_changelist")).content.decode()
    # An empty key keeps the saved one; a new one replaces it.
    assert staff.post(change, form(program, api_key="", api_username="admin")).status_code == 302
    saved.refresh_from_db()
    assert (saved.api_key, saved.api_username) == (SECRET, "admin")
    assert staff.post(change, form(program, api_key="another-key")).status_code == 302
    saved.refresh_from_db()
    assert saved.api_key == "another-key"


def test_the_forum_is_not_turned_on_without_a_key(staff, program):
    response = staff.post(reverse("admin:forum_forumsettings_add"), form(program, api_key=""))
    assert response.status_code == 200
    assert "without an API key" in response.content.decode()
    assert not ForumSettings.objects.exists()


def test_the_steps_and_spaces_are_read_only(staff, cohort, alice, bob, chloe, dev):
    forum_on(cohort, "https://forum.example.org")
    formed_group(cohort, alice, bob, chloe, dev)
    step = ForumStep.objects.first()
    assert step is not None
    for model, pk in ((ForumStep, step.pk), (ForumSpace, ForumSpace.objects.get().pk), (ForumAccount, None)):
        name = model._meta.model_name
        assert staff.get(reverse(f"admin:forum_{name}_changelist")).status_code == 200
        if pk is not None:
            assert staff.get(reverse(f"admin:forum_{name}_change", args=[pk])).status_code == 200
            assert staff.post(reverse(f"admin:forum_{name}_change", args=[pk]), {}).status_code == 403
