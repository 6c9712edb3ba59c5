"""Documents in columns (栏目, issue 3 item 1): the link, its validation, the API and the column pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from gongkai.core.exceptions import ServiceValidationError
from gongkai.core.testing import Region
from gongkai.orgs.choices import Role
from gongkai.orgs.models import Organization
from gongkai.portal.models import ColumnPage, OrganizationPage
from gongkai.publications.choices import DocumentKind
from gongkai.publications.models import Document
from gongkai.publications.selectors import document_list_for_column
from gongkai.publications.services import document_update, document_withdraw
from gongkai.publications.tests.helpers import draft, grant, published
from gongkai.publications.tests.test_api import PAYLOAD, Api


def _column(org: Organization, key: str) -> ColumnPage:
    org_page = OrganizationPage.objects.get(org=org)
    return ColumnPage.objects.descendant_of(org_page).get(column_key=key)


def _listed_titles(html: str) -> list[str]:
    section = html.split('class="child-list column-documents"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="/documents/\d+/">([^<]+)</a>', section)


# --- The link and its validation ---------------------------------------------------------------------


def test_it_places_a_document_in_columns_of_its_organization_by_key_or_page(region: Region) -> None:
    policies = _column(region.fgw, "policies")
    document = draft(region, columns=["policies", _column(region.fgw, "statutory-11")])

    assert set(document.columns.values_list("column_key", flat=True)) == {"policies", "statutory-11"}
    document_update(actor=region.lisi, document=document, columns=[policies])
    assert list(document.columns.all()) == [policies]


def test_it_refuses_a_column_of_another_organization(region: Region) -> None:
    with pytest.raises(ServiceValidationError) as refused:
        draft(region, columns=[_column(region.edu, "policies")])

    assert "columns" in refused.value.errors
    assert "所属栏目" in refused.value.message and "不是示例市发展和改革委员会的栏目" in refused.value.message
    assert not Document.objects.exists()


def test_it_refuses_an_unknown_column_key_on_update(region: Region) -> None:
    document = draft(region, columns=["policies"])
    with pytest.raises(ServiceValidationError) as refused:
        document_update(actor=region.lisi, document=document, columns=["no-such-column"])

    assert refused.value.errors["columns"] == ["栏目“no-such-column”不是示例市发展和改革委员会的栏目。"]
    assert list(document.columns.values_list("column_key", flat=True)) == ["policies"]


# --- API ---------------------------------------------------------------------------------------------


def test_it_takes_the_column_key_in_the_api_and_returns_the_columns(region: Region) -> None:
    created = Api(region.lisi).post("", {**PAYLOAD, "column": "policies"})

    assert created.status_code == 201, created.json()
    assert created.json()["columns"] == [
        {"key": "policies", "title": "政策文件", "url": "/orgs/fgw/policies/"}
    ]


def test_it_answers_400_naming_the_column_field_for_another_organizations_column(region: Region) -> None:
    answer = Api(region.zhaoliu).post("", {**PAYLOAD, "org": "edu", "column": "nonexistent"})

    assert answer.status_code == 400
    assert "column" in answer.json()["errors"]
    assert "不是示例市教育局的栏目" in answer.json()["errors"]["column"][0]


# --- Column pages ------------------------------------------------------------------------------------


def test_it_lists_the_published_documents_placed_in_a_column_newest_first(
    region: Region, client: Client
) -> None:
    older = published(region, title="较早的政策", columns=["policies"], doc_number="示发改〔2026〕2号")
    newer = published(region, title="较新的政策", columns=["policies"])
    Document.objects.filter(pk=older.pk).update(published_on="2026-01-05")
    draft(region, title="未发布的政策", columns=["policies"])
    published(region, title="其他栏目的政策", columns=["rules"])

    html = client.get("/orgs/fgw/policies/").content.decode()

    assert _listed_titles(html) == [newer.title, older.title]
    assert "示发改〔2026〕2号" in html and 'datetime="2026-01-05"' in html
    assert "本栏目暂无信息。" not in html


def test_it_lists_a_statutory_items_documents_without_placing_them(region: Region, client: Client) -> None:
    published(region, title="第十一项的信息", statutory_items=[11, 13])
    published(region, title="第一项的信息", statutory_items=[1])
    grant(region, region.lisi, Role.EDITOR, region.edu)
    grant(region, region.wangwu, Role.REVIEWER, region.edu)
    published(region, title="教育局第十一项", statutory_items=[11], org=region.edu)

    assert _listed_titles(client.get("/orgs/fgw/statutory/statutory-11/").content.decode()) == [
        "第十一项的信息"
    ]
    # [11, 13] contains neither 1 nor 3: items are matched exactly, not as text.
    assert _listed_titles(client.get("/orgs/fgw/statutory/statutory-1/").content.decode()) == ["第一项的信息"]
    assert "本栏目暂无信息。" in client.get("/orgs/fgw/statutory/statutory-3/").content.decode()


def test_it_lists_the_organizations_interpretations_in_the_interpretations_column(region: Region) -> None:
    policy = published(region, title="政策原文")
    interpretation = published(
        region,
        title="政策原文的解读",
        kind=DocumentKind.INTERPRETATION,
        genre="其他",
        interprets=[policy.pk],
        interpretation_form="qa",
    )
    withdrawn = published(region, title="已撤回的政策", columns=["interpretations"])
    document_withdraw(actor=region.wangwu, document=withdrawn, reason="内容有误")

    assert list(document_list_for_column(_column(region.fgw, "interpretations"))) == [interpretation]
    assert list(document_list_for_column(_column(region.edu, "interpretations"))) == []


def test_it_pages_a_column_by_twenty_in_a_fixed_number_of_queries(
    region: Region, client: Client, django_assert_max_num_queries: Any
) -> None:
    for number in range(21):
        published(region, title=f"信息{number:02d}", statutory_items=[2], columns=["statutory-2"])
    client.get("/orgs/fgw/statutory/statutory-2/")  # warm the site-root and content-type caches

    # Routing (two per URL level) and the column's own few, plus the count and one page of documents
    # (and on SQLite the (id, items) pairs of the statutory match): not one more per document.
    with django_assert_max_num_queries(22) as counted:
        first = client.get("/orgs/fgw/statutory/statutory-2/").content.decode()
    with django_assert_max_num_queries(len(counted.captured_queries)):
        second = client.get("/orgs/fgw/statutory/statutory-2/?page=2").content.decode()

    assert len(_listed_titles(first)) == 20 and _listed_titles(second) == ["信息00"]
    assert "第1页，共2页" in first and 'rel="next"' in first
