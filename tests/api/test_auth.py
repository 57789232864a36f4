"""Who may call the API: tokens (hashed, scoped, revocable, expiring, rate-limited) and the browser's session."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from hotseat.api.actions import TokenError, create_token, revoke_token
from hotseat.api.models import ApiToken, token_digest
from tests.api.tokens import bearer
from tests.clients import signed_in

PROGRAMS = "/api/v1/programs"


def test_token_stored_hashed_with_readable_prefix_only(alice):
    made = create_token(alice, name="CRM", scope=ApiToken.Scope.READ)
    row = ApiToken.objects.get(pk=made.token.pk)
    assert made.secret.startswith("hs_")
    assert row.digest == token_digest(made.secret)
    assert made.secret not in {row.digest, row.prefix, row.name}
    assert made.secret.startswith(row.prefix)
    assert len(row.prefix) < 16 < len(made.secret)


def test_token_authenticates_and_records_its_last_use(alice):
    made = create_token(alice, name="CRM", scope=ApiToken.Scope.READ)
    response = Client(headers={"authorization": f"Bearer {made.secret}"}).get(PROGRAMS)
    assert response.status_code == 200
    made.token.refresh_from_db()
    assert made.token.last_used_at is not None


@pytest.mark.parametrize("header", [None, "Bearer hs_nonsense", "Bearer ", "Basic YTpi", "Bearer " + "x" * 5000])
def test_missing_or_unknown_token_gets_401_problem(db, header):
    client = Client(headers={"authorization": header} if header else {})
    response = client.get(PROGRAMS)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401


def test_revoked_token_gets_401(alice):
    made = create_token(alice, name="CRM", scope=ApiToken.Scope.READ)
    client = Client(headers={"authorization": f"Bearer {made.secret}"})
    assert client.get(PROGRAMS).status_code == 200
    revoke_token(made.token)
    assert client.get(PROGRAMS).status_code == 401


def test_expired_token_gets_401(alice):
    now = timezone.now()
    made = create_token(alice, name="CRM", scope=ApiToken.Scope.READ, expires_at=now + timedelta(hours=1), now=now)
    ApiToken.objects.filter(pk=made.token.pk).update(expires_at=now - timedelta(seconds=1))
    response = Client(headers={"authorization": f"Bearer {made.secret}"}).get(PROGRAMS)
    assert response.status_code == 401


def test_token_of_inactive_person_gets_401(alice):
    client = bearer(alice)
    alice.is_active = False
    alice.save()
    assert client.get(PROGRAMS).status_code == 401


def test_token_expiring_in_the_past_is_refused(alice):
    now = timezone.now()
    with pytest.raises(TokenError):
        create_token(alice, name="CRM", scope=ApiToken.Scope.READ, expires_at=now, now=now)


def test_read_token_cannot_write(people, cohort):
    bob = people["outsider"]
    response = bearer(bob, ApiToken.Scope.READ).post(
        f"/api/v1/programs/{cohort.program.slug}/cohorts/{cohort.slug}/waitlist", {}, content_type="application/json"
    )
    assert response.status_code == 403
    body = response.json()
    assert body["type"].endswith("/read-only-token")
    assert "only read" in body["detail"]


def test_rate_limit_answers_429_with_retry_after(settings, alice):
    settings.API_RATE_LIMIT = 3
    client = bearer(alice, ApiToken.Scope.READ)
    assert [client.get(PROGRAMS).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(PROGRAMS)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 61
    assert response.json()["status"] == 429


def test_rate_limit_is_per_token(settings, alice):
    settings.API_RATE_LIMIT = 1
    first, second = bearer(alice, ApiToken.Scope.READ), bearer(alice, ApiToken.Scope.READ)
    assert first.get(PROGRAMS).status_code == 200
    assert first.get(PROGRAMS).status_code == 429
    assert second.get(PROGRAMS).status_code == 200


def test_session_reads_without_csrf(alice):
    assert signed_in(alice).get(PROGRAMS).status_code == 200


def test_session_write_needs_csrf(people, cohort):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["member"])
    response = client.delete(f"/api/v1/programs/{cohort.program.slug}/cohorts/{cohort.slug}/seat")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert cohort.memberships.filter(user=people["member"], left_at__isnull=True).exists()


def test_session_write_with_csrf_token_goes_through(people, cohort):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["member"])
    client.get("/accounts/profile/")  # sets the CSRF cookie, as the docs page's visit does
    token = client.cookies["csrftoken"].value
    response = client.delete(
        f"/api/v1/programs/{cohort.program.slug}/cohorts/{cohort.slug}/seat", headers={"x-csrftoken": token}
    )
    assert response.status_code == 200
    assert not cohort.memberships.filter(user=people["member"], left_at__isnull=True).exists()
