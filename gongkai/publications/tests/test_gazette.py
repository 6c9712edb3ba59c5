"""政府公报: issues, the public reading room and the DOCX download (issue 3 item 7)."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.test import Client
from wagtail.models import ModelLogEntry

from gongkai.core.exceptions import ServicePermissionDenied, ServiceValidationError, StateConflict
from gongkai.core.testing import Region
from gongkai.orgs.choices import Role
from gongkai.publications.choices import PublicationStatus
from gongkai.publications.gazette import (
    gazette_issue_add_document,
    gazette_issue_create,
    gazette_issue_for_document,
    gazette_issue_publish,
)
from gongkai.publications.gazette_docx import html_paragraphs
from gongkai.publications.models import GazetteIssue
from gongkai.publications.tests.helpers import draft, grant, published

pytestmark = pytest.mark.django_db


def issue_with_two(region: Region) -> GazetteIssue:
    """Issue 2026/3 of the city's gazette with two documents, edited by 管理员."""
    issue = gazette_issue_create(actor=region.admin, org=region.city, year=2026, number=3)
    first = published(
        region, title="关于印发示例市营商环境条例实施办法的通知", body="<p>第一条　为了优化营商环境。</p>"
    )
    second = published(region, title="示例市人民政府关于调整工作时间的通知", doc_number="示政发〔2026〕5号")
    gazette_issue_add_document(actor=region.admin, issue=issue, document=first)
    gazette_issue_add_document(actor=region.admin, issue=issue, document=second)
    return issue


def test_it_creates_an_issue_with_the_default_title_and_next_number(region: Region) -> None:
    grant(region, region.lisi, Role.EDITOR, org=region.city)
    first = gazette_issue_create(actor=region.lisi, org=region.city, year=2026)
    second = gazette_issue_create(actor=region.lisi, org=region.city, year=2026)
    assert (first.number, second.number) == (1, 2)
    assert second.title == "示例市人民政府公报 2026年第2期"
    assert ModelLogEntry.objects.filter(action="gongkai.gazette.create", object_id=str(first.pk)).exists()
    with pytest.raises(ServiceValidationError, match="2026年第2期已存在"):
        gazette_issue_create(actor=region.lisi, org=region.city, year=2026, number=2)


def test_it_refuses_staff_of_other_organizations(region: Region) -> None:
    with pytest.raises(ServicePermissionDenied):
        gazette_issue_create(actor=region.zhaoliu, org=region.city, year=2026)


def test_it_prints_a_document_in_at_most_one_issue(region: Region) -> None:
    issue = issue_with_two(region)
    other = gazette_issue_create(actor=region.admin, org=region.city, year=2026, number=4)
    document = issue.items.first().document  # type: ignore[union-attr]
    with pytest.raises(ServiceValidationError, match="一件文件只能刊登在一期公报上") as excinfo:
        gazette_issue_add_document(actor=region.admin, issue=other, document=document)
    assert "2026年第3期" in str(excinfo.value.message)


def test_it_refuses_unpublished_documents_and_empty_or_repeated_publication(region: Region) -> None:
    issue = gazette_issue_create(actor=region.admin, org=region.city, year=2026)
    with pytest.raises(ServiceValidationError, match="尚未发布"):
        gazette_issue_add_document(actor=region.admin, issue=issue, document=draft(region))
    with pytest.raises(ServiceValidationError, match="没有收录任何文件"):
        gazette_issue_publish(actor=region.admin, issue=issue)
    gazette_issue_add_document(actor=region.admin, issue=issue, document=published(region))
    gazette_issue_publish(actor=region.admin, issue=issue)
    with pytest.raises(StateConflict):
        gazette_issue_publish(actor=region.admin, issue=issue)
    with pytest.raises(StateConflict):
        gazette_issue_add_document(actor=region.admin, issue=issue, document=published(region, title="另一"))


def test_it_shows_a_published_issue_in_the_reading_room(region: Region, client: Client) -> None:
    issue = issue_with_two(region)
    documents = [item.document for item in issue.items.all()]
    assert client.get("/gazette/2026/3/").status_code == 404  # a draft is not public
    assert gazette_issue_for_document(documents[0]) is None
    gazette_issue_publish(actor=region.admin, issue=issue, published_on=dt.date(2026, 3, 15))
    assert issue.status == PublicationStatus.PUBLISHED

    index = client.get("/gazette/").content.decode()
    assert "/gazette/2026/" in index and issue.title in index
    year = client.get("/gazette/2026/").content.decode()
    assert issue.title in year
    page = client.get("/gazette/2026/3/").content.decode()
    first, second = (page.index(f'href="/documents/{d.pk}/"') for d in documents)
    assert first < second
    assert gazette_issue_for_document(documents[1]) == issue


def test_it_searches_the_titles_of_published_issues(region: Region, client: Client) -> None:
    issue = issue_with_two(region)
    gazette_issue_publish(actor=region.admin, issue=issue)
    page = client.get("/gazette/", {"q": "营商环境 实施办法"}).content.decode()
    assert "关于印发示例市营商环境条例实施办法的通知" in page
    assert "调整工作时间" not in page.split("检索结果")[1].split("按年度浏览")[0]
    assert "没有找到" in client.get("/gazette/", {"q": "不存在的词"}).content.decode()


def test_it_downloads_an_issue_as_a_docx_with_its_documents_in_order(region: Region, client: Client) -> None:
    issue = issue_with_two(region)
    gazette_issue_publish(actor=region.admin, issue=issue, published_on=dt.date(2026, 3, 15))
    response = client.get("/gazette/2026/3/docx/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
    assert text[0] == "示例市人民政府公报 2026年第3期"
    assert "2026年第3期" in text and "出版日期：2026年03月15日" in text
    headings = [t for t in text if t.endswith("的通知")]
    assert headings == [
        "关于印发示例市营商环境条例实施办法的通知",
        "示例市人民政府关于调整工作时间的通知",
    ]
    assert "1. 关于印发示例市营商环境条例实施办法的通知" in text[text.index("目录") + 1]
    assert "第一条　为了优化营商环境。" in text
    assert any("示政发〔2026〕5号" in t for t in text)


def test_it_turns_rich_text_into_paragraphs() -> None:
    html = "<h2>总则</h2><p>第一条<b>　目的</b></p><script>alert(1)</script><ul><li>甲</li><li>乙</li></ul>"
    assert html_paragraphs(html) == ["总则", "第一条　目的", "甲", "乙"]


def test_it_answers_404_for_unknown_issues(client: Client, region: Region) -> None:
    assert client.get("/gazette/1999/1/").status_code == 404
    assert client.get("/gazette/1999/1/docx/").status_code == 404
    assert client.get("/gazette/1999/").status_code == 404


def test_it_shows_an_issue_in_a_constant_number_of_queries(region: Region, client: Client) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = issue_with_two(region)
    gazette_issue_publish(actor=region.admin, issue=small)
    large = gazette_issue_create(actor=region.admin, org=region.city, year=2026, number=4)
    for n in range(5):
        gazette_issue_add_document(
            actor=region.admin, issue=large, document=published(region, title=f"文件{n}")
        )
    gazette_issue_publish(actor=region.admin, issue=large)
    counts = []
    for url in ("/gazette/2026/3/", "/gazette/2026/4/"):
        client.get(url)  # warm the portal chrome's caches (site, settings): not this page's own queries
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_it_names_the_issue_on_the_document_page(region: Region, client: Client) -> None:
    issue = issue_with_two(region)
    document = issue.items.all()[0].document
    assert "刊登公报" not in client.get(document.get_url()).content.decode()
    gazette_issue_publish(actor=region.admin, issue=issue, published_on=dt.date(2026, 3, 15))
    page = client.get(document.get_url()).content.decode()
    assert f'<a href="/gazette/2026/3/">《{issue.title}》</a>' in page
