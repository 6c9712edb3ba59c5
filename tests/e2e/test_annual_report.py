"""政府信息公开工作年度报告 in a real browser.

孙七, the org_admin of 市发展改革委, opens the demo's 2025 draft, enters a figure wrongly and sees it named
with what was typed kept, corrects it, approves the report and publishes it; the report is then a public
document. 政务公开办 (org_admin of the city government) looks at the roll-up of the departments. Each page
passes the axe checks; screenshots go to var/screenshots/reports/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from gongkai.portal.demo.region import DEMO_PASSWORD
from gongkai.reports.choices import ReportStatus
from gongkai.reports.models import AnnualReport
from tests.e2e.conftest import TIMEOUT_MS, check_accessible

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "reports"
REPORT = "/staff/reports/annual/fgw/2025/"


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size or {"width": 1280, "height": 900}
    height = page.evaluate("() => Math.max(...[...document.querySelectorAll('*')].map(e => e.scrollHeight))")
    page.set_viewport_size({"width": size["width"], "height": min(max(height, size["height"]), 6000)})
    try:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    finally:
        page.set_viewport_size(size)


@contextmanager
def signed_in(browser: Browser, site_url: str, username: str) -> Iterator[Page]:
    context = browser.new_context(
        base_url=site_url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto("/staff/login/")
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(DEMO_PASSWORD)
        page.locator("input[name=password]").press("Enter")
        expect(page).to_have_url(re.compile(r"/staff/$"))
        yield page
    finally:
        context.close()


def test_an_org_admin_completes_approves_and_publishes_the_report(browser: Browser, site_url: str) -> None:
    with signed_in(browser, site_url, "fgw_admin") as page:
        page.goto("/staff/reports/annual/")
        check_accessible(page)
        _shot(page, "1-list")
        page.get_by_role("link", name="示例市发展和改革委员会").first.click()
        expect(page).to_have_url(re.compile(re.escape(REPORT)))
        expect(page.get_by_role("heading", level=1).first).to_contain_text("2025年政府信息公开工作年度报告")
        check_accessible(page)
        _shot(page, "2-draft")

        page.get_by_label("行政处罚本年处理决定数量").fill("-1")
        page.get_by_role("textbox", name="五、存在的主要问题及改进情况").fill(
            "政策解读形式较为单一，下一步将丰富解读形式。"
        )
        page.get_by_role("button", name="保存").click()
        expect(page.get_by_text("应为不小于0的整数")).to_be_visible()
        expect(page.get_by_label("行政处罚本年处理决定数量")).to_have_value("-1")
        expect(page.get_by_role("textbox", name="五、存在的主要问题及改进情况")).to_have_value(
            re.compile("政策解读")
        )
        check_accessible(page)
        _shot(page, "3-error")

        page.get_by_label("行政处罚本年处理决定数量").fill("9")
        page.get_by_role("button", name="保存").click()
        expect(page.get_by_text("已保存。")).to_be_visible()
        page.get_by_role("button", name="审核通过").click()
        expect(page.get_by_text("已审核：报表数据已固定。")).to_be_visible()
        page.get_by_role("button", name="发布到政府信息公开年报栏目").click()
        expect(page.get_by_text("已发布到“政府信息公开年报”栏目。")).to_be_visible()
        _shot(page, "4-published")
        report = AnnualReport.objects.get(org__code="fgw", year=2025)
        assert report.status == ReportStatus.PUBLISHED and report.penalty == 9
        assert report.published_document is not None
        page.goto(f"/documents/{report.published_document.pk}/")
        expect(page.get_by_text("三、收到和处理政府信息公开申请情况").first).to_be_visible()
        _shot(page, "5-public")


def test_the_city_government_rolls_up_its_departments(browser: Browser, site_url: str) -> None:
    with signed_in(browser, site_url, "gkb") as page:
        page.goto("/staff/reports/rollup/")
        expect(page.get_by_role("heading", level=1).first).to_contain_text("年度报告汇总")
        page.get_by_role("button", name="汇总").click()
        expect(page.get_by_role("link", name="示例市发展和改革委员会").first).to_be_visible()
        check_accessible(page)
        _shot(page, "6-rollup")
