"""contract.md "Documents", driven with real Bearer tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.accounts.services import api_token_create
from gongkai.core.testing import Region
from gongkai.publications.choices import DocumentKind
from gongkai.publications.services import document_withdraw
from gongkai.publications.tests.helpers import published

pytestmark = pytest.mark.django_db

PAYLOAD = {
    "org": "fgw",
    "title": "关于印发《示例市优化营商环境若干措施》的通知",
    "genre": "通知",
    "subject": "国民经济管理、国有资产监管/经济体制改革",
    "summary": "印发优化营商环境若干措施。",
    "body_html": "<p>各区人民政府，市各委、办、局：</p>",
    "doc_number": "示发改〔2026〕8号",
    "keywords": ["营商环境", "改革"],
    "disclosure": "proactive",
    "statutory_items": [3],
    "column": "政策文件",
}


class Api:
    """A client acting with one persona's token."""

    def __init__(self, user: Any = None) -> None:
        self.client = Client()
        self.headers: dict[str, str] = {}
        if user is not None:
            _record, token = api_token_create(actor=None, user=user)
            self.headers = {"Authorization": f"Bearer {token}"}

    def post(self, path: str, data: dict[str, Any] | None = None) -> Any:
        return self.client.post(
            f"/api/v1/documents{path}", data=data or {}, content_type="application/json", headers=self.headers
        )

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1/documents{path}", params, headers=self.headers)


def test_it_takes_a_document_from_draft_to_the_public_catalogue(region: Region) -> None:
    lisi, wangwu, public = Api(region.lisi), Api(region.wangwu), Api()
    created = lisi.post("", PAYLOAD)
    assert created.status_code == 201, created.json()
    body = created.json()
    doc_id = body["id"]
    assert body["status"] == "draft"
    assert body["subject"] == PAYLOAD["subject"]
    assert body["keywords"] == ["营商环境", "改革"]
    assert body["index_no"] is None
    assert public.get(f"/{doc_id}").status_code == 404  # not public yet
    assert lisi.get(f"/{doc_id}").json()["status"] == "draft"  # its staff read the draft

    assert lisi.post(f"/{doc_id}/submit").json()["status"] == "submitted"
    forbidden = lisi.post(f"/{doc_id}/approve")
    assert forbidden.status_code == 403
    assert "保密审查员" in forbidden.json()["detail"]
    assert wangwu.post(f"/{doc_id}/approve").json()["status"] == "approved"
    # No body at all: publish now.
    answer = wangwu.client.post(
        f"/api/v1/documents/{doc_id}/publish",
        data="",
        content_type="application/json",
        headers=wangwu.headers,
    )
    assert answer.status_code == 200, answer.json()

    page = public.get(f"/{doc_id}").json()
    year = timezone.localdate().year
    assert page["status"] == "published"
    assert page["index_no"] == f"{region.fgw.credit_code}/{year}-00001"
    assert page["url"] == f"/documents/{doc_id}/"
    assert page["published_on"] == timezone.localdate().isoformat()
    assert page["org"] == "fgw" and page["genre"] == "通知" and page["doc_number"] == "示发改〔2026〕8号"
    assert page["statutory_items"] == [3]
    assert page["interpretations"] == [] and page["interprets"] == []
    assert page["returned_reason"] == ""
    listing = public.get("").json()
    assert [row["id"] for row in listing["results"]] == [doc_id]


def test_it_enforces_four_eyes_through_the_api(region: Region) -> None:
    from gongkai.orgs.choices import Role
    from gongkai.publications.tests.helpers import grant

    grant(region, region.wangwu, Role.EDITOR)
    wangwu = Api(region.wangwu)
    doc_id = wangwu.post("", PAYLOAD).json()["id"]
    wangwu.post(f"/{doc_id}/submit")
    answer = wangwu.post(f"/{doc_id}/approve")
    assert answer.status_code == 403
    assert "不能审查通过自己送审的文件" in answer.json()["detail"]


def test_it_forbids_staff_of_another_organization(region: Region) -> None:
    answer = Api(region.zhaoliu).post("", PAYLOAD)
    assert answer.status_code == 403
    assert "示例市发展和改革委员会" in answer.json()["detail"]
    doc_id = Api(region.lisi).post("", PAYLOAD).json()["id"]
    # A draft of another organization does not exist for 赵六.
    assert Api(region.zhaoliu).post(f"/{doc_id}/submit").status_code == 404
    assert Api(region.zhaoliu).get(f"/{doc_id}").status_code == 404


def test_it_requires_a_token_to_write(region: Region) -> None:
    answer = Api().post("", PAYLOAD)
    assert answer.status_code == 401
    assert "令牌" in answer.json()["detail"]


def test_it_answers_state_conflicts_with_409_and_the_reason(region: Region) -> None:
    lisi, wangwu = Api(region.lisi), Api(region.wangwu)
    doc_id = lisi.post("", PAYLOAD).json()["id"]
    answer = wangwu.post(f"/{doc_id}/publish")
    assert answer.status_code == 409
    assert answer.json()["detail"] == ("该文件当前状态为“草稿”，不能发布；只有“审查通过”状态的文件可以发布。")


def test_it_names_the_bad_fields_in_chinese(region: Region) -> None:
    lisi = Api(region.lisi)
    answer = lisi.post("", {**PAYLOAD, "subject": "综合政务/不存在", "disclosure": "withheld"})
    assert answer.status_code == 400
    body = answer.json()
    assert set(body["errors"]) == {"subject", "withheld_ground"}
    assert "主题分类" in body["detail"]
    answer = lisi.post("", {**PAYLOAD, "statutory_items": [21]})
    assert answer.status_code == 400
    assert body and "statutory_items" in answer.json()["errors"]
    answer = lisi.post("", {**PAYLOAD, "org": "nowhere"})
    assert answer.status_code == 400 and "org" in answer.json()["errors"]
    answer = lisi.post("", {**PAYLOAD, "written_on": "2026-13-01"})
    assert answer.status_code == 422
    assert answer.json()["errors"]["written_on"] == ["应为 YYYY-MM-DD 格式的日期。"]
    answer = lisi.post("", {key: value for key, value in PAYLOAD.items() if key != "title"})
    assert answer.status_code == 422 and answer.json()["errors"]["title"] == ["必填。"]


def test_it_requires_a_reason_to_withdraw(region: Region) -> None:
    document = published(region)
    wangwu = Api(region.wangwu)
    assert wangwu.post(f"/{document.pk}/withdraw", {"reason": ""}).status_code == 400
    answer = wangwu.post(f"/{document.pk}/withdraw", {"reason": "已被新文件替代"})
    assert answer.status_code == 200
    page = Api().get(f"/{document.pk}")
    assert page.status_code == 200  # the URL keeps answering, with a notice
    assert page.json()["status"] == "withdrawn"
    assert page.json()["index_no"] == document.index_no
    assert "已被新文件替代" in page.json()["notice"]
    assert Api().get("").json()["count"] == 0


def test_it_schedules_a_publication(region: Region) -> None:
    lisi, wangwu = Api(region.lisi), Api(region.wangwu)
    doc_id = lisi.post("", PAYLOAD).json()["id"]
    lisi.post(f"/{doc_id}/submit")
    wangwu.post(f"/{doc_id}/approve")
    publish_at = (timezone.localtime() + dt.timedelta(days=1)).replace(microsecond=0).isoformat()
    answer = wangwu.post(f"/{doc_id}/publish", {"publish_at": publish_at})
    assert answer.status_code == 200
    assert answer.json()["status"] == "scheduled"
    assert answer.json()["go_live_at"] == publish_at  # local time with its +08:00 offset
    assert Api().get(f"/{doc_id}").status_code == 404


def test_it_lists_interpretations_on_the_policy_document(region: Region) -> None:
    lisi, wangwu = Api(region.lisi), Api(region.wangwu)
    policy = published(region)
    reading = {
        **PAYLOAD,
        "title": "《若干措施》政策解读",
        "genre": "其他",
        "kind": DocumentKind.INTERPRETATION.value,
        "interprets": [policy.pk],
        "interpretation_form": "qa",
    }
    reading_id = lisi.post("", reading).json()["id"]
    # Not public yet: the public page of the policy does not list it, its staff see it.
    assert Api().get(f"/{policy.pk}").json()["interpretations"] == []
    assert lisi.get(f"/{policy.pk}").json()["interpretations"] == [reading_id]
    lisi.post(f"/{reading_id}/submit")
    wangwu.post(f"/{reading_id}/approve")
    wangwu.post(f"/{reading_id}/publish")
    assert Api().get(f"/{policy.pk}").json()["interpretations"] == [reading_id]
    page = Api().get(f"/{reading_id}").json()
    assert page["interprets"] == [policy.pk]
    assert page["interpretation_form"] == "qa"


def test_it_filters_and_pages_the_public_catalogue(region: Region, django_assert_max_num_queries) -> None:
    for number in range(3):
        published(region, title=f"通知{number}")
    published(region, title="意见", genre="意见", subject="科技、教育/教育")
    old = published(region, title="旧文件", validity="expired")
    document_withdraw(actor=region.wangwu, document=published(region, title="撤回的"), reason="误发")
    public = Api()
    with django_assert_max_num_queries(3):
        first = public.get("", page_size=2).json()
    assert first["count"] == 5 and first["page"] == 1 and first["page_size"] == 2
    assert len(first["results"]) == 2
    assert public.get("", page_size=2, page=3).json()["results"][0]["title"] == "通知0"
    assert public.get("", genre="意见").json()["count"] == 1
    assert public.get("", subject="科技、教育").json()["count"] == 1  # a top level includes its children
    assert public.get("", subject="科技、教育/教育").json()["results"][0]["subject"] == "科技、教育/教育"
    assert [r["id"] for r in public.get("", validity="expired").json()["results"]] == [old.pk]
    assert public.get("", org="edu").json()["count"] == 0
    year = timezone.localdate().year
    assert public.get("", year=year).json()["count"] == 5
    assert public.get("", year=year - 1).json()["count"] == 0
    assert public.get("", genre="便条").status_code == 400
    assert public.get("", page=0).status_code == 422


def test_it_reads_one_document_in_a_fixed_number_of_queries(
    region: Region, django_assert_max_num_queries
) -> None:
    document = published(region)
    # 5 + the columns it appears in (issue 3 item 1) + the site root paths for their URLs (cached).
    with django_assert_max_num_queries(7):
        answer = Api().get(f"/{document.pk}")
    assert answer.status_code == 200


def test_it_documents_the_endpoints_in_openapi(client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/documents",
        "/api/v1/documents/{document_id}",
        "/api/v1/documents/{document_id}/approve",
    } <= set(paths)
