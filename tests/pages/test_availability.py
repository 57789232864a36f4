"""The availability page and its actions: weekly hours on a person's own clock, and dates away."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hotseat.accounts import actions
from hotseat.accounts.actions import AvailabilityError, local_today
from hotseat.accounts.availability_forms import parse_typed_hours
from hotseat.accounts.models import WeeklyAvailability
from hotseat.programs.models import Signup
from hotseat.scheduling import Window
from tests.factories import CohortFactory, SignupFactory

URL = "/accounts/availability/"
HTMX = {"HTTP_HX_REQUEST": "true"}
TUESDAY_17_TO_19 = ["1-1020", "1-1050", "1-1080", "1-1110"]


def post(client, *, zone="Europe/Paris", htmx=False, **fields):
    data = {"zone": zone, "source": "grid", **fields}
    return client.post(URL, data, **(HTMX if htmx else {}))


def checked_cells(html: str) -> set[str]:
    return set(re.findall(r'<input type="checkbox" name="cell" value="([\d-]+)"[^>]* checked>', html))


def saved(user) -> WeeklyAvailability | None:
    return WeeklyAvailability.objects.filter(user=user).first()


def textarea(html: str) -> str:
    found = re.search(r'<textarea id="typed-hours"[^>]*>\n(.*?)</textarea>', html, re.DOTALL)
    assert found, "no typed-hours textarea"
    return found.group(1)


# --- the page ---------------------------------------------------------------------------------


def test_availability_requires_login(client, db):
    response = client.get(URL)
    posted = client.post(URL, {"zone": "Europe/Paris", "cell": TUESDAY_17_TO_19})

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert posted.status_code == 302
    assert not WeeklyAvailability.objects.exists()


def test_availability_page_shows_a_grid_in_the_profile_zone(client, chloe):
    client.force_login(chloe)

    response = client.get(URL)

    html = response.text
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert 'name="zone" value="Europe/Paris"' in html
    assert "Weekly hours, Europe/Paris time" in html
    assert 'aria-label="Tuesday 17:30"' in html
    assert html.count('name="cell"') == 7 * 48
    assert checked_cells(html) == set()
    assert "No hours marked yet (Europe/Paris)" in html
    assert 'href="/accounts/availability/"' in html  # the header's link


def test_profile_links_to_availability(client, chloe):
    client.force_login(chloe)

    response = client.get("/accounts/profile/")

    assert 'href="/accounts/availability/"' in response.text


# --- saving the grid ---------------------------------------------------------------------------


def test_availability_save_and_load_round_trip(client, chloe):
    client.force_login(chloe)
    holiday = local_today("Europe/Paris") + timedelta(days=30)

    response = post(client, cell=[*TUESDAY_17_TO_19, "3-720"], new_holiday=holiday.isoformat())

    assert response.status_code == 302
    stored = saved(chloe)
    assert stored is not None
    assert (stored.zone, stored.windows, stored.holidays) == (
        "Europe/Paris",
        [[1, 1020, 1140], [3, 720, 750]],
        [holiday.isoformat()],
    )
    assert stored.as_core().windows == (Window(1, 1020, 1140), Window(3, 720, 750))
    page = client.get(response["Location"]).text
    assert checked_cells(page) == {*TUESDAY_17_TO_19, "3-720"}
    assert "Saved: Tue 17:00–19:00, Thu 12:00–12:30 (Europe/Paris)." in page
    assert "Tue 17:00–19:00, Thu 12:00–12:30 (Europe/Paris)" in page
    assert textarea(page) == "Tue 17:00-19:00\nThu 12:00-12:30"
    assert f'name="holiday" value="{holiday.isoformat()}"' in page


def test_availability_htmx_save_rerenders_the_form_with_saved_status(client, chloe):
    client.force_login(chloe)

    response = post(client, htmx=True, cell=[*TUESDAY_17_TO_19, "3-720", "3-750", "3-780", "3-810"])

    html = response.text
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<form id="availability-editor"')
    assert '<p class="availability-note ok">Saved: Tue 17:00–19:00, Thu 12:00–14:00 (Europe/Paris).</p>' in html
    assert 'id="availability-status" class="availability-sr" role="status" hx-swap-oob="innerHTML"' in html
    assert checked_cells(html) == {*TUESDAY_17_TO_19, "3-720", "3-750", "3-780", "3-810"}
    assert saved(chloe).windows == [[1, 1020, 1140], [3, 720, 840]]


def test_availability_save_with_no_cells_clears_the_hours(client, chloe):
    actions.save_availability(chloe, zone="Europe/Paris", windows=[(1, 1020, 1140)], holidays=[])
    client.force_login(chloe)

    response = post(client)

    assert response.status_code == 302
    assert saved(chloe).windows == []


def test_save_availability_merges_touching_cells_into_windows(chloe):
    cells = [(1, m, m + 30) for m in (1050, 1020, 1080)] + [(1, 1110, 1140), (1, 1140, 1200)]
    across_midnight = [(6, 1410, 1440), (0, 0, 30)]

    stored = actions.save_availability(
        chloe, zone="Europe/Paris", windows=[*cells, (1, 1260, 1290), *across_midnight], holidays=[]
    )

    # Windows never join across midnight: the core keeps each inside its day and joins them itself.
    assert stored.windows == [[0, 0, 30], [1, 1020, 1200], [1, 1260, 1290], [6, 1410, 1440]]


def test_save_availability_refuses_overlap_and_changes_nothing(chloe):
    actions.save_availability(chloe, zone="Europe/Paris", windows=[(3, 720, 840)], holidays=[])

    with pytest.raises(AvailabilityError) as refused:
        actions.save_availability(chloe, zone="Europe/Paris", windows=[(1, 1020, 1140), (1, 1080, 1200)], holidays=[])

    assert "Tuesday 17:00–19:00 overlaps Tuesday 18:00–20:00" in refused.value.message
    assert saved(chloe).windows == [[3, 720, 840]]


def test_save_availability_refuses_unknown_zone(chloe):
    with pytest.raises(AvailabilityError) as refused:
        actions.save_availability(chloe, zone="Mars/Olympus_Mons", windows=[], holidays=[])

    assert refused.value.field == "zone"
    assert "is not a time zone we know" in refused.value.message
    assert saved(chloe) is None


# --- typed hours ------------------------------------------------------------------------------


def test_typed_hours_are_saved_and_replace_the_grid(client, bob):
    client.force_login(bob)

    response = post(
        client,
        source="text",
        zone="America/Los_Angeles",
        cell=["0-540"],  # the grid's state is ignored when saving typed hours
        text="Tue 17:00-18:00\ntue 18:00–19:00\n\n# lunch\nThursday 12:00-14:00, 18:00-19:30\nsun 23:00-24:00",
    )

    assert response.status_code == 302
    assert saved(bob).windows == [[1, 1020, 1140], [3, 720, 840], [3, 1080, 1170], [6, 1380, 1440]]
    assert saved(bob).zone == "America/Los_Angeles"


def test_typed_hours_overlap_is_refused_with_typing_kept_422_for_htmx(client, chloe):
    client.force_login(chloe)
    typed = "Tue 17:00-19:00\nTue 18:00-20:00"

    response = post(client, htmx=True, source="text", text=typed, cell=["4-600"])

    html = response.text
    assert response.status_code == 422
    assert "Lines 1 and 2 overlap: Tuesday 17:00–19:00 and Tuesday 18:00–20:00." in html
    assert textarea(html) == typed
    assert 'aria-invalid="true"' in html
    assert checked_cells(html) == {"4-600"}  # the grid as it was sent
    assert "Not saved" in html
    assert saved(chloe) is None


def test_typed_hours_crossing_midnight_is_refused_400_for_a_plain_form(client, chloe):
    client.force_login(chloe)

    response = post(client, source="text", text="Mon 09:00-10:00\nTue 22:00-01:00")

    assert response.status_code == 400
    assert (
        "Line 2: Tuesday 22:00–01:00 crosses midnight: enter Tuesday 22:00–24:00 and Wednesday 00:00–01:00."
        in response.text
    )
    assert textarea(response.text) == "Mon 09:00-10:00\nTue 22:00-01:00"
    assert saved(chloe) is None


def test_typed_hours_parse_errors_name_their_line():
    with pytest.raises(ValidationError) as refused:
        parse_typed_hours(
            "Tux 10:00-11:00\nWed 9am-10am\nThu 17:15-18:00\nFri 25:00-26:00\nSat 10:00-10:00\nT 1:00-2:00"
        )

    assert refused.value.messages == [
        "Line 1: “Tux” is not a day of the week: use Mon, Tue, Wed, Thu, Fri, Sat or Sun.",
        "Line 2: “9am” is not a time: write it as HH:MM, e.g. 17:30.",
        "Line 3: 17:15 is not on a half hour: use times ending in :00 or :30.",
        "Line 4: “25:00” is not a time of day: from 00:00 to 24:00.",
        "Line 5: Saturday 10:00–10:00 is empty.",
        "Line 6: “T” is not a day of the week: use Mon, Tue, Wed, Thu, Fri, Sat or Sun.",
    ]


def test_typed_hours_too_long_is_refused_and_kept(client, chloe):
    client.force_login(chloe)
    typed = "Tue 17:00-19:00\n" * 400

    response = post(client, htmx=True, source="text", text=typed)

    assert response.status_code == 422
    assert "Type at most 5000 characters (this has 6400)." in response.text
    assert textarea(response.text) == typed
    assert saved(chloe) is None


# --- bad input --------------------------------------------------------------------------------


def test_availability_unknown_zone_is_refused_and_cells_kept(client, chloe):
    client.force_login(chloe)

    response = post(client, htmx=True, zone="Mars/Olympus_Mons", cell=TUESDAY_17_TO_19)

    html = response.text
    assert response.status_code == 422
    assert "“Mars/Olympus_Mons” is not a time zone we know." in html
    assert checked_cells(html) == set(TUESDAY_17_TO_19)
    # The hidden zone goes back to the page's, so saving again works.
    assert 'name="zone" value="Europe/Paris"' in html
    assert saved(chloe) is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"cell": ["1-1020", "abc"]}, "The grid sent “abc”, which is not a cell."),
        ({"cell": ["9-600"]}, "The grid sent weekday 9: weekdays go from 0 (Monday) to 6 (Sunday)."),
        ({"cell": ["1-1441"]}, "The grid sent minute 1441: a cell starts on a half hour from 0 to 1410."),
        ({"cell": ["1-1440"]}, "The grid sent minute 1440"),
        ({"cell": ["1-1025"]}, "The grid sent minute 1025"),
        ({"cell": ["-1-60"]}, "The grid sent “-1-60”, which is not a cell."),
        ({"cell": [f"{d}-{m}" for d in range(7) for m in range(0, 1440, 30)] * 2}, "a week has 336"),
        ({"holiday": ["next tuesday"]}, "“next tuesday” is not a date."),
        ({"holiday": ["9999-12-31"]}, "“9999-12-31” is not a date."),  # outside the one window of typed dates
        ({"holiday": ["0001-01-01"]}, "“0001-01-01” is not a date."),
        ({"remove_holiday": "2027-02-30"}, "“2027-02-30” is not a date."),
        ({"source": "csv"}, "Select a valid choice."),
    ],
)
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_availability_malformed_post_is_a_clear_400_and_saves_nothing(client, chloe, fields, message, htmx):
    actions.save_availability(chloe, zone="Europe/Paris", windows=[(3, 720, 840)], holidays=[])
    client.force_login(chloe)

    response = post(client, htmx=htmx, **{"cell": TUESDAY_17_TO_19, **fields})

    assert response.status_code == 400
    assert "Nothing was saved." in response.text
    assert message in response.text
    assert saved(chloe).windows == [[3, 720, 840]]


def test_availability_huge_payload_is_a_clear_400_and_saves_nothing(client, chloe):
    client.force_login(chloe)

    response = post(client, cell=[f"1-{m}" for m in range(0, 1440, 30)] * 50)  # 2,400 fields

    assert response.status_code == 400
    assert "The form sent far more than this page ever sends, so nothing was saved." in response.text
    assert saved(chloe) is None


def test_availability_ignores_a_forged_user_field(client, alice, bob):
    actions.save_availability(bob, zone="America/Los_Angeles", windows=[(0, 540, 600)], holidays=[])
    client.force_login(alice)

    response = post(
        client, zone="America/New_York", cell=TUESDAY_17_TO_19, user=str(bob.pk), user_id=str(bob.pk), email=bob.email
    )

    assert response.status_code == 302
    assert saved(alice).windows == [[1, 1020, 1140]]
    assert saved(bob).windows == [[0, 540, 600]]


# --- holidays ---------------------------------------------------------------------------------


def test_holidays_add_merges_duplicates_and_removes(client, chloe):
    client.force_login(chloe)
    today = local_today("Europe/Paris")
    first, second = today + timedelta(days=10), today + timedelta(days=3)

    post(client, holiday=[first.isoformat()], new_holiday=second.isoformat())
    post(client, holiday=[first.isoformat(), second.isoformat()], new_holiday=first.isoformat())
    after_duplicate = list(saved(chloe).holidays)
    post(client, holiday=[first.isoformat(), second.isoformat()], remove_holiday=second.isoformat())

    assert after_duplicate == [second.isoformat(), first.isoformat()]
    assert saved(chloe).holidays == [first.isoformat()]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2027-02-30", "Enter a real date, e.g. 2027-12-24."),
        ("24/12/2027", "Enter a real date, e.g. 2027-12-24."),
        ("past", "has passed: pick today or a later date."),
        ("far", "Pick a date within the next two years"),
    ],
)
def test_holidays_refuse_bad_dates_and_keep_the_typing(client, chloe, typed, message):
    client.force_login(chloe)
    today = local_today("Europe/Paris")
    typed = {"past": today - timedelta(days=1), "far": today + timedelta(days=800)}.get(typed, typed)
    typed = typed.isoformat() if isinstance(typed, date) else typed

    response = post(client, htmx=True, cell=TUESDAY_17_TO_19, new_holiday=typed)

    assert response.status_code == 422
    assert message in response.text
    assert f'name="new_holiday" value="{typed}"' in response.text
    assert 'aria-describedby="new-holiday-errors"' in response.text
    assert checked_cells(response.text) == set(TUESDAY_17_TO_19)
    assert saved(chloe) is None


def test_holidays_two_years_ahead_is_the_limit(chloe):
    today = date(2028, 2, 29)

    kept = actions.save_availability(
        chloe, zone="Europe/Paris", windows=[], holidays=[date(2030, 2, 28), date(2028, 2, 28)], today=today
    )
    with pytest.raises(AvailabilityError, match="more than two years away"):
        actions.save_availability(chloe, zone="Europe/Paris", windows=[], holidays=[date(2030, 3, 1)], today=today)

    # A date that has passed is dropped without a word.
    assert kept.holidays == ["2030-02-28"]


# --- toggles ----------------------------------------------------------------------------------


def test_weekends_hidden_by_default_shown_when_asked_or_marked(client, chloe, dev):
    client.force_login(chloe)
    toggle = '<input type="checkbox" name="weekends" id="show-weekends" checked>'

    default = client.get(URL).text
    asked = client.get(URL + "?weekends=1").text
    response = post(client, cell=["5-600"], weekends="on")
    marked = client.get(URL).text

    assert toggle not in default
    assert 'class="weekend"><input type="checkbox" name="cell" value="5-600"' in default  # hidden by CSS, not gone
    assert toggle in asked
    assert response["Location"] == URL + "?weekends=1"
    assert saved(chloe).windows == [[5, 600, 630]]
    assert toggle in marked


def test_night_hours_hidden_by_default_shown_when_marked(client, erin):
    client.force_login(erin)
    toggle = '<input type="checkbox" name="night" id="show-night" checked>'

    default = client.get(URL).text
    post(client, zone="Asia/Kolkata", cell=["2-1410"])
    marked = client.get(URL).text

    assert toggle not in default
    assert '<tr class="night"><th scope="row">05:30</th>' in default
    assert toggle in marked


# --- another zone -----------------------------------------------------------------------------


def test_changed_profile_zone_offers_conversion_and_keeps_the_saved_clock(client, chloe):
    actions.save_availability(chloe, zone="Europe/Paris", windows=[(1, 1020, 1140)], holidays=[])
    chloe.time_zone = "America/New_York"
    chloe.save()
    # Her next cohort starts in January, when Paris is 6 hours ahead of New York.
    january = date(local_today("America/New_York").year + 1, 1, 12)
    SignupFactory(cohort=CohortFactory(starts_on=january), user=chloe, status=Signup.Status.ACCEPTED)
    client.force_login(chloe)

    page = client.get(URL).text

    assert "Your hours are saved in Europe/Paris; your profile says America/New_York. Convert?" in page
    assert "moves every window 6 h earlier" in page
    assert "Tue 11:00–13:00 (America/New_York)" in page
    assert 'name="zone" value="Europe/Paris"' in page  # the grid stays on the clock it was marked on
    assert checked_cells(page) == set(TUESDAY_17_TO_19)

    response = client.post("/accounts/availability/convert/", {"from_zone": "Europe/Paris"})
    again = client.post("/accounts/availability/convert/", {"from_zone": "Europe/Paris"})

    assert response.status_code == 302
    assert again.status_code == 302
    stored = saved(chloe)
    assert (stored.zone, stored.windows) == ("America/New_York", [[1, 660, 780]])
    page = client.get(URL).text
    assert "Convert?" not in page
    assert "Converted: Tue 11:00–13:00 (America/New_York)." in page
    assert "Your hours changed since this page loaded; nothing was converted." in page


def test_conversion_uses_the_weeks_of_the_real_cohort_not_ten(client, chloe):
    # A 3-week cohort from Monday 15 March 2027: New York is 5 hours behind Paris on 15 and 22 March
    # (the US has changed its clocks, Europe not yet), 6 hours on 29 March. Ten weeks would say 6.
    actions.save_availability(chloe, zone="Europe/Paris", windows=[(1, 1020, 1140)], holidays=[])
    chloe.time_zone = "America/New_York"
    chloe.save()
    SignupFactory(cohort=CohortFactory(starts_on=date(2027, 3, 15), weeks=3), user=chloe, status=Signup.Status.ACCEPTED)
    client.force_login(chloe)

    assert "moves every window 5 h earlier" in client.get(URL).text
    client.post("/accounts/availability/convert/", {"from_zone": "Europe/Paris"})
    assert (saved(chloe).zone, saved(chloe).windows) == ("America/New_York", [[1, 720, 840]])


def test_no_conversion_offer_when_only_dates_are_saved(client, chloe):
    actions.save_availability(
        chloe, zone="Europe/Paris", windows=[], holidays=[local_today("Europe/Paris") + timedelta(days=5)]
    )
    chloe.time_zone = "America/New_York"
    chloe.save()
    client.force_login(chloe)

    page = client.get(URL).text

    assert "Convert?" not in page
    assert 'name="zone" value="America/New_York"' in page


def test_zone_shift_takes_the_most_common_difference_of_the_cohort_weeks():
    # 15 March 2027: the US has changed clocks, Europe not yet (until 28 March).
    assert actions.zone_shift("Europe/Paris", "America/New_York", date(2027, 3, 15), weeks=1) == -5 * 60
    assert actions.zone_shift("Europe/Paris", "America/New_York", date(2027, 3, 15)) == -6 * 60
    assert actions.zone_shift("America/Los_Angeles", "Asia/Kolkata", date(2027, 1, 5)) == 13 * 60 + 30


def test_shift_windows_splits_at_midnight_and_wraps_the_week():
    windows = [Window(6, 1320, 1440), Window(0, 0, 120)]

    # Sunday 22:00-24:00 and Monday 00:00-02:00, three hours later, touch: one Monday window.
    assert actions.shift_windows(windows, 180) == [Window(0, 60, 300)]
    assert actions.shift_windows([Window(0, 0, 120)], -60) == [Window(0, 0, 60), Window(6, 1380, 1440)]


def test_shift_windows_by_a_quarter_hour_shrinks_to_half_hours():
    assert actions.shift_windows([Window(1, 1020, 1140)], 4 * 60 + 45) == [Window(1, 1320, 1410)]


def test_convert_needs_login_and_a_post(client, chloe):
    anonymous = client.post("/accounts/availability/convert/", {"from_zone": "Europe/Paris"})
    client.force_login(chloe)
    fetched = client.get("/accounts/availability/convert/")

    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    assert fetched.status_code == 405


def test_availability_page_queries_do_not_grow_with_hours_and_dates(client, chloe, bob):
    def queries_for(user, count: int) -> int:
        today = local_today(user.time_zone)
        actions.save_availability(
            user,
            zone=user.time_zone,
            windows=[(day, 600, 660) for day in range(count)],
            holidays=[today + timedelta(days=day + 1) for day in range(count)],
        )
        client.force_login(user)
        client.get(URL)  # the session and the user are cached after the first request
        with CaptureQueriesContext(connection) as done:
            assert client.get(URL).status_code == 200
        return len(done.captured_queries)

    assert queries_for(chloe, 1) == queries_for(bob, 3)
