from allauth.account.models import EmailAddress

from tests.factories import PASSWORD


def _verified(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_login_with_email_and_password(client, alice):
    _verified(alice)
    response = client.post("/accounts/login/", {"login": alice.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(alice.pk)


def test_login_unverified_email_is_sent_to_verification(client, alice, outbox):
    EmailAddress.objects.create(user=alice, email=alice.email, verified=False, primary=True)
    response = client.post("/accounts/login/", {"login": alice.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert "_auth_user_id" not in client.session
    assert any(alice.email in m.to for m in outbox)


def test_login_is_rate_limited_after_repeated_failures(client, alice):
    _verified(alice)
    bodies = [client.post("/accounts/login/", {"login": alice.email, "password": "wrong"}).text for _ in range(6)]
    assert "Too many failed login attempts" not in bodies[0]
    assert "Too many failed login attempts" in bodies[-1]
    # Even the right password is refused while the limit holds.
    response = client.post("/accounts/login/", {"login": alice.email, "password": PASSWORD})
    assert "Too many failed login attempts" in response.text
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_mail(client, alice, outbox):
    _verified(alice)
    response = client.post("/accounts/password/reset/", {"email": alice.email})
    assert response.status_code == 302
    assert len(outbox) == 1
    assert "/accounts/password/reset/key/" in outbox[0].body
