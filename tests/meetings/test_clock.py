"""Meetings on a person's clock: relative times, dates in words, the usual weekly time and the weeks that differ."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from hotseat.meetings.clock import dates_in_words, relative, weekly_time
from hotseat.meetings.models import Meeting
from tests.meetings.groups import utc

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


def meetings(*starts) -> list[Meeting]:
    return [Meeting(number=n, starts_at=start, pk=n) for n, start in enumerate(starts, start=1)]


def test_weekly_time_new_york_noon_seen_from_paris_across_spring():
    found = meetings(utc(2027, 3, 2, 17), utc(2027, 3, 9, 17), utc(2027, 3, 16, 16), utc(2027, 3, 30, 16))

    weekly = weekly_time(found, "Europe/Paris")

    assert weekly is not None
    assert (weekly.label, weekly.weekday_name) == ("Tuesdays at 18:00 CET/CEST", "Tuesday")
    assert [c.meeting.number for c in weekly.differing] == [3]
    assert weekly.notes() == ["On 16 March it is at 17:00 CET, not 18:00."]
    assert weekly.notes(upcoming_after=utc(2027, 3, 20)) == []


def test_weekly_time_names_the_weekday_when_a_call_moves_to_another_day():
    found = meetings(utc(2027, 3, 2, 17), utc(2027, 3, 9, 17), utc(2027, 3, 18, 17))

    weekly = weekly_time(found, "Europe/Paris")

    assert weekly is not None
    assert weekly.notes() == ["On Thursday 18 March it is at 18:00 CET, not 18:00."]


def test_weekly_time_skipped_calls_are_left_out():
    found = meetings(utc(2027, 3, 2, 17), utc(2027, 3, 9, 17))
    found[0].state = Meeting.State.SKIPPED
    found[1].state = Meeting.State.SKIPPED

    assert weekly_time(found, "Europe/Paris") is None


def test_weekly_time_tie_goes_to_the_earliest_call():
    found = meetings(utc(2027, 3, 16, 16), utc(2027, 3, 30, 16), utc(2027, 3, 2, 17), utc(2027, 3, 9, 17))

    weekly = weekly_time(found, "Europe/Paris")

    assert weekly is not None
    assert weekly.time == "18:00"  # 2 and 9 March come first, though 17:00 and 18:00 happen twice each
