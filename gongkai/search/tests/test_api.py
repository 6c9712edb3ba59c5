"""contract.md "Search": GET /api/v1/search, public, the same search as the /search/ page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from gongkai.core.testing import Region
from gongkai.publications.models import Document
from gongkai.search.tests.helpers import publish_indexed

pytestmark = pytest.mark.django_db


@pytest.fixture
def publish(region: Region, django_capture_on_commit_callbacks: Any) -> Any:
    def publish(**fields: Any) -> Document:
        fields.setdefault("doc_number", "")
        return publish_indexed(region, django_capture_on_commit_callbacks, **fields)

    return publish


def api(client: Client, **params: Any) -> Any:
    return client.get("/api/v1/search", params)


def test_it_answers_exactly_the_contracts_shape(region: Region, client: Client, publish: Any) -> None:
    document = publish(title="关于<做好>政务公开工作的通知", summary="部署政务公开工作。")

    response = api(client, q="政务公开", type="document")
    body = response.json()

    assert response.status_code == 200
    assert set(body) == {"count", "results", "facets"}
    assert body["count"] == 1
    assert body["results"] == [
        {
            "type": "document",
            "id": document.pk,
            "title": "关于<做好>政务公开工作的通知",  # plain text
            "url": f"/documents/{document.pk}/",
            "snippet": "部署<mark>政务公开</mark>工作。 各有关单位：",
            "org": "fgw",
            "date": dt.date.today().isoformat(),
        }
    ]
    assert set(body["facets"]) == {"org", "type", "year"}
    assert body["facets"]["org"] == [{"key": "fgw", "label": "示例市发展和改革委员会", "count": 1}]
    year = dt.date.today().year
    assert body["facets"]["year"] == [{"key": str(year), "label": f"{year}年", "count": 1}]
    # The type facet counts under the other filters only: the portal page that mentions 政务公开 too.
    assert {"key": "document", "label": "政府信息", "count": 1} in body["facets"]["type"]
    assert all(set(entry) == {"key", "label", "count"} for entry in body["facets"]["type"])


def test_it_gives_the_same_results_as_the_page(region: Region, client: Client, publish: Any) -> None:
    for number in range(30):
        publish(title=f"政务公开工作通知第{number}号", genre="意见" if number % 10 == 0 else "通知")
    params = {"q": "政务公开 -第3号", "genre": "通知", "sort": "date"}

    for page_number in ("1", "2"):
        page = client.get("/search/", {**params, "page": page_number}).context["page_obj"]
        body = api(client, **params, page=page_number).json()

        assert body["count"] == page.paginator.count == 26
        assert [(r["type"], r["id"], r["url"], r["date"]) for r in body["results"]] == [
            (result.type, result.id, result.url, result.date.isoformat()) for result in page.object_list
        ]
        assert [entry["count"] for entry in body["facets"]["org"]] == [
            facet.count for facet in client.get("/search/", params).context["found"].facets["org"]
        ]
    # Beyond the last page the page shows the last one; a client paging on gets an empty page.
    assert api(client, **params, page=3).json()["results"] == []


def test_it_answers_an_empty_query_with_nothing(region: Region, client: Client) -> None:
    body = api(client).json()

    assert body == {"count": 0, "results": [], "facets": {"org": [], "type": [], "year": []}}


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"year": "abc"}, "year", "应为整数。"),
        ({"year": "1800"}, "year", "不能小于1949。"),
        ({"page": "0"}, "page", "不能小于1。"),
        ({"org": "nosuch"}, "org", "“发布机构”没有代码为“nosuch”的机构。"),
        ({"type": "video"}, "type", "“类型”只能是："),
        ({"subject": "不存在的分类"}, "subject", "“主题分类”没有“不存在的分类”这一项"),
        ({"sort": "best"}, "sort", "“排序”只能是："),
    ],
)
def test_it_refuses_a_wrong_parameter_with_422_in_chinese(
    region: Region, client: Client, params: dict[str, str], field: str, message: str
) -> None:
    response = api(client, q="政务公开", **params)
    body = response.json()

    assert response.status_code == 422
    assert set(body) == {"detail", "errors"}
    assert body["errors"][field][0].startswith(message)
    assert message in body["detail"]


def test_it_documents_the_endpoint_in_openapi(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/search"]["get"]

    assert "<mark>" in operation["description"]
    assert {parameter["name"] for parameter in operation["parameters"]} >= {
        "q",
        "org",
        "type",
        "subject",
        "year",
        "page",
    }
    assert set(operation["responses"]) == {"200", "422"}
    assert "security" not in operation  # public
