"""An organization's columns (栏目): the standard ones every organization gets, their pages, their guard."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from wagtail.models import Page, PageLogEntry, ReferenceIndex
from wagtail.search.models import IndexEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from gongkai.core.testing import Region, make_org
from gongkai.orgs.models import Organization
from gongkai.portal.models import ColumnPage, ContentPage, OrganizationPage
from gongkai.portal.services import (
    STANDARD_COLUMNS,
    org_columns_ensure,
    standard_column_keys,
)
from gongkai.portal.wagtail_hooks import standard_column_refusal
from gongkai.publications.choices import statutory_item_label

pytestmark = pytest.mark.django_db

STANDARD_COUNT = 8 + 15  # eight top-level columns, and one sub-column per item of 条例第二十条


def _columns(org: Organization) -> list[ColumnPage]:
    org_page = OrganizationPage.objects.get(org=org)
    return list(ColumnPage.objects.descendant_of(org_page).order_by("path"))


def _column(org: Organization, key: str) -> ColumnPage:
    org_page = OrganizationPage.objects.get(org=org)
    return ColumnPage.objects.descendant_of(org_page).get(column_key=key)


# --- The standard columns ------------------------------------------------------------------------------


def test_it_gives_every_organization_exactly_the_standard_columns(region: Region) -> None:
    for org in (region.city, region.fgw, region.edu):
        columns = _columns(org)

        assert len(columns) == STANDARD_COUNT
        assert [c.column_key for c in columns] == [
            "guide",
            "rules",
            "statutory",
            *[f"statutory-{n}" for n in range(1, 16)],
            "annual-reports",
            "policies",
            "interpretations",
            "key-areas",
            "responses",
        ]
        assert all(c.is_standard and c.live for c in columns)


def test_it_titles_and_times_the_top_level_columns_as_the_rules_ask(region: Region) -> None:
    org_page = OrganizationPage.objects.get(org=region.fgw)
    top = ColumnPage.objects.child_of(org_page).order_by("path")

    assert [(c.title, c.slug, c.expected_update_days, c.statutory_item) for c in top] == [
        ("信息公开指南", "guide", None, None),
        ("信息公开制度", "rules", None, None),
        ("法定主动公开内容", "statutory", None, None),
        ("政府信息公开年报", "annual-reports", 366, None),
        ("政策文件", "policies", 183, None),  # 国办秘函〔2019〕19号: 政策文件 every 6 months
        ("政策解读", "interpretations", 183, None),
        ("重点领域", "key-areas", None, None),
        ("回应关切", "responses", 14, None),  # 动态、回应 every 2 weeks
    ]


def test_it_gives_the_statutory_column_one_sub_column_per_item_of_article_20(region: Region) -> None:
    statutory = _column(region.fgw, "statutory")
    items = ColumnPage.objects.child_of(statutory).order_by("path")

    assert [c.statutory_item for c in items] == list(range(1, 16))
    assert [c.title for c in items] == [statutory_item_label(n) for n in range(1, 16)]
    assert items[10].title == "（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"
    assert items[10].url == "/orgs/fgw/statutory/statutory-11/"


def test_it_creates_the_columns_of_an_organization_made_later(region: Region) -> None:
    org = make_org("stats", "示例市统计局", parent=region.city, serial=9)

    assert [c.column_key for c in _columns(org)] == standard_column_keys()


def test_it_creates_nothing_the_second_time(region: Region) -> None:
    before = list(ColumnPage.objects.values_list("pk", flat=True))

    assert org_columns_ensure(org=region.fgw) == []
    assert list(ColumnPage.objects.values_list("pk", flat=True)) == before


def test_it_keeps_what_editors_changed_and_adds_only_what_is_missing(region: Region) -> None:
    policies = _column(region.fgw, "policies")
    policies.title = "政策文件库"
    policies.save()
    for key in ("responses", "statutory-7"):
        _column(region.fgw, key).delete()

    created = org_columns_ensure(org=region.fgw)

    assert [c.column_key for c in created] == ["responses", "statutory-7"]
    assert _column(region.fgw, "policies").title == "政策文件库"
    assert _column(region.fgw, "statutory-7").get_parent().specific.column_key == "statutory"
    assert len(_columns(region.fgw)) == STANDARD_COUNT
    assert Page.find_problems() == ([], [], [], [], [])


def test_it_finds_a_free_slug_when_an_editor_took_the_columns_slug(region: Region) -> None:
    _column(region.fgw, "rules").delete()
    org_page = OrganizationPage.objects.get(org=region.fgw)
    org_page.add_child(instance=ContentPage(title="制度汇编", slug="rules"))

    (rules,) = org_columns_ensure(org=region.fgw)

    assert (rules.column_key, rules.slug, rules.url) == ("rules", "rules-2", "/orgs/fgw/rules-2/")


def test_it_records_the_creation_in_the_audit_log(region: Region) -> None:
    org_page = OrganizationPage.objects.get(org=region.edu)

    entry = PageLogEntry.objects.get(page=org_page, action="gongkai.org_columns.ensure")

    assert entry.data["org"] == "edu"
    assert sorted(entry.data["created"]) == sorted(standard_column_keys())


def test_it_leaves_a_consistent_tree_that_editors_keep_building(region: Region) -> None:
    assert Page.find_problems() == ([], [], [], [], [])
    policies = _column(region.fgw, "policies")
    policies.add_child(instance=ColumnPage(title="发展规划", slug="plans", column_key="plans"))
    statutory = _column(region.fgw, "statutory")
    statutory.add_child(instance=ContentPage(title="说明", slug="about"))

    assert Page.find_problems() == ([], [], [], [], [])
    assert [p.slug for p in statutory.get_children()][-2:] == ["statutory-15", "about"]
    assert ColumnPage.objects.get(column_key="plans").url == "/orgs/fgw/policies/plans/"


def test_it_indexes_the_columns_for_search_and_has_no_references_to_record(region: Region) -> None:
    columns = _columns(region.fgw)

    indexed = set(
        IndexEntry.objects.filter(content_type__model="columnpage").values_list("object_id", flat=True)
    )
    assert {str(c.pk) for c in columns} <= indexed
    # The batch insert skips the reference index because a new column refers to nothing; prove it.
    for column in columns[:3]:
        ReferenceIndex.create_or_update_for_object(column)
    assert not ReferenceIndex.objects.exists()


# --- Public pages ----------------------------------------------------------------------------------


def test_it_redirects_the_guide_column_to_the_organization_page(region: Region, client: Client) -> None:
    response = client.get("/orgs/fgw/guide/")

    assert response.status_code == 302
    assert response["Location"] == "/orgs/fgw/"


def test_it_lists_the_sub_columns_of_a_column(region: Region, client: Client) -> None:
    html = client.get("/orgs/fgw/statutory/").content.decode()

    assert '<h1 id="column-title">法定主动公开内容</h1>' in html
    links = re.findall(r'<li><a href="(/orgs/fgw/statutory/statutory-\d+/)">([^<]+)</a></li>', html)
    assert [url for url, _title in links] == [f"/orgs/fgw/statutory/statutory-{n}/" for n in range(1, 16)]
    assert links[0][1] == "（一）行政法规、规章和规范性文件"
    assert "本栏目暂无信息。" not in html  # the sub-columns are its content


def test_it_shows_the_empty_state_and_the_organizations_columns_on_a_leaf_column(
    region: Region, client: Client
) -> None:
    policies = _column(region.fgw, "policies")
    policies.intro = "<p>本机关制定的政策文件。</p>"
    policies.save_revision().publish()

    html = client.get("/orgs/fgw/policies/").content.decode()

    assert "本栏目暂无信息。" in html
    assert "本机关制定的政策文件。" in html
    nav = html.split('aria-labelledby="columns-nav-title"', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/orgs/fgw/policies/" aria-current="true"><strong>政策文件</strong></a>' in nav
    assert '<a href="/orgs/fgw/#guide-title">信息公开指南</a>' in nav
    crumbs = html.split('class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    assert "示例市发展和改革委员会" in crumbs and 'aria-current="page">政策文件<' in crumbs


def test_it_lists_a_columns_pages_instead_of_the_empty_state(region: Region, client: Client) -> None:
    _column(region.fgw, "rules").add_child(instance=ContentPage(title="保密审查制度", slug="secrecy"))

    html = client.get("/orgs/fgw/rules/").content.decode()

    assert '<a href="/orgs/fgw/rules/secrecy/">保密审查制度</a>' in html
    assert "本栏目暂无信息。" not in html


@pytest.mark.usefixtures("memos_kept")
def test_it_renders_a_column_page_in_a_fixed_number_of_queries(
    region: Region, client: Client, django_assert_num_queries: Any
) -> None:
    """Wagtail's routing costs two queries per URL level; the column adds a fixed few, whatever its size."""
    policies = _column(region.fgw, "policies")
    policies.add_child(instance=ColumnPage(title="发展规划", slug="plans", column_key="plans"))
    client.get("/orgs/fgw/statutory/")  # warm the site-root and content-type caches and the layout's memo

    # 17 + the count of the column’s published documents (issue 3 item 1; none here, so no list query).
    with django_assert_num_queries(18):  # 15 sub-columns
        assert client.get("/orgs/fgw/statutory/").status_code == 200
    with django_assert_num_queries(18):  # 1 sub-column, same depth
        assert client.get("/orgs/fgw/policies/").status_code == 200


def test_it_lists_the_columns_on_the_organization_page(region: Region, client: Client) -> None:
    html = client.get("/orgs/fgw/").content.decode()

    nav = html.split('aria-labelledby="columns-nav-title"', 1)[1].split("</nav>", 1)[0]
    assert '<h2 id="columns-nav-title" class="h-small">栏目</h2>' in html
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav) == [
        ("/orgs/fgw/#guide-title", "信息公开指南"),
        ("/orgs/fgw/rules/", "信息公开制度"),
        ("/orgs/fgw/statutory/", "法定主动公开内容"),
        ("/orgs/fgw/annual-reports/", "政府信息公开年报"),
        ("/orgs/fgw/policies/", "政策文件"),
        ("/orgs/fgw/interpretations/", "政策解读"),
        ("/orgs/fgw/key-areas/", "重点领域"),
        ("/orgs/fgw/responses/", "回应关切"),
    ]


def test_it_leaves_unpublished_columns_out_of_the_navigation(region: Region, client: Client) -> None:
    _column(region.fgw, "key-areas").unpublish()

    html = client.get("/orgs/fgw/").content.decode()

    assert "/orgs/fgw/key-areas/" not in html
    assert "/orgs/fgw/responses/" in html


# --- Workbench: standard columns stay ----------------------------------------------------------------


def _delete_url(page: Page) -> str:
    return f"/staff/pages/{page.pk}/delete/"


def test_it_refuses_a_reviewer_who_deletes_a_standard_column(region: Region, client: Client) -> None:
    guide = _column(region.fgw, "guide")
    client.force_login(region.wangwu)  # reviewer of fgw: Wagtail lets him delete live leaf pages

    response = client.post(_delete_url(guide), follow=True)

    assert ColumnPage.objects.filter(pk=guide.pk).exists()
    messages = [str(m).strip() for m in response.context["messages"]]
    assert messages == ["“信息公开指南”是平台设定的标准栏目，机构工作人员不能删除；可以修改其标题和说明。"]


def test_it_refuses_an_org_admin_who_deletes_a_page_holding_standard_columns(
    region: Region, client: Client
) -> None:
    statutory = _column(region.edu, "statutory")
    client.force_login(region.zhaoliu)  # org_admin of edu: may delete whole subtrees

    response = client.get(_delete_url(statutory))

    assert response.status_code == 302
    assert ColumnPage.objects.descendant_of(statutory, inclusive=True).count() == 16
    refusal = standard_column_refusal(region.zhaoliu, [OrganizationPage.objects.get(org=region.edu)])
    assert refusal is not None and "下有平台设定的标准栏目" in refusal


def _bulk_delete(client: Client, pages: list[ColumnPage]) -> Any:
    query = "&".join(f"id={page.pk}" for page in pages)
    return client.post(f"/staff/bulk/wagtailcore/page/delete/?{query}", follow=True)


def test_it_refuses_standard_columns_in_a_bulk_delete(region: Region, client: Client) -> None:
    org_page = OrganizationPage.objects.get(org=region.edu)
    own = [ColumnPage(title=f"专题{n}", slug=f"topic-{n}", column_key=f"topic-{n}") for n in (1, 2)]
    for column in own:
        org_page.add_child(instance=column)
    client.force_login(region.zhaoliu)  # org_admin of edu

    mixed = [own[0], _column(region.edu, "responses")]
    refused = _bulk_delete(client, mixed)

    assert ColumnPage.objects.filter(pk__in=[page.pk for page in mixed]).count() == 2
    assert [str(m).strip() for m in refused.context["messages"]] == [
        "“回应关切”是平台设定的标准栏目，机构工作人员不能删除；可以修改其标题和说明。"
    ]
    _bulk_delete(client, own)  # the same action on the organization's own columns goes through
    assert not ColumnPage.objects.filter(column_key__startswith="topic-").exists()


def test_it_lets_staff_delete_the_columns_they_made_and_platform_admins_any(
    region: Region, client: Client
) -> None:
    own = ColumnPage(title="专题", slug="topics", column_key="topics")
    OrganizationPage.objects.get(org=region.fgw).add_child(instance=own)
    own.save_revision().publish()
    client.force_login(region.wangwu)

    client.post(_delete_url(own))

    assert not ColumnPage.objects.filter(pk=own.pk).exists()
    responses = _column(region.fgw, "responses")
    client.force_login(region.admin)
    client.post(_delete_url(responses))
    assert not ColumnPage.objects.filter(pk=responses.pk).exists()


def test_it_keeps_the_key_item_and_slug_of_a_standard_column_out_of_the_editors_hands(region: Region) -> None:
    column = _column(region.fgw, "statutory-11")
    form_class = ColumnPage.get_edit_handler().get_form_class()

    form = form_class(instance=column, parent_page=column.get_parent(), for_user=region.lisi)

    assert form.fields["column_key"].disabled
    assert form.fields["statutory_item"].disabled
    assert form.fields["slug"].disabled
    assert not form.fields["title"].disabled
    assert not form.fields["expected_update_days"].disabled


def test_it_refuses_a_second_column_with_the_same_key_in_one_organization(region: Region) -> None:
    form_class = ColumnPage.get_edit_handler().get_form_class()
    org_page = OrganizationPage.objects.get(org=region.fgw)
    data = {"title": "政策", "slug": "policies-2", "column_key": "policies"}

    form = form_class(data, instance=ColumnPage(), parent_page=org_page, for_user=region.admin)

    assert not form.is_valid()
    assert form.errors["column_key"] == [
        "栏目标识“policies”已被本机构的另一个栏目使用：同一机构内栏目标识不能重复。"
    ]
    other_org = OrganizationPage.objects.get(org=region.edu)
    form = form_class(
        {**data, "column_key": "topics"}, instance=ColumnPage(), parent_page=other_org, for_user=region.admin
    )
    assert "column_key" not in form.errors


def test_it_defines_each_standard_key_once(region: Region) -> None:
    keys = standard_column_keys()

    assert len(keys) == len(set(keys)) == STANDARD_COUNT
    assert STANDARD_COLUMNS[0].key == "guide"  # the 指南 first, as 条例第十二条 puts it first


def test_it_saves_an_editors_retitle_but_not_a_changed_key_through_the_workbench(
    region: Region, client: Client
) -> None:
    column = _column(region.fgw, "statutory-11")
    client.force_login(region.wangwu)
    assert client.get(f"/staff/pages/{column.pk}/edit/").status_code == 200
    data = nested_form_data(
        {
            "title": "（十一）民生政策",
            "slug": "minsheng",
            "column_key": "minsheng",
            "statutory_item": "3",
            "expected_update_days": "30",
            "intro": rich_text("<p>扶贫、教育、医疗等民生政策。</p>"),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )

    response = client.post(f"/staff/pages/{column.pk}/edit/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    column.refresh_from_db()
    assert (column.title, column.expected_update_days) == ("（十一）民生政策", 30)
    assert (column.column_key, column.slug, column.statutory_item) == ("statutory-11", "statutory-11", 11)
    assert column.url == "/orgs/fgw/statutory/statutory-11/"
