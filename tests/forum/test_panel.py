"""The group page links its members, and only them, to the group's category once the forum has made it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hotseat.forum.models import ForumSettings, ForumSpace
from hotseat.forum.panels import forum_panel
from tests.clients import signed_in
from tests.forum.helpers import formed_group, forum_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def space(cohort, alice, bob, chloe, dev) -> ForumSpace:
    forum_on(cohort, "https://forum.example.org/")
    mastermind = formed_group(cohort, alice, bob, chloe, dev)
    return ForumSpace.objects.get(mastermind=mastermind)


def page(user, space: ForumSpace) -> str:
    return signed_in(user).get(reverse("group", args=[space.mastermind_id])).content.decode()


def test_no_link_before_the_category_exists(space, chloe):
    assert "forum-space" not in page(chloe, space)


def test_members_get_the_link_in_their_language(space, alice, chloe, erin):
    ForumSpace.objects.filter(pk=space.pk).update(category_id=42)
    url = "https://forum.example.org/c/" + space.category_slug + "/42"
    html = page(alice, space)
    assert url in html
    assert "Open the group's forum space" in html
    chloe.language = "fr"
    chloe.save(update_fields=["language"])
    french = page(chloe, space)
    assert url in french
    assert "sur le forum" in french
    assert url not in page(erin, space)  # not a member


def test_no_link_when_the_forum_is_off(space, alice):
    ForumSpace.objects.filter(pk=space.pk).update(category_id=42)
    ForumSettings.objects.update(enabled=False)
    assert "forum-space" not in page(alice, space)


def test_the_panel_is_one_query(space, django_assert_num_queries):
    ForumSpace.objects.filter(pk=space.pk).update(category_id=42)
    mastermind = space.mastermind
    with django_assert_num_queries(1):
        panel = forum_panel(mastermind, is_member=True)
    assert panel is not None
    with django_assert_num_queries(0):
        assert forum_panel(mastermind, is_member=False) is None
