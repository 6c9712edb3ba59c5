"""Login throttling (django-axes): 5 failures per username and IP lock the login for an hour."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from gongkai.core.testing import PERSONA_PASSWORD, Region

pytestmark = pytest.mark.django_db

LOGIN = reverse("wagtailadmin_login")


def attempt(client: Client, username: str, password: str, ip: str = "10.0.0.8"):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_it_is_configured_for_five_failures_per_username_and_ip_for_an_hour() -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_COOLOFF_TIME == 1


def test_it_locks_the_login_after_five_wrong_passwords_and_refuses_the_right_one(region: Region) -> None:
    client = Client()
    for _attempt in range(4):
        response = attempt(client, "lisi", "wrong-password")
        assert response.status_code == 200  # the login form again, with Wagtail's error
    locked = attempt(client, "lisi", "wrong-password")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "登录已暂时锁定" in html and "5 次登录失败" in html and "60 分钟" in html
    refused = attempt(client, "lisi", PERSONA_PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    assert Client().get(reverse("wagtailadmin_home")).status_code == 302


def test_it_locks_only_that_username_from_that_address(region: Region) -> None:
    client = Client()
    for _attempt in range(5):
        attempt(client, "lisi", "wrong-password")
    # Another person in the same office (same IP) still logs in.
    other = attempt(Client(), "wangwu", PERSONA_PASSWORD)
    assert other.status_code == 302
    # 李四 from another address too: nobody can lock a colleague out from elsewhere by guessing.
    elsewhere = attempt(Client(), "lisi", PERSONA_PASSWORD, ip="10.0.0.9")
    assert elsewhere.status_code == 302


def test_it_forgets_failures_after_a_successful_login(region: Region) -> None:
    client = Client()
    for _attempt in range(4):
        attempt(client, "lisi", "wrong-password")
    assert attempt(client, "lisi", PERSONA_PASSWORD).status_code == 302
    client.post(reverse("wagtailadmin_logout"))
    for _attempt in range(4):
        assert attempt(client, "lisi", "wrong-password").status_code == 200
