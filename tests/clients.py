"""Test clients signed in as someone: the one home of the tests' log-in helpers."""

from __future__ import annotations

from django.test import Client

from hotseat.accounts.models import User


def signed_in(user: User) -> Client:
    """A fresh test client with ``user`` signed in."""
    client = Client()
    client.force_login(user)
    return client


def as_user(user: User | None) -> Client:
    """A fresh test client signed in as ``user``, or anonymous for ``None`` (the outsider of who-may-do-what)."""
    return Client() if user is None else signed_in(user)
