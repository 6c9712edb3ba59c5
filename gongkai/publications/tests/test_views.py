"""The catalogue's public pages as a citizen gets them: the document page, the catalogue and the home page."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from gongkai.core.testing import Region
from gongkai.orgs.choices import Role
from gongkai.portal.services import portal_site_ensure
from gongkai.publications import selectors
from gongkai.publications.choices import DocumentKind, Validity
from gongkai.publications.models import Document, Subject
from gongkai.publications.selectors import catalogue_changed
from gongkai.publications.services import (
    document_approve,
    document_attachment_add,
    document_publish,
    document_submit,
    document_withdraw,
)
from gongkai.publications.tests.helpers import approved, draft, grant, published
from gongkai.publications.tests.test_attachments import PDF

pytestmark = pytest.mark.django_db


def get_html(client: Client, path: str, *, status: int = 200, **params: str) -> str:
    response = client.get(path, params)
    assert response.status_code == status, (path, response.status_code)
    return response.content.decode()


def interpretation_of(region: Region, policy: Document, **fields: object) -> Document:
    values: dict[str, object] = {
        "kind": DocumentKind.INTERPRETATION,
        "title": "《关于做好2026年政务公开工作的通知》政策解读",
        "genre": "其他",
        "doc_number": "",
        "interprets": [policy.pk],
        "interpretation_form": "qa",
    }
    values.update(fields)
    return published(region, **values)


# --- Document page ------------------------------------------------------------------------------------


def test_it_shows_the_catalogue_metadata_and_the_body(region: Region, client: Client) -> None:
    document = published(
        region,
        body="<p>各有关单位：现将有关事项通知如下。</p>",
        keywords=["政务公开", "年度要点"],
        written_on=datetime.date(2026, 1, 5),
        effective_on=datetime.date(2026, 2, 1),
        statutory_items=[1, 11],
        joint_issuers=[region.edu],
    )

    html = get_html(client, f"/documents/{document.pk}/")

    assert document.index_no and document.index_no in html
    for label in (
        "索引号",
        "发布机构",
        "主题分类",
        "体裁",
        "发文字号",
        "成文日期",
        "发布日期",
        "生效日期",
        "有效性",
        "主题词",
        "内容概述",
    ):
        assert f"<dt>{label}</dt>" in html, label
    assert "综合政务/政务公开" in html
    assert "示发改〔2026〕1号" in html
    assert "2026年1月5日" in html and "2026年2月1日" in html
    assert '<span class="joint-issuer">示例市教育局</span>' in html
    assert "政务公开　年度要点" in html
    assert "部署年度政务公开重点工作。" in html
    assert "<p>各有关单位：现将有关事项通知如下。</p>" in html
    assert "（一）行政法规、规章和规范性文件" in html and "（十一）扶贫" in html
    assert html.count("<h1") == 1 and "关于做好2026年政务公开工作的通知</h1>" in html


def test_it_keeps_answering_a_withdrawn_document_with_the_notice_and_no_body(
    region: Region, client: Client
) -> None:
    document = published(region, body="<p>原文正文内容。</p>")
    with time_machine.travel(datetime.datetime(2026, 5, 6, 10, tzinfo=datetime.UTC)):
        document_withdraw(actor=region.wangwu, document=document, reason="内容有误，已重新发布")

    html = get_html(client, f"/documents/{document.pk}/")

    assert "本信息已于2026年5月6日撤回。" in html
    assert "撤回原因：内容有误，已重新发布" in html
    assert "原文正文内容。" not in html
    assert document.index_no and document.index_no in html  # the catalogue entry stays citable


def test_it_offers_a_print_view_with_the_metadata_table_and_body(region: Region, client: Client) -> None:
    document = published(region, body="<p>正文第一段。</p>")

    page = get_html(client, f"/documents/{document.pk}/")
    assert f'href="/documents/{document.pk}/print/"' in page
    html = get_html(client, f"/documents/{document.pk}/print/")

    assert document.index_no and document.index_no in html
    assert "示发改〔2026〕1号" in html and "<p>正文第一段。</p>" in html
    assert "site-header" not in html and "main-nav" not in html  # no site navigation on paper
    assert "<script>" not in html and "style=" not in html  # the portal's CSP allows neither


@pytest.mark.parametrize("make", [draft, approved])
def test_it_answers_404_for_documents_not_yet_published(region: Region, client: Client, make: object) -> None:
    document = make(region)  # type: ignore[operator]

    html = get_html(client, f"/documents/{document.pk}/", status=404)

    assert document.title not in html
    assert document.title not in get_html(client, f"/documents/{document.pk}/print/", status=404)


def test_it_answers_404_for_an_unknown_document(region: Region, client: Client) -> None:
    get_html(client, "/documents/999999/", status=404)


def test_it_links_policy_and_interpretation_both_ways_showing_only_published_ones(
    region: Region, client: Client
) -> None:
    policy = published(region)
    shown = interpretation_of(region, policy, title="图解：年度政务公开要点")
    hidden = interpretation_of(region, policy, title="专家谈政务公开要点")
    document_withdraw(actor=region.wangwu, document=hidden, reason="重复发布")
    draft(region, kind=DocumentKind.INTERPRETATION, title="解读草稿", interprets=[policy.pk], genre="其他")

    policy_html = get_html(client, f"/documents/{policy.pk}/")
    interpretation_html = get_html(client, f"/documents/{shown.pk}/")

    assert "相关解读" in policy_html
    assert f'<a href="/documents/{shown.pk}/">图解：年度政务公开要点</a>' in policy_html
    assert "专家谈政务公开要点" not in policy_html
    assert "解读草稿" not in policy_html
    assert "解读的文件" in interpretation_html
    assert f'<a href="/documents/{policy.pk}/">关于做好2026年政务公开工作的通知</a>' in interpretation_html
    assert "问答" in interpretation_html  # the form of the interpretation


def test_it_leaves_out_the_link_sections_when_there_is_nothing_to_link(
    region: Region, client: Client
) -> None:
    html = get_html(client, f"/documents/{published(region).pk}/")

    assert "相关解读" not in html and "解读的文件" not in html


def test_it_answers_a_conditional_get_with_304_until_the_page_changes(region: Region, client: Client) -> None:
    policy = published(region)
    path = f"/documents/{policy.pk}/"

    first = client.get(path)
    etag = first["ETag"]
    repeat = client.get(path, headers={"if-none-match": etag})
    since = client.get(path, headers={"if-modified-since": first["Last-Modified"]})
    with time_machine.travel(datetime.timedelta(minutes=5)):
        interpretation_of(region, policy)  # the policy's page now lists it
    after = client.get(path, headers={"if-none-match": etag})

    assert first.status_code == 200
    assert "public" in first["Cache-Control"] and "max-age=300" in first["Cache-Control"]
    assert "Cookie" in first["Vary"]
    assert repeat.status_code == 304
    assert since.status_code == 304
    assert after.status_code == 200 and after["ETag"] != etag


def test_it_gives_large_text_readers_their_own_entity_tag(region: Region, client: Client) -> None:
    path = f"/documents/{published(region).pk}/"
    etag = client.get(path)["ETag"]

    client.cookies["gk_text"] = "large"
    response = client.get(path, headers={"if-none-match": etag})

    assert response.status_code == 200
    assert 'class="gk-large"' in response.content.decode()


def test_it_sets_last_modified_from_the_document(region: Region, client: Client) -> None:
    document = published(region)

    response = client.get(f"/documents/{document.pk}/")

    assert response["Last-Modified"] == http_date(document.updated_at.timestamp())


# After any document changed: the catalogue's state, the document's version (ETag), the document, its joint
# issuers, both directions of the interpretation link, its columns, gazette issue, normative links and
# attachments, and the titles of the linked documents (the layout's site, settings and menu are remembered,
# portal_tags.chrome_memo); then, until the next change, none: state and version are remembered and the
# page is cached.
DOCUMENT_PAGE_QUERIES = 11
DOCUMENT_PAGE_QUERIES_CACHED = 0


def queries_of(client: Client, path: str, params: dict[str, str] | None = None) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(path, params or {})
    assert response.status_code == 200, (path, response.status_code)
    return len(context.captured_queries)


def policy_with_files(region: Region, files: int, **fields: object) -> Document:
    document = draft(region, **fields)
    for number in range(files):
        document_attachment_add(
            actor=region.lisi, document=document, file=SimpleUploadedFile(f"附件{number}.pdf", PDF)
        )
    document = document_submit(actor=region.lisi, document=document)
    document = document_approve(actor=region.wangwu, document=document)
    return document_publish(actor=region.wangwu, document=document)


@pytest.mark.usefixtures("memos_kept")
def test_it_renders_the_document_page_with_the_same_queries_however_many_links_and_files(
    region: Region, client: Client, settings: Any, tmp_path: Path, django_assert_num_queries: Any
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    portal_site_ensure()
    small = policy_with_files(region, 1, title="甲政策")
    interpretation_of(region, small, title="解读甲")
    large = policy_with_files(region, 3, title="乙政策", joint_issuers=[region.edu])
    for number in range(6):
        interpretation_of(region, large, title=f"解读{number}")
    client.get("/documents/")  # the site's settings are created on the first request

    catalogue_changed()
    assert queries_of(client, f"/documents/{small.pk}/") == DOCUMENT_PAGE_QUERIES
    catalogue_changed()
    assert queries_of(client, f"/documents/{large.pk}/") == DOCUMENT_PAGE_QUERIES
    with django_assert_num_queries(DOCUMENT_PAGE_QUERIES_CACHED):
        html = get_html(client, f"/documents/{large.pk}/")

    assert len(re.findall(r'<a href="/documents/\d+/">解读\d</a>', html)) == 6
    assert len(re.findall(r'<a href="/documents/\d+/attachments/\d+/" download>', html)) == 3


@pytest.mark.usefixtures("memos_kept")
def test_it_renders_a_cached_document_page_again_when_an_interpretation_is_published(
    region: Region, client: Client
) -> None:
    policy = published(region, title="丙政策")
    assert "相关解读" not in get_html(client, f"/documents/{policy.pk}/")

    interpretation_of(region, policy, title="丙政策解读")

    assert "丙政策解读" in get_html(client, f"/documents/{policy.pk}/")


def test_it_renders_the_document_page_without_inline_styles_or_scripts(
    region: Region, client: Client
) -> None:
    html = get_html(client, f"/documents/{published(region).pk}/")

    assert "style=" not in html and "<style" not in html
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    assert "/static/publications/publications.css" in html


# --- Catalogue ------------------------------------------------------------------------------------------


def test_it_lists_published_documents_with_their_metadata(region: Region, client: Client) -> None:
    document = published(region)
    draft(region, title="尚未发布的草稿")

    html = get_html(client, "/documents/")

    assert f'<a href="/documents/{document.pk}/">关于做好2026年政务公开工作的通知</a>' in html
    assert "示例市发展和改革委员会" in html and "示发改〔2026〕1号" in html
    assert document.index_no and document.index_no in html
    assert "尚未发布的草稿" not in html
    assert "共 1 条政府信息" in html


def test_it_filters_by_every_field_and_combines_filters(region: Region, client: Client) -> None:
    with time_machine.travel(datetime.datetime(2025, 6, 2, 9, tzinfo=datetime.UTC)):
        old_notice = published(region, title="甲通知")
    grant(region, region.lisi, Role.EDITOR, region.edu)
    grant(region, region.wangwu, Role.REVIEWER, region.edu)
    opinion = published(region, title="乙意见", genre="意见", subject="科技、教育/教育", org=region.edu)
    repealed = published(
        region, title="丙废止文件", validity=Validity.REPEALED, repealed_on=datetime.date(2026, 1, 1)
    )
    policy = published(region, title="丁政策")
    reading = interpretation_of(region, policy, title="戊解读")
    this_year = policy.published_on.year if policy.published_on else 0

    def titles(**params: str) -> set[str]:
        html = client.get("/documents/", params).content.decode()
        return set(re.findall(r'<a href="/documents/\d+/">([^<]+)</a>', html))

    assert titles(org="edu") == {opinion.title}
    assert titles(subject="11") == {opinion.title}  # a top level matches its second levels
    assert opinion.subject.code and titles(subject=opinion.subject.code) == {opinion.title}
    assert titles(genre="意见") == {opinion.title}
    assert titles(validity="repealed") == {repealed.title}
    assert titles(kind="interpretation") == {reading.title}
    assert titles(year="2025") == {old_notice.title}
    assert titles(year=str(this_year), org="fgw", genre="通知") == {repealed.title, policy.title}
    assert titles(year="2025", genre="意见") == set()


def test_it_reports_a_wrong_filter_in_chinese_and_ignores_it(region: Region, client: Client) -> None:
    document = published(region)

    html = get_html(client, "/documents/", org="no-such-org", genre="通知")

    assert "“发布机构”没有“no-such-org”这一项：请从列表中选择。" in html
    assert 'aria-describedby="id_org-error"' in html and 'id="id_org-error"' in html
    assert html.count('aria-invalid="true"') == 1  # only the wrong field
    assert document.title in html  # the valid filter still applies, nothing is lost


def test_it_shows_empty_states(region: Region, client: Client) -> None:
    assert "本平台尚未发布政府信息" in get_html(client, "/documents/")
    published(region)
    assert "没有符合筛选条件的政府信息" in get_html(client, "/documents/", genre="决议")


def test_it_paginates_by_twenty_and_keeps_the_filters_in_page_links(region: Region, client: Client) -> None:
    for number in range(21):
        published(region, title=f"通知{number:02d}")

    first = get_html(client, "/documents/", genre="通知")
    second = get_html(client, "/documents/", genre="通知", page="2")
    bad = get_html(client, "/documents/", genre="通知", page="abc")

    assert len(re.findall(r'<a href="/documents/\d+/">', first)) == 20
    assert len(re.findall(r'<a href="/documents/\d+/">', second)) == 1
    assert "第 1 页，共 2 页" in first and 'href="?genre=%E9%80%9A%E7%9F%A5&amp;page=2"' in first
    assert "通知20" in first and "通知00" in second  # newest first
    assert "第 1 页，共 2 页" in bad


# After any document changed: the catalogue's state (the cache key), the organizations, the subject list,
# the years, the count, the page's ids and rows in one query (the layout's site, settings and menu are
# remembered, portal_tags.chrome_memo) …
CATALOGUE_QUERIES = 6
# … then, until the next change, none (the state is remembered, the page cached).
CATALOGUE_QUERIES_CACHED = 0


@pytest.mark.usefixtures("memos_kept")
def test_it_lists_with_a_fixed_number_of_queries_however_many_documents(
    region: Region, client: Client
) -> None:
    portal_site_ensure()
    client.get("/documents/")  # the site's settings are created on the first request
    general = Subject.objects.get(name="综合政务", parent=None)  # a top level matches its second levels
    pages: list[dict[str, str]] = [
        {},
        {"org": "fgw", "genre": "通知"},
        {"subject": general.code, "validity": "valid", "kind": "document", "page": "2"},
    ]
    counts = {}
    for total in (5, 30):
        for number in range(total - Document.objects.count()):
            published(region, title=f"批量通知{number}", joint_issuers=[region.edu])
        for params in pages:
            # Any change to any document makes the next request read the cached figures again.
            Document.objects.filter(pk=Document.objects.order_by("pk")[0].pk).update(
                updated_at=timezone.now()
            )
            catalogue_changed()
            after_change = queries_of(client, "/documents/", params)
            cached = queries_of(client, "/documents/", params)
            counts[total, str(params)] = (after_change, cached)
        assert f"共 {total} 条政府信息" in get_html(client, "/documents/", org="fgw")

    assert set(counts.values()) == {(CATALOGUE_QUERIES, CATALOGUE_QUERIES_CACHED)}, counts


@pytest.mark.usefixtures("memos_kept")
def test_it_shows_a_new_publication_in_the_count_and_the_years_at_once(
    region: Region, client: Client
) -> None:
    with time_machine.travel(datetime.datetime(2024, 3, 1, 9, tzinfo=datetime.UTC)):
        published(region, title="旧通知")
    assert "共 1 条政府信息" in get_html(client, "/documents/")

    published(region, title="新通知")
    html = get_html(client, "/documents/")

    assert "共 2 条政府信息" in html
    assert '<option value="2024">2024</option>' in html
    assert f'<option value="{timezone.localdate().year}">' in html


def test_it_reads_a_deep_page_by_its_ids_and_keeps_the_order(region: Region, client: Client) -> None:
    for number in range(45):
        published(region, title=f"通知{number:02d}")

    third = get_html(client, "/documents/", page="3")
    second = get_html(client, "/documents/", page="2")

    assert re.findall(r">(通知\d\d)</a>", third) == ["通知04", "通知03", "通知02", "通知01", "通知00"]
    assert re.findall(r">(通知\d\d)</a>", second)[:2] == ["通知24", "通知23"]
    assert "第 3 页，共 3 页" in third


# --- Home page ------------------------------------------------------------------------------------------


def test_it_shows_the_newest_documents_and_interpretations_on_the_home_page(
    region: Region, client: Client
) -> None:
    portal_site_ensure()
    policy = published(region, title="最新的政策文件")
    reading = interpretation_of(region, policy, title="最新的政策解读")
    hidden = published(region, title="已撤回的文件")
    document_withdraw(actor=region.wangwu, document=hidden, reason="错误")

    html = get_html(client, "/")
    latest = html.split('id="section-latest"')[1].split("</section>")[0]
    readings = html.split('id="section-interpretations"')[1].split("</section>")[0]

    assert f'<a href="/documents/{policy.pk}/">最新的政策文件</a>' in latest
    assert f'<a href="/documents/{reading.pk}/">最新的政策解读</a>' in latest
    assert "已撤回的文件" not in html
    assert f'<a href="/documents/{reading.pk}/">最新的政策解读</a>' in readings
    assert "最新的政策文件" not in readings
    assert '<a href="/documents/?kind=interpretation">更多' in readings


def test_it_keeps_the_home_page_empty_states_without_documents(region: Region, client: Client) -> None:
    portal_site_ensure()

    html = get_html(client, "/")

    assert "本平台尚未发布政府信息。各机构发布后，最新信息将显示在这里。" in html
    assert "暂无政策解读。" in html


def test_it_shows_at_most_eight_latest_documents(region: Region, client: Client) -> None:
    portal_site_ensure()
    for number in range(10):
        published(region, title=f"第{number}号通知")

    html = get_html(client, "/")
    latest = html.split('id="section-latest"')[1].split("</section>")[0]

    assert len(re.findall(r'<a href="/documents/\d+/">', latest)) == 8
    assert "第9号通知" in latest and "第1号通知" not in latest


def test_it_shows_a_change_made_by_another_process_once_the_remembered_state_is_old(
    region: Region, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [1000.0]
    monkeypatch.setattr(selectors.catalogue_state, "clock", lambda: now[0])
    document = published(region, title="原标题通知")
    assert "原标题通知" in get_html(client, "/documents/")
    assert "原标题通知" in get_html(client, f"/documents/{document.pk}/")

    # Another process (the task worker, a second web worker) changes the row: no signal reaches this one.
    Document.objects.filter(pk=document.pk).update(title="新标题通知", updated_at=timezone.now())
    now[0] += selectors.CATALOGUE_STATE_SECONDS / 2
    assert "原标题通知" in get_html(client, "/documents/")
    assert "原标题通知" in get_html(client, f"/documents/{document.pk}/")

    now[0] += selectors.CATALOGUE_STATE_SECONDS
    assert "新标题通知" in get_html(client, "/documents/")
    assert "新标题通知" in get_html(client, f"/documents/{document.pk}/")


def test_it_reads_the_catalogue_state_again_when_a_transaction_with_a_change_commits(
    region: Region, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors.catalogue_state, "seconds", 3600.0)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        published(region, title="甲通知")
        # A reader in between (another thread of this process) still sees the state before the commit.
        selectors.catalogue_generation()
    before_commit = selectors.catalogue_generation()
    Document.objects.update(updated_at=timezone.now())  # what the commit makes visible, in this test

    for callback in callbacks:
        callback()

    assert selectors.catalogue_generation() != before_commit
