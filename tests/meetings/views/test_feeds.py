"""Feed views: secret-token feeds, token resets, one-meeting .ics files, the person's calendar page."""

from __future__ import annotations

from datetime import time

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from hotseat.masterminds.models import Mastermind, Membership
from hotseat.meetings.models import Meeting, PersonalFeed, Schedule
from tests.clients import signed_in
from tests.factories import CohortFactory, MastermindFactory, UserFactory, seat
from tests.meetings.weeks import schedule_for, weekly_meetings


@pytest.fixture
def group(cohort, alice, chloe) -> Mastermind:
    """Alice leads, Chloe sits in it; ten weekly meetings at 12:00 New York."""
    mastermind = MastermindFactory(cohort=cohort, title="Growing a forum")
    seat(mastermind, alice, role=Membership.Role.LEADER)
    seat(mastermind, chloe)
    weekly_meetings(schedule_for(mastermind, wall=time(12), zone="America/New_York"))
    return mastermind


@pytest.fixture
def other_group(cohort, bob, dev) -> Mastermind:
    """Bob leads, Dev sits in it, in the same cohort; meetings at 09:00 Los Angeles."""
    mastermind = MastermindFactory(cohort=cohort, title="Events")
    seat(mastermind, bob, role=Membership.Role.LEADER)
    seat(mastermind, dev)
    weekly_meetings(schedule_for(mastermind, wall=time(9), zone="America/Los_Angeles"))
    return mastermind


def uids(response) -> set[str]:
    return {str(event["UID"]) for event in Calendar.from_ical(response.content).events}


def uids_of(mastermind: Mastermind) -> set[str]:
    return {f"{uid}@hotseat" for uid in mastermind.meetings.values_list("uid", flat=True)}


def person_feed_url(user) -> str:
    feed, _ = PersonalFeed.objects.get_or_create(user=user)
    return reverse("person_feed", args=[feed.token])


def group_feed_url(mastermind: Mastermind) -> str:
    return reverse("mastermind_feed", args=[Schedule.objects.get(mastermind=mastermind).feed_token])


# --- person feed ---------------------------------------------------------------------------------


def test_person_feed_needs_no_login_and_is_a_private_calendar(group, chloe):
    response = Client().get(person_feed_url(chloe))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=300"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert uids(response) == uids_of(group)


def test_person_feed_answers_head(group, chloe):
    assert Client().head(person_feed_url(chloe)).status_code == 200


def test_person_feed_refuses_post(group, chloe):
    assert Client().post(person_feed_url(chloe)).status_code == 405


def test_person_feed_with_a_wrong_token_is_404(group, chloe):
    person_feed_url(chloe)

    response = Client().get(reverse("person_feed", args=["not-the-token"]))

    assert response.status_code == 404


def test_person_feed_of_another_person_shows_only_their_meetings(group, other_group, alice, bob):
    response = Client().get(person_feed_url(bob))

    assert uids(response) == uids_of(other_group)
    assert not uids(response) & uids_of(group)
    assert "Growing a forum" not in response.content.decode()


def test_person_feed_holds_every_group_across_cohorts(group, program, chloe):
    later = MastermindFactory(cohort=CohortFactory(program=program), title="Later")
    seat(later, chloe)
    weekly_meetings(schedule_for(later, wall=time(18), zone="Europe/Paris"))

    response = Client().get(person_feed_url(chloe))

    assert uids(response) == uids_of(group) | uids_of(later)


def test_person_feed_drops_a_group_the_person_left(group, chloe):
    url = person_feed_url(chloe)
    Membership.objects.filter(user=chloe).update(left_at="2026-01-01T00:00:00Z")

    response = Client().get(url)

    assert response.status_code == 200
    assert uids(response) == set()


def test_person_feed_of_a_deactivated_account_is_404(group, chloe):
    url = person_feed_url(chloe)
    chloe.is_active = False
    chloe.save()

    assert Client().get(url).status_code == 404


def test_person_feed_queries_do_not_grow_with_groups(program, chloe):
    url = person_feed_url(chloe)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(url).status_code == 200
        return len(queries)

    first = MastermindFactory(cohort=CohortFactory(program=program))
    seat(first, chloe)
    weekly_meetings(schedule_for(first, wall=time(12), zone="America/New_York"))
    one = count_queries()
    for zone in ("Europe/Paris", "Asia/Kolkata"):
        another = MastermindFactory(cohort=CohortFactory(program=program))
        seat(another, chloe)
        weekly_meetings(schedule_for(another, wall=time(12), zone=zone))
    three = count_queries()

    assert one == three


# --- the person's calendar page and reset ----------------------------------------------------------


def test_calendar_page_asks_to_log_in(db):
    response = Client().get(reverse("calendar"))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_calendar_page_makes_the_feed_on_first_visit_and_keeps_it(group, chloe):
    client = signed_in(chloe)

    first = client.get(reverse("calendar"))
    token = PersonalFeed.objects.get(user=chloe).token
    second = client.get(reverse("calendar"))

    assert first.status_code == second.status_code == 200
    assert PersonalFeed.objects.get(user=chloe).token == token
    page = first.content.decode()
    assert f"{settings.SITE_URL}/calendar/{token}.ics" in page
    assert f"webcal://{settings.SITE_URL.split('://', 1)[1]}/calendar/{token}.ics" in page
    assert "Growing a forum" in page


def test_calendar_reset_gives_a_new_token_and_the_old_one_is_404(group, chloe):
    old_url = person_feed_url(chloe)
    client = signed_in(chloe)

    response = client.post(reverse("calendar_reset"))

    assert response.status_code == 302
    new_url = person_feed_url(chloe)
    assert new_url != old_url
    assert Client().get(old_url).status_code == 404
    assert Client().get(new_url).status_code == 200


def test_calendar_reset_refuses_get(group, chloe):
    old_url = person_feed_url(chloe)

    response = signed_in(chloe).get(reverse("calendar_reset"))

    assert response.status_code == 405
    assert person_feed_url(chloe) == old_url


def test_calendar_reset_needs_the_csrf_token(group, chloe):
    old_url = person_feed_url(chloe)
    client = Client(enforce_csrf_checks=True)
    client.force_login(chloe)

    response = client.post(reverse("calendar_reset"))

    assert response.status_code == 403
    assert person_feed_url(chloe) == old_url


# --- mastermind feed -------------------------------------------------------------------------------


def test_mastermind_feed_needs_no_login_and_holds_the_group(group, other_group):
    response = Client().get(group_feed_url(group))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=300"
    assert uids(response) == uids_of(group)


def test_mastermind_feed_with_a_wrong_token_is_404(group):
    assert Client().get(reverse("mastermind_feed", args=["guess"])).status_code == 404


def test_mastermind_feed_token_of_a_person_is_not_a_group_token(group, chloe):
    token = PersonalFeed.objects.create(user=chloe).token

    assert Client().get(reverse("mastermind_feed", args=[token])).status_code == 404


@pytest.mark.parametrize("who", ["alice", "organizer"])
def test_mastermind_feed_reset_by_leader_or_organizer_gives_a_new_token(group, who, request):
    old_url = group_feed_url(group)

    response = signed_in(request.getfixturevalue(who)).post(reverse("mastermind_feed_reset", args=[group.pk]))

    assert response.status_code == 302
    assert Client().get(old_url).status_code == 404
    assert Client().get(group_feed_url(group)).status_code == 200


@pytest.mark.parametrize("who", ["chloe", "bob", "erin"])
def test_mastermind_feed_reset_by_member_other_leader_or_outsider_is_404(group, other_group, who, request):
    old_url = group_feed_url(group)

    response = signed_in(request.getfixturevalue(who)).post(reverse("mastermind_feed_reset", args=[group.pk]))

    assert response.status_code == 404
    assert group_feed_url(group) == old_url


def test_mastermind_feed_reset_without_a_schedule_is_404(cohort, alice):
    mastermind = MastermindFactory(cohort=cohort)
    seat(mastermind, alice, role=Membership.Role.LEADER)

    response = signed_in(alice).post(reverse("mastermind_feed_reset", args=[mastermind.pk]))

    assert response.status_code == 404


# --- one meeting's .ics ----------------------------------------------------------------------------


def meeting_url(mastermind: Mastermind) -> str:
    meeting = Meeting.objects.filter(mastermind=mastermind).order_by("number").first()
    assert meeting is not None
    return reverse("meeting_ics", args=[meeting.uid])


def test_meeting_ics_asks_to_log_in(group):
    response = Client().get(meeting_url(group))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("who", ["alice", "chloe", "organizer"])
def test_meeting_ics_for_leader_member_or_organizer_is_an_attachment(group, who, request):
    response = signed_in(request.getfixturevalue(who)).get(meeting_url(group))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="mastermind-week-1.ics"'
    events = Calendar.from_ical(response.content).events
    assert [str(e["UID"]) for e in events] == [f"{group.meetings.get(number=1).uid}@hotseat"]


@pytest.mark.parametrize("who", ["erin", "dev"])
def test_meeting_ics_for_outsider_or_member_of_another_group_is_404(group, other_group, who, request):
    response = signed_in(request.getfixturevalue(who)).get(meeting_url(group))

    assert response.status_code == 404


def test_meeting_ics_for_a_former_member_is_404(group, chloe):
    Membership.objects.filter(user=chloe).update(left_at="2026-01-01T00:00:00Z")

    assert signed_in(chloe).get(meeting_url(group)).status_code == 404


def test_meeting_ics_for_an_unknown_meeting_is_404(group, alice):
    url = reverse("meeting_ics", args=["00000000-0000-4000-8000-000000000000"])

    assert signed_in(alice).get(url).status_code == 404


def test_person_feed_token_of_someone_else_is_never_their_calendar_page(group, chloe, erin):
    # The page shows the signed-in person's own link, whatever feeds exist.
    chloe_token = PersonalFeed.objects.create(user=chloe).token

    page = signed_in(erin).get(reverse("calendar")).content.decode()

    assert chloe_token not in page
    assert PersonalFeed.objects.get(user=erin).token in page


def test_feeds_of_two_people_are_different(group, alice, chloe):
    assert person_feed_url(alice) != person_feed_url(chloe)


def test_user_factory_person_without_seats_gets_an_empty_feed(db):
    person = UserFactory()

    response = Client().get(person_feed_url(person))

    assert response.status_code == 200
    assert uids(response) == set()
