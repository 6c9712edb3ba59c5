"""依申请公开 in a real browser: a citizen applies online at /foi/apply/ and tracks the application with the
number and query code of the receipt (待确认); 李四, the handler of 市发展改革委, confirms the receipt and
drafts the reply letter on the case page; 王五, the head of the disclosure office, approves it; 李四 records
that it was sent; the citizen tracks again and finds the case closed (已办结) with the letter and its Word
document. A screenshot of every step goes to var/screenshots/foi/ for a person to look at.

The CAPTCHA is solved the way the unit tests do it (gongkai/foi/tests/captcha_helpers.py): the challenge
generator is replaced, and the live server answers from a thread of this same process, so the page it
renders asks 1+1=?. Nothing reads an answer out of a token.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import docx
import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from gongkai.foi.models import FoiCase
from gongkai.foi.tests.captcha_helpers import fix_captcha
from gongkai.portal.demo.region import DEMO_PASSWORD
from tests.e2e.conftest import TIMEOUT_MS, PageProblems, check_accessible

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "foi"
CJK = re.compile(r"[\u4e00-\u9fff]")
INFO_NAME = "2025年度重大建设项目批准结果"
DESCRIPTION = "示例市发展和改革委员会2025年度批准的重大建设项目名单及批准文号"


def _shot(page: Page, name: str, part: str = "") -> None:
    """The whole page, or the element ``part`` of it. The workbench scrolls inside its own container, so
    a full-page screenshot shows one screen: the window is made as tall as the content first."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = str(SCREENSHOTS / f"{name}.png")
    size = page.viewport_size or {"width": 1280, "height": 900}
    height = page.evaluate("() => Math.max(...[...document.querySelectorAll('*')].map(e => e.scrollHeight))")
    page.set_viewport_size({"width": size["width"], "height": min(max(height, size["height"]), 6000)})
    try:
        if part:
            page.locator(part).first.screenshot(path=path)
        else:
            page.screenshot(path=path, full_page=True)
    finally:
        page.set_viewport_size(size)


def _identity_png(path: Path) -> Path:
    """A real (small) picture as the identity document: the upload is checked by its content."""
    Image.new("RGB", (240, 150), (230, 236, 245)).save(path, format="PNG")
    return path


@contextmanager
def _context(browser: Browser, site_url: str) -> Iterator[Page]:
    context = browser.new_context(
        base_url=site_url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1280, "height": 900},
        accept_downloads=True,
    )
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


@contextmanager
def signed_in(browser: Browser, site_url: str, username: str) -> Iterator[Page]:
    """A browser of its own for one member of staff, signed in to the workbench (2FA is off here)."""
    with _context(browser, site_url) as page:
        page.goto("/staff/login/")
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(DEMO_PASSWORD)
        page.locator("input[name=password]").press("Enter")
        expect(page).to_have_url(re.compile(r"/staff/$"))
        yield page


def _open_case(page: Page, number: str) -> None:
    """From the queue, the way staff find a case: search its number, open it."""
    page.goto("/staff/foi/cases/")
    page.get_by_role("link", name=re.compile(re.escape(number))).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)


def _apply(page: Page, identity: Path) -> tuple[str, str]:
    page.goto("/foi/apply/?org=fgw")
    expect(page.get_by_role("heading", level=1)).to_contain_text("申请")
    page.get_by_label("自然人", exact=True).check()
    page.locator("input[name=person_name]").fill("张三")
    page.locator("select[name=id_type]").select_option("resident_id")
    page.locator("input[name=id_number]").fill("11010519491231002X")
    page.locator("input[name=phone]").fill("13812345678")
    page.locator("input[name=email]").fill("zhangsan@example.com")
    page.locator("input[name=identity_file]").set_input_files(str(identity))
    page.locator("input[name=info_name]").fill(INFO_NAME)
    page.locator("textarea[name=description]").fill(DESCRIPTION)
    page.locator("input[name=form][value=electronic]").check()
    page.locator("input[name=delivery][value=email]").check()
    page.locator("input[name=captcha]").fill("2")
    _shot(page, "01-apply-form")
    page.get_by_role("button", name="提交申请").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("政府信息公开申请回执")
    number = page.locator(".receipt-number").inner_text().strip()
    code = page.locator(".receipt-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z]+-\d{4}-\d{5}", number) and len(code) >= 6
    _shot(page, "02-receipt")
    return number, code


def _track(page: Page, number: str, code: str) -> None:
    page.goto("/foi/track/")
    page.locator("input[name=number]").fill(number)
    page.locator("input[name=query_code]").fill(code)
    page.locator("input[name=query_code]").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("申请办理进度")


def test_it_takes_an_online_application_to_a_reply_letter_the_citizen_can_download(
    browser: Browser,
    site_url: str,
    page: Page,
    page_problems: PageProblems,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    fix_captcha(monkeypatch)  # the live server renders the form in this process: 1+1=?
    today = timezone.localdate()

    # The citizen applies and tracks the application: waiting for the receipt to be confirmed.
    number, code = _apply(page, _identity_png(tmp_path / "身份证.png"))
    _track(page, number, code)
    expect(page.locator(".case-status")).to_contain_text("待确认")
    _shot(page, "03-track-pending")
    case = FoiCase.objects.get(number=number)

    # 李四 confirms the receipt and drafts the reply letter.
    with signed_in(browser, site_url, "lisi") as lisi:
        _open_case(lisi, number)
        lisi.locator("#action-confirm > summary").click()
        lisi.locator("#action-confirm button[type=submit]").click()
        expect(lisi.locator(".messages")).to_contain_text("已确认收到申请之日")
        _shot(lisi, "04-staff-confirmed")

        draft = lisi.locator("#draft-reply")
        draft.locator("summary").click()
        draft.locator("select[name=letter-reply-outcome]").select_option("disclosed")
        draft.locator("input[name=letter-reply-disclosure_manner]").fill("以电子邮件方式提供")
        draft.locator("textarea[name=letter-reply-attachments]").fill(
            "2025年度重大建设项目批准结果.pdf\n项目批准文号清单.xlsx"
        )
        draft.locator("input[name=letter-reply-doc_number]").fill("示发改依申〔2026〕1号")
        _shot(lisi, "05-staff-draft-form", "#letters")
        draft.get_by_role("button", name="拟制草稿").click()
        expect(lisi.locator(".messages")).to_contain_text("待公开工作机构负责人审批")
        letter = case.letters.get()
        row = lisi.locator(f"#letter-{letter.pk}")
        expect(row).to_contain_text("草稿")
        expect(row).to_contain_text("待王五审批")
        expect(row.locator(".gk-letter-text")).to_contain_text("第三十六条第（二）项")
        expect(row.get_by_role("button", name="审批通过")).to_have_count(0)
        _shot(lisi, "06-staff-drafted", "#letters")

    # 王五 approves it.
    with signed_in(browser, site_url, "wangwu") as wangwu:
        _open_case(wangwu, number)
        row = wangwu.locator(f"#letter-{letter.pk}")
        _shot(wangwu, "07-head-before-approval", "#letters")
        row.get_by_role("button", name="审批通过").click()
        expect(wangwu.locator(".messages")).to_contain_text("已审批")
        expect(wangwu.locator(f"#letter-{letter.pk}")).to_contain_text("已审批")
        _shot(wangwu, "08-head-approved")

    # 李四 records that it was sent by e-mail today: the case closes.
    with signed_in(browser, site_url, "lisi") as lisi:
        _open_case(lisi, number)
        row = lisi.locator(f"#letter-{letter.pk}")
        row.locator(f"select[name=send-{letter.pk}-delivery]").select_option("email")
        expect(row.locator(f"input[name=send-{letter.pk}-on]")).to_have_value(today.isoformat())
        _shot(lisi, "09-staff-send-form", "#letters")
        check_accessible(lisi)  # the case page with a letter, its preview and the send form open
        row.get_by_role("button", name="登记送达").click()
        expect(lisi.locator(".messages")).to_contain_text("已送达")
        expect(lisi.locator(f"#letter-{letter.pk}")).to_contain_text("已送达")
        expect(lisi.locator(".gk-meta").first).to_contain_text("已办结")
        _shot(lisi, "10-staff-sent")

        # The staff's copy of the letter as Word.
        with lisi.expect_download() as staff_download:
            lisi.locator(f"#letter-{letter.pk}").get_by_role("link", name="下载Word").click()
        assert staff_download.value.suggested_filename.endswith(".docx")

    # The citizen tracks again: closed, with the letter and its Word document.
    page.reload()
    expect(page.locator(".case-status")).to_contain_text("已办结")
    article = page.locator("article.letter")
    expect(article).to_contain_text("政府信息公开申请答复告知书")
    expect(article).to_contain_text("以电子邮件方式提供")
    _shot(page, "11-track-closed")
    check_accessible(page)
    with page.expect_download() as download:
        article.get_by_role("link", name=re.compile("下载")).click()
    data = Path(download.value.path()).read_bytes()
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "政府信息公开申请答复告知书" in text and "示发改依申〔2026〕1号" in text and "张三" in text

    case.refresh_from_db()
    assert case.status == "closed" and case.outcome == "disclosed" and case.closed_on == today
    assert page_problems.all() == []
