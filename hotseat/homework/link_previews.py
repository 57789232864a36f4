"""Preview titles for the Loom/YouTube/Vimeo links in posts: fetched after the post commits, read from the database.

A page never waits on a provider: it shows the stored title, or the provider's name until one
is stored (or when none could be had).
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from hotseat.homework.models import LinkPreview
from hotseat.integrations.oembed import VideoLinkRef, fetch_title, provider_of, video_links

RETRY_AFTER = timedelta(days=1)


@task
def fetch_previews(urls: list[str]) -> int:
    """Fetch and store the titles of `urls` not stored yet; how many were fetched.

    A link whose title could not be had is tried again when a post holding it is saved a day later.
    """
    retry_before = timezone.now() - RETRY_AFTER
    known = set(
        LinkPreview.objects.filter(url__in=urls)
        .exclude(title="", fetched_at__lt=retry_before)
        .values_list("url", flat=True)
    )
    fetched = 0
    for url in urls:
        provider = provider_of(url)
        if url in known or provider is None:
            continue
        title = fetch_title(url) or ""
        LinkPreview.objects.update_or_create(url=url, defaults={"provider": provider, "title": title})
        fetched += 1
    return fetched


def _enqueue(urls: list[str]) -> None:
    fetch_previews.enqueue(urls)


def queue_previews(text: str) -> None:
    """After the current transaction commits, fetch the titles of the text's video links."""
    urls = [link.url for link in video_links(text)]
    if urls:
        transaction.on_commit(partial(_enqueue, urls), robust=True)


def previews_for(texts: list[str]) -> dict[str, tuple[VideoLinkRef, str]]:
    """Every video link in `texts` → (the link, its title or ""), in one query."""
    links = {link.url: link for text in texts for link in video_links(text)}
    if not links:
        return {}
    titles = dict(LinkPreview.objects.filter(url__in=list(links)).values_list("url", "title"))
    return {url: (link, titles.get(url, "")) for url, link in links.items()}
