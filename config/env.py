"""Reading and validating the environment (contract.md "Environment variables").

Every reader raises ImproperlyConfigured naming the variable, so a bad value stops start-up with a
message an operator can act on instead of a traceback deep inside Django.
"""

from __future__ import annotations

import os
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use 1/0, true/false, yes/no or on/off.")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from exc
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def email_settings(url: str) -> dict[str, object]:
    """Turn EMAIL_URL (smtp://user:pass@host:port, smtps://…, console://, file:///path) into settings."""
    if not url:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": parts.path,
        }
    if parts.scheme in {"smtp", "smtps", "submission"}:
        if not parts.hostname:
            raise ImproperlyConfigured(f"EMAIL_URL={url!r} names no host.")
        default_port = {"smtp": 25, "smtps": 465, "submission": 587}[parts.scheme]
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname,
            "EMAIL_PORT": parts.port or default_port,
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_SSL": parts.scheme == "smtps",
            "EMAIL_USE_TLS": parts.scheme == "submission",
        }
    raise ImproperlyConfigured(
        f"EMAIL_URL={url!r}: unknown scheme {parts.scheme!r}; use smtp://, smtps://, submission://, "
        "console:// or file:///path."
    )


TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "dummy": "django_tasks.backends.dummy.DummyBackend",
}


def task_backend(name: str) -> str:
    """TASKS_BACKEND: a short name from TASK_BACKENDS or a dotted path (e.g. an RQ backend)."""
    if name in TASK_BACKENDS:
        return TASK_BACKENDS[name]
    if "." in name:
        return name
    choices = ", ".join(sorted(TASK_BACKENDS))
    raise ImproperlyConfigured(f"TASKS_BACKEND={name!r} is not one of {choices} nor a dotted path.")


DATABASE_SEARCH_BACKEND = "gongkai.search.backends"
OPENSEARCH_BACKEND = "gongkai.search.backends.opensearch"


def search_backend(urls: list[str], *, index_prefix: str, timeout: int) -> dict[str, object]:
    """WAGTAILSEARCH_BACKENDS["default"]: the database's own backend, or with OPENSEARCH_URL (one URL or
    several, comma-separated: http(s)://[user:password@]host:port) an OpenSearch cluster."""
    if not urls:
        return {"BACKEND": DATABASE_SEARCH_BACKEND}
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ImproperlyConfigured(
                f"OPENSEARCH_URL={url!r} is not an http:// or https:// address of an OpenSearch node."
            )
    if index_prefix != index_prefix.lower() or not index_prefix.replace("_", "").replace("-", "").isalnum():
        raise ImproperlyConfigured(
            f"OPENSEARCH_INDEX_PREFIX={index_prefix!r}: use lower-case letters, digits, - and _."
        )
    return {"BACKEND": OPENSEARCH_BACKEND, "URLS": urls, "INDEX_PREFIX": index_prefix, "TIMEOUT": timeout}
