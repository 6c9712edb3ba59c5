"""`manage.py check --deploy` is clean for a production configuration (architecture: security row).

Runs the real settings module in a subprocess, with the environment an operator would set for
production: DEBUG off, a long random SECRET_KEY, HTTPS on, a real host name.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
# Variables of the developer's or CI's own environment that would change what is being checked.
_CLEARED = (
    "DATABASE_URL",
    "DEBUG",
    "HTTPS",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_HSTS_SECONDS",
    "BEHIND_PROXY",
)


def check_deploy(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {key: value for key, value in os.environ.items() if key not in _CLEARED}
    full_env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "HTTPS": "1",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "gongkai.example.gov.cn",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
        }
    )
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_it_is_clean_for_a_production_configuration(tmp_path: Path) -> None:
    result = check_deploy(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    ("env", "warning"),
    [
        ({"HTTPS": "0"}, "security.W008"),  # no SSL redirect
        ({"DEBUG": "1"}, "security.W018"),  # DEBUG on in production
        ({"SECURE_HSTS_SECONDS": "0"}, "security.W004"),  # no HSTS
    ],
    ids=["without-https", "with-debug", "without-hsts"],
)
def test_it_warns_when_production_settings_are_weakened(
    tmp_path: Path, env: dict[str, str], warning: str
) -> None:
    # Proves the check above really inspects these settings instead of passing vacuously.
    result = check_deploy(tmp_path, **env)
    assert result.returncode != 0
    assert warning in result.stdout + result.stderr
