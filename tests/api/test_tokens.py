"""The profile's "API tokens" page: a token is shown once, listed by its prefix, revocable by its owner only."""

from __future__ import annotations

from hotseat.api.actions import create_token
from hotseat.api.models import ApiToken
from tests.clients import as_user, signed_in
from tests.factories import UserFactory

PAGE = "/accounts/profile/tokens/"


def test_page_needs_sign_in(db):
    response = as_user(None).get(PAGE)
    assert response.status_code == 302


def test_created_token_shown_once_then_only_its_prefix(alice):
    client = signed_in(alice)
    response = client.post(PAGE, {"name": "CRM sync", "scope": "read+write", "expires_on": ""})
    assert response.status_code == 201
    token = ApiToken.objects.get(user=alice)
    secret = response.context["created"].secret
    assert secret in response.content.decode()
    assert token.scope == ApiToken.Scope.READ_WRITE
    later = client.get(PAGE).content.decode()
    assert secret not in later
    assert token.prefix in later
    assert client.get("/api/v1/me/masterminds", headers={"authorization": f"Bearer {secret}"}).status_code == 200


def test_expiry_in_the_past_is_refused_next_to_the_field(alice):
    response = signed_in(alice).post(PAGE, {"name": "Old", "scope": "read", "expires_on": "2001-01-01"})
    assert response.status_code == 400
    assert "expires_on" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_bad_scope_and_empty_name_are_refused(alice):
    response = signed_in(alice).post(PAGE, {"name": "", "scope": "admin"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"name", "scope"}


def test_revoke_own_token(alice):
    made = create_token(alice, name="CRM", scope="read")
    response = signed_in(alice).post(f"/accounts/profile/tokens/{made.token.pk}/revoke/")
    assert response.status_code == 302
    made.token.refresh_from_db()
    assert made.token.revoked_at is not None


def test_revoking_someone_elses_token_is_404(alice):
    made = create_token(alice, name="CRM", scope="read")
    response = signed_in(UserFactory()).post(f"/accounts/profile/tokens/{made.token.pk}/revoke/")
    assert response.status_code == 404
    made.token.refresh_from_db()
    assert made.token.revoked_at is None


def test_profile_links_to_the_tokens_page(alice):
    assert PAGE in signed_in(alice).get("/accounts/profile/").content.decode()
