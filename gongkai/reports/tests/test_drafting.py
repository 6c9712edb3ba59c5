"""draft_section1: the draft of 一、总体情况 says what the records say."""

from __future__ import annotations

import pytest

from gongkai.core.testing import Region
from gongkai.foi.choices import AppealKind, ApplicantKind, Outcome
from gongkai.foi.models import FoiCase
from gongkai.publications.choices import DocumentKind, DocumentStatus, Genre
from gongkai.reports.drafting import draft_section1
from gongkai.reports.tests.builders import D, appeal, case, closed_case, document, save_cases

pytestmark = pytest.mark.django_db

YEAR = 2025


def _paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def test_it_drafts_five_paragraphs_separated_by_blank_lines(region: Region) -> None:
    paragraphs = _paragraphs(draft_section1(org=region.fgw, year=YEAR))
    headings = [
        "（一）主动公开。",
        "（二）依申请公开。",
        "（三）政府信息管理。",
        "（四）平台建设。",
        "（五）监督保障。",
    ]
    assert len(paragraphs) == len(headings)
    assert all(p.startswith(h) for p, h in zip(paragraphs, headings, strict=True))
    assert all(p and "\n" not in p for p in paragraphs)


def test_it_counts_the_documents_published_in_the_year_by_kind(region: Region) -> None:
    for _i in range(3):
        document(region.fgw, published_on=D(YEAR, 5, 1))
    document(region.fgw, kind=DocumentKind.INTERPRETATION, published_on=D(YEAR, 12, 31))
    document(region.fgw, kind=DocumentKind.NORMATIVE, written_on=D(YEAR, 2, 1), published_on=D(YEAR, 2, 3))
    document(region.fgw, published_on=D(YEAR + 1, 1, 1))  # the next year's
    document(region.fgw, published_on=D(YEAR, 5, 1), status=DocumentStatus.WITHDRAWN)
    document(region.edu, published_on=D(YEAR, 5, 1))
    document(region.city, genre=Genre.ORDER, written_on=D(YEAR, 4, 1), published_on=D(YEAR, 4, 2))

    proactive, _foi, management, *_rest = _paragraphs(draft_section1(org=region.fgw, year=YEAR))

    assert proactive == (
        "（一）主动公开。2025年，示例市发展和改革委员会主动公开政府信息5条，其中政府信息3条、政策解读1条、行政规范性文件1件。"
    )
    assert management.startswith(
        "（三）政府信息管理。本年制发行政规范性文件1件，废止0件，年末现行有效行政规范性文件1件。"
    )
    city = _paragraphs(draft_section1(org=region.city, year=YEAR))[2]
    assert city.startswith(
        "（三）政府信息管理。本年制发规章1件，废止0件，年末现行有效规章1件；本年制发行政规范性文件0件，"
    )


def test_it_sums_up_the_applications_and_their_results(region: Region) -> None:
    save_cases(
        [
            case(region.fgw, received=D(YEAR - 1, 12, 20), closed=D(YEAR, 1, 5)),
            case(region.fgw, received=D(YEAR, 3, 1), closed=D(YEAR, 3, 20), kind=ApplicantKind.COMPANY),
            case(
                region.fgw,
                received=D(YEAR, 3, 1),
                closed=D(YEAR, 4, 20),
                outcome=Outcome.WITHHELD_THIRD_PARTY,
            ),
            case(
                region.fgw, received=D(YEAR, 3, 1), closed=D(YEAR, 4, 21), outcome=Outcome.PARTIALLY_DISCLOSED
            ),
            case(region.fgw, received=D(YEAR, 12, 30)),
        ]
    )
    FoiCase.objects.filter(closed_on=D(YEAR, 4, 20)).update(replied_late=True)
    FoiCase.objects.filter(closed_on__lt=D(YEAR, 4, 20)).update(replied_late=False)
    appeal(closed_case(region.fgw, D(YEAR, 1, 3)), kind=AppealKind.LITIGATION_DIRECT, filed=D(YEAR, 5, 1))

    foi = _paragraphs(draft_section1(org=region.fgw, year=YEAR))[1]

    assert foi == (
        "（二）依申请公开。2025年，新收政府信息公开申请4件，上年结转2件；办结5件，其中按期答复2件、逾期答复1件；"
        "结转下年度继续办理1件。办理结果中，予以公开3件，部分公开1件，不予公开1件。"
        "因政府信息公开工作被申请行政复议0件、被提起行政诉讼1件。"
    )


def test_it_leaves_placeholders_for_what_the_records_cannot_tell(region: Region) -> None:
    department = _paragraphs(draft_section1(org=region.fgw, year=YEAR))
    government = _paragraphs(draft_section1(org=region.city, year=YEAR))
    assert "【请填写" in department[3] and "【请填写" in department[4]
    assert "责任追究" not in department[4]
    assert "工作考核、社会评议和责任追究结果（条例第五十条第四项）" in government[4]
