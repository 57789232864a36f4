"""The client's address for allauth's login and sign-up limits (hotseat/accounts/adapter.py), read from
X-Forwarded-For only as far as TRUSTED_PROXY_COUNT says; tested on the adapter, then as deployed:
gunicorn behind a forwarding proxy, people connecting from addresses of their own."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from allauth.account.models import EmailAddress
from django.test import Client, RequestFactory

from hotseat.accounts.adapter import AccountAdapter
from hotseat.accounts.models import User
from tests.accounts.proxy import ROOT, Browser, forwarding_proxy, gunicorn
from tests.factories import PASSWORD, UserFactory


def client_ip(remote: str, forwarded: str | None = None) -> str:
    headers = {"X-Forwarded-For": forwarded} if forwarded is not None else {}
    return AccountAdapter().get_client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, headers=headers))


def test_client_ip_ignores_x_forwarded_for_when_no_proxy_is_trusted(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert client_ip("198.51.100.7", "203.0.113.1") == "198.51.100.7"


def test_client_ip_is_what_the_trusted_proxy_saw(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # The client wrote 203.0.113.1 itself; our proxy appended the address it saw.
    assert client_ip("127.0.0.1", "203.0.113.1, 198.51.100.7") == "198.51.100.7"
    assert client_ip("127.0.0.1") == "127.0.0.1"


def test_client_ip_of_a_request_that_bypassed_a_proxy_is_the_connections(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    assert client_ip("198.51.100.7", "203.0.113.1") == "198.51.100.7"


def test_login_that_bypassed_a_trusted_proxy_does_not_answer_500(settings, alice):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    client = Client(headers={"X-Forwarded-For": "203.0.113.1"})
    response = client.post("/accounts/login/", {"login": alice.email, "password": "wrong"})
    assert response.status_code == 200
    assert "are not correct" in response.text


def _settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k != "TRUSTED_PROXY_COUNT"}
    read = "import json; from hotseat import settings as s; print(json.dumps(s.ALLAUTH_TRUSTED_PROXY_COUNT))"
    return subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-c", read], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, check=False
    )


def test_trusted_proxy_count_defaults_to_none_and_reads_the_environment():
    assert json.loads(_settings().stdout) == 0
    assert json.loads(_settings(TRUSTED_PROXY_COUNT="1").stdout) == 1
    refused = _settings(TRUSTED_PROXY_COUNT="-1")
    assert refused.returncode != 0
    assert "TRUSTED_PROXY_COUNT must be 0 or more" in refused.stderr


# --- As deployed: gunicorn, a proxy, people at addresses of their own --------------------------------------------

A, B = "127.0.0.2", "127.0.0.3"


def verified(user: User) -> User:
    # Hashed as the suite hashes (MD5, for speed), which the gunicorn's settings share (gunicorn_settings.py).
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def people(transactional_db) -> dict[str, User]:
    return {name: verified(UserFactory(email=f"{name}@example.com")) for name in ("alice", "bob", "chloe")}


def test_behind_the_proxy_wrong_passwords_from_one_address_lock_out_that_address_only(people):
    with gunicorn(TRUSTED_PROXY_COUNT="1") as app, forwarding_proxy(app) as proxy:
        attacker, neighbour = Browser(proxy, A), Browser(proxy, B)
        # Five wrong passwords from A, for several accounts, each with a forged X-Forwarded-For.
        tries = [
            attacker.log_in(email, "wrong", headers={"X-Forwarded-For": f"203.0.113.{n}"})
            for n, email in enumerate(["alice@example.com", "nobody@example.com"] * 2 + ["chloe@example.com"])
        ]
        assert tries == ["wrong password"] * 5
        # A is locked out, even for an account it never tried, whatever it forges;
        assert attacker.log_in("bob@example.com", PASSWORD, headers={"X-Forwarded-For": "203.0.113.99"}) == "locked out"
        # B, behind the same proxy, is not.
        assert neighbour.log_in("bob@example.com", PASSWORD) == "in"


def test_behind_the_proxy_an_account_is_locked_after_five_wrong_passwords_from_five_addresses(people):
    with gunicorn(TRUSTED_PROXY_COUNT="1") as app, forwarding_proxy(app) as proxy:
        tries = [Browser(proxy, f"127.0.0.{10 + n}").log_in("alice@example.com", "wrong") for n in range(5)]
        assert tries == ["wrong password"] * 5
        # Alice's account holds, from a sixth address and with the right password;
        assert Browser(proxy, "127.0.0.20").log_in("alice@example.com", PASSWORD) == "locked out"
        # the addresses themselves are not locked for anyone else.
        assert Browser(proxy, "127.0.0.10").log_in("bob@example.com", PASSWORD) == "in"


def test_without_a_trusted_proxy_a_forged_x_forwarded_for_is_ignored(people):
    with gunicorn() as app:  # TRUSTED_PROXY_COUNT unset: 0
        attacker, neighbour = Browser(app, A), Browser(app, B)
        tries = [
            attacker.log_in(email, "wrong", headers={"X-Forwarded-For": f"203.0.113.{n}"})
            for n, email in enumerate(["alice@example.com", "nobody@example.com"] * 2 + ["chloe@example.com"])
        ]
        assert tries == ["wrong password"] * 5
        # A new forged address each time changed nothing: the connection's address is what counts.
        assert attacker.log_in("bob@example.com", PASSWORD, headers={"X-Forwarded-For": "203.0.113.99"}) == "locked out"
        assert neighbour.log_in("bob@example.com", PASSWORD) == "in"
