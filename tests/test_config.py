"""Start-up validation of the environment (contract.md "Environment variables")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import email_settings, env_bool, env_int, task_backend

ROOT = Path(__file__).resolve().parent.parent


def _check(**env: str) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | env
    full_env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "maybe"),
        ("DATABASE_URL", "mysql://x@y/z"),
        ("TASKS_BACKEND", "bogus"),
        ("EMAIL_URL", "pigeon://x"),
        ("SECRET_KEY", "short"),
    ],
)
def test_it_stops_start_up_naming_the_bad_variable(variable: str, value: str) -> None:
    result = _check(**{variable: value})
    assert result.returncode != 0
    assert variable in result.stderr


def test_it_starts_with_the_defaults() -> None:
    result = _check()
    assert result.returncode == 0, result.stderr


def test_it_reads_booleans_and_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_FLAG", "yes")
    monkeypatch.setenv("X_NUM", "7")
    assert env_bool("X_FLAG", False) is True
    assert env_int("X_NUM", 1) == 7
    monkeypatch.setenv("X_NUM", "-1")
    with pytest.raises(ImproperlyConfigured, match="X_NUM"):
        env_int("X_NUM", 1)


def test_it_parses_email_urls() -> None:
    smtp = email_settings("submission://user%40gov:p%3Ass@smtp.example.gov.cn")
    assert smtp["EMAIL_HOST"] == "smtp.example.gov.cn"
    assert smtp["EMAIL_PORT"] == 587
    assert smtp["EMAIL_HOST_USER"] == "user@gov"
    assert smtp["EMAIL_HOST_PASSWORD"] == "p:ss"
    assert smtp["EMAIL_USE_TLS"] is True
    assert email_settings("")["EMAIL_BACKEND"].endswith("console.EmailBackend")


def test_it_accepts_short_and_dotted_task_backends() -> None:
    assert task_backend("database") == "django_tasks_db.DatabaseBackend"
    assert task_backend("my.custom.Backend") == "my.custom.Backend"
