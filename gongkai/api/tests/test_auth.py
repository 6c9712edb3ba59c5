"""Bearer-token authentication (gongkai.api.auth.TokenAuth) on a real staff endpoint, GET /api/v1/me."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from gongkai.accounts.models import ApiToken, User
from gongkai.accounts.services import api_token_create, api_token_revoke
from gongkai.core.testing import Region

pytestmark = pytest.mark.django_db

UNAUTHENTICATED = "未认证：请在 Authorization 头中提供有效的 Bearer 令牌。"


def get_me(token: str | None, client: Client | None = None):  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return (client or Client()).get("/api/v1/me", headers=headers)


def command_token(username: str) -> str:
    out = StringIO()
    call_command("create_api_token", username, stdout=out)
    return out.getvalue().strip()


def test_it_accepts_a_token_from_create_api_token(region: Region) -> None:
    response = get_me(command_token("lisi"))
    assert response.status_code == 200
    assert response.json() == {
        "username": "lisi",
        "full_name": "李四",
        "roles": [{"org": "fgw", "role": "editor"}, {"org": "fgw", "role": "foi_handler"}],
    }


def test_it_records_when_a_token_was_last_used(region: Region) -> None:
    token = command_token("lisi")
    assert ApiToken.objects.get().last_used_at is None
    get_me(token)
    first_use = ApiToken.objects.get().last_used_at
    assert first_use is not None and (timezone.now() - first_use).total_seconds() < 5
    # Uses within a minute do not write again; a later one does.
    get_me(token)
    assert ApiToken.objects.get().last_used_at == first_use
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        get_me(token)
        assert ApiToken.objects.get().last_used_at > first_use  # type: ignore[operator]


def test_it_rejects_a_revoked_token_with_401_in_chinese(region: Region) -> None:
    record, token = api_token_create(actor=None, user=region.lisi, name="OA")
    api_token_revoke(actor=region.lisi, token=record)
    response = get_me(token)
    assert response.status_code == 401
    assert response.json() == {"detail": UNAUTHENTICATED}


@pytest.mark.parametrize(
    "token",
    ["gk_this-token-was-never-issued-to-anyone-000000", "not-even-our-format", ""],
    ids=["unknown", "foreign", "empty"],
)
def test_it_rejects_unknown_tokens_with_401_in_chinese(region: Region, token: str) -> None:
    response = get_me(token)
    assert response.status_code == 401
    assert response.json() == {"detail": UNAUTHENTICATED}


def test_it_rejects_a_request_without_a_token(region: Region) -> None:
    response = get_me(None)
    assert response.status_code == 401 and response.json()["detail"] == UNAUTHENTICATED


def test_it_rejects_the_token_of_a_deactivated_user(region: Region) -> None:
    token = command_token("lisi")
    User.objects.filter(username="lisi").update(is_active=False)
    assert get_me(token).status_code == 401


def test_it_does_not_accept_a_browser_session_instead_of_a_token(region: Region) -> None:
    client = Client()
    client.force_login(region.lisi)
    assert get_me(None, client).status_code == 401
