"""identity_failures: the 勾稽关系 hold on the platform's records, name the cell that breaks them on faulty
records or edited figures; and, over random case sets, the computation agrees with a naive count and
the roll-up with the sum of its parts."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core.testing import Region
from gongkai.foi.choices import AppealKind, AppealResult, ApplicantKind, Outcome
from gongkai.orgs.models import Organization
from gongkai.reports.choices import OUTCOME_ORDER, SECTION3_KINDS, SECTION3_ROWS
from gongkai.reports.computation import annual_figures, rollup_figures
from gongkai.reports.figures import AnnualFigures
from gongkai.reports.identities import IdentityFailure, identity_failures
from gongkai.reports.tests.builders import D, appeal, case, closed_case, save_cases

pytestmark = pytest.mark.django_db

YEAR = 2025


def _sample(region: Region) -> None:
    """Every outcome and kind, carried-in, carried-over and boundary cases: a table that adds up."""
    cases = [
        case(region.fgw, received=D(YEAR, 1 + j % 12, 1), closed=D(YEAR, 12, 31), kind=kind, outcome=outcome)
        for j, outcome in enumerate(OUTCOME_ORDER)
        for kind in SECTION3_KINDS
    ]
    cases += [
        case(region.fgw, received=D(YEAR - 3, 1, 1), kind=ApplicantKind.NONPROFIT),
        case(region.fgw, received=D(YEAR - 1, 12, 31), closed=D(YEAR, 1, 1), kind=ApplicantKind.COMPANY),
        case(region.fgw, received=D(YEAR, 12, 31), closed=D(YEAR + 1, 1, 1), kind=ApplicantKind.PERSON),
        case(region.fgw, received=None),
    ]
    save_cases(cases)
    on = closed_case(region.fgw, D(YEAR, 1, 10))
    appeal(
        on,
        kind=AppealKind.RECONSIDERATION,
        filed=D(YEAR, 2, 1),
        result=AppealResult.UPHELD,
        decided=D(YEAR, 3, 1),
    )
    appeal(
        on,
        kind=AppealKind.RECONSIDERATION,
        filed=D(YEAR, 2, 1),
        result=AppealResult.OTHER,
        decided=D(YEAR + 1, 3, 1),
    )


def test_it_finds_nothing_wrong_with_the_records_of_a_correct_year(region: Region) -> None:
    _sample(region)
    for year in (YEAR - 1, YEAR, YEAR + 1):
        assert identity_failures(annual_figures(org=region.fgw, year=year)) == []


def test_it_finds_nothing_wrong_with_an_empty_report() -> None:
    assert identity_failures(AnnualFigures(org_code="x", org_name="无", year=YEAR)) == []


def test_it_names_a_closed_case_without_outcome(region: Region) -> None:
    _sample(region)
    save_cases([case(region.fgw, received=D(YEAR, 3, 1), closed=D(YEAR, 3, 9), outcome="")])

    failures = identity_failures(annual_figures(org=region.fgw, year=YEAR))

    assert failures == [
        IdentityFailure(
            "section3",
            "total_handled",
            "person",
            "“自然人”列：三（七）总计（23）≠ 三（一）至（六）各项之和（22）",
        ),
        IdentityFailure(
            "section3",
            "total_handled",
            "total",
            "“总计”列：三（七）总计（129）≠ 三（一）至（六）各项之和（128）",
        ),
    ]


def test_it_names_a_case_closed_before_it_was_received(region: Region) -> None:
    save_cases(
        [case(region.fgw, received=D(YEAR + 1, 1, 5), closed=D(YEAR, 12, 20), kind=ApplicantKind.COMPANY)]
    )

    failures = identity_failures(annual_figures(org=region.fgw, year=YEAR))

    assert [(f.row, f.column, f.message) for f in failures] == [
        ("", "company", "“商业企业”列：一（0）+ 二（0）≠ 三（七）总计（1）+ 四（0）"),
        ("", "total", "“总计”列：一（0）+ 二（0）≠ 三（七）总计（1）+ 四（0）"),
    ]
    assert [f.column for f in identity_failures(annual_figures(org=region.fgw, year=YEAR + 1))] == [
        "company",
        "total",
    ]


def test_it_names_an_appeal_whose_result_is_in_no_column(region: Region) -> None:
    on = closed_case(region.fgw, D(YEAR, 1, 10))
    appeal(
        on, kind=AppealKind.LITIGATION_DIRECT, filed=D(YEAR, 2, 1), result="quashed", decided=D(YEAR, 3, 1)
    )

    failures = identity_failures(annual_figures(org=region.fgw, year=YEAR))

    assert failures == [
        IdentityFailure(
            "section4",
            "litigation_direct",
            "total",
            "四、“未经复议直接起诉”：总计（1）≠ 结果维持 + 结果纠正 + 其他结果 + 尚未审结（0）",
        )
    ]


def test_it_names_edited_figures_that_do_not_add_up() -> None:
    figures = AnnualFigures(org_code="x", org_name="示例", year=YEAR)
    rows = figures.section3.rows
    figures.section3.add("new", "research", 3)
    figures.section3.add("withheld.state_secret", "research", 2)
    rows["total_handled"]["research"] = 2
    rows["total_handled"]["total"] = 2
    rows["carried_over"]["research"] = 1
    rows["carried_over"]["total"] = 5  # edited by hand: ≠ the six kinds' sum
    figures.section4.groups["reconsideration"]["pending"] = 1  # 总计 left 0

    failures = identity_failures(figures)

    assert [(f.section, f.row, f.column) for f in failures] == [
        ("section3", "carried_over", "total"),
        ("section3", "", "total"),
        ("section4", "reconsideration", "total"),
    ]
    assert failures[0].message == "“四、结转下年度继续办理”行：总计（5）≠ 六类申请人之和（1）"


def test_it_names_negative_numbers() -> None:
    figures = AnnualFigures(org_code="x", org_name="示例", year=YEAR)
    figures.section3.add("not_processed.duplicate", "legal_service", -1)
    figures.section3.add("total_handled", "legal_service", -1)
    figures.section3.add("new", "legal_service", -1)
    figures.section4.groups["litigation_after_reconsideration"]["upheld"] = -2
    figures.section4.groups["litigation_after_reconsideration"]["total"] = -2
    figures.section2.rules.repealed = -1
    figures.section2.penalty = -4

    messages = [f.message for f in identity_failures(figures)]

    assert "三、“（五）不予处理2.重复申请”行“法律服务机构”列为负数（-1）" in messages
    assert "四、“复议后起诉”的“结果维持”为负数（-2）" in messages
    assert "二、“规章”的“本年废止件数”为负数（-1）" in messages
    assert "二、“行政处罚”为负数（-4）" in messages
    assert len(messages) == 3 * 2 + 2 + 2  # three cells of 三 and their 总计, two of 四, two of 二


# --- Properties over random case sets ---------------------------------------------------------------------

_BOUNDARIES = [D(YEAR - 1, 12, 31), D(YEAR, 1, 1), D(YEAR, 12, 31), D(YEAR + 1, 1, 1)]
_dates = st.one_of(st.sampled_from(_BOUNDARIES), st.dates(D(YEAR - 3, 1, 1), D(YEAR + 2, 12, 31)))


@dataclass(frozen=True)
class Spec:
    org: int
    kind: str
    received: datetime.date | None
    closed_after: int | None  # days after receipt (0: the same day), None: still open
    outcome: str

    @property
    def closed(self) -> datetime.date | None:
        if self.closed_after is None or self.received is None:
            return None
        return self.received + datetime.timedelta(days=self.closed_after)


_specs = st.lists(
    st.builds(
        Spec,
        org=st.integers(0, 2),
        kind=st.sampled_from(SECTION3_KINDS),
        received=st.one_of(st.none(), _dates),
        closed_after=st.one_of(st.none(), st.sampled_from([0, 1]), st.integers(0, 800)),
        outcome=st.sampled_from(OUTCOME_ORDER),
    ),
    max_size=40,
)
_EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class _Rollback(Exception):
    pass


def _rolled_back(example: Callable[[], None]) -> None:
    """Run one example's writes and checks in a savepoint that is then undone, so that the examples of
    one test do not see each other's cases."""
    try:
        with transaction.atomic():
            example()
            raise _Rollback
    except _Rollback:
        pass


def _save(orgs: list[Organization], specs: list[Spec]) -> None:
    save_cases(
        [
            case(
                orgs[s.org],
                received=s.received,
                closed=s.closed,
                kind=s.kind,
                outcome=s.outcome if s.closed else "",
            )
            for s in specs
        ]
    )


def _naive(specs: list[Spec], year: int) -> dict[str, dict[str, int]]:
    """statutory.md §5 read literally, one case at a time."""
    start, end = D(year, 1, 1), D(year, 12, 31)
    rows = {row: dict.fromkeys((*SECTION3_KINDS, "total"), 0) for row in SECTION3_ROWS}

    def add(row: str, kind: str) -> None:
        rows[row][kind] += 1
        rows[row]["total"] += 1

    for s in specs:
        if s.received is None:
            continue
        closed = s.closed
        if start <= s.received <= end:
            add("new", s.kind)
        if s.received < start and (closed is None or closed >= start):
            add("carried_in", s.kind)
        if closed is not None and start <= closed <= end:
            add(s.outcome, s.kind)
            add("total_handled", s.kind)
        if s.received <= end and (closed is None or closed > end):
            add("carried_over", s.kind)
    return rows


@_EXAMPLES
@given(specs=_specs, year=st.sampled_from([YEAR - 1, YEAR, YEAR + 1]))
def test_it_agrees_with_a_naive_count_and_the_identities_hold(
    region: Region, specs: list[Spec], year: int
) -> None:
    orgs = [region.fgw, region.edu, region.city]

    def example() -> None:
        _save(orgs, specs)
        for i, org in enumerate(orgs):
            figures = annual_figures(org=org, year=year)
            assert figures.section3.rows == _naive([s for s in specs if s.org == i], year)
            assert identity_failures(figures) == []

    _rolled_back(example)


@_EXAMPLES
@given(specs=_specs, year=st.sampled_from([YEAR - 1, YEAR, YEAR + 1]), count=st.integers(1, 3))
def test_it_rolls_up_n_organizations_to_the_sum_of_each(
    region: Region, specs: list[Spec], year: int, count: int
) -> None:
    orgs = [region.fgw, region.edu, region.city]

    def example() -> None:
        _save(orgs, specs)
        parts = [annual_figures(org=org, year=year).section3.rows for org in orgs[:count]]
        rollup = rollup_figures(orgs=orgs[:count], year=year, code="all", name="合计")
        assert rollup.section3.rows == {
            row: {column: sum(p[row][column] for p in parts) for column in rollup.section3.rows[row]}
            for row in SECTION3_ROWS
        }
        assert identity_failures(rollup) == []

    _rolled_back(example)


def test_it_uses_the_outcome_codes_of_statutory_md() -> None:
    assert set(OUTCOME_ORDER) == set(Outcome.values)
