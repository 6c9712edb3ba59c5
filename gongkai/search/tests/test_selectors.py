"""The public search (gongkai.search.selectors.search_public): what it finds, how it filters, ranks, pages and
counts. Run on SQLite and on PostgreSQL with the same expectations."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.core.testing import Region
from gongkai.orgs.choices import Role
from gongkai.publications.gazette import (
    gazette_issue_add_document,
    gazette_issue_create,
    gazette_issue_publish,
)
from gongkai.publications.models import Document
from gongkai.publications.services import document_withdraw
from gongkai.publications.tests.helpers import draft, grant, published
from gongkai.search.forms import search_params_clean
from gongkai.search.selectors import PAGE_SIZE, SearchFilters, SearchPage, public, search_public
from gongkai.search.spelling import spelling_suggestion
from gongkai.search.tests.helpers import publish_indexed

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def publish(region: Region, django_capture_on_commit_callbacks: Any) -> Any:
    """Publish a document of 市发展改革委 (or of ``org``) and run its index task; ``on`` sets the day."""

    def publish(on: dt.date | None = None, **fields: Any) -> Document:
        fields.setdefault("doc_number", "")
        if fields.get("org") == region.edu:
            grant(region, region.lisi, Role.EDITOR, region.edu)
            grant(region, region.wangwu, Role.REVIEWER, region.edu)
        if on is None:
            return publish_indexed(region, django_capture_on_commit_callbacks, **fields)
        moment = dt.datetime(on.year, on.month, on.day, 10, 0, tzinfo=SHANGHAI)
        with time_machine.travel(moment, tick=False):
            return publish_indexed(region, django_capture_on_commit_callbacks, **fields)

    return publish


def titles(page: SearchPage) -> list[str]:
    """The titles of the documents found (the region's portal pages also mention 政务公开)."""
    return [result.title for result in page.results if result.type != "page"]


DOCUMENTS = SearchFilters(type="document")


def facet(page: SearchPage, name: str) -> dict[str, int]:
    return {entry.key: entry.count for entry in page.facets[name]}


def test_it_finds_items_containing_every_word(region: Region, publish: Any) -> None:
    publish(title="政务公开工作要点", body="<p>请示例市教育局配合。</p>")
    publish(title="政务公开年度报告")

    assert set(titles(search_public(query="政务公开"))) == {"政务公开工作要点", "政务公开年度报告"}
    assert titles(search_public(query="政务公开 教育局")) == ["政务公开工作要点"]
    assert titles(search_public(query="政务公开 卫生健康")) == []


def test_it_finds_a_phrase_only_where_its_words_are_adjacent(region: Region, publish: Any) -> None:
    publish(title="政务公开工作要点")
    publish(title="关于做好政务公开的工作安排")  # 公开 and 工作, but not side by side

    assert len(search_public(query="公开 工作").results) == 2
    assert titles(search_public(query="“公开工作”")) == ["政务公开工作要点"]
    assert titles(search_public(query='"公开 工作"')) == ["政务公开工作要点"]  # a typed space changes nothing


def test_it_checks_a_phrase_in_the_body_too(region: Region, publish: Any) -> None:
    publish(title="年度通知", body="<p>全面推进<strong>政务公开</strong>标准化规范化。</p>")
    publish(title="另一通知", body="<p>政务工作要公开透明，推进标准化。</p>")

    assert titles(search_public(query="“政务公开标准化”")) == ["年度通知"]


def test_it_leaves_out_excluded_words_and_phrases(region: Region, publish: Any) -> None:
    publish(title="政务公开工作要点", body="<p>示例市教育局。</p>")
    publish(title="政务公开年度报告")
    publish(title="政务公开年度工作的报告")  # 年度 and 报告 apart: not the excluded phrase

    assert set(titles(search_public(query="政务公开 -教育局"))) == {
        "政务公开年度报告",
        "政务公开年度工作的报告",
    }
    assert set(titles(search_public(query="政务公开 -“年度报告”"))) == {
        "政务公开工作要点",
        "政务公开年度工作的报告",
    }
    # An excluded word the segmenter cuts in two leaves out what holds both parts (all three hold 工作).
    assert titles(search_public(query="政务公开 -工作报告")) == ["政务公开工作要点"]


def test_it_combines_filters_and_counts_facets_under_the_other_filters(region: Region, publish: Any) -> None:
    publish(title="政务公开工作要点", genre="通知")
    publish(title="政务公开年度报告", genre="报告")
    publish(title="政务公开教育专项通知", genre="通知", org=region.edu)

    by_org = search_public(query="政务公开", filters=SearchFilters(org=region.fgw))
    both = search_public(query="政务公开", filters=SearchFilters(org=region.fgw, genre="通知"))

    assert by_org.count == 2 and set(titles(by_org)) == {"政务公开工作要点", "政务公开年度报告"}
    assert facet(by_org, "org") == {"fgw": 2, "edu": 1}  # its own filter left out: the other choices
    assert facet(by_org, "genre") == {"通知": 1, "报告": 1}
    assert facet(by_org, "type") == {"document": 2}
    assert [entry.key for entry in by_org.facets["org"] if entry.active] == ["fgw"]
    assert titles(both) == ["政务公开工作要点"]
    assert facet(both, "org") == {"fgw": 1, "edu": 1}  # under 体裁 通知
    assert facet(both, "genre") == {"通知": 1, "报告": 1}  # under 发展改革委
    assert facet(both, "year") == {str(dt.date.today().year): 1}


def test_it_filters_by_year_subject_and_validity(region: Region, publish: Any) -> None:
    publish(title="政务公开旧通知", on=dt.date(2024, 5, 6))
    publish(title="政务公开新通知", on=dt.date(2025, 5, 6), subject="城乡建设、环境保护/城乡建设（含住房）")

    assert titles(search_public(query="政务公开", filters=SearchFilters(year=2024))) == ["政务公开旧通知"]
    found = search_public(query="政务公开")
    assert facet(found, "year") == {"2025": 1, "2024": 1}
    assert [entry.key for entry in found.facets["year"]] == ["2025", "2024"]  # newest first
    subjects = {entry.label: entry.key for entry in found.facets["subject"]}
    assert set(subjects) == {"综合政务", "城乡建设、环境保护"}  # the top level of each
    subject = search_params_clean({"subject": subjects["综合政务"]}).filters
    assert titles(search_public(query="政务公开", filters=subject)) == ["政务公开旧通知"]
    assert titles(search_public(query="政务公开", filters=SearchFilters(validity="repealed"))) == []


def test_it_sorts_by_date_newest_first(region: Region, publish: Any) -> None:
    publish(title="政务公开", keywords=["政务公开"], on=dt.date(2024, 1, 5))  # the best match, the oldest
    publish(title="关于政务公开年度重点工作任务分工的通知", on=dt.date(2026, 1, 5))
    publish(title="关于推进政务公开标准化规范化工作的意见", on=dt.date(2025, 1, 5))

    by_relevance = titles(search_public(query="政务公开"))
    by_date = search_public(query="政务公开", filters=DOCUMENTS, sort="date")

    assert by_relevance[0] == "政务公开"
    assert [result.date for result in by_date.results] == [
        dt.date(2026, 1, 5),
        dt.date(2025, 1, 5),
        dt.date(2024, 1, 5),
    ]
    assert by_date.sort == "date"


def test_it_pages_twenty_results_at_a_time(region: Region, publish: Any) -> None:
    for number in range(PAGE_SIZE + 3):
        publish(title=f"政务公开工作通知第{number}号")

    first = search_public(query="政务公开", filters=DOCUMENTS)
    second = search_public(query="政务公开", filters=DOCUMENTS, page=2)
    wrong = search_public(query="政务公开", filters=DOCUMENTS, page="abc")

    assert first.count == second.count == PAGE_SIZE + 3
    assert len(first.results) == PAGE_SIZE and len(second.results) == 3
    assert not {r.id for r in first.results} & {r.id for r in second.results}
    assert wrong.page_obj.number == 1


def test_it_lists_the_best_matches_of_a_broad_query_and_filters_all_of_them(
    region: Region, publish: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(4):
        publish(title=f"政务公开政务公开工作通知{number}", keywords=["政务公开"])  # the best matches
    publish(title="教育政务公开通知", org=region.edu)
    monkeypatch.setattr(public, "CANDIDATE_LIMIT", 3)

    broad = search_public(query="政务公开", filters=DOCUMENTS)
    edu = search_public(query="政务公开", filters=SearchFilters(type="document", org=region.edu))

    assert broad.capped and broad.count == 3
    assert "教育政务公开通知" not in titles(broad)
    # The filter is applied by the database when a type has more matches than the limit.
    assert titles(edu) == ["教育政务公开通知"]


def test_it_finds_interpretations_as_their_own_type(region: Region, publish: Any) -> None:
    policy = publish(title="示例市政务公开实施办法")
    publish(title="《示例市政务公开实施办法》政策解读", kind="interpretation", interprets=[policy.pk])

    found = search_public(query="政务公开 实施办法")
    only = search_public(query="政务公开 实施办法", filters=SearchFilters(type="interpretation"))

    assert {(result.type, result.type_label) for result in found.results} == {
        ("document", "政府信息"),
        ("interpretation", "政策解读"),
    }
    assert facet(found, "type") == {"document": 1, "interpretation": 1}
    assert titles(only) == ["《示例市政务公开实施办法》政策解读"]
    assert facet(only, "type") == {"document": 1, "interpretation": 1}


def test_it_finds_gazette_issues(region: Region, django_capture_on_commit_callbacks: Any) -> None:
    issue = gazette_issue_create(actor=region.admin, org=region.city, year=2026, number=3)
    gazette_issue_add_document(actor=region.admin, issue=issue, document=published(region, title="某通知"))
    with django_capture_on_commit_callbacks(execute=True):
        gazette_issue_publish(actor=region.admin, issue=issue, published_on=dt.date(2026, 3, 15))

    found = search_public(query="公报")

    assert [(r.type, r.title, r.url, r.org_code) for r in found.results] == [
        ("gazette", issue.title, "/gazette/2026/3/", "city")
    ]
    assert facet(found, "type") == {"gazette": 1}
    assert facet(found, "year") == {"2026": 1}
    # A filter that only documents have (主题分类) leaves issues out.
    assert search_public(query="公报", filters=SearchFilters(genre="通知")).count == 0


def test_it_finds_a_gazette_issue_by_the_documents_printed_in_it(
    region: Region, django_capture_on_commit_callbacks: Any
) -> None:
    issue = gazette_issue_create(actor=region.admin, org=region.city, year=2026, number=4)
    with django_capture_on_commit_callbacks(execute=True):  # indexed after commit, as in production
        printed = published(region, title="示例市住房公积金提取管理办法", doc_number="示政办规〔2026〕2号")
    gazette_issue_add_document(actor=region.admin, issue=issue, document=printed)
    with django_capture_on_commit_callbacks(execute=True):
        gazette_issue_publish(actor=region.admin, issue=issue, published_on=dt.date(2026, 4, 15))

    by_words = search_public(query="住房公积金 提取", filters=SearchFilters(type="gazette"))
    by_number = search_public(query="示政办规[2026]2号")

    assert [r.title for r in by_words.results] == [issue.title]
    assert "<mark>住房公积金</mark>" in by_words.results[0].snippet
    # The document owns the number and comes first; the issue that prints it follows.
    assert [(r.type, r.title) for r in by_number.results] == [
        ("document", "示例市住房公积金提取管理办法"),
        ("gazette", issue.title),
    ]


def test_it_finds_the_portals_pages_with_their_organization(region: Region) -> None:
    found = search_public(query="教育局")
    pages = [result for result in found.results if result.type == "page"]

    assert [(page.title, page.url, page.org_code, page.type_label) for page in pages] == [
        ("示例市教育局", "/orgs/edu/", "edu", "机构页面")
    ]
    assert facet(found, "type") == {"page": 1}
    assert search_public(query="教育局", filters=SearchFilters(org=region.edu)).count == 1
    assert search_public(query="教育局", filters=SearchFilters(org=region.fgw)).count == 0


def test_it_never_shows_withdrawn_or_draft_documents(
    region: Region, publish: Any, django_capture_on_commit_callbacks: Any
) -> None:
    withdrawn = publish(title="政务公开撤回的通知")
    with django_capture_on_commit_callbacks(execute=True):
        document_withdraw(actor=region.wangwu, document=withdrawn, reason="内容有误")
        draft(region, title="政务公开草稿通知")
    publish(title="政务公开已发布的通知")

    assert titles(search_public(query="政务公开")) == ["政务公开已发布的通知"]


@pytest.mark.parametrize("typed", ["宁政办[2017]123号", "宁政办〔2017〕123号", "宁政办2017123号"])
def test_it_ranks_the_document_whose_doc_number_was_typed_first(
    region: Region, publish: Any, typed: str
) -> None:
    owner = publish(title="西宁市政务公开工作实施方案", doc_number="宁政办〔2017〕123号")
    publish(
        title="宁政办〔2017〕123号政策解读",
        body="<p>宁政办〔2017〕123号……宁政办〔2017〕123号。</p>",
        kind="interpretation",
        interprets=[owner.pk],
    )

    found = search_public(query=typed)

    assert found.results[0].id == owner.pk
    assert str(found.results[0].doc_number_html) == "<mark>宁政办〔2017〕123号</mark>"


def test_it_highlights_the_words_in_title_and_snippet(region: Region, publish: Any) -> None:
    publish(title="关于<做好>示例市教育局工作的通知", summary="部署教育局年度工作。", body="<p>正文</p>")

    result = search_public(query="教育局", filters=DOCUMENTS).results[0]

    assert str(result.title_html) == "关于&lt;做好&gt;示例市<mark>教育局</mark>工作的通知"
    assert str(result.snippet) == "部署<mark>教育局</mark>年度工作。 正文"
    assert result.title == "关于<做好>示例市教育局工作的通知"


def test_it_answers_an_empty_query_without_a_query(region: Region) -> None:
    with CaptureQueriesContext(connection) as queries:
        found = search_public(query="  -通知 ")

    assert found.count == 0 and found.results == [] and found.facets == {}
    assert len(queries) == 0


def test_it_keeps_the_number_of_queries_bounded(
    region: Region, publish: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The dictionary's re-check (one query every few seconds) must not land in one block and not the
    # other on a slow machine: after the warm-up it is not due again within this test.
    monkeypatch.setattr("gongkai.search.segmentation.DICTIONARY_RECHECK_SECONDS", 3600.0)

    def searches() -> SearchPage:
        search_public(query="“政务公开”", filters=DOCUMENTS)  # with a phrase: the texts are read too
        return search_public(query="政务公开", filters=SearchFilters(org=region.fgw))

    publish(title="政务公开通知甲", body="<p>政务公开</p>")
    searches()  # content types and the like, read once per process
    with CaptureQueriesContext(connection) as few:
        searches()
    for number in range(24):
        publish(title=f"政务公开通知{number}", org=region.edu if number % 2 else region.fgw)
    with CaptureQueriesContext(connection) as many:
        found = searches()

    assert found.count == 13
    assert len(many) == len(few)
    # Each search: one per type (documents, 公报, pages and their view restrictions), the organization
    # pages, the 主题分类 list, the organizations and the documents shown; the phrase adds their texts.
    # On SQLite a type with matches takes two: its ranked pks, then their rows (here documents and pages).
    rows_apart = 2 * 2 if connection.vendor == "sqlite" else 0
    # On PostgreSQL a filtered type's search also sets its planner option in a transaction of its own
    # (SegmentedPostgresSearchResults): statements that read nothing.
    reads = [query for query in many if not query["sql"].startswith(("SAVEPOINT", "RELEASE", "SET LOCAL"))]
    assert len(reads) <= 2 * 9 + 1 + rows_apart


def test_it_reports_wrong_parameters_in_chinese_and_keeps_the_rest(region: Region) -> None:
    params = search_params_clean(
        {"q": "政务公开", "org": "nosuch", "year": "20x6", "type": "video", "sort": "best", "genre": "通知"}
    )

    assert params.query == "政务公开" and params.filters == SearchFilters(genre="通知")
    assert set(params.errors) == {"org", "year", "type", "sort"}
    assert params.errors["org"] == ["“发布机构”没有代码为“nosuch”的机构。"]
    assert params.errors["year"] == ["“年份”应为1949至2100之间的四位数年份，如 2026。"]
    assert params.errors["type"][0].startswith(
        "“类型”只能是：document（政府信息）、interpretation（政策解读）"
    )
    assert params.sort == "relevance"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("信息工开", "信息公开"), ("政务公丌 年报", "政务公开 年报"), ("规范性文建 清理", "规范性文件 清理")],
)
def test_it_suggests_the_term_meant_for_a_common_misspelling(typed: str, meant: str) -> None:
    assert spelling_suggestion(typed) == meant


def test_it_suggests_nothing_for_correct_terms() -> None:
    assert spelling_suggestion("信息公开 意见") is None
