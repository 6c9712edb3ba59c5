"""The public search page /search/ (gongkai.search.views): results, facets, sorting, help when nothing is
found, messages for wrong parameters, escaping, and a fixed number of queries."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.core.middleware import PORTAL_CSP
from gongkai.core.testing import Region
from gongkai.orgs.choices import Role
from gongkai.portal.models import OrganizationPage
from gongkai.publications.models import Document
from gongkai.publications.tests.helpers import grant
from gongkai.search.tests.helpers import publish_indexed

pytestmark = pytest.mark.django_db

ZWGK = "%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80"  # 政务公开 in a URL
WSJK = "%E5%8D%AB%E7%94%9F%E5%81%A5%E5%BA%B7"  # 卫生健康


@pytest.fixture
def publish(region: Region, django_capture_on_commit_callbacks: Any) -> Any:
    def publish(**fields: Any) -> Document:
        fields.setdefault("doc_number", "")
        if fields.get("org") == region.edu:
            grant(region, region.lisi, Role.EDITOR, region.edu)
            grant(region, region.wangwu, Role.REVIEWER, region.edu)
        return publish_indexed(region, django_capture_on_commit_callbacks, **fields)

    return publish


def html_of(client: Client, **params: str) -> str:
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def main_of(html: str) -> str:
    return html.split("<main", 1)[1]


def test_it_shows_the_empty_search_page_with_the_syntax(region: Region, client: Client) -> None:
    response = client.get(reverse("portal:search"))
    html = response.content.decode()

    assert response.status_code == 200
    assert "<h1>站内搜索</h1>" in html
    assert "请输入关键词" in html
    assert "用引号查找完整短语" in html
    assert 'class="results' not in html


def test_it_lists_results_with_their_metadata_highlighted(
    region: Region, client: Client, publish: Any
) -> None:
    document = publish(title="关于做好政务公开工作的通知", doc_number="示发改〔2026〕7号")

    html = html_of(client, q="政务公开")

    assert 'role="search"' in html and '<label class="visually-hidden" for="search-q">' in html
    assert 'value="政务公开"' in html  # written back in the box
    assert re.search(r'<p class="result-count" role="status">搜索“政务公开”，找到 \d+ 条结果</p>', html)
    assert f'<a href="/documents/{document.pk}/">关于做好<mark>政务公开</mark>工作的通知</a>' in html
    assert "<dt>类型</dt><dd>政府信息</dd>" in html
    assert "<dt>发布机构</dt><dd>示例市发展和改革委员会</dd>" in html
    assert "<dt>发文字号</dt><dd>示发改〔2026〕7号</dd>" in html
    assert re.search(r"<dt>日期</dt><dd><time datetime=\"\d{4}-\d\d-\d\d\">", html)
    assert '<p class="snippet">部署年度<mark>政务公开</mark>重点工作。 各有关单位：</p>' in html


def test_it_finds_portal_pages_too(region: Region, client: Client) -> None:
    html = html_of(client, q="教育局")

    assert '<a href="/orgs/edu/">示例市<mark>教育局</mark></a>' in html
    assert "<dt>类型</dt><dd>机构页面</dd>" in html


def test_it_leaves_unpublished_pages_out(region: Region, client: Client) -> None:
    OrganizationPage.objects.get(org=region.edu).unpublish()

    html = html_of(client, q="示例市教育局")

    assert "/orgs/edu/" not in main_of(html)
    assert "没有找到与“示例市教育局”相关的内容" in html


def test_it_offers_facets_as_links_with_counts_and_marks_the_active_one(
    region: Region, client: Client, publish: Any
) -> None:
    publish(title="政务公开工作要点", genre="通知")
    publish(title="政务公开教育专项通知", genre="通知", org=region.edu)

    html = html_of(client, q="政务公开", type="document")
    filtered = html_of(client, q="政务公开", type="document", org="edu")

    assert '<h3 id="facet-org">发布机构</h3>' in html
    assert (
        f'<a href="/search/?q={ZWGK}&amp;type=document&amp;org=edu">'
        '示例市教育局<span class="facet-count">1<span class="visually-hidden">条</span></span></a>'
    ) in html
    assert re.search(r'<a href="[^"]*type=document"[^>]*aria-current="true">政府信息', html)
    assert re.search(r'<a href="[^"]*org=edu"[^>]*aria-current="true">示例市教育局', filtered)
    assert "找到 1 条结果" in filtered
    # The active filters, each with a link that drops it.
    assert f'<a href="/search/?q={ZWGK}&amp;type=document">发布机构：示例市教育局' in (filtered)
    assert 'type="hidden" name="org" value="edu"' in filtered  # a new query keeps the filters


def test_it_switches_the_order_with_links(region: Region, client: Client, publish: Any) -> None:
    publish(title="政务公开工作要点")

    html = html_of(client, q="政务公开", sort="date")

    assert '<nav class="sort-switch" aria-label="排序方式">' in html
    assert f'<a href="/search/?q={ZWGK}">按相关度</a>' in html
    assert (f'<a href="/search/?q={ZWGK}&amp;sort=date" aria-current="true">按日期</a>') in html


def test_it_helps_when_nothing_is_found(region: Region, client: Client, publish: Any) -> None:
    publish(title="政务公开工作要点")

    html = html_of(client, q="政务公开 卫生健康", org="edu", year="2020")

    assert "没有找到与“政务公开 卫生健康”相关的内容。" in html
    assert "去掉条件“发布机构：示例市教育局”" in html
    assert "去掉条件“年份：2020年”" in html
    assert f'<a href="/search/?q={ZWGK}+{WSJK}&amp;org=edu">' in html
    assert "减少关键词，搜索：" in html
    assert f'<a href="/search/?q={ZWGK}&amp;org=edu&amp;year=2020">政务公开</a>' in html
    assert '">卫生健康</a>' in html


def test_it_asks_whether_a_misspelt_term_was_meant(region: Region, client: Client) -> None:
    html = html_of(client, q="信息工开 指南")

    assert (
        '您是不是要找：<a href="/search/?q=%E4%BF%A1%E6%81%AF%E5%85%AC%E5%BC%80+%E6%8C%87%E5%8D%97">'
        "信息公开 指南</a>"
    ) in html


def test_it_names_a_wrong_filter_in_chinese_and_searches_with_the_rest(
    region: Region, client: Client, publish: Any
) -> None:
    publish(title="政务公开工作要点")

    response = client.get("/search/", {"q": "政务公开", "year": "明年", "org": "nosuch", "type": "document"})
    html = response.content.decode()

    assert response.status_code == 200
    assert 'role="alert"' in html
    assert "“年份”应为1949至2100之间的四位数年份，如 2026。" in html
    assert "“发布机构”没有代码为“nosuch”的机构。" in html
    assert "<mark>政务公开</mark>工作要点" in html  # the rest of the search ran
    assert 'name="year"' not in html  # a wrong value is not carried on


def test_it_escapes_the_query(region: Region, client: Client) -> None:
    html = html_of(client, q='<script>alert("x")</script> "<b>"')

    assert '<script>alert("x")' not in html
    assert "<b>" not in main_of(html)
    assert "&lt;script&gt;" in html


def test_it_says_when_the_query_was_cut(region: Region, client: Client) -> None:
    html = html_of(client, q="政" * 500)

    assert "搜索词过长，只按前 100 个字符和前 12 个词搜索。" in html


def test_it_pages_results_and_tolerates_bad_page_numbers(
    region: Region, client: Client, publish: Any
) -> None:
    for number in range(22):
        publish(title=f"政务公开工作通知{number}")

    first = client.get("/search/", {"q": "政务公开", "type": "document"})
    second = client.get("/search/", {"q": "政务公开", "type": "document", "page": "2"})
    bad = client.get("/search/", {"q": "政务公开", "type": "document", "page": "abc"})

    assert len(first.context["page_obj"].object_list) == 20
    assert '&amp;page=2" rel="next">下一页</a>' in first.content.decode()
    assert len(second.context["page_obj"].object_list) == 2
    assert '<ol class="results search-results" start="21">' in second.content.decode()
    assert bad.status_code == 200 and bad.context["page_obj"].number == 1
    assert "“页码”应为从 1 开始的整数。" in bad.content.decode()


def test_it_serves_the_page_under_the_strict_csp(region: Region, client: Client, publish: Any) -> None:
    publish(title="政务公开工作要点")

    response = client.get("/search/", {"q": "政务公开"})
    html = response.content.decode()

    assert response["Content-Security-Policy"] == PORTAL_CSP
    assert 'style="' not in html and "<style" not in html
    assert "<script>" not in html


@pytest.mark.usefixtures("memos_kept")
def test_it_renders_in_a_fixed_number_of_queries(region: Region, client: Client, publish: Any) -> None:
    publish(title="政务公开工作要点")
    client.get("/search/", {"q": "政务公开", "type": "document"})  # the layout, remembered by the process
    with CaptureQueriesContext(connection) as few:
        client.get("/search/", {"q": "政务公开", "type": "document", "org": "fgw"})
    for number in range(25):
        publish(title=f"政务公开工作通知{number}")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/search/", {"q": "政务公开", "type": "document", "org": "fgw"})

    assert len(response.context["page_obj"].object_list) == 20
    assert len(many) == len(few)
    # A filtered search on PostgreSQL also sets its planner option (SegmentedPostgresSearchResults).
    reads = [query for query in many if not query["sql"].startswith(("SAVEPOINT", "RELEASE", "SET LOCAL"))]
    assert len(reads) <= 12
