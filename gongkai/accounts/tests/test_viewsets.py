"""The 接口令牌 screen: each person's own tokens, shown once when created, revoked through the service."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.accounts.models import ApiToken
from gongkai.accounts.services import api_token_create
from gongkai.core.testing import Region, client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_off")]

INDEX = reverse("api_tokens:index")
ADD = reverse("api_tokens:add")


def me(token: str) -> Any:
    return Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_it_lists_only_the_persons_own_tokens(region: Region, django_assert_max_num_queries: Any) -> None:
    own, _secret = api_token_create(actor=region.lisi, user=region.lisi, name="OA公文推送")
    api_token_create(actor=region.wangwu, user=region.wangwu, name="12345热线")
    client = client_for(region.lisi)
    client.get(INDEX)
    with django_assert_max_num_queries(30):  # most are the workbench menu, which grows with apps
        response = client.get(INDEX)
    assert response.status_code == 200
    assert list(response.context["object_list"]) == [own]
    html = response.content.decode()
    assert "OA公文推送" in html and "12345热线" not in html and own.prefix in html


def test_it_shows_a_new_token_once_and_stores_only_its_hash(region: Region) -> None:
    client = client_for(region.lisi)
    response = client.post(ADD, {"name": "数据交换平台"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = re.search(r'value="(gk_[A-Za-z0-9_-]+)"', response.content.decode()).group(1)  # type: ignore[union-attr]
    record = ApiToken.objects.get(user=region.lisi)
    assert record.name == "数据交换平台" and token.startswith(record.prefix)
    assert token not in record.token_hash
    assert me(token).json()["username"] == "lisi"
    # The list never shows it again.
    assert token not in client.get(INDEX).content.decode()


def test_it_requires_a_purpose_for_a_new_token(region: Region) -> None:
    response = client_for(region.lisi).post(ADD, {"name": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_it_lets_a_person_revoke_their_token(region: Region) -> None:
    record, token = api_token_create(actor=region.lisi, user=region.lisi, name="OA")
    response = client_for(region.lisi).post(reverse("api_tokens:delete", args=[record.pk]))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.revoked_at is not None
    assert me(token).status_code == 401


def test_it_refuses_revoking_someone_elses_token(region: Region) -> None:
    record, token = api_token_create(actor=region.wangwu, user=region.wangwu, name="热线")
    response = client_for(region.lisi).post(reverse("api_tokens:delete", args=[record.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    record.refresh_from_db()
    assert record.revoked_at is None
    assert me(token).status_code == 200


def test_it_lets_the_platform_admin_see_and_revoke_every_token(region: Region) -> None:
    record, _token = api_token_create(actor=region.wangwu, user=region.wangwu, name="热线")
    client = client_for(region.admin)
    assert record in client.get(INDEX).context["object_list"]
    assert client.post(reverse("api_tokens:delete", args=[record.pk])).status_code == 302
    record.refresh_from_db()
    assert record.revoked_at is not None


def test_it_lets_the_platform_admin_create_a_token_for_a_system_account(region: Region) -> None:
    response = client_for(region.admin).post(ADD, {"name": "OA系统", "user": region.wangwu.pk})
    assert response.status_code == 200
    assert ApiToken.objects.get().user == region.wangwu


def test_it_ignores_the_owner_field_for_everyone_else(region: Region) -> None:
    client_for(region.lisi).post(ADD, {"name": "OA系统", "user": region.wangwu.pk})
    assert ApiToken.objects.get().user == region.lisi
