"""The 主动公开报表 screens of the staff workbench (/staff/publications/reports/…): 公开时效, 不予公开复核 and
政策解读情况, each filtered by organization and year.

Who sees what is decided by gongkai.orgs.selectors.org_list_for: staff see the organizations where they
hold a role, platform admins all, with a per-organization summary table when more than one is shown.
The figures come from gongkai.publications.reports.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from gongkai.orgs.models import Organization
from gongkai.orgs.selectors import org_list_for
from gongkai.publications import reports

URL_NAMESPACE = "publication_reports"
FIRST_YEAR = 2008  # the first 条例 took effect on 2008-05-01


def _url(name: str) -> str:
    return reverse(f"{URL_NAMESPACE}:{name}")


class ReportFilterForm(forms.Form):
    """机构 (among those the user may see; empty: all of them) and 年度."""

    org = forms.ChoiceField(label=gettext_lazy("机构"), required=False)
    year = forms.IntegerField(label=gettext_lazy("年度"), required=False)

    def __init__(self, *args: Any, orgs: list[Organization], with_year: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.orgs = orgs
        choices = [(org.code, org.name) for org in orgs]
        if len(orgs) > 1:
            choices.insert(0, ("", _("全部机构")))
        org_field = self.fields["org"]
        assert isinstance(org_field, forms.ChoiceField)
        org_field.choices = choices
        org_field.error_messages["invalid_choice"] = _("机构：请选择您有权查看的机构。")
        if not with_year:
            del self.fields["year"]

    def clean_year(self) -> int:
        year: int | None = self.cleaned_data.get("year")
        this_year = timezone.localdate().year
        if year is None:
            return this_year
        if not FIRST_YEAR <= year <= this_year + 1:
            raise forms.ValidationError(
                _("年度：应在%(first)s年至%(last)s年之间。") % {"first": FIRST_YEAR, "last": this_year + 1}
            )
        return year

    def selected_orgs(self) -> list[Organization]:
        code = self.cleaned_data.get("org") or ""
        return [org for org in self.orgs if org.code == code] if code else self.orgs


class ReportView(WagtailAdminTemplateMixin, TemplateView):
    """A report screen: checks the user holds a role somewhere, reads the filter, renders the report."""

    header_icon = "table"
    with_year = True
    url_name = ""
    refusal = gettext_lazy("只有在机构中担任角色的工作人员可以查看主动公开报表。")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.orgs = list(org_list_for(user=request.user))
        if not self.orgs:
            raise PermissionDenied(str(self.refusal))
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        bound = any(name in request.GET for name in ("org", "year"))
        # Unfiltered: all the user's organizations in the current year, shown as such in the form.
        data = request.GET if bound else {"year": str(timezone.localdate().year)}
        form = ReportFilterForm(data, orgs=self.orgs, with_year=self.with_year)
        context: dict[str, Any] = {"form": form, **self.empty_context()}
        if form.is_valid():
            year = form.cleaned_data.get("year") or timezone.localdate().year
            context.update(self.report_context(form.selected_orgs(), year))
        return self.render_to_response(self.get_context_data(**context))

    def empty_context(self) -> dict[str, Any]:
        """What the page shows besides the filter while the filter is invalid."""
        return {"report": None, "report_tabs": _tabs(self.url_name)}

    def report_context(self, orgs: list[Organization], year: int) -> dict[str, Any]:
        return {"report": self.compute(orgs, year), "selected_orgs": orgs, "show_summary": len(orgs) > 1}

    def compute(self, orgs: list[Organization], year: int) -> Any:
        raise NotImplementedError


class TimelinessView(ReportView):
    template_name = "publications/reports/timeliness.html"
    page_title = gettext_lazy("公开时效")
    url_name = "timeliness"

    def compute(self, orgs: list[Organization], year: int) -> reports.TimelinessReport:
        return reports.timeliness_report(orgs=orgs, year=year)


class WithheldReviewView(ReportView):
    template_name = "publications/reports/withheld.html"
    page_title = gettext_lazy("不予公开复核")
    url_name = "withheld"
    with_year = False  # a review is due as of today, whatever year the item is from

    def compute(self, orgs: list[Organization], year: int) -> reports.WithheldReviewReport:
        return reports.withheld_review_report(orgs=orgs)


class InterpretationView(ReportView):
    template_name = "publications/reports/interpretation.html"
    page_title = gettext_lazy("政策解读情况")
    url_name = "interpretation"

    def compute(self, orgs: list[Organization], year: int) -> reports.InterpretationReport:
        return reports.interpretation_report(orgs=orgs, year=year)


REPORTS: tuple[tuple[str, Any, type[ReportView]], ...] = (
    ("timeliness", gettext_lazy("公开时效"), TimelinessView),
    ("withheld", gettext_lazy("不予公开复核"), WithheldReviewView),
    ("interpretation", gettext_lazy("政策解读情况"), InterpretationView),
)


def _tabs(current: str) -> list[dict[str, Any]]:
    return [{"url": _url(name), "label": label, "current": name == current} for name, label, _view in REPORTS]


def urlpatterns() -> list[Any]:
    return [path(f"{name}/", view.as_view(), name=name) for name, _label, view in REPORTS]


class StaffMenuItem(MenuItem):
    """Shown to users who hold a role in some organization (the reports would be empty otherwise)."""

    def is_shown(self, request: HttpRequest) -> bool:
        return org_list_for(user=request.user).exists()


class StaffSubmenuMenuItem(SubmenuMenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return org_list_for(user=request.user).exists()


def reports_menu_item() -> SubmenuMenuItem:
    """The 主动公开报表 submenu with one entry per report."""
    items = [
        StaffMenuItem(
            label, reverse_lazy(f"{URL_NAMESPACE}:{name}"), name=f"publication-report-{name}", order=i
        )
        for i, (name, label, _view) in enumerate(REPORTS, start=1)
    ]
    return StaffSubmenuMenuItem(
        gettext_lazy("主动公开报表"),
        Menu(items=items),
        name="publication-reports",
        icon_name="table",
        order=1300,
    )
