"""The portal's own views: the text-size switch and the error pages (the search page is tested in
gongkai/search/tests/test_views.py)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from wagtail.models import Page, Site

from gongkai.core.exceptions import ServicePermissionDenied
from gongkai.core.middleware import PORTAL_CSP
from gongkai.core.testing import Region
from gongkai.portal import views
from gongkai.portal.models import PortalSettings
from gongkai.portal.templatetags.portal_tags import CHROME_SECONDS, chrome_memo

pytestmark = pytest.mark.django_db


# --- Text size (适老化) --------------------------------------------------------------------------------


def test_it_sets_the_large_text_cookie_and_returns_to_the_page(client: Client) -> None:
    response = client.get("/text-size/", {"size": "large", "next": "/orgs/fgw/?tab=guide"})

    assert response.status_code == 302
    assert response["Location"] == "/orgs/fgw/?tab=guide"
    cookie = response.cookies["gk_text"]
    assert cookie.value == "large"
    assert cookie["max-age"] == views.TEXT_SIZE_COOKIE_AGE
    assert cookie["samesite"] == "Lax" and cookie["httponly"]


def test_it_clears_the_cookie_for_normal_text(client: Client) -> None:
    client.cookies["gk_text"] = "large"

    response = client.get("/text-size/", {"size": "normal", "next": "/orgs/"})

    assert response["Location"] == "/orgs/"
    assert response.cookies["gk_text"].value == ""
    assert response.cookies["gk_text"]["max-age"] == 0


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "javascript:alert(1)",
        "/\t/evil.example/",
        "http:/evil.example",
        "evil.example",
        "",
    ],
)
def test_it_refuses_to_redirect_off_site(client: Client, next_url: str) -> None:
    response = client.get("/text-size/", {"size": "large", "next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_it_only_switches_text_size_by_get(client: Client) -> None:
    assert client.post("/text-size/", {"size": "large"}).status_code == 405


def test_it_treats_an_unknown_size_as_normal(client: Client) -> None:
    response = client.get("/text-size/", {"size": "huge"})

    assert response.cookies["gk_text"].value == ""


# --- Error pages ----------------------------------------------------------------------------------------


def test_it_answers_an_unknown_path_with_a_chinese_404(region: Region, client: Client) -> None:
    response = client.get("/no-such-page/")
    html = response.content.decode()

    assert response.status_code == 404
    assert "<h1>您访问的页面不存在</h1>" in html
    assert "<title>页面不存在 - " in html
    # The full layout, so that the reader finds the way on.
    assert '<main id="main"' in html and '<nav class="main-nav"' in html
    assert response["Content-Security-Policy"] == PORTAL_CSP


def test_it_shows_the_services_reason_on_a_403(region: Region, rf: RequestFactory) -> None:
    request = rf.get("/somewhere/")
    denied = ServicePermissionDenied("无权在“示例市教育局”发布信息：需要以下角色之一：保密审查员。")

    response = views.error_403(request, denied)
    html = response.content.decode()

    assert response.status_code == 403
    assert "<h1>您没有访问此页面的权限</h1>" in html
    assert "无权在“示例市教育局”发布信息" in html


def test_it_shows_a_generic_reason_on_a_bare_403(region: Region, rf: RequestFactory) -> None:
    response = views.error_403(rf.get("/"), PermissionDenied())

    assert response.status_code == 403
    assert "请联系本单位的机构管理员" in response.content.decode()


def test_it_renders_the_500_page_without_the_database(
    rf: RequestFactory, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(0):
        response = views.error_500(rf.get("/"))
    html = response.content.decode()

    assert response.status_code == 500
    assert '<html lang="zh-CN">' in html
    assert "<h1>服务器暂时无法处理您的请求</h1>" in html
    assert 'style="' not in html and not re.findall(r"<script(?![^>]*\bsrc=)", html)


def test_it_falls_back_to_plain_html_when_the_500_template_fails(
    rf: RequestFactory, monkeypatch: Any
) -> None:
    def broken(name: str) -> Any:
        raise RuntimeError("template storage unavailable")

    monkeypatch.setattr(views.loader, "get_template", broken)

    response = views.error_500(rf.get("/"))

    assert response.status_code == 500
    assert "服务器暂时无法处理您的请求" in response.content.decode()


def test_it_renders_the_layout_before_any_site_exists(client: Client) -> None:
    Site.objects.all().delete()

    response = client.get("/search/")
    html = response.content.decode()

    assert response.status_code == 200
    assert '<span class="brand-title">示例市人民政府信息公开</span>' in html  # PortalSettings' defaults
    assert '<li><a href="/orgs/"' not in html


# --- The layout, remembered by each process (portal_tags.chrome_memo) ------------------------------------


@pytest.mark.usefixtures("memos_kept")
def test_it_shows_a_change_of_the_sites_settings_on_the_next_page(region: Region, client: Client) -> None:
    assert "示例市人民政府信息公开" in client.get("/search/").content.decode()
    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    settings.site_title = "样例县人民政府信息公开"
    settings.save()

    html = client.get("/search/").content.decode()

    assert '<span class="brand-title">样例县人民政府信息公开</span>' in html


@pytest.mark.usefixtures("memos_kept")
def test_it_drops_an_unpublished_section_from_the_menu_on_the_next_page(
    region: Region, client: Client
) -> None:
    assert '<a href="/orgs/"' in client.get("/search/").content.decode()

    Page.objects.get(slug="orgs", depth=3).specific.unpublish()

    assert '<a href="/orgs/"' not in client.get("/search/").content.decode()


def test_it_reads_the_layout_again_once_the_remembered_one_is_old(
    region: Region, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [50.0]
    monkeypatch.setattr(chrome_memo, "clock", lambda: now[0])
    client.get("/search/")
    # Another process changes the settings: no signal reaches this one.
    PortalSettings.objects.update(site_title="样例县人民政府信息公开")

    now[0] += CHROME_SECONDS / 2
    assert "样例县人民政府信息公开" not in client.get("/search/").content.decode()
    now[0] += CHROME_SECONDS
    assert "样例县人民政府信息公开" in client.get("/search/").content.decode()
