"""annual_figures and rollup_figures (statutory.md §5) on hand-built records: every row and column of
section 三, the year's boundaries, section 二's documents, section 四's appeals, the fees, the roll-up and
the number of queries."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from gongkai.core.exceptions import ServiceValidationError
from gongkai.core.testing import Region, make_org
from gongkai.foi.choices import AppealKind, AppealResult, ApplicantKind, Outcome
from gongkai.orgs.choices import OrgKind
from gongkai.publications.choices import (
    CleanupResult,
    DocumentKind,
    DocumentStatus,
    Genre,
    NormativeLinkKind,
    PublicationStatus,
    Validity,
)
from gongkai.publications.models import CleanupCampaign, CleanupItem, NormativeLink
from gongkai.reports.choices import OUTCOME_ORDER, SECTION3_KINDS, SECTION3_ROWS
from gongkai.reports.computation import annual_figures, annual_figures_by_org, rollup_figures, sum_figures
from gongkai.reports.figures import AnnualFigures, DocumentCounts
from gongkai.reports.identities import identity_failures
from gongkai.reports.tests.builders import D, appeal, case, closed_case, document, fee, save_cases

pytestmark = pytest.mark.django_db

YEAR = 2025


def totals(figures: AnnualFigures) -> dict[str, int]:
    """Each row's 总计 of section 三."""
    return {row: cells["total"] for row, cells in figures.section3.rows.items()}


def flows(figures: AnnualFigures, column: str = "total") -> tuple[int, int, int, int]:
    """一, 二, 三（七）, 四 of one column."""
    rows = figures.section3.rows
    return (
        rows["new"][column],
        rows["carried_in"][column],
        rows["total_handled"][column],
        rows["carried_over"][column],
    )


# --- Section 三: every row and column -------------------------------------------------------------------


def _count(kind_index: int, outcome_index: int) -> int:
    # Different numbers in neighbouring cells, so that a row or column put in the wrong place shows.
    return 1 + (kind_index + 2 * outcome_index) % 3


def test_it_fills_every_outcome_row_and_every_applicant_kind_column(region: Region) -> None:
    cases = [
        case(region.fgw, received=D(YEAR, 2, 1), closed=D(YEAR, 3, 1), kind=kind, outcome=outcome)
        for i, kind in enumerate(SECTION3_KINDS)
        for j, outcome in enumerate(OUTCOME_ORDER)
        for _n in range(_count(i, j))
    ]
    save_cases(cases)

    rows = annual_figures(org=region.fgw, year=YEAR).section3.rows

    assert len(OUTCOME_ORDER) == 21 and len(SECTION3_KINDS) == 6
    for j, outcome in enumerate(OUTCOME_ORDER):
        expected = {kind: _count(i, j) for i, kind in enumerate(SECTION3_KINDS)}
        assert rows[outcome] == {**expected, "total": sum(expected.values())}, outcome
    per_kind = {kind: sum(_count(i, j) for j in range(21)) for i, kind in enumerate(SECTION3_KINDS)}
    assert rows["new"] == {**per_kind, "total": len(cases)}
    assert rows["total_handled"] == rows["new"]
    assert rows["carried_in"] == dict.fromkeys(rows["new"], 0)
    assert rows["carried_over"] == dict.fromkeys(rows["new"], 0)


def test_it_counts_only_the_organizations_own_cases(region: Region) -> None:
    save_cases(
        [
            case(region.fgw, received=D(YEAR, 2, 1)),
            case(region.edu, received=D(YEAR, 2, 1)),
            case(region.edu, received=D(YEAR, 2, 1), closed=D(YEAR, 2, 5)),
        ]
    )
    assert flows(annual_figures(org=region.fgw, year=YEAR)) == (1, 0, 0, 1)
    assert flows(annual_figures(org=region.edu, year=YEAR)) == (2, 0, 1, 1)


# --- Section 三: the year's boundaries ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "closed", "expected"),
    [
        # (一 new, 二 carried in, 三（七） handled, 四 carried over) in YEAR
        pytest.param(D(YEAR, 12, 31), D(YEAR + 1, 1, 1), (1, 0, 0, 1), id="received-31-dec-closed-1-jan"),
        pytest.param(D(YEAR + 1, 1, 1), None, (0, 0, 0, 0), id="received-1-jan-next-year"),
        pytest.param(D(YEAR, 1, 1), None, (1, 0, 0, 1), id="received-1-jan-still-open"),
        pytest.param(D(YEAR, 1, 1), D(YEAR, 12, 31), (1, 0, 1, 0), id="received-1-jan-closed-31-dec"),
        pytest.param(D(YEAR - 5, 5, 1), None, (0, 1, 0, 1), id="received-years-ago-still-open"),
        pytest.param(D(YEAR - 1, 12, 1), D(YEAR - 1, 12, 31), (0, 0, 0, 0), id="closed-31-dec-before"),
        pytest.param(D(YEAR - 1, 12, 20), D(YEAR, 1, 1), (0, 1, 1, 0), id="carried-in-closed-1-jan"),
        pytest.param(D(YEAR - 1, 12, 20), D(YEAR + 1, 3, 1), (0, 1, 0, 1), id="carried-in-and-over"),
        pytest.param(D(YEAR, 6, 1), D(YEAR + 1, 1, 1), (1, 0, 0, 1), id="closed-1-jan-after"),
        pytest.param(None, None, (0, 0, 0, 0), id="receipt-not-confirmed"),
        pytest.param(None, D(YEAR, 6, 1), (0, 0, 0, 0), id="withdrawn-before-receipt-confirmed"),
    ],
)
def test_it_counts_the_year_boundaries_as_statutory_md_says(
    region: Region,
    received: datetime.date | None,
    closed: datetime.date | None,
    expected: tuple[int, int, int, int],
) -> None:
    save_cases([case(region.fgw, received=received, closed=closed, kind=ApplicantKind.RESEARCH)])
    figures = annual_figures(org=region.fgw, year=YEAR)
    assert flows(figures, "research") == expected
    assert flows(figures) == expected
    assert identity_failures(figures) == []


def test_it_follows_one_case_from_year_to_year(region: Region) -> None:
    save_cases([case(region.fgw, received=D(2023, 12, 31), closed=D(2025, 1, 1))])
    assert flows(annual_figures(org=region.fgw, year=2023)) == (1, 0, 0, 1)
    assert flows(annual_figures(org=region.fgw, year=2024)) == (0, 1, 0, 1)
    assert flows(annual_figures(org=region.fgw, year=2025)) == (0, 1, 1, 0)
    assert flows(annual_figures(org=region.fgw, year=2026)) == (0, 0, 0, 0)


def test_it_counts_results_by_closing_year_whatever_the_receipt_year(region: Region) -> None:
    save_cases(
        [
            case(region.fgw, received=D(2019, 3, 1), closed=D(YEAR, 7, 1), outcome=Outcome.OTHER_OTHER),
            case(region.fgw, received=D(YEAR, 3, 1), closed=D(YEAR, 4, 1), outcome=Outcome.OTHER_OTHER),
        ]
    )
    figures = annual_figures(org=region.fgw, year=YEAR)
    assert figures.section3.rows["other.other"]["total"] == 2
    assert flows(figures) == (1, 1, 2, 0)


# --- Section 三: faults are counted, not hidden ------------------------------------------------------------


def test_it_counts_a_closed_case_without_outcome_in_the_total_but_in_no_outcome_row(region: Region) -> None:
    save_cases([case(region.fgw, received=D(YEAR, 3, 1), closed=D(YEAR, 3, 9), outcome="")])
    figures = annual_figures(org=region.fgw, year=YEAR)
    assert flows(figures) == (1, 0, 1, 0)
    assert sum(figures.section3.rows[outcome]["total"] for outcome in OUTCOME_ORDER) == 0


def test_it_counts_a_case_closed_before_it_was_received_where_its_dates_say(region: Region) -> None:
    save_cases([case(region.fgw, received=D(YEAR + 1, 1, 5), closed=D(YEAR, 12, 20))])
    # Closed in YEAR (三) but received only the next year (not in 一): YEAR's table does not add up …
    assert flows(annual_figures(org=region.fgw, year=YEAR)) == (0, 0, 1, 0)
    # … nor does the next year's, where it was received but is neither handled nor carried over.
    assert flows(annual_figures(org=region.fgw, year=YEAR + 1)) == (1, 0, 0, 0)


# --- Section 四 -----------------------------------------------------------------------------------------


def test_it_classifies_appeals_filed_in_the_year_by_their_result_on_31_december(region: Region) -> None:
    on = closed_case(region.fgw, D(YEAR - 1, 11, 1))
    reconsideration, direct, after = (
        AppealKind.RECONSIDERATION,
        AppealKind.LITIGATION_DIRECT,
        AppealKind.LITIGATION_AFTER_RECONSIDERATION,
    )
    appeal(on, kind=reconsideration, filed=D(YEAR, 1, 1), result=AppealResult.UPHELD, decided=D(YEAR, 3, 1))
    appeal(on, kind=reconsideration, filed=D(YEAR, 5, 1), result=AppealResult.UPHELD, decided=D(YEAR, 12, 31))
    # Decided after 31 December: still 尚未审结 on the year's report.
    appeal(
        on,
        kind=reconsideration,
        filed=D(YEAR, 6, 1),
        result=AppealResult.CORRECTED,
        decided=D(YEAR + 1, 1, 1),
    )
    appeal(on, kind=reconsideration, filed=D(YEAR, 12, 31))
    # Filed outside the year: not in it.
    appeal(
        on, kind=reconsideration, filed=D(YEAR - 1, 12, 31), result=AppealResult.OTHER, decided=D(YEAR, 2, 1)
    )
    appeal(on, kind=reconsideration, filed=D(YEAR + 1, 1, 1))
    appeal(on, kind=direct, filed=D(YEAR, 2, 1), result=AppealResult.CORRECTED, decided=D(YEAR, 9, 1))
    appeal(on, kind=direct, filed=D(YEAR, 2, 1), result=AppealResult.OTHER, decided=D(YEAR, 9, 1))
    # A result without a decision date (an imported record): decided, by its result.
    appeal(on, kind=after, filed=D(YEAR, 4, 1), result=AppealResult.CORRECTED)
    appeal(closed_case(region.edu, D(YEAR, 1, 5)), kind=after, filed=D(YEAR, 4, 1))  # another org's

    groups = annual_figures(org=region.fgw, year=YEAR).section4.groups

    assert groups[reconsideration] == {"upheld": 2, "corrected": 0, "other": 0, "pending": 2, "total": 4}
    assert groups[direct] == {"upheld": 0, "corrected": 1, "other": 1, "pending": 0, "total": 2}
    assert groups[after] == {"upheld": 0, "corrected": 1, "other": 0, "pending": 0, "total": 1}
    assert annual_figures(org=region.edu, year=YEAR).section4.groups[after]["pending"] == 1


def test_it_counts_an_appeal_with_an_unknown_result_in_the_total_only(region: Region) -> None:
    on = closed_case(region.fgw, D(YEAR, 1, 5))
    appeal(on, kind=AppealKind.RECONSIDERATION, filed=D(YEAR, 2, 1), result="quashed", decided=D(YEAR, 3, 1))
    group = annual_figures(org=region.fgw, year=YEAR).section4.groups[AppealKind.RECONSIDERATION]
    assert group == {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 1}


# --- Fees (section 六) ------------------------------------------------------------------------------------


def test_it_sums_fee_notices_of_the_year_and_payments_of_the_year(region: Region) -> None:
    fee(
        closed_case(region.fgw, D(YEAR, 4, 1)),
        amount="100.00",
        notice=D(YEAR, 3, 1),
        paid=D(YEAR, 3, 10),
        amount_paid="100.00",
    )
    # Noticed the year before, paid in the year: collected, not due.
    fee(
        closed_case(region.fgw, D(YEAR, 2, 1)),
        amount="200.00",
        notice=D(YEAR - 1, 12, 31),
        paid=D(YEAR, 1, 1),
        amount_paid="200.00",
    )
    # Noticed on 31 December, paid on 1 January: due, not collected.
    fee(
        closed_case(region.fgw, D(YEAR + 1, 2, 1)),
        amount="300.50",
        notice=D(YEAR, 12, 31),
        paid=D(YEAR + 1, 1, 1),
        amount_paid="300.50",
    )
    fee(closed_case(region.fgw, D(YEAR, 9, 1)), amount="50.00", notice=D(YEAR, 7, 1))  # never paid
    fee(
        closed_case(region.edu, D(YEAR, 9, 1)),
        amount="70.00",
        notice=D(YEAR, 7, 1),
        paid=D(YEAR, 7, 2),
        amount_paid="70.00",
    )

    fees = annual_figures(org=region.fgw, year=YEAR).fees

    assert fees.notices == 3
    assert fees.amount_due == Decimal("450.50")
    assert fees.amount_collected == Decimal("300.00")
    empty = annual_figures(org=region.fgw, year=YEAR - 5).fees
    assert (empty.notices, empty.amount_due, empty.amount_collected) == (0, Decimal("0.00"), Decimal("0.00"))


# --- Section 二 -----------------------------------------------------------------------------------------


def _rule(region: Region, **fields: Any) -> None:
    document(region.city, genre=Genre.ORDER, **fields)


def _normative(region: Region, **fields: Any) -> Any:
    return document(region.fgw, kind=DocumentKind.NORMATIVE, **fields)


def test_it_recognises_a_rule_as_a_government_order(region: Region) -> None:
    _rule(region, written_on=D(YEAR, 3, 1), published_on=D(YEAR, 3, 2))
    document(region.fgw, genre=Genre.ORDER, written_on=D(YEAR, 3, 1))  # a department's 令: not a 规章
    document(region.city, genre=Genre.NOTICE, written_on=D(YEAR, 3, 1))  # a government's 通知: not one
    document(region.city, kind=DocumentKind.INTERPRETATION, genre=Genre.ORDER, written_on=D(YEAR, 3, 1))
    district = make_org("dist", "示例区人民政府", kind=OrgKind.DISTRICT, serial=9)
    document(district, genre=Genre.ORDER, written_on=D(YEAR, 3, 1))

    s2 = annual_figures(org=region.city, year=YEAR).section2

    assert s2.rules == DocumentCounts(issued=1, repealed=0, in_force=1)
    assert annual_figures(org=region.fgw, year=YEAR).section2.rules == DocumentCounts()
    assert annual_figures(org=district, year=YEAR).section2.rules == DocumentCounts()
    assert (s2.licensing, s2.penalty, s2.enforcement, s2.fees_10k_yuan) == (None, None, None, None)


def test_it_counts_rules_made_repealed_and_in_force(region: Region) -> None:
    _rule(region, written_on=D(YEAR, 1, 1))
    _rule(region, written_on=D(YEAR, 12, 31), published_on=D(YEAR + 1, 1, 5))  # made in the year
    _rule(region, written_on=D(YEAR + 1, 1, 1))  # the next year's
    _rule(region, published_on=D(YEAR, 6, 1))  # no 成文日期: its 发布日期
    _rule(region, written_on=D(2010, 1, 1))  # in force for years
    _rule(region, written_on=D(2010, 1, 1), repealed_on=D(YEAR, 12, 31), validity=Validity.REPEALED)
    _rule(region, written_on=D(2010, 1, 1), repealed_on=D(YEAR + 1, 1, 1), validity=Validity.REPEALED)
    _rule(region, written_on=D(2010, 1, 1), repealed_on=D(YEAR - 1, 12, 31), validity=Validity.REPEALED)
    _rule(region, written_on=D(YEAR, 3, 1), status=DocumentStatus.WITHDRAWN)  # off the catalogue
    _rule(region, written_on=D(YEAR, 3, 1), status=DocumentStatus.DRAFT)

    rules = annual_figures(org=region.city, year=YEAR).section2.rules

    # made: 1 Jan, 31 Dec, the undated one; repealed: on 31 Dec; in force: those three, the 2010 one and
    # the one repealed only on 1 January of the next year.
    assert rules == DocumentCounts(issued=3, repealed=1, in_force=5)


def test_it_counts_normative_documents_in_force_on_31_december(region: Region) -> None:
    _normative(region, written_on=D(YEAR, 5, 1), valid_until=D(YEAR + 4, 5, 1))
    _normative(region, written_on=D(2021, 1, 1), valid_until=D(YEAR, 12, 31))  # its last valid day
    _normative(region, written_on=D(2021, 1, 1), valid_until=D(YEAR, 12, 30), validity=Validity.EXPIRED)
    # Expired today, but on 31 December of YEAR it was still within its 有效期.
    _normative(region, written_on=D(2022, 1, 1), valid_until=D(YEAR + 1, 3, 1), validity=Validity.EXPIRED)
    _normative(region, written_on=D(2022, 1, 1), validity=Validity.AMENDED)  # undated: not in force
    _normative(region, written_on=D(2022, 1, 1), validity=Validity.EXPIRED)  # undated: not in force
    _normative(region, written_on=D(2022, 1, 1), repealed_on=D(YEAR, 4, 1), validity=Validity.REPEALED)

    normative = annual_figures(org=region.fgw, year=YEAR).section2.normative_documents

    assert normative == DocumentCounts(issued=1, repealed=1, in_force=3)


def test_it_ends_a_normative_document_on_the_day_its_amendment_takes_effect(region: Region) -> None:
    old = _normative(region, written_on=D(2022, 1, 1), validity=Validity.AMENDED)
    new = _normative(region, written_on=D(YEAR, 12, 1), effective_on=D(YEAR + 1, 2, 1))
    NormativeLink.objects.create(source=new, target=old, kind=NormativeLinkKind.AMEND)
    older = _normative(region, written_on=D(2022, 1, 1), validity=Validity.AMENDED)
    newer = _normative(region, written_on=D(YEAR, 3, 1), published_on=D(YEAR, 3, 5))
    NormativeLink.objects.create(source=newer, target=older, kind=NormativeLinkKind.AMEND)

    normative = annual_figures(org=region.fgw, year=YEAR).section2.normative_documents

    # old (amended only from 1 February), new, newer are in force on 31 December; older is not.
    assert normative == DocumentCounts(issued=2, repealed=0, in_force=3)
    assert annual_figures(org=region.fgw, year=YEAR - 1).section2.normative_documents.in_force == 2


def test_it_ends_a_normative_document_on_the_day_its_cleanup_was_published(region: Region) -> None:
    kept_until_next_year = _normative(
        region, written_on=D(2022, 1, 1), validity=Validity.EXPIRED, valid_until=D(2030, 1, 1)
    )
    ended_this_year = _normative(
        region, written_on=D(2022, 1, 1), validity=Validity.EXPIRED, valid_until=D(2030, 1, 1)
    )
    for on, target in ((D(YEAR + 1, 1, 1), kept_until_next_year), (D(YEAR, 12, 31), ended_this_year)):
        campaign = CleanupCampaign.objects.create(
            title="清理", year=on.year, org=region.fgw, status=PublicationStatus.PUBLISHED, published_on=on
        )
        CleanupItem.objects.create(campaign=campaign, document=target, result=CleanupResult.EXPIRE)

    assert annual_figures(org=region.fgw, year=YEAR).section2.normative_documents.in_force == 1


# --- Roll-up and queries -----------------------------------------------------------------------------------


def _mixed_records(region: Region) -> None:
    for org, shift in ((region.fgw, 0), (region.edu, 1), (region.city, 2)):
        save_cases(
            [
                case(
                    org,
                    received=D(YEAR - 1, 12, 30 - shift),
                    closed=D(YEAR, 1, 2 + shift),
                    kind=ApplicantKind.COMPANY,
                ),
                case(
                    org,
                    received=D(YEAR, 3, 1),
                    closed=D(YEAR, 3, 9 + shift),
                    outcome=Outcome.WITHHELD_PROCESS_INFO,
                ),
                *[
                    case(org, received=D(YEAR, 12, 31), kind=ApplicantKind.LEGAL_SERVICE)
                    for _i in range(shift + 1)
                ],
            ]
        )
        closed = closed_case(org, D(YEAR, 2, 1))
        appeal(
            closed,
            kind=AppealKind.LITIGATION_DIRECT,
            filed=D(YEAR, 3, 1),
            result=AppealResult.OTHER,
            decided=D(YEAR, 5, 1),
        )
        fee(closed, amount=f"{10 + shift}.50", notice=D(YEAR, 1, 20), paid=D(YEAR, 1, 25), amount_paid="5.25")
        document(org, kind=DocumentKind.NORMATIVE, written_on=D(YEAR, 1, 1 + shift))
        document(org, genre=Genre.ORDER, written_on=D(YEAR, 1, 1 + shift))


def test_it_rolls_up_the_sum_of_the_organizations_figures(region: Region) -> None:
    _mixed_records(region)
    orgs = [region.fgw, region.edu, region.city]
    parts = [annual_figures(org=org, year=YEAR).to_contract(status="draft") for org in orgs]

    rollup = rollup_figures(orgs=orgs, year=YEAR, code="city-all", name="示例市").to_contract(status="draft")

    assert rollup["org"] == "city-all"
    for row in SECTION3_ROWS:
        assert rollup["section3"]["rows"][row] == [
            sum(cells) for cells in zip(*(p["section3"]["rows"][row] for p in parts), strict=True)
        ]
    for group, results in rollup["section4"].items():
        assert results == {key: sum(p["section4"][group][key] for p in parts) for key in results}
    assert rollup["fees"]["notices"] == 3
    assert (
        Decimal(rollup["fees"]["amount_due"])
        == sum(Decimal(p["fees"]["amount_due"]) for p in parts)
        == Decimal("34.50")
    )
    assert Decimal(rollup["fees"]["amount_collected"]) == Decimal("15.75")
    for row in ("rules", "normative_documents"):
        assert rollup["section2"][row] == {
            k: sum(p["section2"][row][k] for p in parts) for k in ("issued", "repealed", "in_force")
        }
    assert rollup["section2"]["rules"]["issued"] == 1  # only the government's 令 is a 规章
    assert rollup_figures(orgs=[], year=YEAR, code="none", name="无").section3.rows["new"]["total"] == 0


def test_it_sends_the_same_five_queries_whatever_the_number_of_cases(
    region: Region, django_assert_num_queries: Any
) -> None:
    _mixed_records(region)
    with django_assert_num_queries(5):
        annual_figures(org=region.fgw, year=YEAR)
    save_cases(
        [
            case(
                region.fgw,
                received=D(YEAR, 5, 1),
                closed=D(YEAR, 5, 2 + i % 20),
                kind=SECTION3_KINDS[i % 6],
                outcome=OUTCOME_ORDER[i % 21],
            )
            for i in range(300)
        ]
    )
    with django_assert_num_queries(5):
        annual_figures(org=region.fgw, year=YEAR)
    with django_assert_num_queries(5):
        rollup_figures(orgs=[region.fgw, region.edu, region.city], year=YEAR, code="all", name="全市")


@pytest.mark.parametrize("year", [0, 1999, 10_000, True])
def test_it_refuses_a_year_it_cannot_report_on_naming_the_field(region: Region, year: int) -> None:
    with pytest.raises(ServiceValidationError) as refused:
        annual_figures(org=region.fgw, year=year)
    assert refused.value.errors == {"year": ["年度：应为2008至9998之间的公历年份。"]}
    with pytest.raises(ServiceValidationError):
        rollup_figures(orgs=[region.fgw], year=year, code="all", name="全市")


def test_it_gives_each_organizations_figures_from_the_same_five_queries(
    region: Region, django_assert_num_queries: Any
) -> None:
    _mixed_records(region)
    save_cases([case(region.edu, received=D(YEAR, 3, 2), closed=D(YEAR, 3, 20), kind="company")])
    orgs = [region.fgw, region.edu, region.city]
    with django_assert_num_queries(5):
        by_org = annual_figures_by_org(orgs=orgs, year=YEAR)
    for org in orgs:
        alone = annual_figures(org=org, year=YEAR)
        assert by_org[org.pk].to_contract(status="draft") == alone.to_contract(status="draft"), org.code
    assert by_org[region.edu.pk].section3.rows["new"]["company"] == 1
    total = rollup_figures(orgs=orgs, year=YEAR, code="all", name="全市")
    summed = sum_figures(by_org.values(), year=YEAR, code="all", name="全市")
    assert total.to_contract(status="draft") == summed.to_contract(status="draft")
