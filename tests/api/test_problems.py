"""Every error in one shape (RFC 9457), in the reader's language."""

from __future__ import annotations

from hotseat.api.problems import TYPE_BASE
from tests.api.tokens import bearer
from tests.factories import UserFactory

SHAPE = {"type", "title", "status", "detail", "errors"}


def test_not_found_is_a_problem(db):
    response = bearer(UserFactory()).get("/api/v1/programs/nothing-here")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert set(body) == SHAPE
    assert body["type"] == TYPE_BASE + "not-found"
    assert body["status"] == 404
    assert body["errors"] == []


def test_validation_problem_lists_each_field(db):
    response = bearer(UserFactory()).get("/api/v1/programs?limit=abc&cursor=" + "x" * 100)
    body = response.json()
    assert response.status_code == 422
    assert set(body) == SHAPE
    assert sorted(e["field"] for e in body["errors"]) == ["cursor", "limit"]
    assert all(e["message"] for e in body["errors"])


def test_huge_id_is_a_problem_not_a_500(db):
    response = bearer(UserFactory()).get("/api/v1/masterminds/" + "9" * 30)
    assert response.status_code == 422
    response = bearer(UserFactory()).get("/api/v1/programs/%00")
    assert response.status_code in (404, 422)


def test_problem_in_french_for_a_french_browser(db):
    response = bearer(UserFactory()).get("/api/v1/programs/nothing-here", headers={"accept-language": "fr"})
    body = response.json()
    assert body["title"] == "Introuvable"
    assert "voir" in body["detail"]


def test_problem_in_the_token_owners_language(db):
    reader = UserFactory(language="fr")
    response = bearer(reader).get("/api/v1/programs?limit=0")
    assert response.json()["title"] == "Certaines valeurs ne sont pas valides"


def test_unknown_path_under_the_api_is_not_a_500(db):
    response = bearer(UserFactory()).get("/api/v1/nothing/here")
    assert response.status_code == 404
