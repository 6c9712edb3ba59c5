"""The portal's Wagtail pages as a reader gets them: layout, home, directory, 指南, reference documents."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from wagtail.models import Page, Site

from gongkai.core.middleware import PORTAL_CSP
from gongkai.core.testing import Region, make_org
from gongkai.orgs.choices import OrgKind
from gongkai.orgs.models import Organization
from gongkai.orgs.services import org_create_or_update
from gongkai.portal import selectors
from gongkai.portal.models import ContentPage, PortalSettings, ReferenceDocumentPage
from gongkai.portal.selectors import HomeSection
from gongkai.portal.services import REFERENCE_SLUG, portal_site_ensure

pytestmark = pytest.mark.django_db


def html_of(client: Client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return response.content.decode()


def reference_page() -> ContentPage:
    home = portal_site_ensure()
    return ContentPage.objects.child_of(home).get(slug=REFERENCE_SLUG)


def add_reference_document(**fields: Any) -> ReferenceDocumentPage:
    values: dict[str, Any] = {
        "title": "西宁市人民政府办公厅关于印发政务公开工作实施方案的通知",
        "slug": "xining-plan",
        "issuer": "西宁市人民政府办公厅",
        "doc_number": "宁政办〔2017〕123号",
        "issued_on": datetime.date(2017, 6, 5),
        "source_note": "西宁市人民政府网站公开发布的文件原文。",
        "body": "各县、区人民政府：\n\n  现印发给你们，请认真组织实施。\n",
        **fields,
    }
    page = ReferenceDocumentPage(**values)
    reference_page().add_child(instance=page)
    return page


# --- Layout -------------------------------------------------------------------------------------------


def test_it_renders_the_layout_with_landmarks_skip_link_and_labelled_search(
    region: Region, client: Client
) -> None:
    html = html_of(client, "/")

    assert '<html lang="zh-CN"' in html
    assert '<a class="skip-link" href="#main">跳到主要内容</a>' in html
    assert '<main id="main" tabindex="-1">' in html
    assert html.count('<header class="site-header">') == 1
    assert '<nav class="main-nav" aria-label="主导航">' in html
    assert '<footer class="site-footer">' in html
    assert '<form class="site-search" role="search" aria-label="全站搜索" action="/search/"' in html
    assert '<label class="visually-hidden" for="site-search-q">搜索本站</label>' in html
    assert 'id="site-search-q" name="q"' in html


def test_it_links_the_main_menu_only_to_pages_that_exist(region: Region, client: Client) -> None:
    html = html_of(client, "/")
    nav = html.split('<nav class="main-nav"', 1)[1].split("</nav>", 1)[0]
    hrefs = re.findall(r'href="([^"]+)"', nav)

    assert hrefs[0] == "/"
    expected = ["/documents/", "/orgs/", "/reference/", "/tools/deadline/"]
    assert [href for href in hrefs if href in expected] == expected
    for href in hrefs:
        assert client.get(href).status_code == 200, href


def test_it_drops_a_section_from_the_menu_when_its_page_is_unpublished(
    region: Region, client: Client
) -> None:
    reference_page().unpublish()

    html = html_of(client, "/")

    assert 'href="/reference/"' not in html
    assert 'href="/orgs/"' in html


def test_it_marks_the_current_section_in_the_menu(region: Region, client: Client) -> None:
    html = html_of(client, "/orgs/fgw/")

    assert '<a href="/orgs/" aria-current="page">机构目录</a>' in html
    assert '<a href="/" aria-current="page">' not in html


def test_it_shows_the_portal_settings_in_header_and_footer(region: Region, client: Client) -> None:
    portal_site_ensure()
    site = Site.objects.get(is_default_site=True)
    settings = PortalSettings.for_site(site)
    settings.site_title = "测试县人民政府信息公开"
    settings.sponsor = "测试县人民政府办公室"
    settings.site_code = "9999000099"
    settings.icp_number = "测ICP备12345678号"
    settings.police_number = "测公网安备99010002000009号"
    settings.contact = "0999-7654321"
    settings.save()

    html = html_of(client, "/orgs/")

    assert '<span class="brand-title">测试县人民政府信息公开</span>' in html
    assert "<title>机构目录 - 测试县人民政府信息公开</title>" in html
    for text in (
        "主办单位：测试县人民政府办公室",
        "网站标识码：9999000099",
        "测ICP备12345678号",
        "测公网安备99010002000009号",
        "联系方式：0999-7654321",
    ):
        assert text in html
    assert '<title id="gov-mark-title">党政机关网站标识</title>' in html


def test_it_hides_the_party_government_mark_when_switched_off(region: Region, client: Client) -> None:
    portal_site_ensure()
    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    settings.show_party_gov_mark = False
    settings.save()

    assert "党政机关网站标识" not in html_of(client, "/")


def test_it_switches_to_large_text_from_the_cookie(region: Region, client: Client) -> None:
    normal = html_of(client, "/orgs/?x=1")
    client.cookies["gk_text"] = "large"
    large = html_of(client, "/orgs/")

    assert '<html lang="zh-CN">' in normal
    assert 'href="/text-size/?size=large&amp;next=%2Forgs%2F%3Fx%3D1"' in normal
    assert '<html lang="zh-CN" class="gk-large">' in large
    assert 'href="/text-size/?size=normal&amp;next=%2Forgs%2F"' in large


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/orgs/",
        "/orgs/fgw/",
        "/reference/",
        "/reference/xining-plan/",
        "/search/",
        "/search/?q=示例",
        "/no-such-page/",
    ],
)
def test_it_serves_portal_pages_without_inline_styles_or_scripts_under_a_strict_csp(
    region: Region, client: Client, path: str
) -> None:
    add_reference_document()

    response = client.get(path)
    html = response.content.decode()

    assert response["Content-Security-Policy"] == PORTAL_CSP
    assert "script-src 'self'" in PORTAL_CSP and "style-src 'self'" in PORTAL_CSP
    assert 'style="' not in html
    assert "<style" not in html
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert re.findall(r"\son[a-z]+=", html) == []  # no inline event handlers either


# --- Home page ----------------------------------------------------------------------------------------


def test_it_shows_every_home_section_with_its_empty_state(region: Region, client: Client) -> None:
    html = html_of(client, "/")

    for key, title, _more, empty_text in selectors.DEFAULT_SECTIONS:
        assert f'<h2 id="section-{key}">{title}</h2>' in html
        if key == "foi":  # never empty: where to apply online and where to track (gongkai.foi.home)
            assert '<a href="/foi/apply/">' in html and '<a href="/foi/track/">' in html
            continue
        assert f'<p class="empty-state">{empty_text}</p>' in html
    assert "<h1" in html and html.count("<h1") == 1


def test_it_lists_the_items_a_section_provider_gives(
    region: Region, client: Client, monkeypatch: Any
) -> None:
    section = HomeSection(
        key="latest",
        title="最新公开",
        more_url="/latest/",
        items=[
            {
                "title": "关于做好2026年政务公开工作的通知",
                "url": "/docs/1/",
                "date": datetime.date(2026, 3, 2),
            }
        ],
    )
    monkeypatch.setitem(selectors._providers, "latest", lambda: section)

    html = html_of(client, "/")

    assert '<a href="/docs/1/">关于做好2026年政务公开工作的通知</a>' in html
    assert '<time datetime="2026-03-02">2026-03-02</time>' in html
    assert '<a href="/latest/">更多' in html
    assert str(selectors.DEFAULT_SECTIONS[0][3]) not in html  # the empty state is gone


# --- Directory ----------------------------------------------------------------------------------------


def test_it_shows_the_directory_as_a_nested_tree(region: Region, client: Client) -> None:
    make_org("east", "示例市东城区人民政府", parent=region.city, kind=OrgKind.DISTRICT, serial=4)
    east = Organization.objects.get(code="east")
    make_org("east-heping", "东城区和平街道办事处", parent=east, kind=OrgKind.TOWNSHIP, serial=5)

    html = html_of(client, "/orgs/")
    tree = html.split('<ul class="org-tree">', 1)[1]

    assert '<a href="/orgs/city/">示例市人民政府</a>' in tree
    assert '<h2 class="org-group-title">政府部门</h2>' in tree
    assert '<h2 class="org-group-title">区县政府</h2>' in tree
    # 和平街道 sits in a list nested inside 东城区's item, which is inside the city's.
    east_item = tree.split('<a href="/orgs/east/">示例市东城区人民政府</a>', 1)[1].split("</li>", 1)[0]
    assert "<ul>" in east_item and '<a href="/orgs/east-heping/">东城区和平街道办事处</a>' in east_item
    assert tree.index("/orgs/city/") < tree.index("/orgs/fgw/") < tree.index("/orgs/east/")


def test_it_leaves_inactive_organizations_out_of_the_directory(region: Region, client: Client) -> None:
    org_create_or_update(actor=None, code="edu", name=region.edu.name, parent=region.city, is_active=False)

    html = html_of(client, "/orgs/")

    assert region.edu.name not in html
    assert client.get("/orgs/edu/").status_code == 404


def _directory_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/orgs/").status_code == 200
    return len(captured)


@pytest.mark.usefixtures("memos_kept")
def test_it_renders_the_directory_in_a_fixed_number_of_queries(
    region: Region, client: Client, django_assert_max_num_queries: Any
) -> None:
    client.get("/orgs/")  # warm Wagtail's site-root-path cache, as a running server has it
    with django_assert_max_num_queries(12):
        client.get("/orgs/")
    few = _directory_queries(client)
    district = make_org("west", "示例市西城区人民政府", parent=region.city, kind=OrgKind.DISTRICT, serial=10)
    for serial in range(11, 17):
        make_org(
            f"dept{serial}",
            f"示例市第{serial}局",
            parent=region.city if serial % 2 else district,
            serial=serial,
        )
    client.get("/orgs/")  # the new organizations' pages changed the menu's pages: the layout is read again

    many = _directory_queries(client)

    assert many == few


# --- Organization page: the 信息公开指南 ----------------------------------------------------------------


def test_it_renders_the_guide_from_the_organizations_fields(region: Region, client: Client) -> None:
    org_create_or_update(
        actor=None,
        code="fgw",
        name=region.fgw.name,
        parent=region.city,
        office_name="示例市发展改革委办公室",
        office_address="示例市人民大道1号",
        office_postcode="999000",
        office_phone="0999-12345010",
        office_email="gk-fgw@example.gov.cn",
        website="https://fgw.example.gov.cn/",
        application_channels="当面提交\n邮寄（信封注明“政府信息公开申请”）\n\n传真",
        responsible_leader="钱副主任",
        guide_notes="本机关不受理通过微信提交的申请。",
    )

    html = html_of(client, "/orgs/fgw/")

    assert "<h1>示例市发展和改革委员会</h1>" in html
    assert "示例市发展和改革委员会政府信息公开指南" in html
    for label, value in (
        ("工作机构名称", "示例市发展改革委办公室"),
        ("办公地址", "示例市人民大道1号"),
        ("邮政编码", "999000"),
        ("联系电话", "0999-12345010"),
        ("分管负责人", "钱副主任"),
    ):
        assert re.search(rf"<dt>{label}</dt>\s*<dd>{re.escape(value)}</dd>", html), label
    assert '<a href="mailto:gk-fgw@example.gov.cn">gk-fgw@example.gov.cn</a>' in html
    assert '<a href="https://fgw.example.gov.cn/">https://fgw.example.gov.cn/</a>' in html
    assert re.search(r'<dt>办公时间</dt>\s*<dd class="missing">暂未公布</dd>', html)
    assert "<dt>传真</dt>" not in html  # optional and empty: left out
    assert "<li>当面提交</li>" in html and "<li>传真</li>" in html and "<li></li>" not in html
    assert "本机关不受理通过微信提交的申请。" in html
    for heading in (
        "一、政府信息公开工作机构",
        "二、主动公开",
        "三、依申请公开",
        "四、收费",
        "五、救济方式",
        "六、其他说明",
    ):
        assert heading in html
    assert "国办函〔2020〕109号" in html and "信息处理费" in html
    assert "第五十一条" in html and "行政复议" in html and "行政诉讼" in html and "投诉、举报" in html


def test_it_says_not_yet_published_for_a_guide_without_contact_details(
    region: Region, client: Client
) -> None:
    org = make_org("stats", "示例市统计局", parent=region.city, serial=20)
    assert org.office_address == "" and org.application_channels == ""

    html = html_of(client, "/orgs/stats/")

    for label in ("工作机构名称", "办公地址", "办公时间", "联系电话"):
        assert re.search(rf'<dt>{label}</dt>\s*<dd class="missing">暂未公布</dd>', html), label
    assert '<p class="missing">暂未公布</p>' in html  # no application channels yet
    assert "六、其他说明" not in html


@override_settings(GONGKAI_FOI_REPLY_WORKDAYS=15, GONGKAI_PROACTIVE_PUBLISH_WORKDAYS=10)
def test_it_quotes_the_statutory_periods_from_the_rules(region: Region, client: Client) -> None:
    html = html_of(client, "/orgs/fgw/")

    assert "自收到申请之日起15个工作日内予以答复" in html
    assert "延长的期限最长不超过20个工作日" in html
    assert "形成或者变更之日起10个工作日内公开" in html


def test_it_links_the_organizations_parent_and_children(region: Region, client: Client) -> None:
    city = html_of(client, "/orgs/city/")
    fgw = html_of(client, "/orgs/fgw/")

    children = city.split('id="org-children"', 1)[1]
    assert '<a href="/orgs/fgw/">示例市发展和改革委员会</a>' in children
    assert '<a href="/orgs/edu/">示例市教育局</a>' in children
    assert '上级机构：<a href="/orgs/city/">示例市人民政府</a>' in fgw
    assert 'id="org-children"' not in fgw


def test_it_builds_breadcrumbs_from_the_page_ancestors(region: Region, client: Client) -> None:
    html = html_of(client, "/orgs/fgw/")
    crumbs = html.split('<nav class="breadcrumbs" aria-label="面包屑导航">', 1)[1].split("</nav>", 1)[0]

    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', crumbs) == [("/", "首页"), ("/orgs/", "机构目录")]
    assert '<span aria-current="page">示例市发展和改革委员会</span>' in crumbs
    assert '<nav class="breadcrumbs"' not in html_of(client, "/")  # the home page needs none


# --- Content and reference pages -----------------------------------------------------------------------


def test_it_renders_a_reference_document_attributed_to_its_issuer(region: Region, client: Client) -> None:
    add_reference_document()

    html = html_of(client, "/reference/xining-plan/")

    assert '<h1 id="doc-title">西宁市人民政府办公厅关于印发政务公开工作实施方案的通知</h1>' in html
    assert "不是本地区行政机关的文件" in html and "<strong>西宁市人民政府办公厅</strong>" in html
    for label, value in (
        ("发文机关", "西宁市人民政府办公厅"),
        ("发文字号", "宁政办〔2017〕123号"),
        ("来源说明", "西宁市人民政府网站公开发布的文件原文。"),
    ):
        assert f"<dt>{label}</dt><dd>{value}</dd>" in html
    assert "2017年6月5日" in html
    assert "<p>各县、区人民政府：</p><p>现印发给你们，请认真组织实施。</p>" in html


def test_it_omits_the_empty_metadata_of_a_reference_document(region: Region, client: Client) -> None:
    add_reference_document(doc_number="", issued_on=None, source_note="")

    html = html_of(client, "/reference/xining-plan/")

    assert (
        "<dt>发文字号</dt>" not in html
        and "<dt>成文日期</dt>" not in html
        and "<dt>来源说明</dt>" not in html
    )


def test_it_lists_the_children_of_a_content_page(region: Region, client: Client) -> None:
    add_reference_document()
    draft = add_reference_document(title="未发布的参考文件", slug="draft-doc")
    draft.unpublish()

    html = html_of(client, "/reference/")

    assert (
        '<a href="/reference/xining-plan/">西宁市人民政府办公厅关于印发政务公开工作实施方案的通知</a>' in html
    )
    assert "宁政办〔2017〕123号" in html
    assert "未发布的参考文件" not in html


def test_it_shows_an_empty_state_for_an_empty_content_page(region: Region, client: Client) -> None:
    home = portal_site_ensure()
    home.add_child(instance=ContentPage(title="关于本站", slug="about", body=""))

    html = html_of(client, "/about/")

    assert "本栏目暂无内容。" in html
    assert Page.objects.get(slug="about").specific.body == ""
