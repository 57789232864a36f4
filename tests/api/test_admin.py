"""API tokens in the admin: listed without their digest, revoked through the action, never added or changed."""

from __future__ import annotations

from django.contrib import admin

from hotseat.api.actions import create_token
from hotseat.api.models import ApiToken
from tests.clients import signed_in
from tests.factories import UserFactory


def superuser():
    return UserFactory(is_staff=True, is_superuser=True)


def test_token_list_and_page_open_without_the_digest(alice):
    made = create_token(alice, name="CRM", scope="read")
    client = signed_in(superuser())
    listing = client.get("/admin/api/apitoken/")
    assert listing.status_code == 200
    assert made.token.prefix in listing.content.decode()
    page = client.get(f"/admin/api/apitoken/{made.token.pk}/change/")
    assert page.status_code == 200
    assert made.token.digest not in page.content.decode()
    assert made.secret not in page.content.decode()


def test_tokens_are_never_added_or_deleted_in_the_admin(db, rf):
    model_admin = admin.site._registry[ApiToken]
    request = rf.get("/")
    request.user = superuser()
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_revoke_action_revokes(alice):
    made = create_token(alice, name="CRM", scope="read")
    response = signed_in(superuser()).post(
        "/admin/api/apitoken/", {"action": "revoke", "_selected_action": [made.token.pk]}
    )
    assert response.status_code == 302
    made.token.refresh_from_db()
    assert made.token.revoked_at is not None
