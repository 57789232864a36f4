"""State changes for calendar feeds and the video link: issue and reset feed tokens, set the link."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from hotseat.accounts.models import User
from hotseat.integrations.video import validate_video_url
from hotseat.meetings.models import Meeting, PersonalFeed, Schedule, new_token


@transaction.atomic
def personal_feed_of(user: User) -> PersonalFeed:
    """The person's feed, made on first use (the token is what their calendar app fetches with)."""
    feed, _created = PersonalFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def reset_personal_feed(user: User) -> PersonalFeed:
    """A new secret for the person's feed; the old URL stops working at once."""
    feed, created = PersonalFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.token = new_token()
        feed.save(update_fields=["token"])
    return feed


@transaction.atomic
def reset_mastermind_feed(schedule: Schedule) -> Schedule:
    """A new secret for the mastermind's feed (e.g. after someone left); the old URL stops working at once."""
    locked = Schedule.objects.select_for_update().get(pk=schedule.pk)
    locked.feed_token = new_token()
    locked.save(update_fields=["feed_token", "updated_at"])
    return locked


@transaction.atomic
def set_video_link(schedule: Schedule, raw_url: str, *, now: datetime | None = None) -> Schedule:
    """Use a pasted meeting link, or the mastermind's free Jitsi room when `raw_url` is empty.

    Raises ValidationError (and changes nothing) for a link we will not show members. When the
    link changes, the SEQUENCE of every meeting still to come goes up, so calendar apps that
    compare it take the new LOCATION.
    """
    url = validate_video_url(raw_url)
    locked = Schedule.objects.select_for_update().get(pk=schedule.pk)
    if locked.video_url == url:
        return locked
    locked.video_url = url
    locked.save(update_fields=["video_url", "updated_at"])
    now = now or timezone.now()
    Meeting.objects.filter(mastermind_id=locked.mastermind_id, starts_at__gte=now).exclude(
        state=Meeting.State.SKIPPED
    ).update(sequence=F("sequence") + 1, updated_at=now)
    return locked
