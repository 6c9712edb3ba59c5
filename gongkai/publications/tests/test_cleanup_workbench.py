"""The 规范性文件清理 screens of the workbench (/staff/publications/cleanup/): starting a 清理, listing
documents with their outcome and note, publishing the result list, who may do what, the list's query
count."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from gongkai.core.testing import Region, client_for
from gongkai.publications.choices import CleanupResult, DocumentKind, PublicationStatus, Validity
from gongkai.publications.models import CleanupCampaign, Document
from gongkai.publications.normative import cleanup_campaign_create, cleanup_item_add
from gongkai.publications.tests.helpers import published

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_off")]

LIST_URL = reverse("cleanup_workbench:list")
ADD_URL = reverse("cleanup_workbench:add")


def normative(region: Region, **fields: Any) -> Document:
    return published(region, kind=DocumentKind.NORMATIVE, **fields)


def detail_url(campaign: CleanupCampaign) -> str:
    return reverse("cleanup_workbench:detail", args=[campaign.pk])


def publish_url(campaign: CleanupCampaign) -> str:
    return reverse("cleanup_workbench:publish", args=[campaign.pk])


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def test_it_runs_a_cleanup_from_start_to_the_published_result_list(region: Region) -> None:
    kept = normative(region, title="示例市价格监测管理办法")
    repealed = normative(region, title="示例市旧收费管理办法")
    wangwu = client_for(region.wangwu)  # reviewer of 市发展改革委

    created = wangwu.post(ADD_URL, {"title": "2026年规范性文件清理", "year": "2026", "org": region.fgw.pk})
    campaign = CleanupCampaign.objects.get(title="2026年规范性文件清理")
    assert created["Location"] == detail_url(campaign) and campaign.org == region.fgw

    wangwu.post(detail_url(campaign), {"document": kept.pk, "result": CleanupResult.KEEP})
    wangwu.post(
        detail_url(campaign), {"document": repealed.pk, "result": "repeal", "note": "已被新办法替代。"}
    )
    item = campaign.items.get(document=repealed)
    assert (item.result, item.note) == (CleanupResult.REPEAL, "已被新办法替代。")
    page = wangwu.get(detail_url(campaign)).content.decode()
    assert "已被新办法替代。" in page and "示例市价格监测管理办法" in page

    confirm = wangwu.get(publish_url(campaign)).content.decode()
    assert "本次清理共2件" in confirm
    done = wangwu.post(publish_url(campaign))
    campaign.refresh_from_db()
    repealed.refresh_from_db()
    kept.refresh_from_db()
    assert done.status_code == 302 and campaign.status == PublicationStatus.PUBLISHED
    assert (repealed.validity, kept.validity) == (Validity.REPEALED, Validity.VALID)
    assert any("已发布" in m for m in messages_of(done))
    assert client_for(region.zhangsan).get(f"/normative/cleanup/{campaign.pk}/").status_code == 200
    actions = ModelLogEntry.objects.filter(object_id=str(campaign.pk), action__startswith="gongkai.cleanup")
    assert set(actions.values_list("action", flat=True)) == {
        "gongkai.cleanup.create",
        "gongkai.cleanup.item",
        "gongkai.cleanup.publish",
    }


def test_it_removes_a_document_from_a_draft_list_with_an_audit_entry(region: Region) -> None:
    document = normative(region)
    campaign = cleanup_campaign_create(actor=region.wangwu, title="清理", year=2026, org=region.fgw)
    item = cleanup_item_add(actor=region.wangwu, campaign=campaign, document=document, result="amend")

    response = client_for(region.wangwu).post(
        reverse("cleanup_workbench:remove", args=[campaign.pk, item.pk])
    )
    assert response.status_code == 302 and not campaign.items.exists()
    entry = ModelLogEntry.objects.get(object_id=str(campaign.pk), action="gongkai.cleanup.remove_item")
    assert entry.data["before"]["result"] == "amend"


def test_it_names_the_field_and_keeps_the_input(region: Region) -> None:
    document = normative(region)
    wangwu = client_for(region.wangwu)
    empty = wangwu.post(ADD_URL, {"title": "", "year": "2026年", "org": region.fgw.pk})
    assert empty.status_code == 200
    errors = empty.context["form"].errors
    assert errors["title"] == ["请填写“标题”。"] and "“年度”" in errors["year"][0]

    campaign = cleanup_campaign_create(actor=region.wangwu, title="清理", year=2026, org=region.fgw)
    no_result = wangwu.post(detail_url(campaign), {"document": document.pk, "note": "保留的说明"})
    assert no_result.context["form"].errors["result"] == ["请选择“清理结果”。"]
    html = no_result.content.decode()
    assert "保留的说明" in html and f'<option value="{document.pk}" selected>' in html
    assert not campaign.items.exists()


def test_it_offers_only_valid_normative_documents_of_the_campaigns_organization(region: Region) -> None:
    own = normative(region, title="发改委规范性文件")
    plain = published(region, title="普通通知")
    campaign = cleanup_campaign_create(actor=region.wangwu, title="清理", year=2026, org=region.fgw)
    url = reverse("publications_search_select", args=["cleanup-documents"])

    found = client_for(region.wangwu).get(url, {"campaign": str(campaign.pk), "q": ""}).json()
    assert [row["id"] for row in found["results"]] == [own.pk]
    # Staff of another organization find nothing in it, and cannot post a document to it.
    assert client_for(region.zhaoliu).get(url, {"campaign": campaign.pk}).json()["results"] == []
    refused = client_for(region.wangwu).post(detail_url(campaign), {"document": plain.pk, "result": "keep"})
    assert "“规范性文件”" in refused.context["form"].errors["document"][0]


def test_it_hides_another_organizations_cleanup_and_region_drafts(region: Region) -> None:
    campaign = cleanup_campaign_create(actor=region.wangwu, title="发改委清理", year=2026, org=region.fgw)
    regional = cleanup_campaign_create(actor=region.admin, title="全区域清理", year=2026)
    zhaoliu = client_for(region.zhaoliu)

    assert "发改委清理" not in zhaoliu.get(LIST_URL).content.decode()
    assert zhaoliu.get(detail_url(campaign)).status_code == 404
    assert zhaoliu.post(publish_url(campaign)).status_code == 404
    assert client_for(region.wangwu).get(detail_url(regional)).status_code == 404
    assert client_for(region.admin).get(detail_url(regional)).status_code == 200


def test_it_refuses_an_editor_with_a_403_that_says_why(region: Region) -> None:
    document = normative(region)
    campaign = cleanup_campaign_create(actor=region.wangwu, title="清理", year=2026, org=region.fgw)
    lisi = client_for(region.lisi)  # editor of 市发展改革委: reads, but 清理 is for reviewers

    page = lisi.get(detail_url(campaign))
    assert page.status_code == 200 and "列入清理结果" not in page.content.decode()
    denied = lisi.get(ADD_URL)
    assert denied.status_code == 403 and "审查员或机构管理员" in denied.content.decode()
    posted = lisi.post(detail_url(campaign), {"document": document.pk, "result": "keep"})
    assert posted.status_code == 403 and "规范性文件清理" in posted.content.decode()
    assert lisi.post(publish_url(campaign)).status_code == 403
    assert not campaign.items.exists()


def test_it_lists_campaigns_with_a_number_of_queries_that_does_not_grow(
    region: Region, django_assert_max_num_queries: Any
) -> None:
    document = normative(region)

    def add_campaign(number: int) -> None:
        campaign = cleanup_campaign_create(
            actor=region.wangwu, title=f"清理{number}", year=2026, org=region.fgw
        )
        cleanup_item_add(actor=region.wangwu, campaign=campaign, document=document, result="keep")

    add_campaign(1)
    client = client_for(region.wangwu)
    client.get(LIST_URL)
    with django_assert_max_num_queries(40) as few:
        client.get(LIST_URL)
    for number in range(2, 8):
        add_campaign(number)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST_URL)
    assert "清理7" in response.content.decode()
