"""A relevance starter set: judged queries over a realistic catalogue, each naming what must rank first.

The catalogue is the demo region loaded by ``load_demo`` (its fictional documents, 公报 and pages, the
corpus texts as 参考文件 pages) plus the three real corpus texts (/work/shared/corpus, kept in
gongkai/portal/demo/corpus) as published documents of their real issuers, read by the 从Word导入 parser
as the demo's reference pages are. The same judgements hold on SQLite and PostgreSQL. The benchmark of
issue 4 grows this list; a query goes in only when its best answer is not a matter of taste.
"""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.models import Page

from gongkai.accounts.models import User
from gongkai.core.testing import make_org
from gongkai.orgs.choices import Role
from gongkai.orgs.services import membership_grant
from gongkai.publications.choices import DocumentStatus
from gongkai.publications.demo_corpus import corpus_parse
from gongkai.publications.models import Document
from gongkai.publications.services import document_approve, document_create, document_publish, document_submit
from gongkai.search.selectors import search_public
from gongkai.search.tests.helpers import titles

pytestmark = pytest.mark.django_db

XINING = "西宁市人民政府办公厅关于印发西宁市2017年政务公开工作实施方案的通知"
TIANSHUI = "天水市2016政务公开“成绩单”"
NANJING = "南京市2019年政务公开工作要点"
WORK_POINTS = "示例市人民政府办公室关于印发示例市2026年政务公开工作要点的通知"
FUND_RULES = "示例市住房公积金提取管理办法"

# Corpus file → (organization code, its real issuer), outside the demo region.
CORPUS_ISSUERS = {
    "000_76771b0d3e24e9c5.txt": ("xining", "西宁市人民政府办公厅"),
    "002_cfb7d87530cf1a68.txt": ("tianshui", "天水市人民政府"),
    "004_7d8c0b84fe9e6654.txt": ("nanjing", "南京市人民政府办公厅"),
}

# (query as a citizen types it, the title that must rank first among published documents)
JUDGED_DOCUMENT_QUERIES = [
    # 发文字号 however typed, and 文号 the texts only cite
    ("宁政办〔2017〕123号", XINING),
    ("宁政办[2017]123号", XINING),
    ("宁政办2017123号", XINING),
    ("国办发〔2016〕80号", XINING),  # cited by the 西宁 plan alone
    ("甘政办发【2016】70号", TIANSHUI),  # cited by the 天水 report alone
    ("示政办规〔2026〕2号", FUND_RULES),
    # words inside Chinese runs, slogans of the dictionary
    ("西宁 政务公开 实施方案", XINING),
    ("红顶中介", XINING),
    ("天水 成绩单", TIANSHUI),
    ("市长信箱", TIANSHUI),
    ("一网通办", NANJING),
    ("证照分离", NANJING),
    ("南京市2019年政务公开工作要点", NANJING),
    # words that one text alone holds, or holds far more often than the others
    ("天水发布", TIANSHUI),
    ("三张清单一张网", TIANSHUI),
    ("市委书记 留言板", TIANSHUI),
    ("阳光政务", TIANSHUI),
    ("保密审查制度", TIANSHUI),
    ("雷人雷语", XINING),
    ("畅通西宁", XINING),
    ("三权分置", XINING),
    ("事中事后监管清单", XINING),
    ("审计结果 公开", XINING),
    ("政府公报 创新融合", NANJING),
    ("政务新媒体", NANJING),
    ("民意调查", NANJING),
    # the demo catalogue
    ("住房公积金提取", FUND_RULES),
    ("统计公报", "示例市2025年国民经济和社会发展统计公报"),
    ("义务教育 招生入学", "示例市教育局关于做好2026年义务教育学校招生入学工作的通知"),
    ("公务员 遴选", "示例市教育局2026年度公开遴选机关公务员公告"),
    ("重大建设项目", "示例市发展和改革委员会关于下达2026年市级重大建设项目计划的通知"),
    ("社会信用体系", "示例市发展和改革委员会关于印发示例市2026年社会信用体系建设工作要点的通知"),
    ("一般公共预算", "示例市2026年市级一般公共预算和政府性基金预算公开"),
]

# Judgements the ranking does not meet everywhere yet (open work of the issue 4 benchmark). PostgreSQL
# ranks the policy first; SQLite's bm25 ranks its 图解 first, and the column weights cannot change that.
# The query is cut into 示例, 市, 2026, 年 and 政务公开工作要点; both titles hold all five. The rarest,
# 政务公开工作要点 (in 8 of the 500 rows), is three times in the 图解's body (its 内容概述, written twice,
# and its first sentence) and once in the policy's: the policy's 主题词 are two other words (政务公开,
# 工作要点), so no repeat count helps it either. And FTS5's bm25 divides by the length of the whole row,
# all columns together, with k1 and b fixed: the 图解 has 135 tokens, the policy 269. A larger
# TITLE_WEIGHT only lifts both towards the same ceiling, never past each other (3: −26.20 against −22.28;
# 10: −30.97 against −28.21; 100: −35.67 against −35.14; 1000: −36.37 against −36.31). Only a type-aware
# rule (the policy before its interpretations when both match the title) would settle it, on both
# databases.
OPEN_JUDGEMENTS = [
    ("示例市2026年政务公开工作要点", WORK_POINTS),
    # “+” separates tokens on both databases, so the policy name 互联网+政务服务 that the 西宁 plan names is
    # read as 互联网 and 政务服务. The shorter 南京 points hold both words apart, and bm25's length
    # normalisation ranks them first on SQLite; PostgreSQL ranks the 西宁 plan first.
    ("互联网+政务服务", XINING),
]


# Queries whose only matches are unpublished (a submitted notice, a withheld draft): never found.
JUDGED_UNPUBLISHED_QUERIES = ["商品价格监测", "产业园区扩区"]

# Pages of the portal: organization pages and the corpus texts as 参考文件.
JUDGED_PAGE_QUERIES = [
    ("教育局", "示例市教育局"),
    ("发展和改革委员会", "示例市发展和改革委员会"),
    ("宁政办【2017】123号", XINING),
    ("南京 工作要点", NANJING),
]


def _publish_corpus_text(file_name: str, editor: User, reviewer: User) -> Document:
    code, issuer = CORPUS_ISSUERS[file_name]
    org = make_org(code, issuer, serial=90 + len(code))
    for user, role in ((editor, Role.EDITOR), (reviewer, Role.REVIEWER)):
        membership_grant(actor=None, user=user, org=org, role=role)
    parsed = corpus_parse(file_name)
    document = document_create(
        actor=editor,
        org=org,
        title=parsed.title,
        genre=parsed.genre or "其他",
        subject="综合政务/政务公开",
        body=parsed.body,
        doc_number=parsed.doc_number,
        written_on=parsed.written_on,
    )
    document = document_submit(actor=editor, document=document)
    return document_publish(actor=reviewer, document=document_approve(actor=reviewer, document=document))


@pytest.fixture
def catalogue(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    editor, reviewer = User.objects.get(username="lisi"), User.objects.get(username="wangwu")
    for file_name in CORPUS_ISSUERS:
        with django_capture_on_commit_callbacks(execute=True):
            _publish_corpus_text(file_name, editor, reviewer)


def _misjudged(queries: list[tuple[str, str]], queryset: Any) -> list[str]:
    failures = []
    for query, expected in queries:
        ranked = titles(query, queryset)
        if not ranked or ranked[0] != expected:
            failures.append(f"{query!r}: expected {expected!r} first, got {ranked[:3]!r}")
    return failures


def test_it_ranks_the_judged_document_first_for_every_query(catalogue: None) -> None:
    published = Document.objects.filter(status=DocumentStatus.PUBLISHED)
    assert published.count() >= 12

    assert _misjudged(JUDGED_DOCUMENT_QUERIES, published) == []


@pytest.mark.xfail(
    connection.vendor == "sqlite",
    reason="open on SQLite: short titles of the 重大建设项目 column pages fill the first page",
    strict=True,
)
def test_the_public_search_puts_the_judged_title_first(catalogue: None) -> None:
    """Through search_public, the entry of /search/ and the API, which merges the types by score and
    filters, caps and pages in its own way: the judged document still comes first among the documents and
    政策解读. (A page may come before it: the 重大建设项目 column of the catalogue is a fair answer too.)"""
    failures = []
    for query, expected in JUDGED_DOCUMENT_QUERIES:
        results = search_public(query=query).results
        ranked = [result.title for result in results if result.type in {"document", "interpretation"}]
        if not ranked or ranked[0] != expected:
            failures.append(f"{query!r}: expected {expected!r} first, got {ranked[:3]!r}")

    assert failures == []


@pytest.mark.xfail(
    connection.vendor == "sqlite",
    reason="open: SQLite's bm25 ranks a 图解 (shorter, naming the query more often) above its policy",
    strict=True,
)
def test_it_meets_the_open_judgements(catalogue: None) -> None:
    published = Document.objects.filter(status=DocumentStatus.PUBLISHED)

    assert _misjudged(OPEN_JUDGEMENTS, published) == []


def test_it_finds_nothing_that_is_not_published(catalogue: None) -> None:
    for query in JUDGED_UNPUBLISHED_QUERIES:
        assert titles(query) == [], query


def test_it_ranks_the_judged_page_first_for_every_query(catalogue: None) -> None:
    assert _misjudged(JUDGED_PAGE_QUERIES, Page.objects.live().public().specific()) == []
