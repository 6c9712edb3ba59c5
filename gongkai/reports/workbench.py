"""Screens of the annual report in the staff workbench (/staff/reports/): the list of reports, one
report's page (the whole report, identity failures, the forms for its texts and entered figures, the
approve/reopen/publish buttons and the DOCX/XLSX downloads) and the roll-up of a 主管部门 (汇总).

Who sees what: gongkai.reports.selectors — staff see the reports of their organizations and of the
organizations below them (platform admins all); any other unpublished report is a 404. Every write
goes through a service, which checks the role again; a refusal is shown on the page with the service's
reason, keeping what was typed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages

from gongkai.core.exceptions import ServiceValidationError, StateConflict
from gongkai.orgs.models import Organization
from gongkai.orgs.selectors import org_list_for
from gongkai.publications.workbench import WorkbenchView, holds_role, report_refusal
from gongkai.reports import rendering, services
from gongkai.reports.choices import ReportStatus
from gongkai.reports.computation import sum_figures
from gongkai.reports.figures import AnnualFigures
from gongkai.reports.forms import AnnualReportForm, RollupForm, StartReportForm
from gongkai.reports.identities import IdentityFailure, identity_failures
from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import (
    annual_report_list_for,
    report_due_on,
    report_may_see_draft,
    reports_by_org,
    rollup_default_orgs,
    rollup_org_choices,
)

VIEWSET = "annual_reports"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def report_url(org_code: str, year: int, name: str = "report") -> str:
    return reverse(f"{VIEWSET}:{name}", args=(org_code, year))


def last_year() -> int:
    return timezone.localdate().year - 1


@dataclass
class ReportState:
    """One organization's report for one year as the screens show it: the record (None before it is
    started), its figures (frozen or live) and their identity failures."""

    org: Organization
    year: int
    report: AnnualReport | None
    figures: AnnualFigures
    failures: list[IdentityFailure]

    @property
    def status(self) -> str:
        return self.report.status if self.report else ""

    @property
    def status_label(self) -> str:
        return str(ReportStatus(self.report.status).label) if self.report else _("未起草")

    @property
    def url(self) -> str:
        return report_url(self.org.code, self.year)

    def due_on(self) -> datetime.date:
        return report_due_on(org=self.org, year=self.year)

    def is_late(self, today: datetime.date) -> bool:
        # 条例第四十九条: published by the due date; anything else after it is late.
        return self.status != ReportStatus.PUBLISHED and today > self.due_on()


def report_state(org: Organization, year: int, report: AnnualReport | None) -> ReportState:
    return report_states([(org, year, report)])[0]


def report_states(entries: list[tuple[Organization, int, AnnualReport | None]]) -> list[ReportState]:
    """The states of several reports, their live figures computed together (a fixed number of queries
    for a list or a roll-up, whatever the number of organizations)."""
    return [
        ReportState(org=org, year=year, report=report, figures=figures, failures=identity_failures(figures))
        for (org, year, report), figures in zip(
            entries, services.annual_report_figures_many(entries), strict=True
        )
    ]


class ReportsView(WorkbenchView):
    header_icon = "doc-full"
    section_label = gettext_lazy("年度报告")
    section_url_name = f"{VIEWSET}:index"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["stylesheet"] = rendering.stylesheet()
        return context


# --- 年度报告 list ----------------------------------------------------------------------------------


class IndexView(ReportsView):
    template_name = "reports/workbench/index.html"
    page_title = gettext_lazy("政府信息公开工作年度报告")

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.section_crumbs()[:1], {"url": "", "label": str(self.page_title)}]

    def drafting_orgs(self) -> Any:
        return org_list_for(user=self.request.user, roles=list(services.DRAFTER_ROLES))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rows = report_states(
            [(report.org, report.year, report) for report in annual_report_list_for(user=self.request.user)]
        )
        orgs = self.drafting_orgs()
        form = kwargs.get("form") or StartReportForm(orgs=orgs, initial={"year": last_year()})
        context.update(rows=rows, form=form, can_start=orgs.exists())
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = StartReportForm(request.POST, orgs=self.drafting_orgs())
        if form.is_valid():
            org, year = form.cleaned_data["org"], form.cleaned_data["year"]
            try:
                services.annual_report_start(actor=request.user, org=org, year=year)
            except (ServiceValidationError, StateConflict) as exc:
                report_refusal(request, exc, form)
            else:
                messages.success(request, _("已起草%(year)s年度报告。") % {"year": year})
                return redirect(report_url(org.code, year))
        return self.render_to_response(self.get_context_data(form=form), status=400)


# --- One report --------------------------------------------------------------------------------------


class ReportMixin:
    """The screens of one organization's report for one year; a 404 for anyone who may not see it."""

    request: HttpRequest
    org: Organization
    year: int
    report: AnnualReport | None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            org = Organization.objects.filter(code=kwargs["org_code"]).select_related("parent").first()
            if org is None or not report_may_see_draft(user=request.user, org=org):
                raise Http404
            self.org, self.year = org, kwargs["year"]
            self.report = (
                AnnualReport.objects.filter(org=org, year=self.year)
                .select_related("approved_by", "published_document")
                .first()
            )
            if self.report is not None:
                self.report.org = org
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc,no-any-return]


class ReportView(ReportMixin, ReportsView):
    template_name = "reports/workbench/report.html"

    def get_page_title(self) -> str:
        return services.report_title(org=self.org, year=self.year)

    def may(self, roles: tuple[str, ...]) -> bool:
        return holds_role(self.request.user, self.org.pk, roles)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        state = report_state(self.org, self.year, self.report)
        report = self.report
        texts = rendering.report_texts(report) if report else {}
        is_draft = report is not None and report.status == ReportStatus.DRAFT
        can_draft = self.may(services.DRAFTER_ROLES)
        can_approve = self.may(services.APPROVER_ROLES)
        form = kwargs.get("form")
        if form is None and is_draft and can_draft and report is not None:
            form = AnnualReportForm(initial=AnnualReportForm.initial_for(report))
        context.update(
            state=state,
            report=report,
            body=rendering.report_body_html(figures=state.figures, texts=texts, mark_entered=True),
            form=form,
            can_start=report is None and can_draft,
            can_approve=is_draft and can_approve,
            can_reopen=report is not None and report.status == ReportStatus.APPROVED and can_approve,
            can_publish=report is not None and report.status == ReportStatus.APPROVED and can_approve,
            due_on=state.due_on(),
            late=state.is_late(timezone.localdate()),
            docx_url=report_url(self.org.code, self.year, "docx"),
            xlsx_url=report_url(self.org.code, self.year, "xlsx"),
        )
        context["actions"] = {
            name: reverse(f"{VIEWSET}:action", args=(self.org.code, self.year, name))
            for name in ("start", "approve", "reopen", "publish")
        }
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Save the texts and entered figures of a draft."""
        form = AnnualReportForm(request.POST)
        if self.report is None or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            services.annual_report_update(actor=request.user, report=self.report, **form.changes())
        except (ServiceValidationError, StateConflict) as exc:
            report_refusal(request, exc, form)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("已保存。"))
        return redirect(report_url(self.org.code, self.year))


class ReportActionView(ReportMixin, View):
    """起草 / 审核 / 退回修改 / 发布: a POST that calls the service and comes back to the report."""

    def post(self, request: HttpRequest, org_code: str, year: int, action: str) -> HttpResponse:
        done = {
            "start": _("已起草年度报告。"),
            "approve": _("已审核：报表数据已固定。"),
            "reopen": _("已退回修改：报表数据重新按实时数据计算。"),
            "publish": _("已发布到“政府信息公开年报”栏目。"),
        }
        if action not in done or (action != "start" and self.report is None):
            raise Http404
        try:
            self.run(action)
        except (ServiceValidationError, StateConflict) as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, done[action])
        return redirect(report_url(self.org.code, self.year))

    def run(self, action: str) -> None:
        actor = self.request.user
        if action == "start":
            services.annual_report_start(actor=actor, org=self.org, year=self.year)
            return
        assert self.report is not None
        service = {
            "approve": services.annual_report_approve,
            "reopen": services.annual_report_reopen,
            "publish": services.annual_report_publish,
        }[action]
        service(actor=actor, report=self.report)


class DownloadView(ReportMixin, View):
    """The report as DOCX or XLSX (a draft's with its live figures)."""

    kind = "docx"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        state = report_state(self.org, self.year, self.report)
        texts = rendering.report_texts(self.report) if self.report else {}
        name = services.report_title(org=self.org, year=self.year)
        if self.kind == "docx":
            data, content_type = rendering.report_docx(figures=state.figures, texts=texts), DOCX_TYPE
        else:
            data, content_type = rendering.report_xlsx(figures=state.figures), XLSX_TYPE
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.{self.kind}"
        return response


# --- 汇总 ----------------------------------------------------------------------------------------------


class RollupView(ReportsView):
    """A 主管部门 (or platform admin) sums its organizations' reports for a year, drills down to each,
    and sees which are late (条例第四十九条) or whose figures break an identity."""

    template_name = "reports/workbench/rollup.html"
    page_title = gettext_lazy("年度报告汇总")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not rollup_default_orgs(user=request.user).exists():
            raise PermissionDenied(
                _("只有主管部门（有下级机构的机构）的工作人员或平台管理员可以汇总年度报告。")
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        defaults = list(rollup_default_orgs(user=user))
        data = self.request.GET.copy()
        if data and not data.getlist("orgs"):
            data.setlist("orgs", [str(org.pk) for org in defaults])  # shown checked, as they are summed
        form = RollupForm(
            data or None,
            orgs=rollup_org_choices(user=user),
            initial={"year": last_year(), "orgs": defaults},
        )
        if form.is_bound and not form.is_valid():
            context.update(form=form, states=[], tables="")
            return context
        year = form.cleaned_data["year"] if form.is_bound else last_year()
        orgs = list(form.cleaned_data["orgs"]) if form.is_bound else defaults
        reports = reports_by_org(org_ids=[org.pk for org in orgs], year=year)
        states = report_states([(org, year, reports.get(org.pk)) for org in orgs])
        today = timezone.localdate()
        tables = ""
        if orgs:
            # The sum of the reports shown beside it: frozen figures where a report is approved.
            parts = [state.figures for state in states]
            total = sum_figures(parts, year=year, code="rollup", name=_("汇总"))
            tables = rendering.report_tables_html(figures=sum_entered(total, states))
        context.update(
            form=form,
            year=year,
            states=states,
            late=[state for state in states if state.is_late(today)],
            failing=[state for state in states if state.failures],
            tables=tables,
        )
        return context


def sum_entered(total: AnnualFigures, states: list[ReportState]) -> AnnualFigures:
    """The roll-up's section 二 figures that staff enter: the sum of those the organizations entered
    (None where none did), since the records do not hold them."""
    values: dict[str, Any] = {}
    for name in services.ENTERED_FIELDS:
        entered = [getattr(s.figures.section2, name) for s in states if name in s.figures.section2.entered]
        values[name] = sum(entered) if entered else None
    entered_names = frozenset(name for name, value in values.items() if value is not None)
    total.section2 = replace(total.section2, **values, entered=entered_names)
    return total
