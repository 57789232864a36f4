from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from hotseat.scheduling import Availability, Member, Miss, SchedulingError, Slot, Window, check_slot, evaluate
from tests.scheduling.people import member, windows

NEW_YORK_NOON_WEDNESDAY = Slot(2, 12 * 60, "America/New_York")
MARCH_2027 = date(2027, 3, 1)  # US clocks change on 14 March 2027, EU clocks on 28 March
OCTOBER_2026 = date(2026, 10, 5)  # EU clocks change on 25 October 2026, US clocks on 1 November


def personas() -> list[Member]:
    return [member(name, "07:00-23:00") for name in ("alice", "bob", "chloe", "dev", "erin")]


def local_times(evaluation, member_id):
    return [(t.occurrence, t.date, t.time, t.abbreviation) for t in evaluation.member(member_id).local_times]


def test_evaluate_new_york_noon_is_five_pm_in_paris_between_march_clock_changes():
    evaluation = evaluate(NEW_YORK_NOON_WEDNESDAY, personas(), MARCH_2027, 10)

    chloe = evaluation.member("chloe")
    assert chloe.usual_time == "18:00"
    assert [(t.date, t.time, t.abbreviation) for t in chloe.moved] == [
        (date(2027, 3, 17), "17:00", "CET"),
        (date(2027, 3, 24), "17:00", "CET"),
    ]
    assert local_times(evaluation, "chloe")[:6] == [
        (date(2027, 3, 3), date(2027, 3, 3), "18:00", "CET"),
        (date(2027, 3, 10), date(2027, 3, 10), "18:00", "CET"),
        (date(2027, 3, 17), date(2027, 3, 17), "17:00", "CET"),
        (date(2027, 3, 24), date(2027, 3, 24), "17:00", "CET"),
        (date(2027, 3, 31), date(2027, 3, 31), "18:00", "CEST"),
        (date(2027, 4, 7), date(2027, 4, 7), "18:00", "CEST"),
    ]
    dev = evaluation.member("dev")
    assert dev.usual_time == "17:00"
    assert [(t.date, t.time, t.abbreviation) for t in dev.moved] == [
        (date(2027, 3, 17), "16:00", "GMT"),
        (date(2027, 3, 24), "16:00", "GMT"),
    ]


def test_evaluate_march_moves_nothing_for_members_whose_clocks_change_with_the_anchor():
    evaluation = evaluate(NEW_YORK_NOON_WEDNESDAY, personas(), MARCH_2027, 10)

    assert evaluation.member("alice").usual_time == "12:00"
    assert evaluation.member("alice").moved == ()
    assert evaluation.member("bob").usual_time == "09:00"
    assert evaluation.member("bob").moved == ()
    assert [t.abbreviation for t in evaluation.member("bob").local_times[:3]] == ["PST", "PST", "PDT"]


def test_evaluate_march_moves_kolkata_an_hour_before_the_us_change():
    evaluation = evaluate(NEW_YORK_NOON_WEDNESDAY, personas(), MARCH_2027, 10)

    erin = evaluation.member("erin")
    assert erin.usual_time == "21:30"
    assert [(t.date, t.time, t.abbreviation) for t in erin.moved] == [
        (date(2027, 3, 3), "22:30", "IST"),
        (date(2027, 3, 10), "22:30", "IST"),
    ]
    # 22:30 to 23:30 runs past her 23:00, so she misses exactly those weeks.
    assert erin.misses == (Miss(date(2027, 3, 3), "not available"), Miss(date(2027, 3, 10), "not available"))


def test_evaluate_new_york_noon_is_five_pm_in_paris_in_the_october_week_between_changes():
    evaluation = evaluate(NEW_YORK_NOON_WEDNESDAY, personas(), OCTOBER_2026, 10)

    chloe = evaluation.member("chloe")
    assert chloe.usual_time == "18:00"
    assert [(t.date, t.time, t.abbreviation) for t in chloe.moved] == [(date(2026, 10, 28), "17:00", "CET")]
    assert local_times(evaluation, "chloe")[2:5] == [
        (date(2026, 10, 21), date(2026, 10, 21), "18:00", "CEST"),
        (date(2026, 10, 28), date(2026, 10, 28), "17:00", "CET"),
        (date(2026, 11, 4), date(2026, 11, 4), "18:00", "CET"),
    ]
    dev = evaluation.member("dev")
    assert [(t.date, t.time, t.abbreviation) for t in dev.moved] == [(date(2026, 10, 28), "16:00", "GMT")]
    erin = evaluation.member("erin")
    assert erin.usual_time == "22:30"
    assert [t.date for t in erin.moved] == [
        date(2026, 10, 7),
        date(2026, 10, 14),
        date(2026, 10, 21),
        date(2026, 10, 28),
    ]
    assert {t.time for t in erin.moved} == {"21:30"}


def test_evaluate_personas_all_make_every_call_at_noon_new_york():
    evaluation = evaluate(NEW_YORK_NOON_WEDNESDAY, [*personas()[:4], member("erin", "07:00-24:00")], MARCH_2027, 10)

    assert evaluation.everyone_every_week
    assert evaluation.members_every_week == 5
    assert evaluation.member_occurrences == 50
    assert all(m.every_week and len(m.attends) == 10 for m in evaluation.members)
    # Erin's 21:30 (eight weeks) and 22:30 (two weeks) are the only unsocial hours.
    assert evaluation.penalty == evaluation.member("erin").penalty == 8 * sum(range(31, 91)) + 2 * sum(range(91, 151))


def test_evaluate_kathmandu_quarter_hour_offset():
    kathmandu = member("ktm", "19:00-21:00", zone="Asia/Kathmandu")

    evaluation = evaluate(Slot(2, 9 * 60, "America/New_York"), [kathmandu], MARCH_2027, 4)

    ktm = evaluation.member("ktm")
    assert [(t.time, t.abbreviation) for t in ktm.local_times] == [
        ("19:45", "+0545"),
        ("19:45", "+0545"),
        ("18:45", "+0545"),
        ("18:45", "+0545"),
    ]
    # 19:45-20:45 fits 19:00-21:00; 18:45 starts before it.
    assert ktm.attends == (date(2027, 3, 3), date(2027, 3, 10))
    assert [m.date for m in ktm.misses] == [date(2027, 3, 17), date(2027, 3, 24)]


def test_evaluate_kathmandu_window_on_the_quarter_hour_fits_exactly():
    kathmandu = member("ktm", "18:45-19:45", zone="Asia/Kathmandu")

    evaluation = evaluate(Slot(2, 9 * 60, "America/New_York"), [kathmandu], MARCH_2027, 4)

    assert evaluation.member("ktm").attends == (date(2027, 3, 17), date(2027, 3, 24))


def test_evaluate_sydney_clocks_go_back_in_april_as_new_york_goes_forward_in_march():
    # New York Wednesday 18:00 is Thursday morning in Sydney.
    evaluation = evaluate(
        Slot(2, 18 * 60, "America/New_York"), [member("sam", zone="Australia/Sydney")], MARCH_2027, 10
    )

    sam = evaluation.member("sam")
    assert local_times(evaluation, "sam")[:7] == [
        (date(2027, 3, 3), date(2027, 3, 4), "10:00", "AEDT"),
        (date(2027, 3, 10), date(2027, 3, 11), "10:00", "AEDT"),
        (date(2027, 3, 17), date(2027, 3, 18), "09:00", "AEDT"),
        (date(2027, 3, 24), date(2027, 3, 25), "09:00", "AEDT"),
        (date(2027, 3, 31), date(2027, 4, 1), "09:00", "AEDT"),
        (date(2027, 4, 7), date(2027, 4, 8), "08:00", "AEST"),
        (date(2027, 4, 14), date(2027, 4, 15), "08:00", "AEST"),
    ]
    assert sam.usual_time == "08:00"
    assert len(sam.moved) == 5


def test_evaluate_sydney_clocks_go_forward_in_october_as_london_goes_back():
    # London Monday 08:00 from 13 September 2027: Sydney changes on 3 October, London on 31 October.
    evaluation = evaluate(
        Slot(0, 8 * 60, "Europe/London"), [member("sam", zone="Australia/Sydney")], date(2027, 9, 13), 10
    )

    sam = evaluation.member("sam")
    assert [(t.time, t.abbreviation) for t in sam.local_times] == [
        *[("17:00", "AEST")] * 3,
        *[("18:00", "AEDT")] * 4,
        *[("19:00", "AEDT")] * 3,
    ]
    assert sam.usual_time == "18:00"
    assert [t.occurrence for t in sam.moved] == [
        date(2027, 9, 13),
        date(2027, 9, 20),
        date(2027, 9, 27),
        date(2027, 11, 1),
        date(2027, 11, 8),
        date(2027, 11, 15),
    ]


def test_evaluate_holidays_miss_exactly_those_dates():
    chloe = member("chloe", "09:00-20:00", range(5), holidays=[date(2027, 3, 17), date(2027, 4, 21), date(2027, 3, 20)])

    evaluation = evaluate(NEW_YORK_NOON_WEDNESDAY, [chloe], MARCH_2027, 10)

    assert evaluation.member("chloe").misses == (Miss(date(2027, 3, 17), "holiday"), Miss(date(2027, 4, 21), "holiday"))
    assert len(evaluation.member("chloe").attends) == 8
    assert not evaluation.everyone_every_week


def test_evaluate_holiday_is_on_the_members_own_calendar():
    # The call of Wednesday 17 March in New York is Thursday 18 March in Sydney.
    sam = member("sam", zone="Australia/Sydney", holidays=[date(2027, 3, 17), date(2027, 3, 25)])

    evaluation = evaluate(Slot(2, 18 * 60, "America/New_York"), [sam], MARCH_2027, 10)

    assert evaluation.member("sam").misses == (Miss(date(2027, 3, 24), "holiday"),)


def test_evaluate_missed_for_both_reasons_says_not_available():
    chloe = member("chloe", "09:00-12:00", range(5), holidays=[date(2027, 3, 17)])

    evaluation = evaluate(NEW_YORK_NOON_WEDNESDAY, [chloe], MARCH_2027, 3)

    assert {m.reason for m in evaluation.member("chloe").misses} == {"not available"}


def test_evaluate_call_across_midnight_spans_windows_that_touch():
    # New York Monday 14:00 EDT is Monday 23:30 in Kolkata: the call ends Tuesday 00:30.
    erin = Member("erin", Availability("Asia/Kolkata", (Window(0, 23 * 60 + 30, 1440), Window(1, 0, 30))))

    evaluation = evaluate(Slot(0, 14 * 60, "America/New_York"), [erin], date(2027, 6, 7), 2)

    assert evaluation.member("erin").every_week
    assert [(t.date, t.time) for t in evaluation.member("erin").local_times] == [
        (date(2027, 6, 7), "23:30"),
        (date(2027, 6, 14), "23:30"),
    ]


def test_evaluate_call_across_midnight_needs_the_next_days_window():
    erin = Member("erin", Availability("Asia/Kolkata", (Window(0, 23 * 60 + 30, 1440), Window(2, 0, 30))))

    evaluation = evaluate(Slot(0, 14 * 60, "America/New_York"), [erin], date(2027, 6, 7), 2)

    assert evaluation.member("erin").attends == ()


def test_evaluate_member_window_loses_the_hour_that_does_not_exist():
    # Sunday 28 March 2027 in Paris: the call at 02:30 is at 03:30 CEST; Chloe is free 02:00-04:00 on her clock.
    chloe = member("chloe", "02:00-04:00", [6])
    slot = Slot(6, 2 * 60 + 30, "Europe/Paris")

    half_hour = evaluate(slot, [chloe], date(2027, 3, 22), 2, 30)
    hour = evaluate(slot, [chloe], date(2027, 3, 22), 2, 60)

    assert half_hour.member("chloe").attends == (date(2027, 3, 28), date(2027, 4, 4))
    assert [t.time for t in half_hour.member("chloe").local_times] == ["03:30", "02:30"]
    assert hour.member("chloe").misses == (Miss(date(2027, 3, 28), "not available"),)


def test_evaluate_member_window_holds_the_repeated_hour_twice():
    # London 06:00 on Sunday 7 November 2027 is the second 01:00 (EST) in New York.
    alice = member("alice", "01:00-02:00", [6])

    evaluation = evaluate(Slot(6, 6 * 60, "Europe/London"), [alice], date(2027, 11, 1), 1)

    assert evaluation.member("alice").every_week
    assert [(t.time, t.abbreviation) for t in evaluation.member("alice").local_times] == [("01:00", "EST")]


def test_evaluate_fold_call_at_the_first_one_thirty():
    alice = member("alice", "01:30-02:00", [6])
    slot = Slot(6, 60 + 30, "America/New_York")

    half_hour = evaluate(slot, [alice], date(2027, 11, 1), 1, 30)
    hour = evaluate(slot, [alice], date(2027, 11, 1), 1, 60)

    assert half_hour.occurrences[0].resolution == "fold"
    assert half_hour.occurrences[0].start == datetime(2027, 11, 7, 5, 30, tzinfo=UTC)
    assert half_hour.member("alice").every_week
    # An hour from the first 01:30 runs to the second 01:30; she is free 01:30-02:00 only, twice.
    assert not hour.member("alice").every_week


def test_check_slot_typed_time_in_the_gap_is_accepted_and_flagged():
    evaluation = check_slot([member("chloe")], date(2027, 3, 15), 3, weekday=6, wall_time="02:30", zone="Europe/Paris")

    assert [(o.date, o.resolution, o.wall_time) for o in evaluation.occurrences] == [
        (date(2027, 3, 21), "exact", "02:30"),
        (date(2027, 3, 28), "gap", "03:30"),
        (date(2027, 4, 4), "exact", "02:30"),
    ]
    chloe = evaluation.member("chloe")
    assert chloe.usual_time == "02:30"
    assert [(t.date, t.time, t.abbreviation) for t in chloe.moved] == [(date(2027, 3, 28), "03:30", "CEST")]


def test_check_slot_accepts_a_time_object():
    typed = check_slot(personas(), MARCH_2027, 10, weekday=2, wall_time=time(12, 0), zone="America/New_York")

    assert typed == evaluate(NEW_YORK_NOON_WEDNESDAY, personas(), MARCH_2027, 10)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"wall_time": "25:00"}, "'25:00' is not a time of day"),
        ({"wall_time": "noon"}, "write it as HH:MM"),
        ({"zone": "Europe/Lutetia"}, "Unknown time zone 'Europe/Lutetia'"),
        ({"weekday": 7}, "weekday is 0 \\(Monday\\) to 6 \\(Sunday\\)"),
        ({"weeks": 0}, "1 to 104 weeks, not 0"),
        ({"duration_minutes": 0}, "at least a minute"),
        ({"duration_minutes": 300}, "at most 4 hours"),
        ({"members": []}, "no members"),
    ],
)
def test_check_slot_refuses_with_a_plain_message(arguments, message):
    given = {
        "members": personas(),
        "start": MARCH_2027,
        "weeks": 10,
        "duration_minutes": 60,
        "weekday": 2,
        "wall_time": "12:00",
        "zone": "America/New_York",
        **arguments,
    }

    with pytest.raises(SchedulingError, match=message):
        check_slot(**given)


def test_evaluate_member_without_windows_misses_everything():
    evaluation = evaluate(NEW_YORK_NOON_WEDNESDAY, [Member("zoe", Availability("UTC"))], MARCH_2027, 3)

    assert evaluation.member("zoe").attends == ()
    assert len(evaluation.member("zoe").misses) == 3


def test_evaluate_member_lookup_unknown_id():
    evaluation = evaluate(NEW_YORK_NOON_WEDNESDAY, personas(), MARCH_2027, 1)

    with pytest.raises(KeyError):
        evaluation.member("mallory")


def test_evaluate_tokyo_has_no_dst_and_no_moved_calls_relative_to_utc_anchor():
    evaluation = evaluate(
        Slot(0, 0, "UTC"), [Member("kenji", Availability("Asia/Tokyo", windows("09:00-10:00")))], MARCH_2027, 10
    )

    kenji = evaluation.member("kenji")
    assert kenji.usual_time == "09:00"
    assert kenji.moved == ()
    assert kenji.every_week
    assert {t.abbreviation for t in kenji.local_times} == {"JST"}
    assert all(
        t.date == (datetime.combine(t.occurrence, time(), tzinfo=UTC).astimezone(ZoneInfo("Asia/Tokyo"))).date()
        for t in kenji.local_times
    )
    assert evaluation.occurrences[0].end - evaluation.occurrences[0].start == timedelta(hours=1)
