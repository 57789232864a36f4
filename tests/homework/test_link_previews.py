"""Preview titles are fetched once, after the post commits, and read from the database when pages render."""

from __future__ import annotations

import json
from datetime import timedelta

from django.utils import timezone

from hotseat.homework import actions
from hotseat.homework.link_previews import previews_for
from hotseat.homework.models import LinkPreview
from tests.integrations.test_oembed import provider  # noqa: F401 (the loopback oEmbed server fixture)


def test_post_with_a_video_link_stores_its_title_once(group, bob, chloe, provider, django_capture_on_commit_callbacks):  # noqa: F811
    provider.body = json.dumps({"title": "Our onboarding flow"}).encode()
    question = actions.post_question(group.week1, by=bob, title="Onboarding?")
    with django_capture_on_commit_callbacks(execute=True):
        actions.post_homework(question, by=chloe, body="Walkthrough: https://www.loom.com/share/abc123")
    with django_capture_on_commit_callbacks(execute=True):
        actions.post_homework(question, by=chloe, body="Edited. https://www.loom.com/share/abc123")
    assert len(provider.requests) == 1
    assert LinkPreview.objects.get().title == "Our onboarding flow"
    link, title = previews_for(["https://www.loom.com/share/abc123"])["https://www.loom.com/share/abc123"]
    assert (link.provider_name, title) == ("Loom", "Our onboarding flow")


def test_unreachable_provider_falls_back_to_its_name(group, bob, chloe, settings, django_capture_on_commit_callbacks):
    settings.OEMBED_ENDPOINTS = {"vimeo": "http://127.0.0.1:9/oembed"}
    question = actions.post_question(group.week1, by=bob, title="Onboarding?")
    with django_capture_on_commit_callbacks(execute=True):
        actions.post_homework(question, by=chloe, body="https://vimeo.com/42")
    link, title = previews_for(["https://vimeo.com/42"])["https://vimeo.com/42"]
    assert title == ""
    assert link.provider_name == "Vimeo"


def test_a_missing_title_is_fetched_again_a_day_later(group, bob, chloe, provider, django_capture_on_commit_callbacks):  # noqa: F811
    provider.status = 503
    question = actions.post_question(group.week1, by=bob, title="Onboarding?")
    with django_capture_on_commit_callbacks(execute=True):
        actions.post_homework(question, by=chloe, body="https://youtu.be/late")
    assert LinkPreview.objects.get().title == ""
    with django_capture_on_commit_callbacks(execute=True):
        actions.post_homework(question, by=chloe, body="Same day edit https://youtu.be/late")
    assert len(provider.requests) == 1  # not hammered on every save
    LinkPreview.objects.update(fetched_at=timezone.now() - timedelta(days=2))
    provider.status, provider.body = 200, b'{"title": "Back online"}'
    with django_capture_on_commit_callbacks(execute=True):
        actions.post_homework(question, by=chloe, body="Next day https://youtu.be/late")
    assert LinkPreview.objects.get().title == "Back online"
