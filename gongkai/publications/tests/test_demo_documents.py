"""The demo documents of 示例市 loaded by load_demo through the real workflow."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from gongkai.orgs.models import Organization
from gongkai.portal.demo.loader import load_demo_region
from gongkai.portal.demo.region import REFERENCE_DOCS
from gongkai.portal.models import ReferenceDocumentPage
from gongkai.publications.choices import DocumentKind, DocumentStatus, PublicationStatus
from gongkai.publications.demo import DEMO_DOCUMENTS, FUND_RULES, GAZETTE_DOCUMENTS, WORK_POINTS
from gongkai.publications.demo_corpus import corpus_parse
from gongkai.publications.models import Document, GazetteIssue
from gongkai.publications.reports import timeliness_report

pytestmark = pytest.mark.django_db


def test_it_loads_every_demo_document_in_its_workflow_state() -> None:
    counts = load_demo_region()
    assert counts["demo_documents"] == len(DEMO_DOCUMENTS)
    demo = Document.objects.all()
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
    assert Document.objects.count() == len(DEMO_DOCUMENTS)
    assert GazetteIssue.objects.count() == 1


# --- The real corpus texts, read by gongwen (publications.demo_corpus) -------------------------------


def test_it_fills_the_reference_pages_with_the_metadata_read_from_the_texts() -> None:
    load_demo_region()
    xining = ReferenceDocumentPage.objects.get(slug="xining-2017-work-plan")
    parsed = corpus_parse("000_76771b0d3e24e9c5.txt")

    # The parser itself found these in the text (not only the README's declared values).
    assert (parsed.doc_number, parsed.written_on) == ("宁政办〔2017〕123号", datetime.date(2017, 6, 5))
    assert (
        xining.title == parsed.title == "西宁市人民政府办公厅关于印发西宁市2017年政务公开工作实施方案的通知"
    )
    assert (xining.doc_number, xining.issued_on) == (parsed.doc_number, parsed.written_on)
    assert xining.issuer == "西宁市人民政府办公厅"
    nanjing = ReferenceDocumentPage.objects.get(slug="nanjing-2019-key-points")
    assert (
        nanjing.issued_on == corpus_parse("004_7d8c0b84fe9e6654.txt").written_on == datetime.date(2019, 6, 21)
    )


def test_it_never_attributes_the_corpus_to_the_demo_region() -> None:
    load_demo_region()
    titles = {page.title for page in ReferenceDocumentPage.objects.all()}

    assert len(titles) == len(REFERENCE_DOCS)
    assert not Document.objects.filter(title__in=titles).exists()
    issuers = set(ReferenceDocumentPage.objects.values_list("issuer", flat=True))
    assert issuers == {"西宁市人民政府办公厅", "天水市人民政府", "南京市人民政府办公厅"}
