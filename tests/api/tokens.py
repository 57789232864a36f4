"""Test clients that call the API with a personal token, made through the tokens' own action."""

from __future__ import annotations

from django.test import Client

from hotseat.accounts.models import User
from hotseat.api.actions import create_token
from hotseat.api.models import ApiToken


def bearer(user: User, scope: str = ApiToken.Scope.READ_WRITE) -> Client:
    """A client sending a fresh token of ``user`` with ``scope`` on every request."""
    return Client(headers={"authorization": f"Bearer {create_token(user, name='tests', scope=scope).secret}"})


def api_for(user: User | None) -> Client:
    """A token client of ``user``, or one with no credentials at all for ``None``."""
    return Client() if user is None else bearer(user)
