from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.utils import translation

from hotseat.programs.models import Cohort, Program, Signup
from tests.factories import CohortFactory, ProgramFactory, SignupFactory, UserFactory, persona
from tests.groups import Group, group_led_by, running_group


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
def _installation_language():
    # A request activates its reader's language for the rest of the thread (as Django's own
    # LocaleMiddleware does, each request choosing again): one test's French reader must not
    # leave French to the next test's actions, which run outside any request.
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


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
def group(program, alice, bob, chloe, dev) -> Group:
    """A running mastermind with weekly calls: alice leads; bob presents week 1, chloe week 2; dev is a member."""
    return running_group(program, alice, [bob, chloe, dev])


@pytest.fixture
def other_group(program, erin) -> Group:
    """Erin leads another running group of the same program."""
    return running_group(program, erin, [UserFactory()], title="Another group")


@pytest.fixture
def homework_media(settings, tmp_path) -> None:
    """Uploads on the file system in the test's own directory; link previews never leave the machine."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    # No test reaches the internet: link previews go to a closed loopback port unless a test serves them.
    settings.OEMBED_ENDPOINTS = dict.fromkeys(("youtube", "vimeo", "loom"), "http://127.0.0.1:9/oembed")


@pytest.fixture
def people(cohort, alice, bob, chloe, erin, organizer):
    """Alice leads a group with Chloe; Bob has no signup; Erin is pending."""
    group_led_by(cohort, alice, chloe)
    SignupFactory(cohort=cohort, user=erin, status=Signup.Status.PENDING)
    return {"outsider": bob, "pending": erin, "member": chloe, "leader": alice, "organizer": organizer}


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
