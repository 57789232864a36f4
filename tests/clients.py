"""Test clients signed in as someone."""

from __future__ import annotations

from django.test import Client


def as_user(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
