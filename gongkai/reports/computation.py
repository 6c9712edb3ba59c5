"""The numbers of the annual report (政府信息公开工作年度报告, statutory.md §5), computed from the records.

:func:`annual_figures` gives one organization's :class:`~gongkai.reports.figures.AnnualFigures` for a
calendar year; :func:`rollup_figures` the same sums over several organizations (the 主管部门's or the
本级政府's roll-up). Both are pure reads in a fixed number of aggregate queries (five), whatever the number
of documents, cases or organizations: every count is a conditional ``COUNT(...) FILTER (WHERE ...)``
grouped in SQL, never a Python loop over rows.

Conventions (binding where statutory.md §5 says so; the others are this module's decisions):

二、主动公开政府信息情况, 第二十条第（一）项 — from the catalogue (gongkai.publications ``Document``):

- Only documents in the catalogue now (status 已发布) count; a withdrawn one (已撤回) was taken off the
  catalogue, usually because it should not have been published, and is not a document of the
  organization's work.
- 规章: a ``Document`` of kind 政府信息 (not a 解读, not a 规范性文件) whose 体裁 is 命令（令）, issued by an
  organization of kind 人民政府. A 规章 is published by order (《规章制定程序条例》第二十九条、第三十条:
  市长…签署命令予以公布, the order stating its 序号 and dates), and among the region's organizations only
  the people's government (of a 设区的市 or above, 立法法第九十三条) makes 地方政府规章: a department's, a
  district's or a township's 令 is not one (《规章制定程序条例》第三十六条), and a 规范性文件 never is. The
  statutory-item tags (条例第二十条) are not required: they are optional on a document.
- 行政规范性文件: a ``Document`` of kind 行政规范性文件 (statutory.md §9).
- 本年制发: made in the year — 成文日期, or the 发布日期 when the 成文日期 is missing.
- 本年废止: the 废止日期 is in the year (a 已修订 or 已失效 document is not 废止).
- 现行有效: in force on 31 December — made by then and not ended by then, where a document ends on its
  废止日期, the day after its 有效期至, the day a later document amending or repealing it (NormativeLink)
  took effect (its 生效日期, else its 发布日期), or the day a published 清理 declared it amended, repealed or
  invalid. A document whose current 有效性 is not 有效 and which has none of those dates (no date says
  when it ended) does not count: the present status is the only evidence. The 生效日期 is not looked at:
  a document made in December that takes effect in February is 现行有效 on the list of 31 December.
- 行政许可, 行政处罚, 行政强制 and 行政事业性收费 are not in the platform's records: left ``None`` for staff
  to enter.

三、收到和处理政府信息公开申请情况 — from ``FoiCase`` (statutory.md §5, binding):

- 一 new: ``received_on`` in the year; 二 carried in: received before 1 January and not closed before
  it; 三 results: closed in the year, by outcome code, whatever the receipt year; 四 carried over:
  received by 31 December and not closed by then; the column is the applicant kind.
- A case counts for the organization that holds it now: a case transferred (转办, gongkai.foi.services.
  transfer) moves with its dates, so a year recomputed after a transfer across 31 December moves it too.
- A case with no ``received_on`` (待确认: the receipt is not confirmed, 条例第三十一条) is not yet an
  application received and is in no row — even when it was closed (an application withdrawn before its
  receipt was confirmed never entered the table).
- Nothing is corrected or hidden: （七）总计 counts every case closed in the year, with or without a
  valid outcome code, so a closed case with no outcome shows as （七）总计 ≠ the sum of the 21 rows; a case
  closed before it was received breaks 一 + 二 = 三（七） + 四 of its years. The checks of
  :mod:`gongkai.reports.identities` name such faults instead of the computation papering over them.

四、政府信息公开行政复议、行政诉讼情况 — from ``FoiAppeal`` (statutory.md §5):

- Appeals filed in the year about the organization's cases, classified by their result as of
  31 December: a result decided after 31 December, or no result, is 尚未审结. A result recorded without a
  decision date (the services refuse it; only imported records can have it) counts as decided by its
  result: the result is known, and calling it pending would report as undecided a decided case.
- 总计 counts every appeal filed in the year, so an appeal with an unknown result code breaks
  总计 = 维持 + 纠正 + 其他 + 尚未审结 rather than disappearing.
- 国办公开办函〔2016〕201号: where the reconsideration body is co-defendant, only the original acting body
  counts the lawsuit. The platform records an appeal on the acting organization's own case, so only that
  organization counts it; the reconsideration body's report never sees it.

六、其他需要报告的事项, 信息处理费 (国办函〔2020〕109号) — from ``FoiFeeNotice`` of the organization's cases:
notices issued in the year (``notice_on``), the sum of their amounts, and the amounts paid in the year
(``paid_on``), whatever the year of their notice.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Count, DateField, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from gongkai.core.exceptions import ServiceValidationError
from gongkai.foi.choices import AppealResult, Outcome
from gongkai.foi.models import FoiAppeal, FoiCase, FoiFeeNotice
from gongkai.orgs.choices import OrgKind
from gongkai.orgs.models import Organization
from gongkai.publications.choices import CleanupResult, DocumentKind, DocumentStatus, Genre, Validity
from gongkai.publications.models import CleanupItem, Document, NormativeLink
from gongkai.reports.choices import SECTION3_KINDS, SECTION4_GROUPS
from gongkai.reports.figures import AnnualFigures, DocumentCounts, FeeFigures, Section2

# 清理 results that end a document's validity (gongkai.publications.normative.CLEANUP_VALIDITY's keys).
_ENDING_CLEANUP_RESULTS = (CleanupResult.AMEND, CleanupResult.REPEAL, CleanupResult.EXPIRE)

# The years a report can be asked for: 条例 (2008) reports start in 2008; the upper bound only keeps the
# date arithmetic in range.
FIRST_YEAR, LAST_YEAR = 2008, 9998
_OUTCOMES = frozenset(Outcome.values)
_KINDS = frozenset(SECTION3_KINDS)


def annual_figures(*, org: Organization, year: int) -> AnnualFigures:
    """Every computed number of ``org``'s annual report for ``year`` (five queries)."""
    return annual_figures_by_org(orgs=[org], year=year)[org.pk]


def annual_figures_by_org(*, orgs: Sequence[Organization], year: int) -> dict[int, AnnualFigures]:
    """:func:`annual_figures` of each of ``orgs``, keyed by the organization's id, in the same five
    queries whatever their number (each grouped by organization): what a list of reports or a roll-up
    shows beside each organization."""
    _check_year(year)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    by_id = {org.pk: org for org in orgs}
    org_ids = list(by_id)
    figures = {
        pk: AnnualFigures(org_code=org.code, org_name=org.name, year=year) for pk, org in by_id.items()
    }
    for pk, section2 in _section2(org_ids, start, end).items():
        figures[pk].section2 = section2
    _section3(org_ids, start, end, figures)
    _section4(org_ids, start, end, figures)
    for pk, fees in _fees(org_ids, start, end).items():
        figures[pk].fees = fees
    return figures


def rollup_figures(*, orgs: Sequence[Organization], year: int, code: str, name: str) -> AnnualFigures:
    """The sums of :func:`annual_figures` over ``orgs`` (five queries whatever their number), under the
    roll-up's own ``code`` and ``name``. Each organization counts once, even if listed twice."""
    return sum_figures(annual_figures_by_org(orgs=orgs, year=year).values(), year=year, code=code, name=name)


def sum_figures(parts: Iterable[AnnualFigures], *, year: int, code: str, name: str) -> AnnualFigures:
    """The cell-by-cell sum of computed figures (the staff-entered ones are left to the caller)."""
    total = AnnualFigures(org_code=code, org_name=name, year=year)
    for part in parts:
        for row in ("rules", "normative_documents"):
            mine, theirs = getattr(total.section2, row), getattr(part.section2, row)
            for column in ("issued", "repealed", "in_force"):
                setattr(mine, column, getattr(mine, column) + getattr(theirs, column))
        for row, columns in part.section3.rows.items():
            for column, count in columns.items():
                total.section3.rows[row][column] += count
        for group, results in part.section4.groups.items():
            for result, count in results.items():
                total.section4.groups[group][result] += count
        total.fees.notices += part.fees.notices
        total.fees.amount_due += part.fees.amount_due
        total.fees.amount_collected += part.fees.amount_collected
    return total


def _check_year(year: int) -> None:
    """A reporting year is a calendar year (statutory.md §5) the date arithmetic can hold."""
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        message = _("年度：应为%(first)s至%(last)s之间的公历年份。") % {
            "first": FIRST_YEAR,
            "last": LAST_YEAR,
        }
        raise ServiceValidationError(message, {"year": [message]})


# --- Section 二 -------------------------------------------------------------------------------------------


def _made_on() -> Coalesce:
    return Coalesce("written_on", "published_on", output_field=DateField())


def _ended_by(end: datetime.date) -> Q:
    """The document had ended by ``end`` (see the module docstring for the dates that end one)."""
    acted_on = NormativeLink.objects.filter(target=OuterRef("pk")).annotate(
        acts_on=Coalesce("source__effective_on", "source__published_on", output_field=DateField())
    )
    cleaned = CleanupItem.objects.filter(
        document=OuterRef("pk"), result__in=_ENDING_CLEANUP_RESULTS, campaign__published_on__isnull=False
    )
    dated = (
        Q(repealed_on__isnull=False)
        | (Q(validity=Validity.EXPIRED) & Q(valid_until__isnull=False))
        | Exists(acted_on)
        | Exists(cleaned)
    )
    return (
        Q(repealed_on__lte=end)
        | Q(valid_until__lt=end)
        | Exists(acted_on.filter(acts_on__lte=end))
        | Exists(cleaned.filter(campaign__published_on__lte=end))
        | (~Q(validity=Validity.VALID) & ~dated)
    )


def _section2(org_ids: list[int], start: datetime.date, end: datetime.date) -> dict[int, Section2]:
    rules = Q(kind=DocumentKind.DOCUMENT, genre=Genre.ORDER, org__kind=OrgKind.GOVERNMENT)
    normative = Q(kind=DocumentKind.NORMATIVE)
    issued = Q(made_on__gte=start, made_on__lte=end)
    repealed = Q(repealed_on__gte=start, repealed_on__lte=end)
    in_force = Q(made_on__lte=end) & ~_ended_by(end)
    rows = (
        Document.objects.filter(org_id__in=org_ids, status=DocumentStatus.PUBLISHED)
        .filter(rules | normative)
        .annotate(made_on=_made_on())
        .order_by()
        .values("org_id")
        .annotate(
            rules_issued=Count("pk", filter=rules & issued),
            rules_repealed=Count("pk", filter=rules & repealed),
            rules_in_force=Count("pk", filter=rules & in_force),
            normative_issued=Count("pk", filter=normative & issued),
            normative_repealed=Count("pk", filter=normative & repealed),
            normative_in_force=Count("pk", filter=normative & in_force),
        )
    )
    return {
        counts["org_id"]: Section2(
            rules=DocumentCounts(counts["rules_issued"], counts["rules_repealed"], counts["rules_in_force"]),
            normative_documents=DocumentCounts(
                counts["normative_issued"], counts["normative_repealed"], counts["normative_in_force"]
            ),
        )
        for counts in rows
    }


# --- Section 三 -------------------------------------------------------------------------------------------


def _received_cases(org_ids: list[int]) -> QuerySet[FoiCase]:
    """The organizations' applications received (a case awaiting confirmation of receipt is not one)."""
    return FoiCase.objects.filter(org_id__in=org_ids, received_on__isnull=False).order_by()


def _section3(
    org_ids: list[int], start: datetime.date, end: datetime.date, figures: dict[int, AnnualFigures]
) -> None:
    open_at_start = Q(closed_on__isnull=True) | Q(closed_on__gte=start)
    open_at_end = Q(closed_on__isnull=True) | Q(closed_on__gt=end)
    flows: QuerySet[Any, dict[str, Any]] = (
        _received_cases(org_ids)
        .filter(received_on__lte=end)
        .values("org_id", "applicant_kind")
        .annotate(
            new=Count("pk", filter=Q(received_on__gte=start)),
            carried_in=Count("pk", filter=Q(received_on__lt=start) & open_at_start),
            carried_over=Count("pk", filter=open_at_end),
        )
    )
    for row in flows:
        if row["applicant_kind"] in _KINDS:
            for key in ("new", "carried_in", "carried_over"):
                figures[row["org_id"]].section3.add(key, row["applicant_kind"], row[key])
    # 三: closed in the year whatever the receipt date, even a receipt after the closing (a fault the
    # identity 一 + 二 = 三 + 四 then shows).
    results: QuerySet[Any, dict[str, Any]] = (
        _received_cases(org_ids)
        .filter(closed_on__gte=start, closed_on__lte=end)
        .values("org_id", "applicant_kind", "outcome")
        .annotate(n=Count("pk"))
    )
    for row in results:
        if row["applicant_kind"] not in _KINDS:
            continue
        section = figures[row["org_id"]].section3
        section.add("total_handled", row["applicant_kind"], row["n"])
        if row["outcome"] in _OUTCOMES:
            section.add(row["outcome"], row["applicant_kind"], row["n"])


# --- Section 四 -------------------------------------------------------------------------------------------


def _section4(
    org_ids: list[int], start: datetime.date, end: datetime.date, figures: dict[int, AnnualFigures]
) -> None:
    decided = Q(decided_on__isnull=True) | Q(decided_on__lte=end)
    pending = Q(result="") | Q(decided_on__gt=end)
    rows: QuerySet[Any, dict[str, Any]] = (
        FoiAppeal.objects.filter(case__org_id__in=org_ids, filed_on__gte=start, filed_on__lte=end)
        .order_by()
        .values("case__org_id", "kind")
        .annotate(
            upheld=Count("pk", filter=Q(result=AppealResult.UPHELD) & decided),
            corrected=Count("pk", filter=Q(result=AppealResult.CORRECTED) & decided),
            other=Count("pk", filter=Q(result=AppealResult.OTHER) & decided),
            pending=Count("pk", filter=pending),
            total=Count("pk"),
        )
    )
    for row in rows:
        if row["kind"] in SECTION4_GROUPS:
            group = figures[row["case__org_id"]].section4.groups[row["kind"]]
            for key in group:
                group[key] += row[key]


# --- Section 六: 信息处理费 ---------------------------------------------------------------------------------


def _fees(org_ids: list[int], start: datetime.date, end: datetime.date) -> dict[int, FeeFigures]:
    noticed = Q(notice_on__gte=start, notice_on__lte=end)
    paid = Q(paid_on__gte=start, paid_on__lte=end)
    zero = Decimal("0.00")
    rows = (
        FoiFeeNotice.objects.filter(case__org_id__in=org_ids)
        .order_by()
        .values("case__org_id")
        .annotate(
            notices=Count("pk", filter=noticed),
            amount_due=Sum("amount", filter=noticed),
            amount_collected=Sum("amount_paid", filter=paid),
        )
    )
    return {
        sums["case__org_id"]: FeeFigures(
            notices=sums["notices"],
            amount_due=_money(sums["amount_due"] or zero),
            amount_collected=_money(sums["amount_collected"] or zero),
        )
        for sums in rows
    }


def _money(value: Decimal) -> Decimal:
    """元 with two decimals, as the model stores them (SQLite may hand back a float-like Decimal)."""
    return Decimal(value).quantize(Decimal("0.01"))


__all__ = ["annual_figures", "annual_figures_by_org", "rollup_figures", "sum_figures"]
