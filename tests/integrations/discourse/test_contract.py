"""Every call of the Discourse client, through Prism serving Discourse's published description with --errors:
a request that does not match the description is answered 422 and fails here."""

from __future__ import annotations

import pytest

from hotseat.integrations.discourse.client import Answer, Forum, Refused

pytestmark = pytest.mark.contract


@pytest.fixture
def forum(prism_url: str) -> Forum:
    return Forum(prism_url, "an-admin-key", "system", timeout=10)


def accepted(result: object) -> Answer:
    assert isinstance(result, Answer), f"Prism refused the request: {result}"
    return result


def test_prism_refuses_a_request_the_description_does_not_allow(forum: Forum) -> None:
    # The peer really checks: a group without its "group" object, and an unknown property.
    result = forum._call("POST", "/admin/groups.json", {"grupo": {"name": "x"}})
    assert isinstance(result, Refused)
    assert result.status == 422


def test_create_group_members_only(forum: Forum) -> None:
    answer = accepted(forum.create_group("hotseat-m1", "Growing a forum"))
    assert isinstance(answer.body["basic_group"]["id"], int)


def test_find_group_by_name(forum: Forum) -> None:
    answer = accepted(forum.find_group("hotseat-m1"))
    assert isinstance(answer.body["group"]["id"], int)


def test_add_members(forum: Forum) -> None:
    accepted(forum.add_members(42, ["alice", "bob"]))


def test_invite_into_group(forum: Forum) -> None:
    accepted(forum.invite("chloe@example.com", ["hotseat-m1"], message="Your mastermind formed."))


def test_create_private_category_under_parent(forum: Forum) -> None:
    answer = accepted(forum.create_category("Growing a forum (Cohort 1)", "hotseat-1-1", 7, "hotseat-m1"))
    assert isinstance(answer.body["category"]["id"], int)


def test_find_and_list_categories(forum: Forum) -> None:
    accepted(forum.find_category(7))
    listed = accepted(forum.list_categories())
    assert isinstance(listed.body["category_list"]["categories"], list)


def test_create_topic_with_external_id(forum: Forum) -> None:
    answer = accepted(forum.create_topic("Welcome to Growing a forum", "Hello, group.", 8, "hotseat-welcome-m1"))
    assert isinstance(answer.body["topic_id"], int)


def test_find_topic_by_external_id_is_a_redirect(forum: Forum) -> None:
    answer = accepted(forum.find_topic("hotseat-welcome-m1"))
    assert answer.status == 301
