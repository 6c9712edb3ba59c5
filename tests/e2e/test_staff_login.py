"""Staff sign in to the workbench (Wagtail admin at /staff/) in a real browser."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from gongkai.portal.demo.region import DEMO_PASSWORD

CJK = re.compile(r"[\u4e00-\u9fff]")
LOGIN = "/staff/login/"


def sign_in(page: Page, username: str, password: str) -> None:
    page.goto(LOGIN)
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("input[name=password]").press("Enter")


def test_it_signs_lisi_in_to_the_workbench_dashboard_in_chinese(page: Page) -> None:
    sign_in(page, "lisi", DEMO_PASSWORD)

    expect(page).to_have_url(re.compile(r"/staff/$"))
    expect(page.locator("html")).to_have_attribute("lang", re.compile(r"^zh"))
    expect(page.get_by_role("main")).to_contain_text(CJK)
    # The user's own name (李四, from the demo region), not the username, says whose workbench this is.
    expect(page.get_by_text("李四").first).to_be_visible()


def test_it_refuses_a_wrong_password_in_chinese_and_keeps_the_username(page: Page) -> None:
    sign_in(page, "lisi", "not-the-password")

    expect(page).to_have_url(re.compile(re.escape(LOGIN)))
    # The field label says 密码 too: look only where errors are announced (status/alert regions, error lists).
    error = (
        page.locator("[role=status], [role=alert], .errorlist").filter(has_text=CJK).filter(has_text="密码")
    )
    expect(error.first).to_be_visible()
    expect(page.locator("input[name=username]")).to_have_value("lisi")
    expect(page.locator("input[name=password]")).to_have_value("")


def test_it_has_an_accessible_login_page(page: Page, assert_accessible: Callable[[Page], None]) -> None:
    page.goto(LOGIN)

    assert_accessible(page)
