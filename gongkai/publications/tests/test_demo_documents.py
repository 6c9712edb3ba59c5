"""The demo documents of 示例市 loaded by load_demo through the real workflow."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from gongkai.orgs.models import Organization
from gongkai.portal.demo.loader import load_demo_region
from gongkai.portal.demo.region import REFERENCE_DOCS
from gongkai.publications.choices import DocumentKind, DocumentStatus, PublicationStatus
from gongkai.publications.demo import DEMO_DOCUMENTS, FUND_RULES, GAZETTE_DOCUMENTS, WORK_POINTS
from gongkai.publications.demo_corpus import corpus_parse
from gongkai.publications.models import Document, GazetteIssue
from gongkai.publications.reports import timeliness_report

pytestmark = pytest.mark.django_db


def test_it_loads_every_demo_document_in_its_workflow_state() -> None:
    counts = load_demo_region()
    assert counts["demo_documents"] == len(DEMO_DOCUMENTS)
    assert counts["corpus_documents"] == len(REFERENCE_DOCS)
    demo = Document.objects.exclude(title__in=corpus_titles())
    assert demo.count() == len(DEMO_DOCUMENTS)
    by_status = Counter(demo.values_list("status", flat=True))
    assert by_status == {DocumentStatus.PUBLISHED: 10, DocumentStatus.SUBMITTED: 1, DocumentStatus.DRAFT: 1}
    by_kind = Counter(demo.values_list("kind", flat=True))
    assert by_kind == {DocumentKind.DOCUMENT: 9, DocumentKind.INTERPRETATION: 2, DocumentKind.NORMATIVE: 1}
    assert set(Document.objects.values_list("org__code", flat=True)) == {"office", "city", "fgw", "edu"}


def test_it_publishes_with_four_eyes_index_numbers_and_a_registration_number() -> None:
    load_demo_region()
    for document in Document.objects.filter(status=DocumentStatus.PUBLISHED):
        assert document.index_no, document.title
        assert document.submitted_by_id != document.approved_by_id, document.title
    normative = Document.objects.get(title=FUND_RULES)
    assert normative.kind == DocumentKind.NORMATIVE
    assert normative.registration_no and normative.valid_until is not None
    withheld = Document.objects.get(status=DocumentStatus.DRAFT)
    assert withheld.withheld_ground == "process_info" and not withheld.live


def test_it_links_the_interpretations_both_ways() -> None:
    load_demo_region()
    work_points = Document.objects.get(title=WORK_POINTS)
    fund_rules = Document.objects.get(title=FUND_RULES)
    graphic = work_points.interpretations.get()
    leader = fund_rules.interpretations.get()
    assert graphic.interpretation_form == "graphic" and list(graphic.interprets.all()) == [work_points]
    assert leader.interpretation_form == "leader" and list(leader.interprets.all()) == [fund_rules]


def test_it_publishes_the_first_gazette_issue_with_three_documents() -> None:
    load_demo_region()
    issue = GazetteIssue.objects.get(year=timezone.localdate().year, number=1)
    assert issue.status == PublicationStatus.PUBLISHED
    assert issue.title == f"示例市人民政府公报 {issue.year}年第1期"
    assert [item.document.title for item in issue.items.order_by("sort_order")] == list(GAZETTE_DOCUMENTS)


def test_it_gives_the_timeliness_report_on_time_and_late_examples() -> None:
    load_demo_region()
    report = timeliness_report(orgs=list(Organization.objects.all()), year=timezone.localdate().year)
    assert report.published_late
    assert sum(entry.published_on_time for entry in report.orgs) > 0


def test_it_is_idempotent() -> None:
    load_demo_region()
    second = load_demo_region()
    assert second["demo_documents"] == 0 and second["gazette_issues"] == 0
    assert second["corpus_documents"] == 0
    assert Document.objects.count() == len(DEMO_DOCUMENTS) + len(REFERENCE_DOCS)
    assert GazetteIssue.objects.count() == 1


# --- The real corpus texts, read by gongwen (publications.demo_corpus) -------------------------------


def corpus_titles() -> set[str]:
    return {corpus_parse(reference.file).title for reference in REFERENCE_DOCS}


def test_it_publishes_the_corpus_texts_with_the_metadata_read_from_them() -> None:
    load_demo_region()
    xining = Document.objects.get(doc_number="宁政办〔2017〕123号")

    assert xining.title == "西宁市人民政府办公厅关于印发西宁市2017年政务公开工作实施方案的通知"
    assert xining.written_on == datetime.date(2017, 6, 5)
    assert xining.genre == "通知"
    assert xining.status == DocumentStatus.PUBLISHED and xining.index_no
    assert xining.submitted_by_id != xining.approved_by_id  # four-eyes, as for every demo document
    assert "30.加强组织领导" in xining.body
    nanjing = Document.objects.get(title="南京市2019年政务公开工作要点")
    assert nanjing.written_on == datetime.date(2019, 6, 21) and nanjing.doc_number == ""
    tianshui = Document.objects.get(title="天水市2016政务公开“成绩单”")
    assert tianshui.written_on is None and tianshui.genre == "其他"


def test_it_keeps_the_corpus_attributed_to_the_real_issuers() -> None:
    load_demo_region()
    corpus = Document.objects.filter(title__in=corpus_titles()).select_related("org")

    assert corpus.count() == len(REFERENCE_DOCS)
    summaries = {document.title: document.summary for document in corpus}
    assert {document.org.code for document in corpus} == {"city"}  # no demo organization issued them
    assert all("不是示例市行政机关的文件" in summary for summary in summaries.values())
    assert (
        "西宁市人民政府办公厅"
        in summaries["西宁市人民政府办公厅关于印发西宁市2017年政务公开工作实施方案的通知"]
    )
    assert "南京市人民政府办公厅" in summaries["南京市2019年政务公开工作要点"]
    assert "天水市人民政府" in summaries["天水市2016政务公开“成绩单”"]
    # Published today as reference copies: not counted as years late for the demo government.
    assert {document.formed_on for document in corpus} == {timezone.localdate()}
