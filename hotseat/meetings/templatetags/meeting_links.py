"""What a meeting's links (meetings/_meeting_links.html) show: the video link, calendar links, who may change them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django import template
from django.utils import timezone

from hotseat.integrations.video import VideoLink, video_link_for
from hotseat.masterminds.access import active_membership
from hotseat.masterminds.models import Mastermind
from hotseat.meetings.calendar import FeedLinks, mastermind_feed_links, schedule_of
from hotseat.meetings.models import Meeting, Schedule
from hotseat.programs.access import is_organizer

register = template.Library()

# The longest call a schedule allows: a call that started this long ago may still be on.
LONGEST_MEETING = timedelta(minutes=240)


@dataclass(frozen=True)
class MeetingLinks:
    schedule: Schedule | None
    link: VideoLink | None
    meeting: Meeting | None
    feed: FeedLinks | None
    can_manage: bool


def next_meeting(mastermind: Mastermind) -> Meeting | None:
    """The call that is on now or comes next, skipped weeks aside."""
    now = timezone.now()
    upcoming = (
        Meeting.objects.filter(mastermind=mastermind, starts_at__gt=now - LONGEST_MEETING)
        .exclude(state=Meeting.State.SKIPPED)
        .order_by("starts_at")
    )
    return next((meeting for meeting in upcoming[:5] if meeting.ends_at > now), None)


@register.simple_tag(takes_context=True)
def meeting_links(context: template.Context, mastermind: Mastermind, meeting: Any = None) -> MeetingLinks:
    """`meeting` is the next meeting when the page has it; without one, the next one is looked up."""
    schedule = schedule_of(mastermind)
    if schedule is None:
        return MeetingLinks(schedule=None, link=None, meeting=None, feed=None, can_manage=False)
    request = context.get("request")
    user = getattr(request, "user", None)
    can_manage = False
    if user is not None and user.is_authenticated:
        membership = active_membership(user, mastermind)
        can_manage = (membership is not None and membership.is_leader) or is_organizer(user, mastermind.cohort.program)
    return MeetingLinks(
        schedule=schedule,
        link=video_link_for(schedule),
        meeting=meeting if isinstance(meeting, Meeting) else next_meeting(mastermind),
        feed=mastermind_feed_links(schedule),
        can_manage=can_manage,
    )
