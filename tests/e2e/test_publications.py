"""主动公开 in a real browser: an editor drafts a document in the workbench, a reviewer of the same
organization approves and publishes it, a citizen finds it in the public catalogue and reads it with its
catalogue metadata and its policy interpretation (both ways); then axe scans every public page of the
catalogue, the documents, the gazette and the normative lists, with a screenshot of each.
"""

from __future__ import annotations

import datetime
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from gongkai.accounts.models import User
from gongkai.orgs.models import Organization
from gongkai.portal.demo.region import DEMO_PASSWORD
from gongkai.publications.choices import DocumentKind, DocumentStatus, Validity
from gongkai.publications.demo import FUND_RULES, WORK_POINTS
from gongkai.publications.models import Document
from gongkai.publications.normative import normative_repeal
from gongkai.publications.services import (
    document_approve,
    document_attachment_add,
    document_create,
    document_publish,
    document_submit,
    document_withdraw,
)
from tests.e2e.conftest import (
    ARTIFACTS_DIR,
    BLOCKING_IMPACTS,
    TIMEOUT_MS,
    AxeFinding,
    AxeViolation,
    PageProblems,
    axe_scan,
)

SCREENSHOTS = ARTIFACTS_DIR / "publications"
DOCUMENTS_ADMIN = "/staff/snippets/publications/document/"
CJK = re.compile(r"[\u4e00-\u9fff]")
# 索引号 (statutory.md §1): the issuer's 18-character 统一社会信用代码 / year of publication - serial.
INDEX_NO = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}/\d{4}-\d{5}$")

POLICY_TITLE = "示例市发展和改革委员会关于加快推进2026年数字经济重点项目建设的意见"
POLICY_NUMBER = "示发改高技〔2026〕21号"
POLICY_BODY = "各区发展改革局，市有关部门：为加快数字经济重点项目建设，现提出如下意见。"
INTERPRETATION_TITLE = "一图读懂《关于加快推进2026年数字经济重点项目建设的意见》"
INTERPRETATION_BODY = "问：意见提出了哪些重点任务？答：围绕算力设施、数据要素和产业数字化三个方面部署。"


# --- Personas in their own browser contexts -----------------------------------------------------------


@contextmanager
def signed_in(browser: Browser, site_url: str, username: str) -> Iterator[Page]:
    """A browser context of its own for one person, signed in once to the workbench."""
    context = browser.new_context(
        base_url=site_url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto("/staff/login/")
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(DEMO_PASSWORD)
        page.locator("input[name=password]").press("Enter")
        expect(page).to_have_url(re.compile(r"/staff/$"))
        yield page
    except Exception:
        _screenshot(page, f"failed-{username}")
        raise
    finally:
        context.close()


def _screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _fill_date(page: Page, name: str, day: datetime.date) -> None:
    field = page.locator(f"input[name={name}]")
    field.fill(day.isoformat())
    field.press("Escape")  # close the date picker so it does not cover the next field


def _type_body(page: Page, text: str) -> None:
    """Type into Draftail, Wagtail's rich-text editor, as a person does (no hidden-input shortcut)."""
    editor = page.locator("[data-contentpath=body] [contenteditable=true]")
    editor.click()
    page.keyboard.type(text)
    expect(editor).to_contain_text(text)
    # No pause before 保存: the workbench makes Draftail write its content on submit
    # (core/admin/draftail-flush.js), so what a quick editor typed last is saved too.


def _draft_in_workbench(page: Page, fields: dict[str, Any], *, interprets: str = "") -> int:
    """Fill the workbench's new-document form like an editor and save it; the new document's id."""
    page.goto("/staff/")
    page.get_by_role("link", name="政府信息", exact=True).first.click()
    expect(page).to_have_url(re.compile(re.escape(DOCUMENTS_ADMIN) + r"$"))
    page.locator(f"a[href$='{DOCUMENTS_ADMIN}add/']").first.click()

    page.locator("input[name=title]").fill(fields["title"])
    page.locator("select[name=kind]").select_option(label=fields["kind"])
    if fields.get("doc_number"):
        page.locator("input[name=doc_number]").fill(fields["doc_number"])
    page.locator("textarea[name=summary]").fill(fields["summary"])
    page.locator("input[name=keywords]").fill(fields["keywords"])
    page.locator("select[name=genre]").select_option(label=fields["genre"])
    page.locator("select[name=subject]").select_option(label=fields["subject"])
    _fill_date(page, "written_on", fields["written_on"])
    _fill_date(page, "formed_on", fields["written_on"])
    page.locator("select[name=disclosure]").select_option(label="主动公开")
    for item in fields.get("statutory_items", ()):
        page.get_by_label(item).check()
    if interprets:
        # The searchable chooser: type part of the title, pick the match from the list (as a person does).
        page.locator("#id_interprets-search").fill(interprets[:8])
        page.locator("#id_interprets-results [role=option]").filter(has_text=interprets[:8]).first.click()
        expect(page.locator("select[name=interprets] option:checked")).to_have_count(1)
        page.locator("select[name=interpretation_form]").select_option(label=fields["interpretation_form"])
    _type_body(page, fields["body"])

    page.get_by_role("button", name="保存草稿").click()
    expect(page).to_have_url(re.compile(re.escape(DOCUMENTS_ADMIN) + r"edit/\d+/$"))
    match = re.search(r"/edit/(\d+)/$", page.url)
    assert match is not None
    return int(match.group(1))


def _take_step(page: Page, label: str, done: str) -> None:
    """Click a workflow button in the edit view's header, confirm on the step page, see the result."""
    page.locator("header").get_by_role("link", name=label, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(label)
    page.get_by_role("main").get_by_role("button", name=label, exact=True).click()
    expect(page.locator(".messages")).to_contain_text(done)


def _review_and_publish(page: Page, title: str) -> None:
    """The reviewer finds the document on the dashboard panel 待我审查的政府信息, approves, publishes."""
    page.goto("/staff/")
    heading = page.get_by_role("heading", name="待我审查的政府信息", exact=True)
    expect(heading).to_be_visible()
    page.locator("h3:has-text('待我审查的政府信息') + table").get_by_role(
        "link", name=title, exact=True
    ).click()
    _take_step(page, "审查通过", "保密审查通过")
    _take_step(page, "发布", "已发布")


def _metadata(page: Page, term: str) -> str:
    """The value of one row of the document page's catalogue table (dt → dd)."""
    row = page.locator(".catalogue-meta > div").filter(
        has=page.locator("dt", has_text=re.compile(f"^{term}$"))
    )
    expect(row).to_have_count(1)
    return row.locator("dd").inner_text().strip()


def test_it_keeps_the_body_typed_just_before_an_invalid_save(browser: Browser, site_url: str) -> None:
    """Draftail writes to the form 250 ms after the last keystroke; a save at once used to send an
    empty body, and the form that came back with its errors had lost the text."""
    with signed_in(browser, site_url, "lisi") as editor:
        editor.goto(f"{DOCUMENTS_ADMIN}add/")
        editor.locator("input[name=title]").fill("快速保存的草稿")
        body = editor.locator("[data-contentpath=body] [contenteditable=true]")
        body.click()
        editor.keyboard.type("刚刚输入的最后一句正文")
        editor.get_by_role("button", name="保存草稿").click()  # at once, required fields still empty

        expect(editor.locator(".error-message").first).to_be_visible()
        expect(body).to_contain_text("刚刚输入的最后一句正文")
        expect(editor.locator("input[name=title]")).to_have_value("快速保存的草稿")


# --- Editor → reviewer → citizen --------------------------------------------------------------------------


def test_it_takes_a_document_from_the_editors_draft_through_review_to_the_citizens_catalogue(
    browser: Browser, site_url: str, page: Page, page_problems: PageProblems
) -> None:
    today = timezone.localdate()
    written_on = today - datetime.timedelta(days=3)
    fgw = Organization.objects.get(code="fgw")

    with signed_in(browser, site_url, "lisi") as editor, signed_in(browser, site_url, "wangwu") as reviewer:
        # 李四 (editor) drafts through the real form and submits the draft for 保密审查.
        policy_id = _draft_in_workbench(
            editor,
            {
                "title": POLICY_TITLE,
                "kind": "政府信息",
                "doc_number": POLICY_NUMBER,
                "summary": "提出2026年数字经济重点项目建设的目标、任务和保障措施。",
                "keywords": "数字经济、重点项目",
                "genre": "意见",
                "subject": "国民经济管理、国有资产监管/宏观经济",
                "written_on": written_on,
                "statutory_items": ["（三）国民经济和社会发展规划、专项规划、区域规划及相关政策"],
                "body": POLICY_BODY,
            },
        )
        _screenshot(editor, "workbench-draft-saved")
        _take_step(editor, "提交审查", "已提交保密审查")

        # Four-eyes (条例第十七条): the submitter is not offered 审查通过, and the step itself refuses them.
        expect(editor.locator("header").get_by_role("link", name="审查通过")).to_have_count(0)
        editor.goto(f"{DOCUMENTS_ADMIN}approve/{policy_id}/")
        editor.get_by_role("main").get_by_role("button", name="审查通过", exact=True).click()
        expect(editor.locator(".messages li.error")).to_contain_text(CJK)
        assert Document.objects.get(pk=policy_id).status == DocumentStatus.SUBMITTED

        # 王五 (reviewer of the same organization) approves and publishes it from his dashboard.
        _review_and_publish(reviewer, POLICY_TITLE)
        _screenshot(reviewer, "workbench-published")

        # A citizen browses the catalogue by organization and 体裁 and opens the document.
        page.goto("/documents/")
        page.get_by_label("发布机构").select_option(label=fgw.name)
        page.get_by_label("体裁").select_option(label="意见")
        page.get_by_role("button", name="筛选").click()
        expect(page).to_have_url(re.compile(r"org=fgw.*genre=|genre=.*org=fgw"))
        results = page.locator(".catalogue-results > li")
        expect(results).to_have_count(1)
        results.get_by_role("link", name=POLICY_TITLE).click()

        expect(page).to_have_url(re.compile(rf"/documents/{policy_id}/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(POLICY_TITLE)
        index_no = _metadata(page, "索引号")
        assert INDEX_NO.match(index_no), index_no
        assert index_no.startswith(f"{fgw.credit_code}/{today.year}-")
        assert _metadata(page, "发文字号") == POLICY_NUMBER
        assert _metadata(page, "发布日期") == f"{today.year}年{today.month}月{today.day}日"
        assert _metadata(page, "成文日期") == f"{written_on.year}年{written_on.month}月{written_on.day}日"
        assert _metadata(page, "有效性") == "有效"
        assert _metadata(page, "标题") == POLICY_TITLE
        assert _metadata(page, "发布机构") == fgw.name
        assert _metadata(page, "体裁") == "意见"
        expect(page.locator(".doc-body")).to_contain_text(POLICY_BODY)
        expect(page.get_by_role("heading", name="相关解读")).to_have_count(0)

        # 李四 drafts its interpretation (政策解读), 王五 approves and publishes it.
        interpretation_id = _draft_in_workbench(
            editor,
            {
                "title": INTERPRETATION_TITLE,
                "kind": "政策解读",
                "summary": "以问答形式解读数字经济重点项目建设意见。",
                "keywords": "数字经济、政策解读",
                "genre": "其他",
                "subject": "国民经济管理、国有资产监管/宏观经济",
                "written_on": today,
                "interpretation_form": "问答",
                "body": INTERPRETATION_BODY,
            },
            interprets=f"{POLICY_TITLE}（{POLICY_NUMBER}）",
        )
        _take_step(editor, "提交审查", "已提交保密审查")
        _review_and_publish(reviewer, INTERPRETATION_TITLE)

    # The two are linked both ways on the public pages (the reader's browser revalidates its copy).
    page.reload()
    related = page.locator("section").filter(has=page.get_by_role("heading", name="相关解读"))
    related.get_by_role("link", name=INTERPRETATION_TITLE).click()
    expect(page).to_have_url(re.compile(rf"/documents/{interpretation_id}/$"))
    assert _metadata(page, "解读形式") == "问答"
    expect(page.locator(".doc-body")).to_contain_text(INTERPRETATION_BODY)
    interprets = page.locator("section").filter(has=page.get_by_role("heading", name="解读的文件"))
    interprets.get_by_role("link", name=POLICY_TITLE).click()
    expect(page).to_have_url(re.compile(rf"/documents/{policy_id}/$"))
    assert page_problems.all() == []


# --- Accessibility of every public page of the catalogue ----------------------------------------------------

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
ATTACHED_TITLE = "示例市发展和改革委员会关于公布2026年第一批市级服务业集聚区名单的通知"
SUCCESSOR_TITLE = "示例市住房公积金提取和使用管理办法"
WITHDRAWN_TITLE = "示例市发展和改革委员会关于印发示例市2026年社会信用体系建设工作要点的通知"
WITHDRAWN_REASON = "该文件内容已并入新的工作要点，原文件撤回。"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _publish_through_review(document: Document, *, editor: User, reviewer: User) -> Document:
    document = document_submit(actor=editor, document=document)
    document = document_approve(actor=reviewer, document=document)
    return document_publish(actor=reviewer, document=document)


def _catalogue_in_every_state() -> dict[str, Document]:
    """Beside the demo region's documents: one with attachments, one withdrawn and a repealed 规范性文件
    with the one that repealed it, all through the services as staff would do it."""
    users = {
        user.username: user for user in User.objects.filter(username__in=["lisi", "wangwu", "gkb", "admin"])
    }
    fgw, office = Organization.objects.get(code="fgw"), Organization.objects.get(code="office")
    today = timezone.localdate()

    attached = document_create(
        actor=users["lisi"],
        org=fgw,
        title=ATTACHED_TITLE,
        genre="通知",
        subject="国民经济管理、国有资产监管/宏观经济",
        doc_number="示发改服务〔2026〕5号",
        summary="公布2026年第一批市级服务业集聚区名单，名单见附件。",
        body="<p>各区发展改革局：</p><p>经评审，现将2026年第一批市级服务业集聚区名单予以公布。</p>",
        written_on=today - datetime.timedelta(days=2),
        formed_on=today - datetime.timedelta(days=2),
        statutory_items=[3],
    )
    document_attachment_add(
        actor=users["lisi"], document=attached, file=SimpleUploadedFile("名单.pdf", PDF), title="集聚区名单"
    )
    document_attachment_add(
        actor=users["lisi"],
        document=attached,
        file=SimpleUploadedFile("申报表.docx", _docx()),
        title="申报表",
    )
    attached = _publish_through_review(attached, editor=users["lisi"], reviewer=users["wangwu"])

    withdrawn = Document.objects.get(title=WITHDRAWN_TITLE)
    withdrawn = document_withdraw(actor=users["wangwu"], document=withdrawn, reason=WITHDRAWN_REASON)

    repealed = Document.objects.get(title=FUND_RULES)
    successor = document_create(
        actor=users["gkb"],
        org=office,
        title=SUCCESSOR_TITLE,
        genre="通知",
        kind=DocumentKind.NORMATIVE,
        subject="城乡建设、环境保护/城乡建设（含住房）",
        doc_number="示政办规〔2026〕5号",
        summary="统一规范住房公积金提取和使用，原《示例市住房公积金提取管理办法》同时废止。",
        body="<p>第一条 为规范住房公积金提取和使用，制定本办法。</p>"
        "<p>第二十条 本办法自印发之日起施行，《示例市住房公积金提取管理办法》同时废止。</p>",
        written_on=today,
        formed_on=today,
        statutory_items=[1],
    )
    successor = _publish_through_review(successor, editor=users["gkb"], reviewer=users["admin"])
    normative_repeal(actor=users["gkb"], repealing_doc=successor, old_doc=repealed)
    repealed.refresh_from_db()
    assert repealed.validity == Validity.REPEALED
    return {
        "attached": attached,
        "withdrawn": withdrawn,
        "repealed": repealed,
        "successor": successor,
        "policy": Document.objects.get(title=WORK_POINTS),
    }


def _public_pages(documents: dict[str, Document]) -> list[tuple[str, str]]:
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    return [
        ("catalogue", "/documents/"),
        ("catalogue-filtered", "/documents/?org=fgw&genre=通知"),
        ("catalogue-no-results", "/documents/?org=edu&validity=repealed"),
        ("catalogue-wrong-filter", "/documents/?genre=不存在的体裁"),
        ("document-attachments", documents["attached"].get_url()),
        ("document-policy-with-interpretation", documents["policy"].get_url()),
        ("document-interpretation", documents["policy"].interpretations.get().get_url()),
        ("document-withdrawn", documents["withdrawn"].get_url()),
        ("document-repealed", documents["repealed"].get_url()),
        ("document-repealing", documents["successor"].get_url()),
        ("gazette", "/gazette/"),
        ("gazette-search", "/gazette/?q=政务公开"),
        ("gazette-year", f"/gazette/{today.year}/"),
        ("gazette-issue", f"/gazette/{today.year}/1/"),
        ("normative-valid", "/normative/"),
        ("normative-invalid", "/normative/invalid/"),
        ("normative-catalogue", f"/normative/catalogue/{today.year}/q{quarter}/"),
    ]


def _scan(page: Page, name: str, found: dict[str, list[AxeViolation]]) -> None:
    """Photograph the page (test-artifacts/publications/, for a person to look at) and run axe on it."""
    _screenshot(page, name)
    violations = axe_scan(page)
    if violations:
        found[f"{name} ({page.url})"] = violations


def _check_page(page: Page, name: str, documents: dict[str, Document]) -> None:
    """What each state of a document must show the citizen, beside being accessible."""
    main = page.get_by_role("main")
    if name == "document-attachments":
        attachments = main.locator("section").filter(has=page.get_by_role("heading", name="附件"))
        expect(attachments.get_by_role("link")).to_have_text(["集聚区名单", "申报表"])
    elif name == "document-withdrawn":
        expect(main.get_by_role("alert")).to_contain_text(WITHDRAWN_REASON)
        expect(main.locator(".doc-body")).to_have_count(0)
    elif name == "document-repealed":
        banner = main.get_by_role("note")
        expect(banner).to_contain_text("废止")
        banner.get_by_role("link", name=SUCCESSOR_TITLE).click()
        expect(page).to_have_url(re.compile(rf"{documents['successor'].get_url()}$"))
        page.go_back()
    elif name in ("normative-valid", "normative-invalid"):
        expected, absent = (
            (SUCCESSOR_TITLE, FUND_RULES) if name == "normative-valid" else (FUND_RULES, SUCCESSOR_TITLE)
        )
        expect(main.get_by_role("link", name=expected, exact=True)).to_be_visible()
        expect(main.get_by_role("link", name=absent, exact=True)).to_have_count(0)


def test_it_has_no_serious_accessibility_violations_on_the_catalogue_document_gazette_and_normative_pages(
    page: Page, settings: Any, tmp_path: Path, page_problems: PageProblems
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # the attachments' files
    documents = _catalogue_in_every_state()
    found: dict[str, list[AxeViolation]] = {}

    for name, path in _public_pages(documents):
        response = page.goto(path)
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        _scan(page, name, found)
        _check_page(page, name, documents)
        if name == "document-attachments":
            # The print view (publications.css @media print): what a citizen gets on paper.
            page.emulate_media(media="print")
            _scan(page, "document-print", found)
            page.emulate_media(media="screen")

    blocking = {where: [v for v in vs if v.impact in BLOCKING_IMPACTS] for where, vs in found.items()}
    blocking = {where: vs for where, vs in blocking.items() if vs}
    others = {where: [v for v in vs if v.impact not in BLOCKING_IMPACTS] for where, vs in found.items()}
    if any(others.values()):
        warnings.warn(
            AxeFinding(
                "axe: minor/moderate findings\n"
                + "\n".join(
                    f"{where}:\n" + "\n".join(v.describe() for v in vs) for where, vs in others.items() if vs
                )
            ),
            stacklevel=1,
        )
    assert not blocking, "axe found serious/critical violations:\n" + "\n".join(
        f"{where}:\n" + "\n".join(v.describe() for v in vs) for where, vs in blocking.items()
    )
    assert page_problems.all() == []
