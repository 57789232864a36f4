"""iCalendar building: feeds parsed back with icalendar and expanded with recurring-ical-events."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from django.conf import settings
from icalendar import Calendar, Event

from hotseat.masterminds.models import Mastermind
from hotseat.meetings.calendar import mastermind_calendar, meeting_calendar, person_calendar
from hotseat.meetings.models import Meeting, Schedule
from tests.factories import CohortFactory, MastermindFactory, seat
from tests.meetings.weeks import at, schedule_for, weekly_meetings

NEW_YORK = ZoneInfo("America/New_York")
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def spring_group(program, alice, chloe) -> Mastermind:
    """Alice (New York) leads a group meeting Tuesdays 12:00 New York from 2027-03-02, across both spring changes."""
    cohort = CohortFactory(program=program, starts_on=date(2027, 3, 2), weeks=10)
    mastermind = MastermindFactory(cohort=cohort, title="Growing a forum")
    seat(mastermind, alice, role="leader")
    seat(mastermind, chloe)
    return mastermind


@pytest.fixture
def spring_schedule(spring_group) -> Schedule:
    return schedule_for(spring_group, wall=time(12), zone="America/New_York")


@pytest.fixture
def autumn_group(program, chloe, alice) -> Mastermind:
    """Chloe (Paris) leads a group meeting Tuesdays 18:00 Paris from 2026-10-13, across both autumn changes."""
    cohort = CohortFactory(program=program, starts_on=date(2026, 10, 13), weeks=6)
    mastermind = MastermindFactory(cohort=cohort, title="Moderation")
    seat(mastermind, chloe, role="leader")
    seat(mastermind, alice)
    return mastermind


def parse(body: bytes) -> Calendar:
    return Calendar.from_ical(body)


def occurrences(body: bytes, first: date, last: date) -> list[Event]:
    """Every occurrence between two dates, as a calendar app would expand the feed."""
    return list(recurring_ical_events.of(parse(body)).between(first, last + timedelta(days=1)))


def cohort_range(mastermind: Mastermind) -> tuple[date, date]:
    return mastermind.cohort.starts_on, mastermind.cohort.ends_on


def by_start(events: list[Event]) -> dict[date, Event]:
    return {event.start.astimezone(UTC).date(): event for event in events}


def test_mastermind_calendar_has_every_meeting_at_its_instant_across_spring_clock_changes(spring_schedule):
    meetings = weekly_meetings(spring_schedule)

    body = mastermind_calendar(spring_schedule.mastermind, meetings)
    events = occurrences(body, *cohort_range(spring_schedule.mastermind))

    assert len(events) == 10
    assert sorted(event.start.astimezone(UTC) for event in events) == [m.starts_at for m in meetings]
    assert {event.start.astimezone(NEW_YORK).time() for event in events} == {time(12)}


def test_mastermind_calendar_keeps_new_york_noon_between_the_us_and_eu_changes(spring_schedule):
    weekly_meetings(spring_schedule)

    body = mastermind_calendar(spring_schedule.mastermind, spring_schedule.mastermind.meetings.all())
    events = by_start(occurrences(body, *cohort_range(spring_schedule.mastermind)))

    # Before the US change (14 March 2027): EST, Paris six hours ahead.
    assert events[date(2027, 3, 9)].start.astimezone(UTC) == datetime(2027, 3, 9, 17, tzinfo=UTC)
    assert events[date(2027, 3, 9)].start.astimezone(PARIS).hour == 18
    # Between the US and EU changes: 12:00 EDT is 16:00 UTC, and Paris sees 17:00.
    march_16 = events[date(2027, 3, 16)].start
    assert march_16.astimezone(NEW_YORK).time() == time(12)
    assert march_16.astimezone(NEW_YORK).tzname() == "EDT"
    assert march_16.astimezone(UTC) == datetime(2027, 3, 16, 16, tzinfo=UTC)
    assert march_16.astimezone(PARIS).hour == 17
    assert events[date(2027, 3, 23)].start.astimezone(PARIS).hour == 17
    # After the EU change (28 March 2027): Paris is back to 18:00.
    assert events[date(2027, 3, 30)].start.astimezone(PARIS).hour == 18


def test_mastermind_calendar_keeps_paris_wall_time_across_autumn_clock_changes(autumn_group):
    schedule = schedule_for(autumn_group, wall=time(18), zone="Europe/Paris")
    meetings = weekly_meetings(schedule)

    body = mastermind_calendar(autumn_group, meetings)
    events = by_start(occurrences(body, *cohort_range(autumn_group)))

    assert len(events) == 6
    assert {event.start.astimezone(PARIS).time() for event in events.values()} == {time(18)}
    # CEST, before the EU change (25 October 2026): 16:00 UTC, 12:00 in New York.
    assert events[date(2026, 10, 20)].start.astimezone(UTC) == datetime(2026, 10, 20, 16, tzinfo=UTC)
    # Between the EU and US changes: 17:00 UTC is 13:00 EDT in New York.
    assert events[date(2026, 10, 27)].start.astimezone(UTC) == datetime(2026, 10, 27, 17, tzinfo=UTC)
    assert events[date(2026, 10, 27)].start.astimezone(NEW_YORK).hour == 13
    # After the US change (1 November 2026): 12:00 EST again.
    assert events[date(2026, 11, 3)].start.astimezone(NEW_YORK).hour == 12


def test_mastermind_calendar_writes_wall_times_in_the_anchor_zone_with_its_vtimezone(spring_schedule):
    weekly_meetings(spring_schedule)

    body = mastermind_calendar(spring_schedule.mastermind, spring_schedule.mastermind.meetings.all())
    calendar = parse(body)

    assert b"DTSTART;TZID=America/New_York:20270316T120000" in body
    assert b"DTEND;TZID=America/New_York:20270316T130000" in body
    assert [tz.tz_name for tz in calendar.timezones] == ["America/New_York"]
    assert calendar.get_missing_tzids() == set()
    # The VTIMEZONE knows both 2027 changes, so a client without the IANA database still gets them right.
    assert b"20270314T030000" in body
    assert b"20271107T020000" in body


def test_mastermind_calendar_has_feed_properties(spring_schedule):
    body = mastermind_calendar(spring_schedule.mastermind, weekly_meetings(spring_schedule))
    calendar = parse(body)

    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//hotseat//hotseat calendar feeds//EN"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"] == "Mastermind: Growing a forum"
    assert calendar.refresh_interval == timedelta(hours=1)
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in body
    assert b"X-PUBLISHED-TTL:PT1H" in body


def test_mastermind_calendar_uid_stays_the_same_across_fetches(spring_schedule):
    meetings = weekly_meetings(spring_schedule)

    first = parse(mastermind_calendar(spring_schedule.mastermind, meetings))
    second = parse(mastermind_calendar(spring_schedule.mastermind, meetings))

    assert first["UID"] == second["UID"]


def test_meeting_event_has_one_event_per_meeting_without_rrule(spring_schedule):
    meetings = weekly_meetings(spring_schedule)

    calendar = parse(mastermind_calendar(spring_schedule.mastermind, meetings))

    assert len(calendar.events) == 10
    assert all("RRULE" not in event for event in calendar.events)
    assert {str(event["UID"]) for event in calendar.events} == {f"{m.uid}@hotseat" for m in meetings}


def test_meeting_event_says_title_week_link_and_group_page(spring_schedule):
    meeting = weekly_meetings(spring_schedule)[2]
    mastermind = spring_schedule.mastermind

    event = parse(meeting_calendar(meeting)).events[0]

    jitsi = f"https://meet.jit.si/{spring_schedule.video_room}"
    assert event["SUMMARY"] == "Mastermind: Growing a forum — week 3"
    assert event["LOCATION"] == jitsi
    assert event["URL"] == jitsi
    assert jitsi in event["DESCRIPTION"]
    assert f"{settings.SITE_URL}/m/{mastermind.pk}/" in event["DESCRIPTION"]
    assert event["STATUS"] == "CONFIRMED"
    assert event["SEQUENCE"] == 0
    assert event.DTSTAMP.tzinfo is not None
    assert event.LAST_MODIFIED is not None


def test_meeting_event_uses_the_pasted_link(spring_schedule):
    spring_schedule.video_url = "https://us02web.zoom.us/j/123456789"
    spring_schedule.save()
    meeting = weekly_meetings(spring_schedule)[0]

    event = parse(meeting_calendar(meeting)).events[0]

    assert event["LOCATION"] == "https://us02web.zoom.us/j/123456789"
    assert "Join the call (Zoom)" in event["DESCRIPTION"]


def test_meeting_event_keeps_uid_and_raises_sequence_when_moved(spring_schedule):
    meeting = weekly_meetings(spring_schedule)[1]
    before = parse(meeting_calendar(meeting)).events[0]

    meeting.starts_at += timedelta(days=1)
    meeting.state = Meeting.State.MOVED
    meeting.sequence += 1
    meeting.save()
    after = parse(meeting_calendar(meeting)).events[0]

    assert after["UID"] == before["UID"] == f"{meeting.uid}@hotseat"
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert after.start - before.start == timedelta(days=1)
    assert after.LAST_MODIFIED >= before.LAST_MODIFIED
    assert "moved" in after["DESCRIPTION"]


def test_meeting_event_is_cancelled_for_a_skipped_week(spring_schedule):
    meetings = weekly_meetings(spring_schedule)
    skipped = meetings[4]
    skipped.state = Meeting.State.SKIPPED
    skipped.sequence += 1
    skipped.save()

    body = mastermind_calendar(spring_schedule.mastermind, Meeting.objects.filter(mastermind=skipped.mastermind))
    events = by_start(occurrences(body, *cohort_range(skipped.mastermind)))

    cancelled = events[skipped.starts_at.date()]
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled["TRANSP"] == "TRANSPARENT"
    assert cancelled["SEQUENCE"] == 1
    assert cancelled["SUMMARY"].endswith("(skipped)")
    assert [e["STATUS"] for d, e in events.items() if d != skipped.starts_at.date()] == ["CONFIRMED"] * 9


@pytest.mark.parametrize(
    ("instant", "written"),
    [
        # 01:30 happens twice on 7 November 2027 in New York. A call ending at the first one (EDT)
        # keeps its wall times …
        (datetime(2027, 11, 7, 4, 30, tzinfo=UTC), b"DTSTART;TZID=America/New_York:20271107T003000"),
        # … one starting at the second (EST) cannot say so in wall time (RFC 5545 reads the first): UTC.
        (datetime(2027, 11, 7, 6, 30, tzinfo=UTC), b"DTSTART:20271107T063000Z"),
        # Just after the spring-forward gap (02:00 to 03:00 does not exist on 14 March 2027).
        (datetime(2027, 3, 14, 7, 0, tzinfo=UTC), b"DTSTART;TZID=America/New_York:20270314T030000"),
    ],
)
def test_meeting_event_is_exact_around_the_fall_back_fold_and_the_spring_gap(spring_schedule, instant, written):
    meeting = Meeting.objects.create(mastermind=spring_schedule.mastermind, number=1, starts_at=instant)

    body = meeting_calendar(meeting)

    assert written in body
    event = occurrences(body, instant.date() - timedelta(days=1), instant.date())[0]
    assert event.start.astimezone(UTC) == instant
    assert event.end.astimezone(UTC) == instant + timedelta(hours=1)


def test_meeting_event_across_the_fall_back_is_written_in_utc_so_it_lasts_its_real_hour(spring_schedule):
    # 01:30 EDT + 60 minutes is 01:30 EST: as wall times, a client adding the length would make it two hours.
    meeting = Meeting.objects.create(
        mastermind=spring_schedule.mastermind, number=1, starts_at=datetime(2027, 11, 7, 5, 30, tzinfo=UTC)
    )

    body = meeting_calendar(meeting)
    event = occurrences(body, date(2027, 11, 6), date(2027, 11, 7))[0]

    assert b"DTSTART:20271107T053000Z" in body
    assert b"DTEND:20271107T063000Z" in body
    assert event.start == datetime(2027, 11, 7, 5, 30, tzinfo=UTC)
    assert event.end == datetime(2027, 11, 7, 6, 30, tzinfo=UTC)


def test_meeting_event_without_a_schedule_is_in_utc_without_a_link(spring_group):
    meeting = Meeting.objects.create(
        mastermind=spring_group, number=1, starts_at=at(date(2027, 3, 2), time(12), "America/New_York")
    )

    body = meeting_calendar(meeting)
    calendar = parse(body)

    assert b"DTSTART:20270302T170000Z" in body
    assert calendar.timezones == []
    assert "LOCATION" not in calendar.events[0]


def test_person_calendar_holds_every_group_with_a_vtimezone_per_anchor_zone(spring_schedule, autumn_group, chloe):
    paris = schedule_for(autumn_group, wall=time(18), zone="Europe/Paris")
    meetings = weekly_meetings(spring_schedule) + weekly_meetings(paris)

    body = person_calendar(chloe, meetings)
    calendar = parse(body)
    events = occurrences(body, date(2026, 10, 1), date(2027, 6, 1))

    assert calendar["X-WR-CALNAME"] == "hotseat: my masterminds"
    assert sorted(tz.tz_name for tz in calendar.timezones) == ["America/New_York", "Europe/Paris"]
    assert sorted(event.start.astimezone(UTC) for event in events) == sorted(m.starts_at for m in meetings)


def test_person_calendar_without_meetings_is_an_empty_valid_calendar(chloe):
    calendar = parse(person_calendar(chloe, []))

    assert calendar.events == []
    assert calendar["METHOD"] == "PUBLISH"


def test_meeting_calendar_of_a_title_with_line_breaks_stays_one_line_per_property(spring_schedule):
    # Titles are cleaned when typed; a row written before (or by the admin, or an import) must not break the feed.
    mastermind = spring_schedule.mastermind
    mastermind.title = "Growing\r\na forum; fast, \\ well\x1b"  # (PostgreSQL holds no NUL: an escape instead)
    mastermind.save()
    meeting = weekly_meetings(spring_schedule)[0]

    body = meeting_calendar(meeting)
    feed = mastermind_calendar(mastermind, [meeting])

    assert parse(body).events[0]["SUMMARY"] == "Mastermind: Growing a forum; fast, \\ well — week 1"
    assert parse(feed)["X-WR-CALNAME"].startswith("Mastermind: Growing a forum")
    assert all(b"\x1b" not in line and not line.endswith(b"\r") for line in feed.split(b"\r\n"))


@pytest.mark.parametrize("zone", ["America/New_York", "Europe/Paris", "Australia/Sydney", "America/Nuuk"])
def test_a_zone_kept_from_one_feed_places_every_later_event_right(spring_group, zone):
    # Calendar apps keep a VTIMEZONE by its TZID from the first feed that named it, here a 2027 cohort's:
    # what it says must hold for any date hotseat accepts (to 2100), not just that feed's weeks.
    schedule = schedule_for(spring_group, wall=time(12), zone=zone)
    weekly_meetings(schedule)
    (kept,) = parse(mastermind_calendar(spring_group, spring_group.meetings.all())).timezones
    as_kept, real = kept.to_tz(lookup_tzid=False), ZoneInfo(zone)

    wrong = [
        day
        for day in (datetime(year, month, 15, 12, tzinfo=real) for year in range(2026, 2101) for month in range(1, 13))
        if day.replace(tzinfo=as_kept).utcoffset() != day.utcoffset()
    ]

    assert wrong == []
