import os
import subprocess
import sys
from pathlib import Path

import pytest

from hotseat.settings import env_bool, env_int, mailer_from_url

ROOT = Path(__file__).resolve().parent.parent


def test_mailer_from_url_reads_smtp_with_tls_and_credentials():
    mailer = mailer_from_url("smtp://me%40example.com:p%40ss@mail.example.com:587/?tls=true", 7)
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"] == {
        "host": "mail.example.com",
        "port": 587,
        "username": "me@example.com",
        "password": "p@ss",
        "use_ssl": False,
        "use_tls": True,
        "timeout": 7,
    }


def test_mailer_from_url_smtps_is_implicit_tls():
    assert mailer_from_url("smtps://mail.example.com", 5)["OPTIONS"]["use_ssl"] is True


def test_mailer_from_url_console():
    assert mailer_from_url("console:", 5) == {"BACKEND": "django.core.mail.backends.console.EmailBackend"}


def test_mailer_from_url_refuses_unknown_scheme():
    with pytest.raises(ValueError, match="EMAIL_URL must start with"):
        mailer_from_url("http://mail.example.com", 5)


def test_env_bool_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("HOTSEAT_FLAG", "maybe")
    with pytest.raises(ValueError, match="HOTSEAT_FLAG must be a boolean"):
        env_bool("HOTSEAT_FLAG", default=False)


def test_env_int_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("HOTSEAT_NUMBER", "ten")
    with pytest.raises(ValueError, match="HOTSEAT_NUMBER must be an integer"):
        env_int("HOTSEAT_NUMBER", 1)


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    ours = ("HOTSEAT_", "SECRET_KEY", "EMAIL_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    return subprocess.run(  # noqa: S603 (our own manage.py with fixed arguments)
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def test_production_settings_pass_check_deploy():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        HOTSEAT_ENV="production",
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-0123456789",
        ALLOWED_HOSTS="hotseat.example.com",
        EMAIL_URL="smtp://mail.example.com:587/?tls=true",
    )
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_without_secret_key():
    result = _manage("check", HOTSEAT_ENV="production", ALLOWED_HOSTS="hotseat.example.com")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def _policy(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    header = response.headers["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


@pytest.mark.django_db
def test_pages_send_a_csp_with_no_inline_script_or_style_and_no_eval(client, cohort, alice):
    client.force_login(alice)
    for path in ["/", cohort.get_absolute_url(), "/calendar/", "/accounts/availability/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        policy = _policy(response)
        assert policy["script-src"] == ["'self'"], path
        assert policy["style-src"] == ["'self'"], path
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"], path
        assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"], path


@pytest.mark.django_db
def test_htmx_partials_and_the_anonymous_board_send_the_csp_too(client, cohort):
    board = client.get(cohort.get_absolute_url())  # served from the board cache to anonymous viewers
    partial = client.get(cohort.get_absolute_url(), headers={"HX-Request": "true"})
    for response in (board, partial):
        assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
        assert _policy(response)["script-src"] == ["'self'"]


@pytest.mark.django_db
def test_admin_pages_get_a_nonce_for_django_admin_own_inline_tags(admin_client):
    response = admin_client.get("/admin/")
    nonce = next(value for value in _policy(response)["script-src"] if value.startswith("'nonce-"))
    assert _policy(response)["style-src"] == ["'self'", nonce]
    token = nonce.removeprefix("'nonce-").removesuffix("'")
    assert f'nonce="{token}"' in response.content.decode()
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


def test_language_code_comes_from_the_environment_and_must_be_one_we_speak():
    french = _manage(
        "shell", "-c", "from django.conf import settings; print(settings.LANGUAGE_CODE)", LANGUAGE_CODE="fr"
    )
    assert french.returncode == 0, french.stderr
    assert french.stdout.strip().splitlines()[-1] == "fr"
    german = _manage("check", LANGUAGE_CODE="de")
    assert german.returncode != 0
    assert "LANGUAGE_CODE must be one of en, fr, got 'de'" in german.stderr
