"""The 政府公报 screens of the workbench (/staff/publications/gazette/), driven with the test client as each
persona: new issue, composing it (add, reorder, remove), publishing, who may do what, and the list's
query count."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from gongkai.core.testing import Region, client_for
from gongkai.publications.choices import PublicationStatus
from gongkai.publications.gazette import gazette_issue_add_document, gazette_issue_create
from gongkai.publications.models import Document, GazetteIssue
from gongkai.publications.tests.helpers import draft, published

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_off")]

LIST_URL = reverse("gazette_workbench:list")
ADD_URL = reverse("gazette_workbench:add")


def detail_url(issue: GazetteIssue) -> str:
    return reverse("gazette_workbench:detail", args=[issue.pk])


def item_url(issue: GazetteIssue, document: Document, action: str) -> str:
    return reverse("gazette_workbench:item", args=[issue.pk, document.gazette_item.pk, action])


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def order_of(issue: GazetteIssue) -> list[str]:
    return [item.document.title for item in issue.items.select_related("document").order_by("sort_order")]


def actions_of(issue: GazetteIssue) -> list[str]:
    entries = ModelLogEntry.objects.filter(object_id=str(issue.pk), action__startswith="gongkai.gazette")
    return list(entries.order_by("timestamp", "pk").values_list("action", flat=True))


def test_it_creates_composes_and_publishes_an_issue_through_the_screens(region: Region) -> None:
    first = published(region, title="关于印发甲办法的通知")
    second = published(region, title="关于印发乙办法的通知", doc_number="示发改〔2026〕2号")
    lisi = client_for(region.lisi)  # editor of 市发展改革委

    created = lisi.post(ADD_URL, {"org": region.fgw.pk, "year": "2026", "published_on": "2026-03-15"})
    issue = GazetteIssue.objects.get(org=region.fgw)
    assert created["Location"] == detail_url(issue)
    assert (issue.number, issue.title) == (1, "示例市发展和改革委员会公报 2026年第1期")

    # Chosen second, then first: the issue keeps that order.
    added = lisi.post(detail_url(issue), {"documents": [second.pk, first.pk]})
    assert added.status_code == 302
    assert order_of(issue) == [second.title, first.title]
    lisi.post(item_url(issue, first, "up"))
    assert order_of(issue) == [first.title, second.title]
    lisi.post(item_url(issue, second, "remove"))
    assert order_of(issue) == [first.title]

    page = lisi.get(reverse("gazette_workbench:publish", args=[issue.pk])).content.decode()
    assert 'value="2026-03-15"' in page  # the planned date is offered
    done = lisi.post(reverse("gazette_workbench:publish", args=[issue.pk]), {"published_on": "2026-03-16"})
    issue.refresh_from_db()
    assert done.status_code == 302
    assert (issue.status, str(issue.published_on)) == (PublicationStatus.PUBLISHED, "2026-03-16")
    assert any("已出版" in m for m in messages_of(done))
    assert actions_of(issue) == [
        "gongkai.gazette.create",
        "gongkai.gazette.add_document",
        "gongkai.gazette.add_document",
        "gongkai.gazette.reorder",
        "gongkai.gazette.remove_document",
        "gongkai.gazette.publish",
    ]
    # Published: read-only, with the reading-room link.
    after = lisi.get(detail_url(issue)).content.decode()
    assert "添加到本期" not in after and "/gazette/2026/1/" in after
    assert client_for(region.lisi).get("/gazette/2026/1/").status_code == 200


def test_it_names_the_field_and_keeps_the_input_when_the_issue_is_refused(region: Region) -> None:
    lisi = client_for(region.lisi)
    bad = lisi.post(ADD_URL, {"org": region.fgw.pk, "year": "二〇二六", "title": "保留的标题"})
    assert bad.status_code == 200
    assert "“年度”" in bad.context["form"].errors["year"][0]
    assert 'value="保留的标题"' in bad.content.decode()

    gazette_issue_create(actor=region.lisi, org=region.fgw, year=2026, number=2)
    taken = lisi.post(ADD_URL, {"org": region.fgw.pk, "year": "2026", "number": "2", "title": "又一期"})
    assert taken.status_code == 200
    assert "该期号已存在" in taken.context["form"].errors["number"][0]
    assert 'value="又一期"' in taken.content.decode()
    assert GazetteIssue.objects.count() == 1


def test_it_refuses_drafts_and_documents_already_printed_and_keeps_the_choice(region: Region) -> None:
    issue = gazette_issue_create(actor=region.lisi, org=region.fgw, year=2026)
    other = gazette_issue_create(actor=region.lisi, org=region.fgw, year=2026)
    printed = published(region, title="已刊登的文件")
    gazette_issue_add_document(actor=region.lisi, issue=other, document=printed)
    fine = published(region, title="可以刊登的文件")
    unpublished = draft(region, title="尚未发布的文件")
    lisi = client_for(region.lisi)

    for refused in (unpublished, printed):
        response = lisi.post(detail_url(issue), {"documents": [fine.pk, refused.pk]})
        assert response.status_code == 200
        assert "“添加文件”" in response.context["form"].errors["documents"][0]
        assert fine.title in response.content.decode()  # still chosen on the form
    assert issue.items.count() == 0  # all or nothing
    assert lisi.post(detail_url(issue), {}).context["form"].errors["documents"] == [
        "请先在“添加文件”中选择要刊登的文件。"
    ]


def test_it_refuses_publishing_an_empty_issue_with_a_message(region: Region) -> None:
    issue = gazette_issue_create(actor=region.lisi, org=region.fgw, year=2026)
    response = client_for(region.lisi).post(
        reverse("gazette_workbench:publish", args=[issue.pk]), {"published_on": "2026-03-16"}
    )
    issue.refresh_from_db()
    assert issue.status == PublicationStatus.DRAFT
    assert any("没有收录任何文件" in m for m in messages_of(response))


def test_it_hides_another_organizations_issues(region: Region) -> None:
    issue = gazette_issue_create(actor=region.lisi, org=region.fgw, year=2026, title="发改委公报第一期")
    document = published(region)
    gazette_issue_add_document(actor=region.lisi, issue=issue, document=document)
    zhaoliu = client_for(region.zhaoliu)  # every role, but in 市教育局

    assert "发改委公报第一期" not in zhaoliu.get(LIST_URL).content.decode()
    assert zhaoliu.get(detail_url(issue)).status_code == 404
    assert zhaoliu.post(detail_url(issue), {"documents": [document.pk]}).status_code == 404
    assert zhaoliu.post(item_url(issue, document, "remove")).status_code == 404
    assert zhaoliu.post(reverse("gazette_workbench:publish", args=[issue.pk])).status_code == 404
    assert issue.items.count() == 1


def test_it_lets_a_reviewer_read_but_not_edit_an_issue(region: Region) -> None:
    issue = gazette_issue_create(actor=region.lisi, org=region.fgw, year=2026)
    document = published(region)
    gazette_issue_add_document(actor=region.lisi, issue=issue, document=document)
    wangwu = client_for(region.wangwu)  # reviewer of 市发展改革委: no gazette role

    page = wangwu.get(detail_url(issue))
    assert page.status_code == 200 and document.title in page.content.decode()
    assert "添加到本期" not in page.content.decode() and "移除" not in page.content.decode()
    assert wangwu.get(ADD_URL).status_code == 403
    assert wangwu.post(ADD_URL, {"org": region.fgw.pk, "year": "2026"}).status_code == 403
    assert wangwu.post(item_url(issue, document, "remove")).status_code == 403
    assert (
        wangwu.post(
            reverse("gazette_workbench:publish", args=[issue.pk]), {"published_on": "2026-03-16"}
        ).status_code
        == 403
    )
    issue.refresh_from_db()
    assert issue.status == PublicationStatus.DRAFT and issue.items.count() == 1


def test_it_offers_only_printable_documents_in_the_chooser(region: Region) -> None:
    fine = published(region, title="营商环境办法")
    draft(region, title="营商环境草稿")
    url = reverse("publications_search_select", args=["gazette-documents"])

    found = client_for(region.lisi).get(url, {"q": "营商环境"}).json()
    assert [row["id"] for row in found["results"]] == [fine.pk]
    assert "示例市发展和改革委员会" in found["results"][0]["label"]
    assert client_for(region.zhangsan).get(url, {"q": "营商"}).status_code in (302, 403)


def test_it_lists_issues_with_a_number_of_queries_that_does_not_grow(
    region: Region, django_assert_max_num_queries: Any
) -> None:
    def add_issue(number: int) -> None:
        issue = gazette_issue_create(actor=region.lisi, org=region.fgw, year=2026, number=number)
        gazette_issue_add_document(
            actor=region.lisi, issue=issue, document=published(region, title=f"文件{number}")
        )

    add_issue(1)
    client = client_for(region.lisi)
    client.get(LIST_URL)  # warm up session and caches
    with django_assert_max_num_queries(40) as few:
        client.get(LIST_URL)
    for number in range(2, 8):
        add_issue(number)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST_URL)
    assert "示例市发展和改革委员会公报 2026年第7期" in response.content.decode()
