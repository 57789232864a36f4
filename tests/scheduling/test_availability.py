from datetime import UTC, date, datetime

import pytest

from hotseat.scheduling import Availability, Member, SchedulingError, Window
from hotseat.scheduling.availability import check_members
from tests.scheduling.people import member, windows


def test_window_crossing_midnight_suggests_two_windows():
    with pytest.raises(SchedulingError) as caught:
        Window(1, 22 * 60, 60)

    assert (
        str(caught.value)
        == "Tuesday 22:00–01:00 crosses midnight: enter Tuesday 22:00–24:00 and Wednesday 00:00–01:00."
    )


def test_window_crossing_midnight_on_sunday_continues_on_monday():
    with pytest.raises(SchedulingError, match="enter Sunday 23:00–24:00 and Monday 00:00–02:00"):
        Window(6, 23 * 60, 120)


def test_window_ending_at_midnight_written_as_zero_asks_for_24():
    with pytest.raises(SchedulingError, match="Friday 22:00–00:00 crosses midnight: end it at 24:00 instead"):
        Window(4, 22 * 60, 0)


def test_window_until_24_is_the_end_of_the_day():
    window = Window(0, 23 * 60 + 30, 1440)

    assert str(window) == "Monday 23:30–24:00"


@pytest.mark.parametrize(
    ("weekday", "start", "end", "message"),
    [
        (7, 60, 120, "weekday 7 is not 0 \\(Monday\\) to 6 \\(Sunday\\)"),
        (-1, 60, 120, "weekday -1"),
        (0, 600, 600, "Monday 10:00–10:00 is empty"),
        (0, -30, 120, "starts at minute -30"),
        (0, 1440, 1440, "starts at minute 1440"),
        (0, 60, 1470, "ends at 24:00 at the latest"),
    ],
)
def test_window_refuses_impossible_spans(weekday, start, end, message):
    with pytest.raises(SchedulingError, match=message):
        Window(weekday, start, end)


def test_availability_refuses_overlapping_windows_of_one_weekday():
    with pytest.raises(SchedulingError, match="Tuesday 09:00–12:00 overlaps Tuesday 11:00–13:00"):
        Availability("Europe/Paris", (Window(1, 11 * 60, 13 * 60), Window(1, 9 * 60, 12 * 60)))


def test_availability_accepts_touching_windows_and_same_hours_on_other_days():
    availability = Availability("Europe/Paris", (*windows("09:00-12:00", [1, 2]), Window(1, 12 * 60, 13 * 60)))

    assert availability.windows_on(1) == (Window(1, 540, 720), Window(1, 720, 780))


def test_availability_unknown_zone_names_it():
    with pytest.raises(SchedulingError, match="Unknown time zone 'Mars/Olympus_Mons'"):
        Availability("Mars/Olympus_Mons", windows("09:00-17:00"))


def test_availability_freezes_lists_it_is_given():
    availability = Availability("Asia/Kolkata", list(windows("09:00-17:00")), {date(2027, 3, 17)})

    assert isinstance(availability.windows, tuple)
    assert availability.holidays == frozenset({date(2027, 3, 17)})
    assert hash(availability)


def test_availability_refuses_a_holiday_that_is_a_datetime():
    with pytest.raises(SchedulingError, match="is not a date"):
        Availability("Asia/Kolkata", (), frozenset({datetime(2027, 3, 17, tzinfo=UTC)}))


def test_member_refuses_an_empty_id():
    with pytest.raises(SchedulingError, match="non-empty string"):
        Member("", Availability("UTC"))


def test_check_members_refuses_no_members():
    with pytest.raises(SchedulingError, match="no members"):
        check_members([])


def test_check_members_refuses_an_id_twice():
    with pytest.raises(SchedulingError, match="Member id 'bob' appears twice"):
        check_members([member("bob"), member("alice"), member("bob")])
