"""The 主动公开 groups of the workbench dashboard (我的待办): my drafts, awaiting my review, scheduled,
returned to me — each for the right persona, each item linking to the document's edit view."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.core.dashboard import task_groups_for
from gongkai.core.testing import Region
from gongkai.publications.models import Document
from gongkai.publications.services import document_publish, document_return, document_submit
from gongkai.publications.tests.helpers import approved, draft
from gongkai.publications.viewsets import (
    awaiting_my_review,
    edit_url,
    my_drafts,
    returned_to_me,
    scheduled_of_my_orgs,
)

pytestmark = pytest.mark.django_db

DRAFTS, REVIEW, SCHEDULED, RETURNED = "我的草稿", "待我审查的政府信息", "定时发布", "退回给我的政府信息"


def titles(items: Any) -> list[str]:
    return [item.title for item in items]


def groups_of(user: Any) -> dict[str, list[str]]:
    return {group.label: titles(group.items) for group in task_groups_for(user=user)}


def test_it_lists_the_editors_own_drafts(region: Region) -> None:
    mine = draft(region, title="李四的草稿")
    draft(region, title="赵六的草稿", org=region.edu, actor=region.zhaoliu)

    items = my_drafts(region.lisi)

    assert titles(items) == ["李四的草稿"]
    assert items[0].url == edit_url(mine)
    assert titles(my_drafts(region.wangwu)) == []


def test_it_lists_submissions_awaiting_the_reviewer_but_not_their_own(region: Region) -> None:
    from gongkai.publications.tests.helpers import grant

    document_submit(actor=region.lisi, document=draft(region, title="李四送审的"))
    grant(region, region.wangwu, "editor")
    document_submit(actor=region.wangwu, document=draft(region, title="王五自己送审的", actor=region.wangwu))

    assert titles(awaiting_my_review(region.wangwu)) == ["李四送审的"]
    assert titles(awaiting_my_review(region.lisi)) == []  # an editor, not a reviewer
    assert titles(awaiting_my_review(region.zhaoliu)) == []  # reviewer of 市教育局 only


def test_it_lists_scheduled_publications_of_the_persons_organizations(region: Region) -> None:
    document = approved(region, title="定时发布的通知")
    at = timezone.now() + datetime.timedelta(days=3)
    document_publish(actor=region.wangwu, document=document, publish_at=at)

    items = scheduled_of_my_orgs(region.lisi)

    assert titles(items) == ["定时发布的通知"]
    assert "定于" in items[0].note
    assert titles(scheduled_of_my_orgs(region.zhaoliu)) == []


def test_it_lists_drafts_returned_to_their_author_with_the_reason(region: Region) -> None:
    submitted = document_submit(actor=region.lisi, document=draft(region, title="被退回的通知"))
    document_return(actor=region.wangwu, document=submitted, reason="请补充主题词")

    items = returned_to_me(region.lisi)

    assert titles(items) == ["被退回的通知"]
    assert "请补充主题词" in items[0].note
    assert "被退回的通知" not in titles(my_drafts(region.lisi))  # shown once, under 退回
    assert titles(returned_to_me(region.wangwu)) == []


def test_it_shows_the_groups_on_the_dashboard(region: Region, client: Client, settings: Any) -> None:
    settings.GONGKAI_REQUIRE_2FA = False
    document = document_submit(actor=region.lisi, document=draft(region, title="等待审查的通知"))
    client.force_login(region.wangwu)

    page = client.get(reverse("wagtailadmin_home")).content.decode()

    assert REVIEW in page and "等待审查的通知" in page
    assert edit_url(document) in page
    assert groups_of(region.lisi).get(REVIEW) is None


def test_it_reads_each_group_in_a_fixed_number_of_queries(
    region: Region, django_assert_max_num_queries: Any
) -> None:
    for number in range(2):
        document_submit(actor=region.lisi, document=draft(region, title=f"送审{number}"))
    task_groups_for(user=region.wangwu)  # roles read and cached on the user object
    with django_assert_max_num_queries(20) as few:
        task_groups_for(user=region.wangwu)
    for number in range(2, 12):
        document_submit(actor=region.lisi, document=draft(region, title=f"送审{number}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        groups = groups_of(region.wangwu)
    assert len(groups[REVIEW]) == 10
    assert Document.objects.filter(status="submitted").count() == 12
