"""Writes of the annual report (architecture rule 1): start a draft, edit its texts and entered figures,
approve it (freezing its figures), reopen it, publish it in the organization's 政府信息公开年报 column.

Also :func:`annual_report_figures`, the one place that says which figures a report shows: the frozen
snapshot once approved, the live computation while a draft, with the staff-entered figures applied.
"""

from __future__ import annotations

import copy
import datetime
import decimal
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core.audit import audit_log, snapshot
from gongkai.core.exceptions import ServiceValidationError, StateConflict
from gongkai.core.permissions import require_role
from gongkai.orgs.choices import Role
from gongkai.orgs.models import Organization
from gongkai.reports import rendering
from gongkai.reports.choices import ReportStatus
from gongkai.reports.computation import annual_figures, annual_figures_by_org
from gongkai.reports.drafting import draft_section1
from gongkai.reports.figures import AnnualFigures
from gongkai.reports.identities import IdentityFailure, identity_failures
from gongkai.reports.models import AnnualReport
from gongkai.reports.snapshot import figures_from_snapshot, figures_to_snapshot

# Who drafts the report: the 政务公开 staff of the organization. Who approves and publishes: its
# org_admin (the 机关负责人's delegate; the report is the organization's own, 条例第四十九条).
DRAFTER_ROLES = (Role.ORG_ADMIN, Role.EDITOR, Role.FOI_HEAD)
APPROVER_ROLES = (Role.ORG_ADMIN,)

TEXT_FIELDS = ("section1", "section5", "section6")
ENTERED_COUNT_FIELDS = ("licensing", "penalty", "enforcement")
ENTERED_FIELDS = (*ENTERED_COUNT_FIELDS, "fees_10k_yuan")
AUDITED_FIELDS = (
    "status",
    *TEXT_FIELDS,
    *ENTERED_FIELDS,
    "approved_by",
    "approved_at",
    "published_at",
    "published_document",
)
# The 2021 format's first reporting year is 2020; the 条例 has required reports since 2008 (第四十九条).
FIRST_YEAR = 2008
# The largest amount the field holds: 10 digits before the point, in 万元 (decimal_places=4).
FEES_MAX_DIGITS, FEES_DECIMAL_PLACES = 14, 4
ANNUAL_REPORT_COLUMN = "annual-reports"  # gongkai.portal.services.STANDARD_COLUMNS


class IdentityFailed(StateConflict):
    """The figures break an identity of the tables (→ 409), with every failure."""

    def __init__(self, failures: list[IdentityFailure]) -> None:
        super().__init__(
            _("报表数据不满足勾稽关系，不能审核：%(failures)s")
            % {"failures": "；".join(str(failure.message) for failure in failures)}
        )
        self.failures = failures


# --- Figures -----------------------------------------------------------------------------------------


def fees_display(amount: Decimal) -> Decimal:
    """万元 with at least two decimals and no trailing zeros beyond them (1.5000 → 1.50, 1.2345 kept)."""
    exponent = amount.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        return amount.normalize()
    return amount.quantize(Decimal("0.01"))


def entered_values(report: AnnualReport) -> dict[str, Any]:
    values = {name: getattr(report, name) for name in ENTERED_FIELDS}
    if values["fees_10k_yuan"] is not None:
        values["fees_10k_yuan"] = fees_display(values["fees_10k_yuan"])
    return values


def apply_entered(figures: AnnualFigures, report: AnnualReport) -> AnnualFigures:
    """``figures`` with the report's staff-entered section 二 figures, and ``entered`` naming them."""
    values = entered_values(report)
    entered = frozenset(name for name, value in values.items() if value is not None)
    figures.section2 = replace(figures.section2, **values, entered=entered)
    return figures


def annual_report_figures(report: AnnualReport) -> AnnualFigures:
    """The report's figures: frozen at approval once approved or published, live while a draft; with the
    staff-entered figures applied either way."""
    if _frozen(report):
        figures = figures_from_snapshot(report.figures_snapshot or {})
    else:
        figures = annual_figures(org=report.org, year=report.year)
    return apply_entered(figures, report)


def _frozen(report: AnnualReport) -> bool:
    return report.status != ReportStatus.DRAFT and bool(report.figures_snapshot)


def annual_report_figures_many(
    entries: Sequence[tuple[Organization, int, AnnualReport | None]],
) -> list[AnnualFigures]:
    """:func:`annual_report_figures` of each (organization, year, report) — the live figures of an
    organization that has no report yet — with the live ones computed together: five queries per year
    listed, whatever the number of organizations (a list of reports, a roll-up)."""
    live_orgs: dict[int, dict[int, Organization]] = {}
    for org, year, report in entries:
        if report is None or not _frozen(report):
            live_orgs.setdefault(year, {})[org.pk] = org
    live = {
        year: annual_figures_by_org(orgs=list(orgs.values()), year=year) for year, orgs in live_orgs.items()
    }
    figures: list[AnnualFigures] = []
    for org, year, report in entries:
        if report is None:
            figures.append(live[year][org.pk])
        elif _frozen(report):
            figures.append(apply_entered(figures_from_snapshot(report.figures_snapshot or {}), report))
        else:
            figures.append(apply_entered(copy.deepcopy(live[year][org.pk]), report))
    return figures


def report_title(*, org: Organization, year: int) -> str:
    return _("%(org)s%(year)s年政府信息公开工作年度报告") % {"org": org.name, "year": year}


def fees_text(figures: AnnualFigures) -> str:
    """The 信息处理费 sentence of section 六 (国办函〔2020〕109号), from the year's fee figures."""
    fees = figures.fees
    return _(
        "本年度共发出信息处理费收费通知%(notices)s件，应收信息处理费%(due)s元，实际收取%(collected)s元。"
    ) % {"notices": fees.notices, "due": fees.amount_due, "collected": fees.amount_collected}


# --- Helpers -----------------------------------------------------------------------------------------


def _state(report: AnnualReport) -> dict[str, Any]:
    return snapshot(report, AUDITED_FIELDS)


def _record(report: AnnualReport, *, actor: Any, action: str, before: dict[str, Any] | None) -> None:
    audit_log(
        instance=report,
        action=action,
        actor=actor,
        org_code=report.org.code,
        before=before,
        after=_state(report),
    )


def _lock(report: AnnualReport) -> AnnualReport:
    """The report's row locked for this transaction, freshly read with its organization."""
    return AnnualReport.objects.select_for_update(of=("self",)).select_related("org").get(pk=report.pk)


def _require_status(report: AnnualReport, allowed: tuple[str, ...], *, action: str) -> None:
    if report.status not in allowed:
        raise StateConflict(
            _("该年度报告当前状态为“%(status)s”，不能%(action)s；只有“%(allowed)s”状态的报告可以%(action)s。")
            % {
                "status": ReportStatus(report.status).label,
                "action": action,
                "allowed": "、".join(str(ReportStatus(s).label) for s in allowed),
            }
        )


def _user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _field_label(name: str) -> str:
    field = AnnualReport._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def _invalid(name: str, rule: str) -> ServiceValidationError:
    return ServiceValidationError(
        _("“%(field)s”：%(rule)s") % {"field": _field_label(name), "rule": rule}, {name: [rule]}
    )


# --- Validation of the entered figures ---------------------------------------------------------------


def _clean_count(name: str, value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    rule = _("应为不小于0的整数。")
    if isinstance(value, bool):
        raise _invalid(name, rule)
    try:
        number = int(str(value).strip())
    except ValueError:
        raise _invalid(name, rule) from None
    if number < 0:
        raise _invalid(name, rule)
    return number


def _clean_fees(name: str, value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    rule = _("应为不小于0的金额（单位：万元），最多%(places)s位小数。") % {"places": FEES_DECIMAL_PLACES}
    try:
        amount = Decimal(str(value).strip())
    except decimal.InvalidOperation:
        raise _invalid(name, rule) from None
    if not amount.is_finite() or amount < 0:
        raise _invalid(name, rule)
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > FEES_DECIMAL_PLACES:
        raise _invalid(name, rule)
    if amount >= Decimal(10) ** (FEES_MAX_DIGITS - FEES_DECIMAL_PLACES):
        raise _invalid(name, _("金额过大。"))
    return amount


def _clean_changes(changes: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(changes) - {*TEXT_FIELDS, *ENTERED_FIELDS})
    if unknown:
        raise ServiceValidationError(
            _("不能修改的字段：%(fields)s。") % {"fields": "、".join(unknown)},
            {name: [_("不能修改。")] for name in unknown},
        )
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        if name in TEXT_FIELDS:
            cleaned[name] = str(value or "").strip()
        elif name in ENTERED_COUNT_FIELDS:
            cleaned[name] = _clean_count(name, value)
        else:
            cleaned[name] = _clean_fees(name, value)
    return cleaned


def _check_year(year: int, today: datetime.date) -> None:
    # A year's report can be drafted once the year has begun; the first one is 2008's (条例 in force).
    if not FIRST_YEAR <= year <= today.year:
        raise ServiceValidationError(
            _("“年度”：应在%(first)s年至%(last)s年之间。") % {"first": FIRST_YEAR, "last": today.year},
            {"year": [_("年度超出范围。")]},
        )


# --- Services ----------------------------------------------------------------------------------------


@transaction.atomic
def annual_report_start(
    *, actor: Any, org: Organization, year: int, today: datetime.date | None = None
) -> AnnualReport:
    """Start the draft of ``org``'s report for ``year`` (drafting staff of ``org``): section 一 drafted
    from the data, section 六 with the year's 信息处理费 figures."""
    require_role(actor, org, DRAFTER_ROLES, action=_("起草年度报告"))
    _check_year(year, today or timezone.localdate())
    exists = StateConflict(_("“%(org)s”%(year)s年的年度报告已经存在。") % {"org": org.name, "year": year})
    if AnnualReport.objects.filter(org=org, year=year).exists():
        raise exists
    figures = annual_figures(org=org, year=year)
    try:
        with transaction.atomic():  # two people starting it at once: the unique (org, year) decides
            report = AnnualReport.objects.create(
                org=org,
                year=year,
                status=ReportStatus.DRAFT,
                section1=draft_section1(org=org, year=year),
                section6=fees_text(figures),
            )
    except IntegrityError:
        raise exists from None
    _record(report, actor=actor, action="gongkai.annual_report.start", before=None)
    return report


@transaction.atomic
def annual_report_update(*, actor: Any, report: AnnualReport, **changes: Any) -> AnnualReport:
    """Change a draft's texts (``section1``, ``section5``, ``section6``) and entered figures
    (``licensing``, ``penalty``, ``enforcement``: counts; ``fees_10k_yuan``: 万元; empty = not entered)."""
    report = _lock(report)
    require_role(actor, report.org, DRAFTER_ROLES, action=_("修改年度报告"))
    _require_status(report, (ReportStatus.DRAFT,), action=_("修改"))
    cleaned = _clean_changes(changes)
    before = _state(report)
    for name, value in cleaned.items():
        setattr(report, name, value)
    report.save()
    _record(report, actor=actor, action="gongkai.annual_report.update", before=before)
    return report


@transaction.atomic
def annual_report_approve(*, actor: Any, report: AnnualReport) -> AnnualReport:
    """Approve a draft (org_admin of the organization), freezing its figures; refused while the figures
    break an identity of the tables (:class:`IdentityFailed` lists every failure)."""
    report = _lock(report)
    require_role(actor, report.org, APPROVER_ROLES, action=_("审核年度报告"))
    _require_status(report, (ReportStatus.DRAFT,), action=_("审核"))
    figures = annual_report_figures(report)
    failures = identity_failures(figures)
    if failures:
        raise IdentityFailed(failures)
    before = _state(report)
    report.figures_snapshot = figures_to_snapshot(figures)
    report.status = ReportStatus.APPROVED
    report.approved_by = _user_or_none(actor)
    report.approved_at = timezone.now()
    report.save()
    _record(report, actor=actor, action="gongkai.annual_report.approve", before=before)
    return report


@transaction.atomic
def annual_report_reopen(*, actor: Any, report: AnnualReport) -> AnnualReport:
    """Send an approved report back to draft (org_admin): its figures are computed live again."""
    report = _lock(report)
    require_role(actor, report.org, APPROVER_ROLES, action=_("退回年度报告"))
    _require_status(report, (ReportStatus.APPROVED,), action=_("退回修改"))
    before = _state(report)
    report.status = ReportStatus.DRAFT
    report.figures_snapshot = None
    report.approved_by = None
    report.approved_at = None
    report.save()
    _record(report, actor=actor, action="gongkai.annual_report.reopen", before=before)
    return report


@transaction.atomic
def annual_report_publish(*, actor: Any, report: AnnualReport) -> AnnualReport:
    """Publish an approved report (org_admin): a published 政府信息 in the organization's 政府信息公开年报
    column, its body the report, the DOCX and XLSX attached (条例第四十九条)."""
    report = _lock(report)
    require_role(actor, report.org, APPROVER_ROLES, action=_("发布年度报告"))
    _require_status(report, (ReportStatus.APPROVED,), action=_("发布"))
    from gongkai.publications.choices import Genre
    from gongkai.publications.services import document_create_published

    figures = annual_report_figures(report)
    texts = rendering.report_texts(report)
    title = report_title(org=report.org, year=report.year)
    files = [
        ContentFile(rendering.report_docx(figures=figures, texts=texts), name=f"{title}.docx"),
        ContentFile(rendering.report_xlsx(figures=figures), name=f"{title}.xlsx"),
    ]
    document = document_create_published(
        actor=actor,
        org=report.org,
        approved_by=report.approved_by,
        title=title,
        genre=Genre.REPORT,
        subject="综合政务/政务公开",
        body=rendering.report_body_html(figures=figures, texts=texts, as_document_body=True),
        written_on=timezone.localdate(report.approved_at) if report.approved_at else None,
        columns=[ANNUAL_REPORT_COLUMN],
        files=files,
    )
    before = _state(report)
    report.status = ReportStatus.PUBLISHED
    report.published_at = timezone.now()
    report.published_document = document
    report.save()
    _record(report, actor=actor, action="gongkai.annual_report.publish", before=before)
    return report
