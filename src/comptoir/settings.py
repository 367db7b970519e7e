"""Django settings, all read from environment variables with working defaults.

Each variable is documented in docs/configuration.md; a test keeps the two in step.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from comptoir.conf import (
    data_dir,
    database_config,
    env_bool,
    env_choice,
    env_float,
    env_int,
    env_list,
    env_secret,
    env_str,
    secret_key,
)

BASE_DIR = Path(__file__).resolve().parent
if "PYTEST_VERSION" in os.environ and not os.environ.get("COMPTOIR_DATA_DIR"):
    # The test suite never touches a real data folder. The variable is set, not just used,
    # so that the worker processes some tests start share the same temporary folder.
    os.environ["COMPTOIR_DATA_DIR"] = tempfile.mkdtemp(prefix="comptoir-test-")
    atexit.register(shutil.rmtree, os.environ["COMPTOIR_DATA_DIR"], ignore_errors=True)
DATA_DIR = data_dir()

SECRET_KEY = secret_key(DATA_DIR)
DEBUG = env_bool("COMPTOIR_DEBUG", default=False)
ALLOWED_HOSTS = env_list("COMPTOIR_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("COMPTOIR_CSRF_TRUSTED_ORIGINS", [])
BASE_URL = env_str("COMPTOIR_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "comptoir.core",
    "comptoir.accounts",
    "comptoir.workspaces",
    "comptoir.contacts",
    "comptoir.inbox",
    "comptoir.publishing",
    "comptoir.listening",
    "comptoir.insights",
    "comptoir.coach",
    "comptoir.nlp",
    "comptoir.networks",
    "comptoir.benchmarks",
    "comptoir.demo",
    "comptoir.notifications",
    "comptoir.bulk",
    "comptoir.replies",
    "comptoir.routing",
    "comptoir.media",
    "comptoir.webhooks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "comptoir.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "comptoir.urls"
WSGI_APPLICATION = "comptoir.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "comptoir.workspaces.context_processors.workspace",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASE_URL = env_secret("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'comptoir.sqlite3'}"
DATABASES = {"default": database_config(DATABASE_URL)}
TEST_DATABASE_NAME = env_str("COMPTOIR_TEST_DATABASE_NAME")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while a worker writes; IMMEDIATE transactions take the
    # write lock up front, so concurrent writers wait instead of failing with "locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA busy_timeout=20000;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # A file, not Django's usual in-memory test database: some tests start real worker
    # processes, which must see the same database as the test itself.
    TEST_DATABASE_NAME = TEST_DATABASE_NAME or str(DATA_DIR / "test.sqlite3")
DATABASES["default"]["TEST"] = {"NAME": TEST_DATABASE_NAME or None}
# Connections are kept between requests (``conn_max_age`` in ``database_config``): opening
# one cost a page more than most of its queries. A kept connection is checked before use.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Each process keeps rendered page fragments in its own memory. Only fragments keyed by
# everything they show are cached (see ``inbox.listing.row_fingerprint``), so a copy in
# another process can never be out of date, and no shared cache server is needed.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "comptoir",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}

# --- Authentication -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = env_int("COMPTOIR_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("COMPTOIR_LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_CALLABLE = "comptoir.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = BASE_URL.startswith("https://")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Languages and time ---------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("COMPTOIR_TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve static files straight from the installed packages: no collectstatic step on a laptop.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- Email ----------------------------------------------------------------------------
EMAIL_HOST = env_str("COMPTOIR_EMAIL_HOST")
EMAIL_PORT = env_int("COMPTOIR_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("COMPTOIR_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_secret("COMPTOIR_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("COMPTOIR_EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("COMPTOIR_EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env_str("COMPTOIR_EMAIL_FROM", "Comptoir <comptoir@localhost>")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

# --- Networks -------------------------------------------------------------------------
# Fernet keys encrypting account credentials at rest, newest first (see networks/crypto.py).
ENCRYPTION_KEYS = env_list("COMPTOIR_ENCRYPTION_KEYS", [])
# Hosts that user-supplied URLs may reach although they are private (tests, intranet feeds).
ALLOWED_PRIVATE_HOSTS = env_list("COMPTOIR_ALLOWED_PRIVATE_HOSTS", [])

# --- Language analysis ----------------------------------------------------------------
# A model file retrained with the workspaces' corrections (docs/nlp.md); the shipped one if empty.
COMPTOIR_NLP_MODEL = env_str("COMPTOIR_NLP_MODEL", "")
# An optional, bigger sentiment model of your own in ONNX format (docs/nlp.md); off if empty.
COMPTOIR_NLP_ONNX_MODEL = env_str("COMPTOIR_NLP_ONNX_MODEL", "")

# --- Background work ------------------------------------------------------------------
TASKS_BACKEND = env_choice("COMPTOIR_TASKS", ("db", "rq", "immediate"), "db")
REDIS_URL = env_secret("REDIS_URL", "redis://127.0.0.1:6379/0")
TASK_QUEUES = ["default"]
RQ_QUEUES = {name: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600} for name in TASK_QUEUES}
TASKS = {
    "default": {
        "BACKEND": {
            "db": "django_tasks_db.DatabaseBackend",
            "rq": "django_tasks_rq.RQBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[TASKS_BACKEND],
        "QUEUES": TASK_QUEUES,
    }
}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_tasks_rq")
# How often each worker records its heartbeat and looks for due periodic jobs (seconds,
# fractions allowed). A worker silent for three ticks is shown as stopped.
SCHEDULER_TICK_SECONDS = env_float("COMPTOIR_SCHEDULER_TICK", 5.0, minimum=0.05)
# Workers hold live streams of the connected accounts (docs/inbox.md, "Live streams");
# polling every minute stays on either way.
STREAMING = env_bool("COMPTOIR_STREAMING", default=True)
# How long a worker's hold on an account's stream lasts without renewal (seconds): the
# wait before another worker takes over the streams of a worker that died.
STREAMING_LEASE_SECONDS = env_float("COMPTOIR_STREAMING_LEASE", 30.0, minimum=1.0)
# Where Bluesky's live posts come from: a Jetstream address, or the AT Protocol firehose of
# a relay or PDS (``wss://host/xrpc``). Empty (the default): Bluesky is read by polling.
BLUESKY_STREAM_URL = env_str("COMPTOIR_BLUESKY_STREAM_URL", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("COMPTOIR_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
