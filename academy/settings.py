"""Settings for Migration Academy, driven by the environment.

Every value a deployment changes comes from an environment variable (see README,
"Production"); the defaults give a working development site on embedded SQLite.
"""

import os
import sys
import tempfile
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=True)
TESTING = "pytest" in sys.modules or os.environ.get("ACADEMY_TESTING") == "1"

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS",
    "localhost,127.0.0.1,[::1],academy.localhost,h5p.academy.localhost,testserver",
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "academy",
    "courses",
    "assessments",
    "h5p",
    "certificates",
    "studio",
    "background",
    "notifications",
    "knowledge",
    "workshops",
    "search",
    "community",
    "privacy",
    "training",
    "bench",
    "academy.apps.AcademyAdminConfig",  # django.contrib.admin with the academy's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "template_partials",
    "django_prose_editor",
    "csp",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "academy.middleware.UserLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "academy.middleware.BadInputMiddleware",
    "academy.middleware.HtmxAwareLoginRequiredMiddleware",
    "academy.middleware.StaffMfaRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "academy.urls"
WSGI_APPLICATION = "academy.wsgi.application"
ASGI_APPLICATION = "academy.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.static",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "academy.context_processors.shell",
                "notifications.context_processors.bell",
            ],
        },
    }
]

# Databases: embedded SQLite by default; PostgreSQL (or any) through DATABASE_URL.
CONN_MAX_AGE = int(os.environ.get("DJANGO_CONN_MAX_AGE", "0" if DEBUG else "600"))
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=CONN_MAX_AGE, conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "CONN_MAX_AGE": CONN_MAX_AGE,
            "CONN_HEALTH_CHECKS": True,
            # A file, not memory, in tests: threads then race through WAL and IMMEDIATE locks.
            # One file per test run, so parallel runs never share it.
            "TEST": {
                "NAME": str(Path(tempfile.gettempdir()) / f"academy-test-{os.getpid()}.sqlite3")
            },
            "OPTIONS": {
                # Concurrent writers wait for the lock instead of failing mid-transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A read replica (PostgreSQL streaming replication) for read-only pages: academy/replica.py
# decides per request; writes and read-your-writes stay on the primary.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=CONN_MAX_AGE, conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["academy.replica.ReplicaRouter"]
MIDDLEWARE.insert(1, "academy.replica.ReplicaMiddleware")
DATABASE_REPLICA_PIN_SECONDS = int(os.environ.get("DATABASE_REPLICA_PIN_SECONDS", "30"))
DATABASE_REPLICA_PATHS = env_list("DATABASE_REPLICA_PATHS", "/knowledge/,/search/")

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache that keeps serving when Redis is down (academy/cache.py).
            "BACKEND": "academy.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # Several sites (or test runs) may share one Redis server.
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", ""),
            # An unreachable Redis costs a request at most this long, not a hang.
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.5")),
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "1")),
            },
        }
    }
    # Sessions read from the shared cache, written through to the database (which still
    # answers while Redis is down).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    # Rendered fragments (courses.fragments) in the same Redis, under their own prefix.
    CACHES["template_fragments"] = {
        **CACHES["default"],
        "KEY_PREFIX": CACHES["default"]["KEY_PREFIX"] + "fragments",
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "academy",
        },
        # Rendered fragments (courses.fragments) apart from the default cache: the many
        # per-learner outlines must not push rate-limit counters and course structures
        # out of its 300 entries. ~25 KB per outline of 80 steps: 1,000 are ~25 MB a worker.
        "template_fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "academy-fragments",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("FRAGMENT_CACHE_ENTRIES", "1000"))},
        },
    }

AUTH_USER_MODEL = "academy.User"
AUTHENTICATION_BACKENDS = [
    "academy.backends.ModelBackend",
    "academy.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: the email address is the login; verification is mandatory.
ACCOUNT_ADAPTER = "academy.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
# Officials must be told plainly that an address already has an account (issue #2).
ACCOUNT_PREVENT_ENUMERATION = False
# Wrong passwords are limited by academy/signin_limits.py (per account with a growing
# delay; per IP only failures), not by allauth's "login_failed", whose per-IP part refused
# right passwords from a town hall's shared address. "login_failed" still limits wrong
# two-factor codes (its key is the user). No volume limit on the login form itself.
# Counters live in the cache: shared with REDIS_URL, per process (development only) without.
ACCOUNT_RATE_LIMITS = {
    "login": "",
    "login_failed": "5/5m/key",
    "signup": "20/h/ip",
    "confirm_email": "3/m/key",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_FORMS = {
    "signup": "academy.forms.SignupForm",
    "reset_password": "academy.forms.ResetPasswordForm",
}
# Subjects start with "[<academy name in the recipient's language>] ": background.mail.email_compose
# (wording in academy/mail.py).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Migration Academy"

# Internationalisation: Polish first, then English and Ukrainian.
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English")), ("uk", _("Ukrainian"))]
LANGUAGE_COOKIE_NAME = "academy_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES_DIR = BASE_DIR / "node_modules"
# npm assets are collected from node_modules by the setup's `npm install`, never copied in.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/h5p-standalone", NODE_MODULES_DIR / "h5p-standalone" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Named storages (academy/storage.py): "default" (public media), "private" and
# "certificates" on the local disk, or prefixes of one S3-compatible bucket when
# ACADEMY_S3_BUCKET is set (docs/deployment.md, "Files and object storage").
from academy.storage import storages_config  # noqa: E402

STORAGES = {
    **storages_config(os.environ),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and not TESTING
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Email: console in development; EMAIL_URL=smtp://user:pass@host:587 or the SMTP vars.
# The address; the display name is the academy's name in the recipient's language (academy/mail.py).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "academy@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_URL = os.environ.get("EMAIL_URL", "")
if EMAIL_URL:
    from urllib.parse import unquote, urlparse

    _mail = urlparse(EMAIL_URL)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _mail.hostname or "localhost"
    EMAIL_PORT = _mail.port or 25
    EMAIL_HOST_USER = unquote(_mail.username or "")
    EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
    EMAIL_USE_TLS = _mail.scheme in {"smtp+tls", "submission"} or EMAIL_PORT == 587
    EMAIL_USE_SSL = _mail.scheme == "smtps"
elif os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Content Security Policy: no inline script or style anywhere, no third-party origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # The one third-party origin: embedded course videos, unless COURSES_VIDEO_EMBEDS=0.
        "frame-src": [
            "'self'",
            *(
                ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
                if env_bool("COURSES_VIDEO_EMBEDS", default=True)
                else []
            ),
        ],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Security: production values whenever DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No page of the academy is framed by another (the H5P player origin sets its own headers).
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
if os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER"):
    # e.g. "HTTP_X_FORWARDED_PROTO,https" behind a TLS-terminating proxy
    SECURE_PROXY_SSL_HEADER = tuple(os.environ["DJANGO_SECURE_PROXY_SSL_HEADER"].split(",", 1))
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR" if TESTING else "WARNING"}},
}

# Background tasks (docs/operations.md): the database backend by default (SQLite or
# PostgreSQL, workers on any number of hosts); ACADEMY_TASKS_BACKEND=rq sends them through
# RQ on REDIS_URL instead. Tests run them at once unless a test starts a real worker.
ACADEMY_TASKS_BACKEND = os.environ.get(
    "ACADEMY_TASKS_BACKEND", "immediate" if TESTING else "database"
)
# Django 6 has the Tasks API built in (django.tasks); on 5.2 the django-tasks backport is the app.
from importlib.util import find_spec  # noqa: E402

TASKS_MODULE = "django.tasks" if find_spec("django.tasks") else "django_tasks"
if TASKS_MODULE == "django_tasks":
    INSTALLED_APPS += ["django_tasks"]
if ACADEMY_TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {
        "default": {"URL": os.environ.get("RQ_REDIS_URL", REDIS_URL or "redis://127.0.0.1:6379/0")}
    }
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif ACADEMY_TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": f"{TASKS_MODULE}.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A task still "running" this long after it started lost its worker and runs again.
BACKGROUND_TASK_TIMEOUT_SECONDS = int(os.environ.get("BACKGROUND_TASK_TIMEOUT_SECONDS", "900"))
BACKGROUND_RETRY_BASE_SECONDS = int(os.environ.get("BACKGROUND_RETRY_BASE_SECONDS", "30"))
# 6 attempts 30 s apart, doubling: a mail server may be down for about half an hour.
BACKGROUND_EMAIL_ATTEMPTS = int(os.environ.get("BACKGROUND_EMAIL_ATTEMPTS", "6"))

# The academy's own knobs.
ACADEMY_SITE_NAME = _("Migration Academy")

# whitenoise serves from the finders in development and tests (no collectstatic needed).
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

# --- courses ---
# Course files served only through permission-checked views (documents, uploaded videos).
ACADEMY_PRIVATE_MEDIA_ROOT = Path(
    os.environ.get("ACADEMY_PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media")
)
COURSES_DOCUMENT_MAX_BYTES = int(
    os.environ.get("COURSES_DOCUMENT_MAX_BYTES", str(20 * 1024 * 1024))
)
COURSES_VIDEO_MAX_BYTES = int(os.environ.get("COURSES_VIDEO_MAX_BYTES", str(500 * 1024 * 1024)))
COURSES_CAPTIONS_MAX_BYTES = 1024 * 1024
# Embedded YouTube/Vimeo players are the academy's only third-party origin; 0 shows a plain
# link to the provider and the transcript instead (and drops them from the CSP).
COURSES_VIDEO_EMBEDS = env_bool("COURSES_VIDEO_EMBEDS", default=True)
COURSES_CATALOG_PAGE_SIZE = 12
# Learners who have not opened an unfinished course for this many days get a reminder
# (once per stretch of inactivity; the daily job runs at 9:00).
COURSES_INACTIVE_REMINDER_DAYS = int(os.environ.get("COURSES_INACTIVE_REMINDER_DAYS", "14"))
# Fail any SQL write to modules or items made outside courses.authoring (which sends the
# structure_changed event); a check for development and the tests (docs/architecture.md).
COURSES_CHECK_STRUCTURE_WRITES = env_bool(
    "COURSES_CHECK_STRUCTURE_WRITES", default=DEBUG or TESTING
)
# How long a course structure stays in the cache (courses.structure); entries of old
# versions are never read again and expire.
COURSES_STRUCTURE_CACHE_SECONDS = int(
    os.environ.get("COURSES_STRUCTURE_CACHE_SECONDS", str(24 * 3600))
)
# How long a rendered outline stays in the fragment cache (courses.fragments): one per
# learner, step and language, so shorter than the structures (memory in Redis).
COURSES_FRAGMENT_CACHE_SECONDS = int(os.environ.get("COURSES_FRAGMENT_CACHE_SECONDS", "3600"))
# The academy's public address: every absolute link (emails, certificates' QR codes, Open
# Badges credentials) starts with it. Production must set it to the https address people
# open (`check --deploy` fails otherwise); `make run` sets it to the address it serves.
ACADEMY_BASE_URL = os.environ.get(
    "ACADEMY_BASE_URL", "http://127.0.0.1:8000" if DEBUG else ""
).rstrip("/")

# --- certificates ---
# Stored PDFs and the development signing key live in private storage (never under MEDIA_URL).
CERTIFICATES_STORAGE_ROOT = Path(
    os.environ.get("CERTIFICATES_STORAGE_ROOT", ACADEMY_PRIVATE_MEDIA_ROOT / "certificates")
)
if TESTING and "CERTIFICATES_STORAGE_ROOT" not in os.environ:
    # Any app's test that completes a course issues a certificate: keep those PDFs out of the checkout.
    import tempfile

    CERTIFICATES_STORAGE_ROOT = Path(tempfile.gettempdir()) / "academy-test-certificates"
# Open Badges 3.0 signing key (RSA, PEM). Production sets CERTIFICATES_SIGNING_KEY (the PEM
# text) or CERTIFICATES_SIGNING_KEY_FILE; development generates one under the storage root.
CERTIFICATES_SIGNING_KEY = os.environ.get("CERTIFICATES_SIGNING_KEY", "")
CERTIFICATES_SIGNING_KEY_FILE = os.environ.get("CERTIFICATES_SIGNING_KEY_FILE", "")
# Printed as the issuer; empty means "Migration Academy" in the certificate's language.
CERTIFICATES_ISSUER_NAME = os.environ.get("CERTIFICATES_ISSUER_NAME", "")
# Public verification lookups allowed per IP address and window (seconds).
CERTIFICATES_VERIFY_RATE = int(os.environ.get("CERTIFICATES_VERIFY_RATE", "30"))
CERTIFICATES_VERIFY_WINDOW = int(os.environ.get("CERTIFICATES_VERIFY_WINDOW", "60"))

# --- h5p ---
# H5P package code runs on a separate, same-site origin (docs/h5p.md). In production set
# H5P_PLAYER_ORIGIN, e.g. "https://h5p.academy.example.org" (its host is added to
# ALLOWED_HOSTS). Unset in development: a sibling of a *.localhost host is derived
# (academy.localhost:8000 -> h5p.academy.localhost:8000).
H5P_PLAYER_ORIGIN = os.environ.get("H5P_PLAYER_ORIGIN", "").rstrip("/")
H5P_TOKEN_MAX_AGE = int(os.environ.get("H5P_TOKEN_MAX_AGE", str(6 * 60 * 60)))  # signed player URLs
H5P_MAX_UPLOAD_SIZE = int(os.environ.get("H5P_MAX_UPLOAD_SIZE", str(100 * 1024 * 1024)))
H5P_MAX_FILE_SIZE = int(os.environ.get("H5P_MAX_FILE_SIZE", str(64 * 1024 * 1024)))
H5P_MAX_TOTAL_SIZE = int(os.environ.get("H5P_MAX_TOTAL_SIZE", str(250 * 1024 * 1024)))
H5P_MAX_COMPRESSION_RATIO = int(os.environ.get("H5P_MAX_COMPRESSION_RATIO", "100"))
H5P_MAX_FILES = int(os.environ.get("H5P_MAX_FILES", "5000"))
H5P_STATEMENT_MAX_BYTES = 64 * 1024
H5P_STATE_MAX_BYTES = 256 * 1024
H5P_RATE_LIMIT = os.environ.get("H5P_RATE_LIMIT", "120/60")  # requests / seconds per learner
# Origins H5P content may load media, fonts and embeds from, on the player origin only
# (comma-separated, e.g. "https://www.youtube.com,https://upload.wikimedia.org"). Empty:
# nothing external loads, so no learner's address reaches a third party (docs/h5p.md, GDPR).
H5P_ALLOWED_EXTERNAL_ORIGINS = [
    origin.strip().rstrip("/")
    for origin in os.environ.get("H5P_ALLOWED_EXTERNAL_ORIGINS", "").split(",")
    if origin.strip()
]
# Requests for the player host reach only the player views (h5p.middleware).
MIDDLEWARE.insert(1, "h5p.middleware.PlayerHostMiddleware")
if H5P_PLAYER_ORIGIN:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"].append(H5P_PLAYER_ORIGIN)
    from urllib.parse import urlsplit as _urlsplit

    if _urlsplit(H5P_PLAYER_ORIGIN).hostname not in ALLOWED_HOSTS:
        ALLOWED_HOSTS.append(_urlsplit(H5P_PLAYER_ORIGIN).hostname)
elif DEBUG or TESTING:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"].append("http://*.localhost:*")

# --- bench ---
# The benchmarks' reference view (/bench/reference/) exists only when BENCH_REFERENCE=1;
# production never mounts it. BENCH_STATIC_ROOT lets the bench collect static files into a
# throwaway directory instead of the deployment's STATIC_ROOT.
BENCH_REFERENCE_ENABLED = env_bool("BENCH_REFERENCE", False)
if os.environ.get("BENCH_LOGIN_RATE"):
    # The soak signs 200 people in from one address (127.0.0.1); a real peak comes from many.
    ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS, "login": os.environ["BENCH_LOGIN_RATE"]}
if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
    if not DEBUG:
        # The same manifest lookups as production without compressing every file (80 s here);
        # the benchmarks never measure static files.
        STORAGES["staticfiles"]["BACKEND"] = (
            "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
        )

# --- studio ---
# The rich-text editor (django-prose-editor) loads through an inline import map. Studio
# pages that show the editor give that one tag the request's CSP nonce; the nonce is
# only added to the header on those pages, nothing else inline is allowed.
from csp.constants import NONCE as _CSP_NONCE  # noqa: E402

CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"].append(_CSP_NONCE)

# --- knowledge and search ---
# Text extraction and indexing run as background tasks (TASKS above).
KNOWLEDGE_FILE_MAX_BYTES = int(os.environ.get("KNOWLEDGE_FILE_MAX_BYTES", str(50 * 1024 * 1024)))
KNOWLEDGE_EXTRACT_MAX_PAGES = int(os.environ.get("KNOWLEDGE_EXTRACT_MAX_PAGES", "2000"))
KNOWLEDGE_EXTRACT_MAX_SECONDS = float(os.environ.get("KNOWLEDGE_EXTRACT_MAX_SECONDS", "120"))
KNOWLEDGE_PAGE_SIZE = 20
SEARCH_PAGE_SIZE = 20

# --- tests ---
if TESTING:
    # Each test run writes uploads to its own temporary folders, never into the checkout,
    # and parallel runs never see each other's files.
    import atexit
    import shutil

    _TEST_FILES = Path(tempfile.mkdtemp(prefix="academy-test-files-"))
    atexit.register(shutil.rmtree, _TEST_FILES, ignore_errors=True)
    MEDIA_ROOT = _TEST_FILES / "media"
    ACADEMY_PRIVATE_MEDIA_ROOT = _TEST_FILES / "private"
    if "CERTIFICATES_STORAGE_ROOT" not in os.environ:
        CERTIFICATES_STORAGE_ROOT = _TEST_FILES / "certificates"
