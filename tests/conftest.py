from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.cache import cache
from django.db import connection

from hotseat.programs.models import Cohort, Program
from tests.factories import CohortFactory, ProgramFactory, UserFactory, persona


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    # An on-disk SQLite test database, so that tests racing real threads for a seat see real
    # locking (the in-memory database's shared cache fails the second writer instead of waiting).
    db = django_settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        db.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    # Hashing cost is a production concern; tests create hundreds of accounts.
    django_settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    # Uploads (the demo's screenshots among them) go to the test's own directory, never var/media.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Login rate limits live in the cache: one test's failed logins must not lock out the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alice(db):
    return persona("alice")


@pytest.fixture
def bob(db):
    return persona("bob")


@pytest.fixture
def chloe(db):
    return persona("chloe")


@pytest.fixture
def dev(db):
    return persona("dev")


@pytest.fixture
def erin(db):
    return persona("erin")


@pytest.fixture
def organizer(db):
    return UserFactory(email="olga@example.com", display_name="Olga", time_zone="Europe/Berlin", is_staff=True)


@pytest.fixture
def program(organizer) -> Program:
    return ProgramFactory(organizers=[organizer])


@pytest.fixture
def cohort(program) -> Cohort:
    return CohortFactory(program=program)


@pytest.fixture
def outbox():
    mail.outbox.clear()
    return mail.outbox


@pytest.fixture
def racing_database() -> None:
    """Skip unless real threads can share the test database (PostgreSQL, or SQLite on disk).

    Shared-cache in-memory SQLite answers a second writer with "database table is locked" at
    once instead of waiting, so a race there would test SQLite, not us.
    """
    if connection.vendor == "sqlite" and connection.creation.is_in_memory_db(connection.settings_dict["NAME"]):
        pytest.skip("racing threads need PostgreSQL or an on-disk SQLite test database")
    if connection.vendor not in ("sqlite", "postgresql"):
        pytest.skip(f"racing threads are only set up for PostgreSQL and SQLite, not {connection.vendor}")
