"""The resources through the API, as each persona: the same 404s as the pages, the same refusals, cursors, ETags."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from hotseat.masterminds import actions
from hotseat.masterminds.errors import BoardError
from hotseat.masterminds.models import Membership
from hotseat.programs.models import Signup
from tests.api.tokens import api_for, bearer
from tests.clients import signed_in
from tests.factories import MastermindFactory, ProgramFactory, SignupFactory, UserFactory
from tests.groups import group_led_by, meets_tuesday_noon, seated_group


def board_url(cohort) -> str:
    return f"/api/v1/programs/{cohort.program.slug}/cohorts/{cohort.slug}"


@pytest.fixture
def personas(group, other_group, organizer):
    """Who is who for the running group: alice leads, bob is a member, erin leads another group."""
    return {
        "outsider": UserFactory(),
        "other_group": other_group.leader,
        "member": group.members[0],
        "leader": group.leader,
        "organizer": organizer,
    }


MAY_SEE = {"outsider": 404, "other_group": 404, "member": 200, "leader": 200, "organizer": 200}


@pytest.mark.parametrize(("who", "status"), MAY_SEE.items())
def test_mastermind_as_each_persona(personas, group, who, status):
    response = bearer(personas[who]).get(f"/api/v1/masterminds/{group.mastermind.pk}")
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert body["role"] == who
        assert body["leader"] == {"name": group.leader.name, "time_zone": group.leader.time_zone}
        assert {m["name"] for m in body["members"]} == {m.name for m in group.members}
    else:
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(("who", "status"), MAY_SEE.items())
def test_meetings_as_each_persona(personas, group, who, status):
    response = bearer(personas[who]).get(f"/api/v1/masterminds/{group.mastermind.pk}/meetings")
    assert response.status_code == status
    if status == 200:
        items = response.json()["items"]
        assert [m["number"] for m in items] == [m.number for m in group.meetings]
        first = items[0]
        assert first["anchor_zone"] == "America/New_York"
        assert first["starts_at"].endswith("Z") or first["starts_at"].endswith("+00:00")
        # 12:00 in New York, whichever side of a clock change the week falls.
        assert first["local_start"][11:16] == "12:00"
        assert first["local_start"][-6:] in ("-05:00", "-04:00")
        assert first["presenter"]["name"] == group.week1.presenter.name


def test_unknown_mastermind_is_404_like_a_forbidden_one(personas):
    response = bearer(personas["member"]).get("/api/v1/masterminds/2147483647")
    assert response.status_code == 404
    assert response.json() == bearer(personas["outsider"]).get("/api/v1/masterminds/2147483647").json()


@pytest.mark.parametrize("who", MAY_SEE)
def test_my_masterminds_lists_only_my_seats(personas, group, other_group, who):
    response = bearer(personas[who]).get("/api/v1/me/masterminds")
    assert response.status_code == 200
    ids = [m["id"] for m in response.json()["items"]]
    expected = {
        "outsider": [],
        "other_group": [other_group.mastermind.pk],
        "member": [group.mastermind.pk],
        "leader": [group.mastermind.pk],
        "organizer": [],  # organizing a program is not sitting in its groups
    }
    assert ids == expected[who]


@pytest.mark.parametrize("who", MAY_SEE)
def test_board_is_public_like_its_page(personas, group, who):
    cohort = group.mastermind.cohort
    response = bearer(personas[who]).get(board_url(cohort) + "/board")
    assert response.status_code == 200
    body = response.json()
    assert [m["id"] for m in body["masterminds"]] == [group.mastermind.pk]
    assert body["me"]["seat_in"] == (group.mastermind.pk if who in ("member", "leader") else None)


def test_board_reads_in_a_fixed_number_of_queries(cohort, alice, bob, chloe, dev, erin):
    client = bearer(UserFactory())
    group_led_by(cohort, alice, bob)
    client.get(board_url(cohort) + "/board")  # the token's first use writes its last use once
    with CaptureQueriesContext(connection) as one:
        assert client.get(board_url(cohort) + "/board").status_code == 200
    group_led_by(cohort, chloe, dev)
    group_led_by(cohort, erin)
    with CaptureQueriesContext(connection) as three:
        assert client.get(board_url(cohort) + "/board").status_code == 200
    assert len(three) == len(one)


def test_programs_and_cohorts_read(cohort):
    client = bearer(UserFactory())
    program = cohort.program
    assert client.get(f"/api/v1/programs/{program.slug}").json()["name"] == program.name
    cohorts = client.get(f"/api/v1/programs/{program.slug}/cohorts").json()["items"]
    assert [c["slug"] for c in cohorts] == [cohort.slug]
    assert client.get(board_url(cohort)).json()["weeks"] == cohort.weeks
    assert client.get("/api/v1/programs/no-such-program").status_code == 404
    assert client.get(f"/api/v1/programs/{program.slug}/cohorts/no-such-cohort/board").status_code == 404


def test_take_seat_through_the_action(people, cohort):
    newcomer = UserFactory()
    SignupFactory(cohort=cohort, user=newcomer, status=Signup.Status.ACCEPTED)
    group = cohort.masterminds.get()
    response = bearer(newcomer).post(f"{board_url(cohort)}/masterminds/{group.pk}/seat")
    assert response.status_code == 200
    assert response.json()["board"]["me"]["seat_in"] == group.pk
    assert Membership.objects.seated().filter(user=newcomer, mastermind=group).exists()


def test_take_seat_refused_in_the_boards_words(people, cohort):
    outsider = people["outsider"]  # no signup: the board refuses them a seat
    group = cohort.masterminds.get()
    response = bearer(outsider).post(f"{board_url(cohort)}/masterminds/{group.pk}/seat")
    assert response.status_code == 409
    body = response.json()
    with pytest.raises(BoardError) as refused:
        actions.take_seat(group, outsider)
    assert body["detail"] == refused.value.message
    assert body["type"].endswith("/refused")
    assert not Membership.objects.filter(user=outsider).exists()


def test_take_seat_in_a_group_of_another_cohort_is_404(people, cohort):
    elsewhere = MastermindFactory()
    response = bearer(people["member"]).post(f"{board_url(cohort)}/masterminds/{elsewhere.pk}/seat")
    assert response.status_code == 404


def test_leave_seat(people, cohort):
    member = people["member"]
    response = bearer(member).delete(f"{board_url(cohort)}/seat")
    assert response.status_code == 200
    assert not Membership.objects.seated().filter(user=member).exists()


def test_join_waitlist_for_a_group(people, cohort):
    newcomer = UserFactory()
    SignupFactory(cohort=cohort, user=newcomer, status=Signup.Status.ACCEPTED)
    group = cohort.masterminds.get()
    response = bearer(newcomer).post(f"{board_url(cohort)}/waitlist", {"mastermind": group.pk}, "application/json")
    assert response.status_code == 200
    signup = Signup.objects.get(cohort=cohort, user=newcomer)
    assert signup.status == Signup.Status.WAITLISTED
    assert signup.waitlist_mastermind == group
    assert response.json()["board"]["me"]["waitlist_position"] == 1


def test_join_waitlist_with_a_bad_body_is_422_per_field(people, cohort):
    client = bearer(people["member"])
    response = client.post(f"{board_url(cohort)}/waitlist", {"mastermind": "two"}, "application/json")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["mastermind"]
    response = client.post(f"{board_url(cohort)}/waitlist", "{not json", "application/json")
    assert response.status_code == 422


def test_anonymous_gets_401_everywhere(group):
    client = api_for(None)
    for path in ("/api/v1/programs", "/api/v1/me/masterminds", f"/api/v1/masterminds/{group.mastermind.pk}"):
        assert client.get(path).status_code == 401


def test_programs_walk_with_cursors(db):
    made = [ProgramFactory().slug for _ in range(5)]
    client = bearer(UserFactory())
    seen: list[str] = []
    url = "/api/v1/programs?limit=2"
    pages = 0
    while url:
        body = client.get(url).json()
        seen += [p["slug"] for p in body["items"]]
        pages += 1
        url = f"/api/v1/programs?limit=2&cursor={body['next']}" if body["next"] else ""
    assert seen == made
    assert pages == 3


@pytest.mark.parametrize("query", ["cursor=nonsense", "cursor=a5", "limit=0", "limit=101", "limit=" + "9" * 40])
def test_bad_page_query_is_422(db, query):
    response = bearer(UserFactory()).get(f"/api/v1/programs?{query}")
    assert response.status_code == 422
    assert response.json()["errors"]


def test_etag_answers_304_until_the_board_changes(people, cohort):
    client = bearer(people["outsider"])
    first = client.get(board_url(cohort) + "/board")
    etag = first["ETag"]
    assert etag
    again = client.get(board_url(cohort) + "/board", headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    newcomer = UserFactory()
    SignupFactory(cohort=cohort, user=newcomer, status=Signup.Status.ACCEPTED)
    actions.take_seat(cohort.masterminds.get(), newcomer)
    changed = client.get(board_url(cohort) + "/board", headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_leave_waitlist(people, cohort):
    newcomer = UserFactory()
    SignupFactory(cohort=cohort, user=newcomer, status=Signup.Status.ACCEPTED)
    client = bearer(newcomer)
    assert client.post(f"{board_url(cohort)}/waitlist", {}, "application/json").status_code == 200
    response = client.delete(f"{board_url(cohort)}/waitlist")
    assert response.status_code == 200
    assert Signup.objects.get(cohort=cohort, user=newcomer).status != Signup.Status.WAITLISTED
    assert client.delete(f"{board_url(cohort)}/waitlist").status_code == 409


BOARD_PERSONAS = ("outsider", "pending", "accepted", "member", "leader", "organizer")


@pytest.fixture
def board_people(people, cohort):
    """The board's personas, and someone accepted with no seat yet (the one a seat is for)."""
    accepted = UserFactory()
    SignupFactory(cohort=cohort, user=accepted, status=Signup.Status.ACCEPTED)
    return {**people, "accepted": accepted}


def _page_status(user, path: str) -> int:
    """What the board page answers the same person (htmx, so a refusal is a status, not a redirect)."""
    with transaction.atomic():
        status = signed_in(user).post(path, headers={"hx-request": "true"}).status_code
        transaction.set_rollback(True)  # the API must meet the same state
    return status


@pytest.mark.parametrize("who", BOARD_PERSONAS)
def test_take_seat_answers_as_the_page_does(board_people, cohort, who):
    group = cohort.masterminds.get()
    page = _page_status(board_people[who], f"/p/{cohort.program.slug}/{cohort.slug}/m/{group.pk}/take/")
    api = bearer(board_people[who]).post(f"{board_url(cohort)}/masterminds/{group.pk}/seat").status_code
    assert api == page, (api, page)
    assert api == (200 if who == "accepted" else 409)


@pytest.mark.parametrize("who", BOARD_PERSONAS)
def test_leave_seat_answers_as_the_page_does(board_people, cohort, who):
    page = _page_status(board_people[who], f"/p/{cohort.program.slug}/{cohort.slug}/leave/")
    api = bearer(board_people[who]).delete(f"{board_url(cohort)}/seat").status_code
    assert api == page, (api, page)
    assert api == (200 if who in ("member", "leader") else 409)


def test_meetings_keep_the_anchor_clock_across_the_us_clock_change(program, alice, bob):
    """Tuesdays 12:00 New York from 2 March 2027: 17:00 UTC until the US change on 14 March, 16:00 after."""
    group = meets_tuesday_noon(program, alice, [bob])
    items = bearer(bob).get(f"/api/v1/masterminds/{group.pk}/meetings?limit=3").json()["items"]
    assert [m["starts_at"][:16] for m in items] == ["2027-03-02T17:00", "2027-03-09T17:00", "2027-03-16T16:00"]
    assert [m["local_start"] for m in items] == [
        "2027-03-02T12:00:00-05:00",
        "2027-03-09T12:00:00-05:00",
        "2027-03-16T12:00:00-04:00",
    ]


def test_my_masterminds_read_in_a_fixed_number_of_queries(program, alice, bob, chloe, dev):
    client = bearer(alice)
    seated_group(program, alice, [bob])
    client.get("/api/v1/me/masterminds")  # the token's first use writes its last use once
    with CaptureQueriesContext(connection) as one:
        assert len(client.get("/api/v1/me/masterminds").json()["items"]) == 1
    seated_group(program, alice, [chloe, dev], title="Second")
    seated_group(program, alice, [dev], title="Third")
    with CaptureQueriesContext(connection) as three:
        assert len(client.get("/api/v1/me/masterminds").json()["items"]) == 3
    assert len(three) == len(one)


def test_meetings_read_in_a_fixed_number_of_queries(group):
    client = bearer(group.leader)
    path = f"/api/v1/masterminds/{group.mastermind.pk}/meetings"
    client.get(path)
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(path + "?limit=1").json()["items"]) == 1
    with CaptureQueriesContext(connection) as three:
        assert len(client.get(path + "?limit=3").json()["items"]) == 3
    assert len(three) == len(one)
