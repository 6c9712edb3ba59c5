"""The public portal in a real browser: the home page, the 机构目录 and an organization's 信息公开指南."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from gongkai.portal.demo.region import ORGS, DemoOrg

if TYPE_CHECKING:
    from tests.e2e.conftest import PageProblems

FGW: DemoOrg = next(org for org in ORGS if org.code == "fgw")
# The 适老化 larger-text switch, whatever its exact wording: 大字版, 大字号, 放大字体, 适老化模式 …
LARGER_TEXT = re.compile(r"大字|放大字|适老")

PUBLIC_PAGES = [
    "/",
    "/orgs/",
    f"/orgs/{FGW.code}/",
    "/foi/apply/",
    f"/foi/apply/?org={FGW.code}",
    "/foi/track/",
    "/statistics/",  # 公开统计: SVG charts with their tables
]


def main_font_size(page: Page) -> float:
    """Computed font size (px) of the main content's body text."""
    size = page.evaluate(
        """() => {
            const main = document.querySelector('main');
            const text = main.querySelector('p, li, dd, td') || main;
            return parseFloat(getComputedStyle(text).fontSize);
        }"""
    )
    return float(size)


def test_it_serves_the_home_page_with_title_language_and_landmarks(
    page: Page, page_problems: PageProblems
) -> None:
    response = page.goto("/")

    assert response is not None and response.status == 200
    expect(page).to_have_title(re.compile("示例市"))
    expect(page.locator("html")).to_have_attribute("lang", re.compile(r"^zh"))
    expect(page.get_by_role("banner")).to_have_count(1)
    expect(page.get_by_role("main")).to_have_count(1)
    expect(page.get_by_role("contentinfo")).to_have_count(1)
    expect(page.get_by_role("navigation").first).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    # Under the portal's strict CSP nothing may be refused and no script may throw.
    assert page_problems.all() == []


def test_it_reaches_the_skip_link_first_and_it_moves_focus_into_main(page: Page) -> None:
    page.goto("/")

    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_attribute("href", re.compile(r"^#."))
    expect(focused).to_be_visible()  # a skip link may hide until focused, never while focused
    target = focused.get_attribute("href")
    page.keyboard.press("Enter")

    assert page.url.endswith(str(target))
    in_main = page.evaluate("() => document.activeElement && document.activeElement.closest('main') !== null")
    assert in_main, "the skip link must move keyboard focus into <main> (give the target tabindex=-1)"


def test_it_lists_the_organizations_in_the_directory_and_links_to_their_guides(page: Page) -> None:
    page.goto("/orgs/")

    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_be_visible()
    for org in ORGS:
        expect(main.get_by_role("link", name=org.name, exact=True)).to_be_visible()
    main.get_by_role("link", name=FGW.name, exact=True).click()

    expect(page).to_have_url(re.compile(rf"/orgs/{FGW.code}/$"))


def test_it_shows_the_guide_with_the_offices_name_address_and_phone(
    page: Page, page_problems: PageProblems
) -> None:
    page.goto(f"/orgs/{FGW.code}/")

    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_contain_text(FGW.name)
    expect(main).to_contain_text("信息公开指南")
    expect(main).to_contain_text(FGW.office_name)
    expect(main).to_contain_text(FGW.office_address)
    expect(main).to_contain_text(FGW.office_phone)
    assert page_problems.all() == []


def test_it_answers_an_unknown_organization_with_a_chinese_404(page: Page) -> None:
    response = page.goto("/orgs/no-such-org/")

    assert response is not None and response.status == 404
    expect(page.get_by_role("main")).to_contain_text(re.compile(r"[\u4e00-\u9fff]"))


def test_it_enlarges_the_text_with_the_larger_text_switch_and_remembers_it(page: Page) -> None:
    page.goto(f"/orgs/{FGW.code}/")
    normal = main_font_size(page)
    switch = page.get_by_role("button", name=LARGER_TEXT).or_(page.get_by_role("link", name=LARGER_TEXT))

    switch.first.click()
    try:
        page.wait_for_function(
            """normal => {
                const main = document.querySelector('main');
                const text = main && (main.querySelector('p, li, dd, td') || main);
                return text && parseFloat(getComputedStyle(text).fontSize) > normal;
            }""",
            arg=normal,
            timeout=5_000,
        )
    except PlaywrightTimeoutError:
        pytest.fail(f"the larger-text switch left the main text at {main_font_size(page)}px (was {normal}px)")
    enlarged = main_font_size(page)
    page.goto(f"/orgs/{FGW.code}/")  # a preference, not a one-page effect

    assert enlarged >= normal * 1.1
    assert main_font_size(page) == enlarged


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_it_has_no_serious_accessibility_violations(
    page: Page, assert_accessible: Callable[[Page], None], path: str
) -> None:
    page.goto(path)

    assert_accessible(page)


def test_it_has_no_serious_accessibility_violations_in_larger_text_mode(
    page: Page, assert_accessible: Callable[[Page], None], site_url: str
) -> None:
    # The same cookie the switch sets (gongkai.portal.context_processors): 适老化 must not break contrast.
    page.context.add_cookies([{"name": "gk_text", "value": "large", "url": site_url}])
    page.goto(f"/orgs/{FGW.code}/")

    assert_accessible(page)


SEARCH_PAGES = [
    "/search/?q=政务公开",  # results of several types, facets, the sort switch, pagination
    "/search/?q=政务公开&type=document&sort=date",  # an active facet and the other order
    "/search/?q=信息工开 卫生健康&year=明年",  # nothing found: the help, 您是不是要找, a wrong filter
]


@pytest.mark.parametrize("path", SEARCH_PAGES)
def test_it_has_no_serious_accessibility_violations_on_the_search_page(
    page: Page, assert_accessible: Callable[[Page], None], path: str
) -> None:
    page.goto(path)
    main = page.get_by_role("main")
    if "q=政务公开" in path:
        expect(main.locator(".search-results > li").first).to_be_visible()
        expect(main.locator(".search-results mark").first).to_have_text("政务公开")
        expect(page.get_by_role("status")).to_contain_text("找到")
    else:
        expect(page.get_by_role("status")).to_contain_text("没有找到")
        expect(page.get_by_role("alert")).to_contain_text("年份")

    assert_accessible(page)


def test_it_narrows_the_search_with_a_facet_link(page: Page) -> None:
    page.goto("/search/?q=政务公开")
    facets = page.get_by_role("complementary", name="筛选结果")
    first_org = facets.locator("#facet-org + ul a").first
    name = first_org.inner_text().split("\n")[0]
    first_org.click()

    expect(page).to_have_url(re.compile(r"org="))
    expect(facets.locator('#facet-org + ul a[aria-current="true"]')).to_contain_text(name)
    expect(page.get_by_role("searchbox", name="搜索关键词")).to_have_value("政务公开")
    expect(page.get_by_role("link", name=re.compile(f"发布机构：{name}"))).to_be_visible()
