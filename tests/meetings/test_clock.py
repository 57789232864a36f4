"""Meetings on a person's clock: relative times, dates in words, the usual weekly time and the weeks that differ."""

from __future__ import annotations

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from hotseat.meetings.clock import dates_in_words, relative, weekly_time
from hotseat.meetings.models import Meeting, Schedule
from tests.meetings.groups import at, utc

PARIS = ZoneInfo("Europe/Paris")
NOW = utc(2026, 11, 29, 10)  # a Sunday, 11:00 in Paris


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (NOW + timedelta(seconds=20), "now"),
        (NOW + timedelta(minutes=1), "in 1 minute"),
        (NOW + timedelta(minutes=45), "in 45 minutes"),
        (NOW + timedelta(hours=3), "in 3 hours"),
        (NOW + timedelta(hours=12, minutes=30), "in 12 hours"),  # still today in Paris (23:30)
        (NOW + timedelta(hours=14), "tomorrow"),
        (NOW + timedelta(days=2, hours=7), "in 2 days"),  # Tuesday 1 December, 18:00 CET
        (NOW + timedelta(days=13), "in 13 days"),
        (NOW + timedelta(days=15), "in 2 weeks"),
        (NOW - timedelta(minutes=5), "5 minutes ago"),
        (NOW - timedelta(hours=1), "1 hour ago"),
        (NOW - timedelta(hours=20), "yesterday"),
        (NOW - timedelta(days=2), "2 days ago"),
        (NOW - timedelta(days=30), "4 weeks ago"),
    ],
)
def test_relative_counts_in_the_viewers_days(value, words):
    assert relative(value, NOW, PARIS) == words


def test_relative_tomorrow_depends_on_the_viewers_calendar():
    late = utc(2026, 11, 29, 21)  # Sunday 22:00 in Paris, already Monday 06:00 in Tokyo
    call = utc(2026, 11, 30, 14)  # Monday 15:00 in Paris, Monday 23:00 in Tokyo

    assert relative(call, late, PARIS) == "tomorrow"
    assert relative(call, late, ZoneInfo("Asia/Tokyo")) == "in 17 hours"


@pytest.mark.parametrize(
    ("dates", "words"),
    [
        ([], ""),
        ([date(2027, 3, 16)], "16 March"),
        ([date(2027, 3, 16), date(2027, 3, 23)], "16 and 23 March"),
        ([date(2027, 3, 2), date(2027, 3, 9), date(2027, 3, 16)], "2, 9 and 16 March"),
        ([date(2027, 3, 30), date(2027, 4, 6)], "30 March and 6 April"),
        ([date(2027, 3, 23), date(2027, 3, 30), date(2027, 4, 6)], "23, 30 March and 6 April"),
    ],
)
def test_dates_in_words_names_each_month_once(dates, words):
    assert dates_in_words(dates) == words


NEW_YORK_NOON = Schedule(weekday=1, minute=12 * 60, zone="America/New_York")


def meetings(*starts) -> list[Meeting]:
    return [Meeting(number=n, starts_at=start, pk=n) for n, start in enumerate(starts, start=1)]


def tuesdays_at_noon_in_new_york(weeks: int = 10) -> list[Meeting]:
    """A cohort of Tuesday calls at 12:00 New York from 2 March 2027 (the US changes on 14 March, Europe on 28)."""
    return meetings(*(at(date(2027, 3, 2) + timedelta(weeks=k), time(12), "America/New_York") for k in range(weeks)))


def test_weekly_time_new_york_noon_seen_from_paris_across_spring():
    found = meetings(utc(2027, 3, 2, 17), utc(2027, 3, 9, 17), utc(2027, 3, 16, 16), utc(2027, 3, 30, 16))

    weekly = weekly_time(found, "Europe/Paris", schedule=NEW_YORK_NOON)

    assert weekly is not None
    assert (weekly.label, weekly.weekday_name) == ("Tuesdays at 18:00 CET/CEST", "Tuesday")
    assert [c.meeting.number for c in weekly.differing] == [3]
    assert weekly.notes() == [
        "On 16 March the call is at 17:00 CET for you, not 18:00:"
        " New York changed its clocks on 14 March, Paris changes them on 28 March."
    ]
    assert weekly.notes(upcoming_after=utc(2027, 3, 20)) == []


def test_weekly_time_names_the_weekday_when_a_call_moves_to_another_day():
    found = meetings(utc(2027, 3, 2, 17), utc(2027, 3, 9, 17), utc(2027, 3, 18, 17))
    found[2].state = Meeting.State.MOVED

    weekly = weekly_time(found, "Europe/Paris", schedule=NEW_YORK_NOON)

    assert weekly is not None
    assert weekly.notes() == [
        "On 18 March the call is on Thursday at 18:00 CET for you, not Tuesday at 18:00: this call was moved."
    ]


def test_weekly_time_a_clock_that_never_changes_moves_for_good_and_the_first_calls_are_usual():
    """Kolkata keeps IST all year: from the US change on, the New York noon call is an hour earlier, for good."""
    found = tuesdays_at_noon_in_new_york()

    weekly = weekly_time(found, "Asia/Kolkata", schedule=NEW_YORK_NOON)

    assert weekly is not None
    assert weekly.label == "Tuesdays at 22:30 IST"
    assert weekly.differing == ()  # no call is "not the usual time": the time changes once and stays
    assert weekly.notes() == [
        "From 16 March your call is at 21:30 IST, not 22:30: New York changed its clocks on 14 March."
    ]
    # Once the change has come, the time in force is the new one, and nothing is left to say.
    later = weekly_time(found, "Asia/Kolkata", schedule=NEW_YORK_NOON, now=utc(2027, 3, 17))
    assert later is not None
    assert (later.label, later.notes(upcoming_after=utc(2027, 3, 17))) == ("Tuesdays at 21:30 IST", [])


def test_weekly_time_a_clock_changing_the_other_way_moves_twice_each_named():
    """Sydney leaves summer time on 4 April 2027 as New York enters it on 14 March: two lasting changes."""
    found = tuesdays_at_noon_in_new_york()

    weekly = weekly_time(found, "Australia/Sydney", schedule=NEW_YORK_NOON)

    assert weekly is not None
    assert weekly.label == "Wednesdays at 04:00 AEDT"
    assert weekly.notes() == [
        "From 17 March your call is at 03:00 AEDT, not 04:00: New York changed its clocks on 14 March.",
        "From 7 April your call is at 02:00 AEST, not 03:00: Sydney changed its clocks on 4 April.",
    ]


def test_weekly_time_the_reminder_note_is_the_page_note_of_that_call():
    found = tuesdays_at_noon_in_new_york()

    weekly = weekly_time(found, "Europe/London", schedule=NEW_YORK_NOON)

    assert weekly is not None
    sentence = (
        "On 16 and 23 March the call is at 16:00 GMT for you, not 17:00:"
        " New York changed its clocks on 14 March, London changes them on 28 March."
    )
    assert weekly.notes() == [sentence]
    assert weekly.note_for(found[2]) == sentence
    assert weekly.note_for(found[1]) == weekly.note_for(found[4]) == ""


def test_weekly_time_skipped_calls_are_left_out():
    found = meetings(utc(2027, 3, 2, 17), utc(2027, 3, 9, 17))
    found[0].state = Meeting.State.SKIPPED
    found[1].state = Meeting.State.SKIPPED

    assert weekly_time(found, "Europe/Paris", schedule=NEW_YORK_NOON) is None


def test_weekly_time_tie_goes_to_the_earliest_call():
    found = meetings(utc(2027, 3, 16, 16), utc(2027, 3, 30, 16), utc(2027, 3, 2, 17), utc(2027, 3, 9, 17))

    weekly = weekly_time(found, "Europe/Paris", schedule=NEW_YORK_NOON)

    assert weekly is not None
    assert weekly.time == "18:00"  # 2 and 9 March come first, though 17:00 and 18:00 happen twice each
