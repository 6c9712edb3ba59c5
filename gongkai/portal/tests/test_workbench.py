"""The workbench's branding: the region's name on the login page, the dashboard and every title."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.test.utils import override_settings

from gongkai.core.testing import Region

pytestmark = pytest.mark.django_db


def test_it_names_the_workbench_on_the_login_page(client: Client) -> None:
    html = client.get("/staff/login/").content.decode()

    assert "<title>登录 - 示例市政务公开平台 · 工作台</title>" in html
    heading = re.search(r"<h1>(.*?)</h1>", html, re.S)
    assert heading is not None
    assert re.sub(r"<[^>]+>", "", heading.group(1)) == "示例市政务公开平台 · 工作台"
    assert "请使用本人账户登录" in html
    assert "/static/portal/img/logo.svg" in html
    assert 'aria-label="Wagtail"' not in html  # Wagtail's own wordmark is replaced


@override_settings(WAGTAIL_SITE_NAME="测试县政务公开平台")
def test_it_takes_the_name_from_the_site_name_setting(region: Region, client: Client) -> None:
    client.force_login(region.lisi)

    html = client.get("/staff/").content.decode()

    assert "测试县政务公开平台 · 工作台</title>" in html
    assert re.search(r'<h1 class="w-h1 w-mt-0">\s*测试县政务公开平台 · 工作台\s*</h1>', html)


def test_it_shows_the_region_logo_in_the_sidebar_and_drops_links_to_wagtail_org(
    region: Region, client: Client
) -> None:
    client.force_login(region.lisi)

    html = client.get("/staff/").content.decode()

    branding = html.split("<template data-wagtail-sidebar-branding-logo>", 1)[1].split("</template>", 1)[0]
    assert '<img src="/static/portal/img/logo.svg" alt="示例市政务公开平台 · 工作台"' in branding
    assert "guide.wagtail.org" not in html
    assert "wagtail.org/" not in html


def test_it_does_not_expose_djangos_own_admin(client: Client) -> None:
    assert client.get("/admin/").status_code == 404
