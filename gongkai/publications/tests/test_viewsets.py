"""The 政府信息 screens of the workbench, driven with the test client as each persona: drafting through
the form, who sees what, and the workflow buttons (送审, 审查, 退回, 发布, 撤回)."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.core.testing import Region, client_for
from gongkai.publications.choices import Disclosure, DocumentStatus
from gongkai.publications.models import Document, Subject
from gongkai.publications.services import document_submit
from gongkai.publications.tests.helpers import approved, draft, published

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_off")]

NS = "wagtailsnippets_publications_document"
LIST_URL = reverse(f"{NS}:list")
ADD_URL = reverse(f"{NS}:add")


def url(name: str, document: Document) -> str:
    return reverse(f"{NS}:{name}", args=[document.pk])


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def draftail(text: str) -> str:
    """What the Draftail editor posts for one paragraph of ``text``."""
    block = {"key": "a1b2c", "type": "unstyled", "depth": 0, "text": text}
    block |= {"inlineStyleRanges": [], "entityRanges": []}
    return json.dumps({"blocks": [block], "entityMap": {}})


def form_data(region: Region, **changes: Any) -> dict[str, Any]:
    subject = Subject.objects.get(code="2.1") if Subject.objects.filter(code="2.1").exists() else None
    subject = subject or Subject.objects.filter(parent__isnull=False).first()
    data: dict[str, Any] = {
        "org": region.fgw.pk,
        "title": "关于推进数据要素市场化配置的实施意见",
        "kind": "document",
        "doc_number": "示发改〔2026〕9号",
        "summary": "提出数据要素市场化配置的主要任务。",
        "keywords": "数据、要素",
        "genre": "意见",
        "subject": subject.pk if subject else "",
        "validity": "valid",
        "disclosure": Disclosure.PROACTIVE,
        "withheld_ground": "",
        "statutory_items": ["1", "2"],
        "interpretation_form": "",
        "body": draftail("各区人民政府，市政府各部门："),
        "written_on": "2026-03-02",
        "formed_on": "2026-03-03",
    }
    data.update(changes)
    return data


# --- Drafting through the form ------------------------------------------------------------------------


def test_it_drafts_a_document_through_the_workbench_form(region: Region) -> None:
    response = client_for(region.lisi).post(ADD_URL, form_data(region))

    document = Document.objects.get(title="关于推进数据要素市场化配置的实施意见")
    assert response.status_code == 302
    assert response["Location"] == url("edit", document)
    assert document.org == region.fgw
    assert document.status == DocumentStatus.DRAFT
    assert document.created_by == region.lisi
    assert document.keywords == ["数据", "要素"]
    assert document.statutory_items == [1, 2]
    assert "各区人民政府" in document.body
    assert document.revisions.count() == 1  # kept by the service, comparable in the workbench


def test_it_shows_service_refusals_on_the_fields_and_keeps_the_input(region: Region) -> None:
    data = form_data(region, disclosure=Disclosure.WITHHELD, withheld_ground="", title="保留的标题")

    response = client_for(region.lisi).post(ADD_URL, data)

    assert response.status_code == 200
    form = response.context["form"]
    assert "withheld_ground" in form.errors
    assert "不予公开依据" in form.errors["withheld_ground"][0]
    assert 'value="保留的标题"' in response.content.decode()
    assert not Document.objects.filter(title="保留的标题").exists()


def test_it_puts_a_service_validation_error_on_its_field(region: Region) -> None:
    # The form lets any date through; the service knows 废止日期 cannot precede 成文日期.
    data = form_data(region, written_on="2026-03-02", repealed_on="2025-01-01")

    response = client_for(region.lisi).post(ADD_URL, data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors, "the service refused nothing"
    assert not Document.objects.filter(title=data["title"]).exists()


def test_it_saves_edits_of_a_draft_through_the_service(region: Region) -> None:
    document = draft(region)
    data = form_data(region, title="修改后的标题")

    response = client_for(region.lisi).post(url("edit", document), data)

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "修改后的标题"
    assert document.revisions.count() == 2


def test_it_refuses_to_save_a_submitted_document(region: Region) -> None:
    document = document_submit(actor=region.lisi, document=draft(region))
    data = form_data(region, title="送审后改的标题")

    response = client_for(region.lisi).post(url("edit", document), data)

    assert response.status_code == 200
    assert "不能修改" in " ".join(response.context["form"].non_field_errors())
    document.refresh_from_db()
    assert document.title != "送审后改的标题"


# --- Who sees what --------------------------------------------------------------------------------------


def test_it_lists_only_the_documents_of_the_persons_organizations(region: Region) -> None:
    fgw_doc = draft(region, title="发改委的草稿")
    edu_doc = draft(region, title="教育局的草稿", org=region.edu, actor=region.zhaoliu)

    lisi_page = client_for(region.lisi).get(LIST_URL).content.decode()
    zhaoliu_page = client_for(region.zhaoliu).get(LIST_URL).content.decode()

    assert fgw_doc.title in lisi_page and edu_doc.title not in lisi_page
    assert edu_doc.title in zhaoliu_page and fgw_doc.title not in zhaoliu_page


def test_it_refuses_another_organizations_document(region: Region) -> None:
    document = draft(region)
    client = client_for(region.zhaoliu)

    assert client.get(url("edit", document)).status_code == 404
    assert client.get(url("history", document)).status_code in (302, 403, 404)
    response = client.post(url("submit", document))
    assert response.status_code == 404
    document.refresh_from_db()
    assert document.status == DocumentStatus.DRAFT


def test_it_filters_and_searches_the_listing(region: Region) -> None:
    draft(region, title="第一份通知", doc_number="示发改〔2026〕11号")
    submitted = document_submit(actor=region.lisi, document=draft(region, title="第二份通知"))
    client = client_for(region.lisi)

    by_status = client.get(LIST_URL, {"status": DocumentStatus.SUBMITTED}).content.decode()
    by_number = client.get(LIST_URL, {"q": "〔2026〕11号"}).content.decode()

    assert submitted.title in by_status and "第一份通知" not in by_status
    assert "第一份通知" in by_number and "第二份通知" not in by_number


def test_it_lists_with_a_bounded_number_of_queries(
    region: Region, django_assert_max_num_queries: Any
) -> None:
    for number in range(3):
        draft(region, title=f"通知{number}")
    client = client_for(region.wangwu)
    client.get(LIST_URL)  # warm up session and caches
    with django_assert_max_num_queries(35) as few:
        client.get(LIST_URL)
    for number in range(3, 15):
        published(region, title=f"通知{number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST_URL)
    assert "通知14" in response.content.decode()


# --- Workflow buttons -----------------------------------------------------------------------------------


def test_it_submits_for_review(region: Region) -> None:
    document = draft(region)
    client = client_for(region.lisi)

    assert url("submit", document) in client.get(url("edit", document)).content.decode()
    response = client.post(url("submit", document))

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.SUBMITTED
    assert document.submitted_by == region.lisi


def test_it_never_lets_the_submitter_approve(region: Region) -> None:
    from gongkai.publications.tests.helpers import grant

    grant(region, region.lisi, "reviewer")  # even a reviewer may not pass their own submission
    document = document_submit(actor=region.lisi, document=draft(region))
    client = client_for(region.lisi)

    assert url("approve", document) not in client.get(url("edit", document)).content.decode()
    response = client.post(url("approve", document))

    assert response.status_code == 302
    assert any("送审人以外" in m for m in messages_of(response))
    document.refresh_from_db()
    assert document.status == DocumentStatus.SUBMITTED


def test_it_refuses_approval_to_an_editor_with_a_message(region: Region) -> None:
    document = document_submit(actor=region.lisi, document=draft(region))

    response = client_for(region.lisi).post(url("approve", document))

    assert any("无权" in m or "送审人以外" in m for m in messages_of(response))
    document.refresh_from_db()
    assert document.status == DocumentStatus.SUBMITTED


def test_it_lets_the_reviewer_approve_and_publish(region: Region) -> None:
    document = document_submit(actor=region.lisi, document=draft(region))
    client = client_for(region.wangwu)

    assert url("approve", document) in client.get(url("edit", document)).content.decode()
    client.post(url("approve", document))
    document.refresh_from_db()
    assert document.status == DocumentStatus.APPROVED
    response = client.post(url("publish", document), {"publish_at": ""})

    document.refresh_from_db()
    assert document.status == DocumentStatus.PUBLISHED
    assert document.index_no
    assert any("已发布" in m for m in messages_of(response))


def test_it_schedules_a_publication(region: Region) -> None:
    document = approved(region)
    at = timezone.localtime() + datetime.timedelta(days=2)

    client_for(region.wangwu).post(url("publish", document), {"publish_at": at.strftime("%Y-%m-%d %H:%M")})

    document.refresh_from_db()
    assert document.status == DocumentStatus.SCHEDULED
    assert document.go_live_at is not None


def test_it_returns_with_a_reason(region: Region) -> None:
    document = document_submit(actor=region.lisi, document=draft(region))
    client = client_for(region.wangwu)

    refused = client.post(url("return", document), {"reason": ""})
    assert refused.status_code == 200 and refused.context["form"].errors
    client.post(url("return", document), {"reason": "请补充发文字号"})

    document.refresh_from_db()
    assert document.status == DocumentStatus.DRAFT
    assert document.returned_reason == "请补充发文字号"


def test_it_requires_a_reason_to_withdraw(region: Region) -> None:
    document = published(region)
    client = client_for(region.wangwu)

    refused = client.post(url("withdraw", document), {"reason": "  "})
    document.refresh_from_db()
    assert refused.status_code == 200 and "reason" in refused.context["form"].errors
    assert document.status == DocumentStatus.PUBLISHED

    client.post(url("withdraw", document), {"reason": "内容已过时"})
    document.refresh_from_db()
    assert document.status == DocumentStatus.WITHDRAWN
    assert document.withdrawn_reason == "内容已过时"


def test_it_reports_a_state_conflict_as_a_message(region: Region) -> None:
    document = draft(region)

    response = client_for(region.wangwu).post(url("publish", document), {"publish_at": ""})

    assert response.status_code == 302
    assert any("不能发布" in m for m in messages_of(response))
    document.refresh_from_db()
    assert document.status == DocumentStatus.DRAFT


def test_it_shows_the_history_and_revisions(region: Region) -> None:
    document = published(region)
    client = client_for(region.lisi)

    history = client.get(url("history", document))
    assert history.status_code == 200
    assert "保密审查通过" in history.content.decode()
    revisions = list(document.revisions.order_by("pk").values_list("pk", flat=True))
    compare = reverse(f"{NS}:revisions_compare", args=[document.pk, revisions[0], revisions[-1]])
    assert client.get(compare).status_code == 200


def test_it_shows_a_published_document_read_only_without_autosave(region: Region) -> None:
    document = published(region)

    response = client_for(region.wangwu).get(url("edit", document))

    page = response.content.decode()
    assert response.status_code == 200
    assert "不能修改" in page
    assert "action-save" not in page
    assert response.context["autosave_enabled"] is False
    assert region.fgw.name in page  # the issuing organization shows although 王五 is no editor
    assert url("withdraw", document) in page


def test_it_lets_a_viewer_read_but_not_edit(region: Region) -> None:
    from gongkai.publications.tests.helpers import grant

    grant(region, region.zhangsan, "viewer")
    document = draft(region, title="只读的草稿")
    client = client_for(region.zhangsan)

    listing = client.get(LIST_URL).content.decode()
    assert "只读的草稿" in listing and url("inspect", document) in listing
    assert client.get(url("inspect", document)).status_code == 200
    assert client.get(url("edit", document)).status_code in (302, 403)
    assert client.get(ADD_URL).status_code in (302, 403)


def test_it_offers_the_reviewers_steps_in_the_listing_rows(region: Region) -> None:
    document = document_submit(actor=region.lisi, document=draft(region))

    wangwu_rows = client_for(region.wangwu).get(LIST_URL).content.decode()
    lisi_rows = client_for(region.lisi).get(LIST_URL).content.decode()

    assert url("approve", document) in wangwu_rows and url("return", document) in wangwu_rows
    assert url("approve", document) not in lisi_rows


def test_it_hides_revisions_and_other_screens_of_another_organizations_document(region: Region) -> None:
    document = published(region)
    revisions = list(document.revisions.order_by("pk").values_list("pk", flat=True))
    client = client_for(region.zhaoliu)

    screens = [
        reverse(f"{NS}:revisions_compare", args=[document.pk, revisions[0], revisions[-1]]),
        reverse(f"{NS}:revisions_view", args=[document.pk, revisions[0]]),
        url("history", document),
        url("usage", document),
        url("inspect", document),
    ]
    for screen in screens:
        assert client.get(screen).status_code == 404, screen


def test_it_offers_only_visible_documents_in_the_chooser(region: Region) -> None:
    document = draft(region, title="发改委的草稿")
    choose = reverse("wagtailsnippetchoosers_publications_document:choose")
    chosen = reverse("wagtailsnippetchoosers_publications_document:chosen", args=[document.pk])

    assert "发改委的草稿" in client_for(region.lisi).get(choose).json()["html"]
    assert "发改委的草稿" not in client_for(region.zhaoliu).get(choose).json()["html"]
    assert client_for(region.zhaoliu).get(chosen).status_code == 404
