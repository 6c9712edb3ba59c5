"""The statistics pages (issue 6 §5): 统计分析 in the staff workbench (/staff/reports/statistics/) and
the public 公开统计 page (/statistics/).

Both show the same charts (gongkai.reports.svg), each with a table of its numbers beside it, for a year
and an organization or a set of them. Staff see the organizations where they hold a role
(gongkai.orgs.selectors.org_list_for; a platform_admin every one); the public page any organization or
the whole region, aggregate numbers only. The figures come from gongkai.reports.statistics.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse_lazy
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem

from gongkai.orgs.choices import Role
from gongkai.orgs.models import Organization
from gongkai.orgs.selectors import org_list_public
from gongkai.publications.report_views import ReportView
from gongkai.publications.workbench import holds_role_anywhere
from gongkai.reports import svg
from gongkai.reports.statistics import YearStatistics, percent, statistics_for_year, statistics_years

URL_NAMESPACE = "reports_statistics"
ORGS_IN_CHART = 15  # the per-organization chart shows the busiest ones; the table beside it lists all


# --- The charts and their tables -----------------------------------------------------------------------


@dataclass
class Chart:
    """A chart and the table of its numbers: ``headers`` name the columns, each row starts with its
    category; ``footer`` is an optional total row; ``details`` an optional finer table under it."""

    key: str
    title: str
    svg: SafeString
    headers: list[str]
    rows: list[list[Any]]
    footer: list[Any] = field(default_factory=list)
    note: str = ""
    details: Chart | None = None


@dataclass(frozen=True)
class Figure:
    """A headline number (按时答复率, 答复用时中位数 …) with what it was computed from."""

    label: str
    value: str
    note: str = ""


def month_labels() -> list[str]:
    return [_("%(month)s月") % {"month": month} for month in range(1, 13)]


def figures(stats: YearStatistics) -> list[Figure]:
    median = "—" if stats.median_workdays is None else svg.format_number(stats.median_workdays)
    median_note = _(
        "个工作日（%(count)s件答复；补正的自收到补正之日起算，已扣除征求意见、等待缴费等不计算在答复期限内的时间）"
    ) % {"count": stats.replied}
    if stats.median_provisional:
        median_note += _("；部分年份尚无节假日数据，按周末计算")
    return [
        Figure(_("收到申请"), str(stats.received), _("件，按收到申请日期计")),
        Figure(_("办结申请"), str(stats.closed), _("件，按办结日期计")),
        Figure(
            _("按时答复率"),
            percent(stats.on_time_ratio),
            _("%(on_time)s / %(replied)s件答复在期限内作出")
            % {"on_time": stats.replied_on_time, "replied": stats.replied},
        ),
        Figure(_("答复用时中位数"), median, median_note),
        Figure(_("当前逾期案件"), str(stats.overdue_now), _("件，尚未答复且已超过答复期限")),
        Figure(
            _("政策解读比例"),
            percent(stats.interpretation_ratio),
            _("%(done)s / %(total)s件政策文件已发布解读")
            % {"done": stats.interpreted_documents, "total": stats.policy_documents},
        ),
    ]


def charts(stats: YearStatistics, *, prefix: str, by_org: bool) -> list[Chart]:
    """The page's charts; ``prefix`` keeps the SVG ids unique, ``by_org`` adds the organizations' chart."""
    year = stats.year
    months = month_labels()
    result = [_monthly_cases(stats, months, prefix)]
    if by_org:
        result.append(_orgs(stats, prefix))
    result.append(_outcomes(stats, prefix))
    result.append(
        Chart(
            key="documents",
            title=_("%(year)s年每月主动公开政府信息") % {"year": year},
            svg=svg.vertical_bars(
                chart_id=f"{prefix}-documents",
                title=_("%(year)s年每月主动公开政府信息") % {"year": year},
                description=_("柱状图：每月发布的政府信息件数，合计%(total)s件。")
                % {"total": stats.documents},
                labels=months,
                values=stats.documents_by_month,
            ),
            headers=[_("月份"), _("发布件数")],
            rows=[[month, count] for month, count in zip(months, stats.documents_by_month, strict=True)],
            footer=[_("合计"), stats.documents],
        )
    )
    return result


def _monthly_cases(stats: YearStatistics, months: list[str], prefix: str) -> Chart:
    title = _("%(year)s年每月收到和办结的政府信息公开申请") % {"year": stats.year}
    received, closed = _("收到申请"), _("办结")
    return Chart(
        key="applications",
        title=title,
        svg=svg.line_chart(
            chart_id=f"{prefix}-applications",
            title=title,
            description=_("折线图：每月收到申请%(received)s件、办结%(closed)s件。")
            % {"received": stats.received, "closed": stats.closed},
            labels=months,
            series=[
                svg.Series(received, tuple(stats.received_by_month)),
                svg.Series(closed, tuple(stats.closed_by_month)),
            ],
        ),
        headers=[_("月份"), received, closed],
        rows=[
            [month, r, c]
            for month, r, c in zip(months, stats.received_by_month, stats.closed_by_month, strict=True)
        ],
        footer=[_("合计"), stats.received, stats.closed],
    )


def _orgs(stats: YearStatistics, prefix: str) -> Chart:
    entries = sorted(
        (e for e in stats.by_org if e.received or e.closed or e.overdue_now),
        key=lambda e: (-e.received, e.org.sort_order, e.org.code),
    )
    shown = entries[:ORGS_IN_CHART]
    title = _("%(year)s年各机构收到的政府信息公开申请") % {"year": stats.year}
    note = ""
    if len(entries) > len(shown):
        note = _("图中列出收到申请最多的%(count)s个机构，表中列出全部。") % {"count": len(shown)}
    return Chart(
        key="orgs",
        title=title,
        svg=svg.horizontal_bars(
            chart_id=f"{prefix}-orgs",
            title=title,
            description=_("条形图：各机构收到的申请件数。") + note,
            labels=[e.org.name for e in shown],
            values=[e.received for e in shown],
        ),
        headers=[_("机构"), _("收到申请"), _("办结"), _("当前逾期")],
        rows=[[e.org.name, e.received, e.closed, e.overdue_now] for e in entries],
        footer=[_("合计"), stats.received, stats.closed, stats.overdue_now],
        note=note,
    )


def _outcomes(stats: YearStatistics, prefix: str) -> Chart:
    title = _("%(year)s年办结申请的办理结果") % {"year": stats.year}
    total = stats.closed

    def share(count: int) -> str:
        return percent(count / total if total else None)

    details = Chart(
        key="outcome-details",
        title=_("办理结果明细"),
        svg=SafeString(""),
        headers=[_("办理结果"), _("件数"), _("占比")],
        rows=[[o.label, o.count, share(o.count)] for o in stats.outcomes],
    )
    return Chart(
        key="outcomes",
        title=title,
        svg=svg.horizontal_bars(
            chart_id=f"{prefix}-outcomes",
            title=title,
            description=_("条形图：按年度报告的六类办理结果统计，共办结%(total)s件。") % {"total": total},
            labels=[group.label for group in stats.outcome_groups],
            values=[group.count for group in stats.outcome_groups],
        ),
        headers=[_("办理结果"), _("件数"), _("占比")],
        rows=[[group.label, group.count, share(group.count)] for group in stats.outcome_groups],
        footer=[_("合计"), total, share(total) if total else "—"],
        details=details,
    )


def statistics_context(stats: YearStatistics, *, prefix: str, by_org: bool) -> dict[str, Any]:
    return {"stats": stats, "figures": figures(stats), "charts": charts(stats, prefix=prefix, by_org=by_org)}


# --- The workbench screen ----------------------------------------------------------------------------


class StatisticsView(ReportView):
    """统计分析: the figures of the organizations the user may see, or of one of them, for a year (the
    主动公开 reports' screen, filter and access rule)."""

    template_name = "reports/statistics/workbench.html"
    page_title = gettext_lazy("统计分析")
    refusal = gettext_lazy("只有在机构中担任角色的工作人员可以查看统计分析。")

    def empty_context(self) -> dict[str, Any]:
        return {"stats": None}

    def report_context(self, orgs: list[Organization], year: int) -> dict[str, Any]:
        stats = statistics_for_year(orgs=orgs, year=year)
        return {**statistics_context(stats, prefix="staff", by_org=len(orgs) > 1), "selected_orgs": orgs}


def urlpatterns() -> list[Any]:
    return [path("", StatisticsView.as_view(), name="index")]


class StatisticsMenuItem(MenuItem):
    """Shown to users who hold a role in some organization (the screen would be refused otherwise)."""

    def is_shown(self, request: HttpRequest) -> bool:
        # The roles cached on the request: the menu is drawn on every workbench screen.
        return holds_role_anywhere(request.user, Role.values)


def statistics_menu_item() -> MenuItem:
    return StatisticsMenuItem(
        gettext_lazy("统计分析"),
        reverse_lazy(f"{URL_NAMESPACE}:index"),
        name="statistics",
        icon_name="table",
        order=1310,
    )


# --- The public page ---------------------------------------------------------------------------------


class PublicStatisticsForm(forms.Form):
    """机构 (empty: the whole region) and 年度 (a year with data)."""

    org = forms.ChoiceField(label=gettext_lazy("机构"), required=False)
    year = forms.TypedChoiceField(label=gettext_lazy("年度"), coerce=int, required=False)

    def __init__(self, *args: Any, orgs: list[Organization], years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.orgs = orgs
        self.years = years
        org_field = self.fields["org"]
        year_field = self.fields["year"]
        assert isinstance(org_field, forms.ChoiceField) and isinstance(year_field, forms.ChoiceField)
        org_field.choices = [("", _("全市（全部机构）")), *((org.code, org.name) for org in orgs)]
        org_field.error_messages["invalid_choice"] = _("机构：请从列表中选择一个机构。")
        year_field.choices = [(year, _("%(year)s年") % {"year": year}) for year in years]
        year_field.error_messages["invalid_choice"] = _("年度：请选择有统计数据的年份。")

    def clean_year(self) -> int:
        year: int | str | None = self.cleaned_data.get("year")
        if year in (None, ""):
            return self.years[0] if self.years else timezone.localdate().year
        assert isinstance(year, int)
        return year

    def selected_org(self) -> Organization | None:
        code = self.cleaned_data.get("org") or ""
        return next((org for org in self.orgs if org.code == code), None)


def statistics_public(request: HttpRequest) -> HttpResponse:
    """公开统计: the region's or one organization's figures for a year; bad parameters get a message."""
    orgs = list(org_list_public())
    years = statistics_years()
    form = PublicStatisticsForm(request.GET or None, orgs=orgs, years=years)
    context: dict[str, Any] = {"form": form, "stats": None, "has_data": bool(years)}
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        if form.is_bound:
            year, org = form.cleaned_data["year"], form.selected_org()
        else:
            year, org = (years[0] if years else timezone.localdate().year), None
        scope = [org] if org is not None else orgs
        stats = statistics_for_year(orgs=scope, year=year)
        context.update(statistics_context(stats, prefix="public", by_org=org is None))
        context.update(selected_org=org, year=year)
    return render(request, "reports/statistics/public.html", context, status=status)
