"""hotseat settings: one file, every knob read from the environment.

Development works with no environment at all (SQLite, console email, DEBUG on).
Production sets HOTSEAT_ENV=production (or DEBUG=false) and a SECRET_KEY.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
import django_stubs_ext
from django.utils.csp import CSP

# Lets ModelForm[User], ModelAdmin[Program] … be written at run time, as the type checker reads them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    msg = f"{name} must be a boolean (true/false), got {raw!r}"
    raise ValueError(msg)


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        msg = f"{name} must be an integer, got {raw!r}"
        raise ValueError(msg) from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


PRODUCTION = env_str("HOTSEAT_ENV", "development") == "production"
DEBUG = env_bool("DEBUG", default=not PRODUCTION)

_DEV_SECRET = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"  # noqa: S105 (development only; production refuses to start without SECRET_KEY)
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
if not SECRET_KEY:
    msg = "SECRET_KEY must be set when HOTSEAT_ENV=production"
    raise RuntimeError(msg)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
JITSI_BASE_URL = env_str("JITSI_BASE_URL", "https://meet.jit.si").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    # django-ninja as an app: its docs page then uses the swagger-ui files it ships (no CDN).
    "ninja",
    "allauth",
    "allauth.account",
    "hotseat.accounts",
    "hotseat.programs",
    "hotseat.masterminds",
    "hotseat.meetings",
    "hotseat.homework",
    "hotseat.pages",
    "hotseat.api",
    "hotseat.proposals",
    "hotseat.forum",
    "hotseat.notify",
    "hotseat.demo",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "hotseat.headers.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: the browser's cookie or Accept-Language here, then the person's own
    # choice (LanguageMiddleware, once we know who they are), else LANGUAGE_CODE.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "hotseat.accounts.middleware.TimezoneMiddleware",
    "hotseat.accounts.middleware.LanguageMiddleware",
]

if PRODUCTION:
    # whitenoise serves the collected static files (collectstatic fills STATIC_ROOT);
    # in development Django's staticfiles app serves them straight from the apps.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "hotseat.urls"
WSGI_APPLICATION = "hotseat.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hotseat.notify.context_processors.notifications",
            ],
        },
    },
]

# SQLite by default (embedded, nothing to install); PostgreSQL when DATABASE_URL is set.
_DEFAULT_DB = f"sqlite:///{PROJECT_DIR / 'var' / 'hotseat.sqlite3'}"
if "DATABASE_URL" not in os.environ:
    # The embedded database lives in var/ (git-ignored); a fresh clone has no such folder yet.
    (PROJECT_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(env_str("DATABASE_URL", _DEFAULT_DB), conn_max_age=env_int("DB_CONN_MAX_AGE", 0)),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE makes every atomic block take the write lock up front, so two
    # requests racing for the last seat serialise instead of both reading "1 left".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_URL = env_str("CACHE_URL", "")
if CACHE_URL.startswith("redis"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# allauth: email is the login; verification is mandatory.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_SIGNUP_FORM_CLASS = "hotseat.accounts.forms.SignupProfileForm"
ACCOUNT_ADAPTER = "hotseat.accounts.adapter.AccountAdapter"
# Failed logins are limited per client address and per account (the key is the email typed).
# Requests a minute per API token (and per signed-in browser) before the API answers 429.
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 120)

ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("LOGIN_RATE_LIMIT", "5/5m/ip,5/5m/key"),
    "signup": "20/m/ip",
}
# The client's address, for those limits: how many reverse proxies we run in front of the app, each
# appending the address it saw to X-Forwarded-For (nginx: $proxy_add_x_forwarded_for). 0, the
# default, trusts no header: the address is the connection's (REMOTE_ADDR). Behind one proxy, 1.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if ALLAUTH_TRUSTED_PROXY_COUNT < 0:
    msg = f"TRUSTED_PROXY_COUNT must be 0 or more, got {ALLAUTH_TRUSTED_PROXY_COUNT}"
    raise ValueError(msg)
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[hotseat] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"


# Email: console in development, SMTP when EMAIL_URL says so, e.g.
#   EMAIL_URL=smtp://user:password@mail.example.com:587/?tls=true   (smtps:// for implicit TLS)
#   EMAIL_URL=console:   EMAIL_URL=locmem:   EMAIL_URL=dummy:
def mailer_from_url(url: str, timeout: int) -> dict[str, object]:
    parts = urlsplit(url)
    simple = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
    }
    if parts.scheme in simple:
        return {"BACKEND": simple[parts.scheme]}
    if parts.scheme not in {"smtp", "smtps"}:
        msg = f"EMAIL_URL must start with smtp://, smtps://, console:, locmem: or dummy:, got {url!r}"
        raise ValueError(msg)
    query = parse_qs(parts.query)
    options: dict[str, object] = {
        "host": parts.hostname or "localhost",
        "port": parts.port,
        "username": unquote(parts.username or "") or None,
        "password": unquote(parts.password or "") or None,
        "use_ssl": parts.scheme == "smtps",
        "use_tls": query.get("tls", ["false"])[0].lower() in {"1", "true", "yes"},
        "timeout": timeout,
    }
    return {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}


MAILERS = {"default": mailer_from_url(env_str("EMAIL_URL", "console:"), env_int("EMAIL_TIMEOUT", 20))}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "hotseat <noreply@hotseat.local>")

# Background tasks (django.tasks). "immediate" runs a task as soon as it is enqueued (development,
# tests); "database" stores it for `hotseat worker` (django-tasks-db), the production default.
_TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = env_str("TASKS_BACKEND", "database" if PRODUCTION else "immediate")
if TASKS_BACKEND not in _TASK_BACKENDS:
    msg = f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, got {TASKS_BACKEND!r}"
    raise ValueError(msg)
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}

# Notifications (hotseat/notify, docs/notifications.md).
NOTIFY_BATCH = env_int("NOTIFY_BATCH", 50)  # rows a worker claims at a time
NOTIFY_LEASE_SECONDS = env_int("NOTIFY_LEASE_SECONDS", 300)  # a dead worker's rows return after this
# A failed try is retried on a back-off of 1, 2, 4, 8, then every 15 minutes, for 48 hours from the first try.
NOTIFY_RETRY_WINDOW_HOURS = env_int("NOTIFY_RETRY_WINDOW_HOURS", 48)
NOTIFY_RETRY_BASE_SECONDS = env_int("NOTIFY_RETRY_BASE_SECONDS", 60)  # the first wait; it doubles each try
NOTIFY_RETRY_MAX_SECONDS = env_int("NOTIFY_RETRY_MAX_SECONDS", 15 * 60)  # also how often a down server is probed
NOTIFY_HEALTH_MAX_DELAY_SECONDS = env_int("NOTIFY_HEALTH_MAX_DELAY_SECONDS", 15 * 60)  # /health/outbox/ says stalled
NOTIFY_DIGEST_HOUR = env_int("NOTIFY_DIGEST_HOUR", 8)  # the daily digest, in each person's own zone
WORKER_INTERVAL_SECONDS = env_int("WORKER_INTERVAL_SECONDS", 5)
# What `hotseat worker` runs at the start of every loop besides the outbox: dotted paths to
# functions called with the current time, each idempotent and returning how much it did (any
# work means no sleep before the next loop). A path that does not load stops the worker at start.
PERIODIC_JOBS = ["hotseat.masterminds.actions.pass_on_lapsed_holds", "hotseat.forum.delivery.send_due_steps"]

# Calls to a program's Discourse forum (hotseat/forum/delivery.py): at most this many a minute to
# one forum (Discourse's default for an admin API key), each try within a timeout, a step failed
# after so many tries, a claimed step another worker may take after its lease.
FORUM_RATE_PER_MINUTE = env_int("FORUM_RATE_PER_MINUTE", 60)
FORUM_TIMEOUT_SECONDS = env_int("FORUM_TIMEOUT_SECONDS", 10)
FORUM_MAX_TRIES = env_int("FORUM_MAX_TRIES", 8)
FORUM_LEASE_SECONDS = env_int("FORUM_LEASE_SECONDS", 120)
FORUM_BATCH = env_int("FORUM_BATCH", 50)

# The languages hotseat speaks; LANGUAGE_CODE is the installation's default, for a visitor
# whose browser asks for neither and a program that never chose one.
LANGUAGES = [("en", "English"), ("fr", "Français")]
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "en")
if LANGUAGE_CODE not in dict(LANGUAGES):
    msg = f"LANGUAGE_CODE must be one of {', '.join(dict(LANGUAGES))}, got {LANGUAGE_CODE!r}"
    raise ValueError(msg)
# The catalogs live at the top of the tree (locale/fr/LC_MESSAGES/django.po), compiled
# catalogs beside them in git so that a machine without GNU gettext still speaks French.
LOCALE_PATHS = [PROJECT_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "hotseat_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = PROJECT_DIR / "var" / "static"
# The project package is not an app: its shared stylesheet, scripts and vendored htmx live here.
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
MEDIA_ROOT = PROJECT_DIR / "var" / "media"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

# Content-Security-Policy on every response (a view may set its own: the file view's is stricter).
# Scripts and styles come from our static files only; no inline <script>, on*= handler, <style>
# or style= in our templates (tests/test_templates.py walks them), and no eval (htmx's allowEval
# is off). The nonce is for Django's admin, whose few inline tags carry it; our templates use none.
# Images: ours (uploads go through the access-checked file view) and the favicon's data: URI.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Permissions-Policy on every response (hotseat/headers.py): the browser features hotseat never
# uses are off for every origin, ours included. Not listed, so left at the browser's default of
# our own origin: fullscreen and picture-in-picture (videos), clipboard-write (the Copy buttons).
# Only names Chromium knows: it logs an error for each one it does not (e.g. "bluetooth").
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "gamepad",
        "geolocation",
        "gyroscope",
        "hid",
        "identity-credentials-get",
        "idle-detection",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "otp-credentials",
        "payment",
        "publickey-credentials-create",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "window-management",
        "xr-spatial-tracking",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# --- Uploads and homework (hotseat/homework; docs/deploy.md "Uploads") ------------------------
# Size limits per kind of file, in megabytes. The front proxy's body limit (nginx
# client_max_body_size) must be at least the video limit.
UPLOAD_MAX_IMAGE_BYTES = env_int("UPLOAD_MAX_IMAGE_MB", 10) * 1024 * 1024
UPLOAD_MAX_VIDEO_BYTES = env_int("UPLOAD_MAX_VIDEO_MB", 200) * 1024 * 1024
UPLOAD_MAX_PDF_BYTES = env_int("UPLOAD_MAX_PDF_MB", 20) * 1024 * 1024
# Largest image in pixels, read from its header before anything is decoded: a small file can hold a
# picture that takes gigabytes to show (4 bytes a pixel in the server and in each viewer's browser).
UPLOAD_MAX_IMAGE_PIXELS = env_int("UPLOAD_MAX_IMAGE_MEGAPIXELS", 40) * 1_000_000
# Larger uploads stream to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# "local" keeps uploads under MEDIA_ROOT (never served from a public URL: an access-checked view
# serves them); "s3" stores them in an S3-compatible bucket (pip install 'hotseat[s3]').
UPLOAD_STORAGE = env_str("UPLOAD_STORAGE", "local")
if UPLOAD_STORAGE == "s3":
    _storages: dict[str, Any] = dict(STORAGES)  # OPTIONS mixes strings, None and booleans
    _storages["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID"),
            "secret_key": env_str("S3_SECRET_ACCESS_KEY"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
    STORAGES = _storages
elif UPLOAD_STORAGE != "local":
    msg = f"UPLOAD_STORAGE must be local or s3, got {UPLOAD_STORAGE!r}"
    raise ValueError(msg)
# Homework is due this many hours before the next call that is held.
HOMEWORK_DUE_HOURS_BEFORE_CALL = env_int("HOMEWORK_DUE_HOURS_BEFORE_CALL", 24)
# Link preview titles (hotseat/integrations/oembed.py): seconds to wait for a provider.
OEMBED_TIMEOUT_SECONDS = env_int("OEMBED_TIMEOUT_SECONDS", 3)
# --- end of uploads and homework -------------------------------------------------------------
