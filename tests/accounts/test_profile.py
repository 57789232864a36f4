from hotseat.accounts.models import User


def test_profile_saves_zone_and_community(client, alice):
    client.force_login(alice)
    response = client.post(
        "/accounts/profile/",
        {
            "display_name": "Alice A.",
            "time_zone": "Asia/Kathmandu",
            "community_name": "Forum",
            "community_url": "https://forum.example.com",
            "community_platform": "discourse",
            "community_role": "admin",
            "bio": "Hi",
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.display_name, alice.time_zone, alice.community_platform) == (
        "Alice A.",
        "Asia/Kathmandu",
        "discourse",
    )


def test_profile_unknown_zone_is_refused_and_typing_kept(client, alice):
    client.force_login(alice)
    response = client.post(
        "/accounts/profile/",
        {"display_name": "Alice Typed", "time_zone": "Mars/Olympus_Mons", "bio": "my long bio"},
    )
    assert response.status_code == 400
    body = response.text
    assert "is not a time zone we know" in body
    assert 'value="Mars/Olympus_Mons"' in body
    assert 'value="Alice Typed"' in body
    assert "my long bio" in body
    alice.refresh_from_db()
    assert alice.time_zone == "America/New_York"


def test_profile_requires_login(client, db):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_profile_shows_times_in_viewer_zone(client, erin):
    client.force_login(erin)
    response = client.get("/accounts/profile/")
    assert "Asia/Kolkata" in response.text
    assert '<datalist id="tz-names">' in response.text


def test_signup_form_stores_name_and_zone(client, db):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.com",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
            "display_name": "Newcomer",
            "time_zone": "Australia/Adelaide",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@example.com")
    assert (user.display_name, user.time_zone) == ("Newcomer", "Australia/Adelaide")


def test_signup_form_refuses_unknown_zone_and_keeps_typing(client, db):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.com",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
            "display_name": "Newcomer",
            "time_zone": "Europe/Pari",
        },
    )
    assert response.status_code == 200
    assert "is not a time zone we know" in response.text
    assert 'value="new@example.com"' in response.text
    assert not User.objects.filter(email="new@example.com").exists()


def test_signup_with_mixed_case_email_can_reset_password(client, db, mailoutbox):
    client.post(
        "/accounts/signup/",
        {
            "email": "Mixed.Case@Example.COM",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
            "display_name": "Mixed",
            "time_zone": "Europe/Paris",
        },
    )
    user = User.objects.get()
    assert user.email == "mixed.case@example.com"
    mailoutbox.clear()
    client.post("/accounts/password/reset/", {"email": "MIXED.case@example.com"})
    assert [m.to for m in mailoutbox] == [["mixed.case@example.com"]]


def test_signup_with_a_very_long_email_works(client, db):
    email = "a" * 64 + "@" + "b" * 60 + "." + "c" * 60 + ".example.com"
    response = client.post(
        "/accounts/signup/",
        {
            "email": email,
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
            "display_name": "Long",
            "time_zone": "Europe/Paris",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email=email)
    assert len(user.username) <= 150
