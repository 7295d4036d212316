"""Settings, read from the environment; every value has a default that makes `make run` work."""

import os
import sys
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# pytest sets PYTEST_VERSION; the test run gets the development defaults too.
TESTING = "PYTEST_VERSION" in os.environ or "pytest" in sys.modules
SECRET_KEY = env(
    "SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production" if DEBUG or TESTING else None
)
if not SECRET_KEY:
    raise environ.ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG or TESTING else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The site's address as the public reaches it: absolute links in e-mails and the QR codes of
# certificates and plaques (which outlive any one request) are built from it.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Objections the public may file from one address per hour (the public 公示 page).
PUBLIC_OBJECTIONS_PER_HOUR = env.int("PUBLIC_OBJECTIONS_PER_HOUR", default=5)

# Calls of the API one token may make per minute (then 429), counted in the cache.
API_RATE_LIMIT = env.int("API_RATE_LIMIT", default=120)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "treebeard",
    "django_htmx",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "csp",
    "simple_history",
    "ninja",  # the API's Swagger page and its files from our own static files (no CDN)
    "unions",
    "studios",
    "ledgers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "unions.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "unions.middleware.PrivatePagesMiddleware",
    # Who made a change, for the change history of ledger rows and studios (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    # The daily assessment reminders when no Celery beat runs (off unless REMINDERS_ON_REQUEST).
    "studios.middleware.DailyRemindersMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "unions.context_processors.navigation",
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default takes concurrent writers: readers never block a writer (WAL), a
    # transaction takes the write lock when it begins (IMMEDIATE), so two writers queue for
    # it instead of one failing at once with "database is locked", for up to 20 s.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "unions.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-guardian: no anonymous grants.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# django-axes: lock a username from one address after repeated failures, so one
# office behind one NAT is not locked out together.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's address (unions/client.py): behind TRUSTED_PROXY_COUNT reverse proxies, each
# appending the address it saw to X-Forwarded-For, the one the outermost trusted proxy saw;
# with none (the default), REMOTE_ADDR only, so a client cannot choose its address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "unions.client.address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# --- Language and time ------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ---------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# No MEDIA_URL is served: every uploaded file is private and goes out through a
# view that checks scope.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not (DEBUG or TESTING)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
# How long an import's checked upload waits for "apply" after its preview (unions/staging.py).
STAGED_UPLOAD_SECONDS = env.int("STAGED_UPLOAD_SECONDS", default=60 * 60)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Celery: with no REDIS_URL every task runs in-process ------------------
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
# A job taken by a worker that died (killed, host lost) goes back to the queue after this many
# seconds; it must exceed the longest compile, or a live worker's job would be handed out twice.
BROKER_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=2 * 60 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": BROKER_VISIBILITY_TIMEOUT,
    # How often a worker looks for such jobs: every interval × throttle seconds (kombu: 10 × 10).
    "unacked_restore_interval": min(10, BROKER_VISIBILITY_TIMEOUT),
    "unacked_restore_throttle": 1 if BROKER_VISIBILITY_TIMEOUT < 100 else 10,
}
# Seconds the package builder waits after each studio: only the fault tests set it, to kill a
# worker in the middle of a compile.
PACKAGE_BUILD_DELAY = env.float("PACKAGE_BUILD_DELAY", default=0.0)
# Child processes typesetting a package's 申报表 while the builder writes the rest (both cores);
# each is replaced after PACKAGE_TYPESETTER_DOCUMENTS documents (studios/documents/renderer.py).
PACKAGE_TYPESETTERS = env.int("PACKAGE_TYPESETTERS", default=2)
PACKAGE_TYPESETTER_DOCUMENTS = env.int("PACKAGE_TYPESETTER_DOCUMENTS", default=200)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# Celery beat (the worker started with -B, exactly one of them): the daily jobs, in Asia/Shanghai.
# Each is idempotent, so a second beat or a late run sends nothing twice.
CELERY_BEAT_SCHEDULE = {
    "rectification-reminders": {
        "task": "studios.tasks.send_rectification_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
}
# Without Redis there is no worker nor beat: each web process then runs the daily reminders itself,
# once per local day, after its first response of the day (studios/middleware.py).
REMINDERS_ON_REQUEST = env.bool("REMINDERS_ON_REQUEST", default=not REDIS_URL and not TESTING)

# With Redis the cache is shared by every worker process, and the overview figures are
# cached (keyed by a data version bumped after each commit: never stale).
CACHES = {
    "default": {"BACKEND": "config.cache.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# Sessions stay in the database; with Redis they are read through it (config/sessions.py).
if REDIS_URL:
    SESSION_ENGINE = "config.sessions"
OVERVIEW_CACHE = bool(REDIS_URL)

# --- E-mail -----------------------------------------------------------------
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="创新工作室平台 <noreply@localhost>")

# --- Security ---------------------------------------------------------------
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "unions.views.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not (DEBUG or TESTING):
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content-Security-Policy: our own scripts only, never inline ones.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# N+1 detection in the test run: any view that loads a relation row by row fails its test.
if TESTING:
    try:
        import zeal  # noqa: F401  (a dev dependency)
    except ImportError:
        pass
    else:
        INSTALLED_APPS.append("zeal")
        MIDDLEWARE.insert(0, "zeal.middleware.zeal_middleware")
        ZEAL_RAISE = True
        ZEAL_SHOW_ALL_CALLERS = False
        # Fixed-size loops over permission codenames (granting a role's permissions), not N+1s.
        ZEAL_ALLOWLIST = [
            {"model": "auth.Permission"},
            {"model": "contenttypes.ContentType"},
            {"model": "sessions.Session"},  # logging out reads the session, then flushes it
            {"model": "studios.StudioUserObjectPermission"},
            {"model": "studios.ApplicationUserObjectPermission"},
            # workflow.transition() locks each application of a batch (send up, 公示) on its own row, by design.
            {"model": "studios.Application", "field": "get()"},
            # …and each studio of a history import, as its titles land on its timeline.
            {"model": "studios.Studio", "field": "get()"},
        ]
