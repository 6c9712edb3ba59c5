"""Gongkai settings, read from the environment (contract.md "Environment variables").

Nothing here is secret or machine-specific: everything that differs between installations comes from
environment variables, validated by config.env so a bad value stops start-up with a clear message.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import email_settings, env_bool, env_int, env_list, env_str, search_backend, task_backend

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in var/ (single-host installs)."""
    key = env_str("SECRET_KEY")
    if key:
        if len(key) < 50 or len(set(key)) < 5:
            raise ImproperlyConfigured(
                "SECRET_KEY must be at least 50 characters with 5 distinct characters."
            )
        return key
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Gongkai's own apps first, so their templates override Wagtail's where they share a name.
    "gongkai.core",
    "gongkai.accounts",
    "gongkai.orgs",
    "gongkai.portal",
    "gongkai.publications",
    "gongkai.search",
    "gongkai.foi",
    "gongkai.reports",
    "gongkai.api",
    # Wagtail: the staff workbench and the page tree.
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Background jobs (Django Tasks backport with its database backend).
    "django_tasks",
    "django_tasks_db",
    # Security.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_htmx",
    "ninja",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "gongkai.core.middleware.RequestContextMiddleware",
    "gongkai.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "gongkai.accounts.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so it sees the final outcome of authentication attempts.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "gongkai.portal.context_processors.portal",
            ],
        },
    },
]

# --- Database: SQLite (embedded default, WAL) or PostgreSQL via DATABASE_URL -------------------------
_database_url = env_str("DATABASE_URL")
if _database_url:
    try:
        _db = dj_database_url.parse(_database_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from exc
    if _db["ENGINE"] not in {"django.db.backends.postgresql", "django.db.backends.sqlite3"}:
        raise ImproperlyConfigured(
            "DATABASE_URL must point at PostgreSQL (postgres://…) or SQLite (sqlite:///…)."
        )
    _db["CONN_HEALTH_CHECKS"] = True
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _db = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(VAR_DIR / "gongkai.sqlite3")}
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the task worker writes; IMMEDIATE avoids "database is locked"
    # upgrades from read to write transactions under concurrency.
    _db.setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
            "transaction_mode": "IMMEDIATE",
        }
    )
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts, login, two-factor, throttling -------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
# Staff must confirm a TOTP code after the password when this is on (recommended in production).
GONGKAI_REQUIRE_2FA = env_bool("GONGKAI_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Gongkai 政务公开")

# --- Internationalization: Chinese UI, translation-ready --------------------------------------------
# Everyone gets Chinese whatever their browser asks for (no LocaleMiddleware): a Chinese government site must
# not switch Django's own messages to English. Texts are wrapped for translation, and staff may still pick
# another language of LANGUAGES in their workbench profile.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# locale/: our supplement to Wagtail's zh_Hans; gongkai/locale: our own messages (scripts/messages.py).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "gongkai" / "locale"]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = False

# --- Static and media -------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise scans it at start-up, even before collectstatic
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "var" / "media")
# Applicants' identity documents and scans (gongkai.foi): never under MEDIA_ROOT, read only through
# staff views that check the role and write an audit entry.
FOI_PRIVATE_ROOT = Path(env_str("GONGKAI_FOI_PRIVATE_ROOT") or BASE_DIR / "var" / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "foi_private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": FOI_PRIVATE_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Wagtail ----------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env_str("GONGKAI_SITE_NAME", "示例市政务公开平台")
WAGTAILADMIN_BASE_URL = env_str("GONGKAI_BASE_URL", "http://127.0.0.1:8000")
# Wagtail's database search backend (SQLite FTS5 or PostgreSQL, from the database in use) with jieba
# segmentation and exact 发文字号/索引号 matching (gongkai.search.backends); with OPENSEARCH_URL, an
# OpenSearch cluster instead, segmented the same way (gongkai.search.backends.opensearch, docs/deployment.md).
WAGTAILSEARCH_BACKENDS = {
    "default": search_backend(
        env_list("OPENSEARCH_URL", []),
        index_prefix=env_str("OPENSEARCH_INDEX_PREFIX", "gongkai_"),
        timeout=env_int("OPENSEARCH_TIMEOUT", 10, minimum=1),
    )
}
# Files are always served through Wagtail's view, so its before_serve_document hook can keep an
# unpublished document's attachments private (gongkai.publications.wagtail_hooks). Never let a web server
# serve MEDIA_ROOT's documents/ folder directly.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ofd", "wps", "zip", "txt", "csv"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
# A document that passes 保密审查 is approved, not published: publication is a step of its own
# (gongkai.publications.workflow_finish); pages are still published when their workflow ends.
WAGTAIL_FINISH_WORKFLOW_ACTION = "gongkai.publications.workflow_finish.finish_workflow_state"
# Wagtail's own login form leaves the password field without a translatable label.
WAGTAILADMIN_USER_LOGIN_FORM = "gongkai.accounts.staff_login.StaffLoginForm"

# --- Background tasks -------------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": task_backend(env_str("TASKS_BACKEND", "database"))}}

# --- E-mail -----------------------------------------------------------------------------------------
for _key, _value in email_settings(env_str("EMAIL_URL")).items():
    globals()[_key] = _value
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@gongkai.invalid")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security (manage.py check --deploy is clean with DEBUG off) ------------------------------------
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Wagtail logs every page change at INFO; our audit log records them, so the console keeps warnings only.
    "loggers": {"jieba": {"level": "WARNING"}, "wagtail": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# --- Gongkai ----------------------------------------------------------------------------------------
# Statutory numbers live in gongkai.core.rules with their articles; any GONGKAI_<NAME> setting here
# overrides one for a province or city whose local rules tighten it.
GONGKAI_LOAD_DEMO = env_bool("GONGKAI_LOAD_DEMO", True)
