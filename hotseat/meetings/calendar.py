"""iCalendar (RFC 5545) for meetings: the feeds people subscribe to, and one-meeting .ics files.

Each meeting is its own VEVENT rather than one event with an RRULE. A mastermind's weeks are a
short, finite list that changes one week at a time: a moved call, a skipped week. With an RRULE
those become RECURRENCE-ID overrides and EXDATEs, which calendar apps honour unevenly (some drop
an override whose series changed, some keep a cancelled occurrence). Separate events, each with
a UID that never changes and a SEQUENCE that goes up with every change, say exactly what happens
each week and update cleanly in Google Calendar, Outlook and Apple Calendar.

Times are written as wall-clock times in the schedule's anchor zone (DTSTART;TZID=America/New_York)
with a VTIMEZONE for every zone used, so a client shows the call at the anchor's wall time in the
weeks between two countries' clock changes, and converts correctly to its viewer's zone.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from icalendar import STATUS, TRANSP, Calendar, Event, Timezone

from hotseat.accounts.models import User
from hotseat.integrations.video import VideoLink, video_link_for
from hotseat.masterminds.models import Mastermind
from hotseat.meetings.models import Meeting, PersonalFeed, Schedule
from hotseat.typed_input import LATEST_DAY, printable_line

PRODID = "-//hotseat//hotseat calendar feeds//EN"
# How often subscribed calendars should fetch the feed again.
REFRESH = timedelta(hours=1)
UID_DOMAIN = "hotseat"


def group_page_url(mastermind: Mastermind) -> str:
    return f"{settings.SITE_URL}/m/{mastermind.pk}/"


def schedule_of(mastermind: Mastermind) -> Schedule | None:
    try:
        return mastermind.schedule
    except ObjectDoesNotExist:
        return None


def _zone_of(schedule: Schedule | None) -> tzinfo:
    return ZoneInfo(schedule.zone) if schedule is not None else UTC


def _is_ambiguous(local: datetime) -> bool:
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


def _start_and_end(meeting: Meeting, zone: tzinfo) -> tuple[datetime, datetime]:
    """The meeting's start and end as wall-clock times in `zone`, or in UTC where a wall time would mislead.

    In the fall-back hour a wall time happens twice and RFC 5545 reads it as the first; and a call
    that spans a clock change has a wall-clock length that is not its real length, which clients
    that add the length to the start get wrong. Those rare meetings are written in UTC, which
    every client reads right.
    """
    start = meeting.starts_at.astimezone(zone)
    end = meeting.ends_at.astimezone(zone)
    unclear = start.utcoffset() != end.utcoffset() or any(t.fold == 1 and _is_ambiguous(t) for t in (start, end))
    if unclear:
        return meeting.starts_at.astimezone(UTC), meeting.ends_at.astimezone(UTC)
    return start, end


def _description(meeting: Meeting, video: VideoLink | None) -> str:
    lines = []
    if meeting.state == Meeting.State.SKIPPED:
        lines.append(gettext("This week's call is skipped."))
    elif meeting.state == Meeting.State.MOVED:
        lines.append(gettext("This week's call was moved from its usual time."))
    if video is not None:
        lines.append(
            gettext("Join the call (%(provider)s): %(url)s") % {"provider": video.provider_name, "url": video.url}
        )
    lines.append(gettext("Group page: %(url)s") % {"url": group_page_url(meeting.mastermind)})
    return "\n".join(lines)


def _title(mastermind: Mastermind) -> str:
    """The title on one line: a line break in a SUMMARY or NAME would end the content line (RFC 5545 3.1).

    Titles are cleaned when typed (hotseat.typed_input.SingleLineField); this keeps older rows, the
    admin's and the sheet import's from breaking every feed they are in. icalendar escapes ; , and \\.
    """
    return printable_line(mastermind.title)


def meeting_event(meeting: Meeting, *, stamp: datetime | None = None) -> Event:
    """One meeting as a VEVENT. Reads meeting.mastermind and its schedule: select_related them for lists."""
    mastermind = meeting.mastermind
    schedule = schedule_of(mastermind)
    start, end = _start_and_end(meeting, _zone_of(schedule))
    video = video_link_for(schedule) if schedule is not None else None
    skipped = meeting.state == Meeting.State.SKIPPED
    # A new video link changes the event too, without touching the meeting row.
    modified = max(meeting.updated_at, schedule.updated_at) if schedule is not None else meeting.updated_at
    title = {"title": _title(mastermind), "number": meeting.number}
    summary = gettext("Mastermind: %(title)s — week %(number)s") % title
    event = Event.new(
        uid=f"{meeting.uid}@{UID_DOMAIN}",
        sequence=meeting.sequence,
        stamp=stamp or timezone.now(),
        last_modified=modified,
        start=start,
        end=end,
        # Outlook shows a cancelled event of a subscribed feed as if it were on: say so in its title too.
        summary=gettext("Mastermind: %(title)s — week %(number)s (skipped)") % title if skipped else summary,
        status=STATUS.CANCELLED if skipped else STATUS.CONFIRMED,
        # A skipped week leaves the time free in everyone's calendar.
        transparency=TRANSP.TRANSPARENT if skipped else TRANSP.OPAQUE,
        description=_description(meeting, video),
    )
    if video is not None:
        event.add("LOCATION", video.url)
        event.add("URL", video.url)
    return event


@lru_cache(maxsize=256)
def _vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone | None:
    """The zone's VTIMEZONE from the year before the feed's first event to the last day anyone can type.

    Calendar apps keep a zone's definition by its TZID, often from the first feed or .ics that
    named it: a definition that stopped at that feed's last event would misplace every later event
    of any feed (a .ics of one 2027 call, then a 2031 cohort). Running to the end of the dates
    hotseat accepts (``hotseat.typed_input.LATEST_DAY``) costs about 3 KB per zone with clock
    changes. Built once per zone and years: the component is only read.
    """
    try:
        return Timezone.from_tzid(tzid, first_date=date(first_year, 1, 1), last_date=date(last_year, 1, 1))
    except ValueError:  # not an IANA name: the event says its offset itself
        return None


def _calendar(name: str, uid: str, events: list[Event]) -> bytes:
    calendar = Calendar.new(prodid=PRODID, name=name, method="PUBLISH", refresh_interval=REFRESH, uid=uid)
    # RFC 7986 requires VALUE=DURATION on REFRESH-INTERVAL; Outlook reads X-PUBLISHED-TTL instead.
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"
    calendar.add("X-PUBLISHED-TTL", "PT1H")
    for event in events:
        calendar.add_component(event)
    if events:
        starts = [event.start for event in events]
        first_year = min(starts).year - 1
        last_year = max(LATEST_DAY.year, max(starts).year) + 1
        zones = (_vtimezone(tzid, first_year, last_year) for tzid in sorted(calendar.get_missing_tzids()))
        calendar.subcomponents[0:0] = [zone for zone in zones if zone is not None]
    body: bytes = calendar.to_ical()
    return body


def _stable_uid(name: str) -> str:
    """A calendar UID that stays the same across fetches (clients tell calendars apart by it)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.SITE_URL}/calendar/{name}"))


def mastermind_calendar(mastermind: Mastermind, meetings: Iterable[Meeting], *, stamp: datetime | None = None) -> bytes:
    """The feed of one mastermind: every meeting, each its own VEVENT."""
    stamp = stamp or timezone.now()
    events = [meeting_event(meeting, stamp=stamp) for meeting in meetings]
    name = gettext("Mastermind: %(title)s") % {"title": _title(mastermind)}
    return _calendar(name, _stable_uid(f"mastermind/{mastermind.pk}"), events)


def person_calendar(user: User, meetings: Iterable[Meeting], *, stamp: datetime | None = None) -> bytes:
    """The feed of one person: the meetings of every mastermind they sit in."""
    stamp = stamp or timezone.now()
    events = [meeting_event(meeting, stamp=stamp) for meeting in meetings]
    return _calendar(gettext("hotseat: my masterminds"), _stable_uid(f"person/{user.pk}"), events)


def meeting_calendar(meeting: Meeting, *, stamp: datetime | None = None) -> bytes:
    """One meeting as a file to add to a calendar; its event has the same UID and SEQUENCE as in the feeds."""
    name = gettext("Mastermind: %(title)s — week %(number)s") % {
        "title": _title(meeting.mastermind),
        "number": meeting.number,
    }
    return _calendar(name, _stable_uid(f"meeting/{meeting.uid}"), [meeting_event(meeting, stamp=stamp)])


@dataclass(frozen=True)
class FeedLinks:
    """Where a calendar app subscribes: webcal:// opens the app, the web address is for pasting."""

    web: str
    webcal: str


def feed_links(path: str) -> FeedLinks:
    web = f"{settings.SITE_URL}{path}"
    return FeedLinks(web=web, webcal="webcal://" + web.split("://", 1)[-1])


def person_feed_links(feed: PersonalFeed) -> FeedLinks:
    return feed_links(reverse("person_feed", args=[feed.token]))


def mastermind_feed_links(schedule: Schedule) -> FeedLinks:
    return feed_links(reverse("mastermind_feed", args=[schedule.feed_token]))
