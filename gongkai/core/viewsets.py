"""The 工作日历 screens of the staff workbench (Wagtail admin at /staff/calendar/), for platform admins.

- the list of years: built-in or entered, complete or not, and the years computations needed without data;
- a year: its holidays and 调休 days with their source, a form to add or correct a day, removing an
  administrator's entry, and declaring the year complete;
- importing a year from the text of the State Council's notice: preview what was read, then save.

Every change goes through gongkai.core.services (which check the role again and audit).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from gongkai.core.exceptions import ServiceValidationError
from gongkai.core.forms import CalendarDayForm, CalendarYearForm, NoticeImportForm
from gongkai.core.models import CalendarDayKind
from gongkai.core.permissions import is_platform_admin
from gongkai.core.selectors import (
    WEEKDAY_LABELS,
    calendar_alert_list_open,
    calendar_year_entries,
    calendar_year_overview,
    calendar_year_row,
)
from gongkai.core.services import (
    MAX_YEAR,
    MIN_YEAR,
    calendar_day_clear,
    calendar_day_set,
    calendar_notice_preview,
    calendar_year_declare,
    calendar_year_import_notice,
)

URL_NAMESPACE = "workcalendar"


def _url(name: str, *args: Any) -> str:
    return reverse(f"{URL_NAMESPACE}:{name}", args=args)


class PlatformAdminRequiredMixin:
    """Only platform administrators maintain the calendar (everyone else gets 403)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_platform_admin(request.user):
            raise PermissionDenied(_("只有平台管理员可以维护工作日历。"))
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class CalendarBaseView(PlatformAdminRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "calendar"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        items = [*self.breadcrumbs_items, {"url": _url("index"), "label": _("工作日历")}]
        return items


class CalendarIndexView(CalendarBaseView):
    template_name = "core/admin/calendar_index.html"
    page_title = gettext_lazy("工作日历")

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": _("工作日历")}]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = CalendarYearForm(request.GET if "year" in request.GET else None)
        if form.is_bound and form.is_valid():
            return redirect(_url("year", form.cleaned_data["year"]))
        return self.render_to_response(self.get_context_data(year_form=form, rows=calendar_year_overview()))


class CalendarYearBaseView(CalendarBaseView):
    """A screen about one year, from the URL."""

    kwargs: dict[str, Any]

    @cached_property
    def year(self) -> int:
        year = int(self.kwargs["year"])
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise Http404(_("年份应在%(min)s至%(max)s之间。") % {"min": MIN_YEAR, "max": MAX_YEAR})
        return year


class CalendarYearView(CalendarYearBaseView):
    template_name = "core/admin/calendar_year.html"

    def get_page_title(self) -> str:
        return _("%(year)s年工作日历") % {"year": self.year}

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*super().get_breadcrumbs_items(), {"url": "", "label": _("%(year)s年") % {"year": self.year}}]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._render(CalendarDayForm(year=self.year))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = request.POST.get("action", "")
        if action == "set":
            return self._set_day()
        if action == "clear":
            return self._clear_day()
        if action == "declare":
            complete = request.POST.get("complete") == "1"
            calendar_year_declare(actor=request.user, year=self.year, complete=complete)
            messages.success(
                request,
                _("已将%(year)s年标记为数据完整。") % {"year": self.year}
                if complete
                else _("已将%(year)s年标记为数据不完整。") % {"year": self.year},
            )
            return redirect(_url("year", self.year))
        messages.error(request, _("未知的操作。"))
        return redirect(_url("year", self.year))

    def _set_day(self) -> HttpResponse:
        form = CalendarDayForm(self.request.POST, year=self.year)
        if form.is_valid():
            try:
                entry = calendar_day_set(
                    actor=self.request.user,
                    day=form.cleaned_data["day"],
                    kind=form.cleaned_data["kind"],
                    name=form.cleaned_data["name"],
                )
            except ServiceValidationError as exc:
                for field, errors in exc.errors.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(
                    self.request,
                    _("已将%(day)s设为%(kind)s。")
                    % {"day": entry.date.isoformat(), "kind": entry.get_kind_display()},
                )
                return redirect(_url("year", self.year))
        messages.error(self.request, _("日期未保存，请更正下面标出的问题。"))
        return self._render(form, status=200)

    def _clear_day(self) -> HttpResponse:
        try:
            day = date.fromisoformat(self.request.POST.get("day", ""))
        except ValueError:
            messages.error(self.request, _("日期格式不正确，应为 YYYY-MM-DD。"))
            return redirect(_url("year", self.year))
        if calendar_day_clear(actor=self.request.user, day=day):
            messages.success(
                self.request, _("已删除%(day)s的录入，恢复为内置数据或周末规则。") % {"day": day.isoformat()}
            )
        else:
            messages.warning(self.request, _("%(day)s没有管理员录入的数据。") % {"day": day.isoformat()})
        return redirect(_url("year", self.year))

    def _render(self, form: CalendarDayForm, status: int = 200) -> HttpResponse:
        row = calendar_year_row(year=self.year)
        context = self.get_context_data(
            form=form,
            entries=calendar_year_entries(year=self.year),
            record=row.record,
            row=row,
            import_url=_url("import", self.year),
            holiday=CalendarDayKind.HOLIDAY,
        )
        return self.render_to_response(context, status=status)


class NoticeImportView(CalendarYearBaseView):
    template_name = "core/admin/calendar_import.html"

    def get_page_title(self) -> str:
        return _("导入%(year)s年节假日安排通知") % {"year": self.year}

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *super().get_breadcrumbs_items(),
            {"url": _url("year", self.year), "label": _("%(year)s年") % {"year": self.year}},
            {"url": "", "label": _("导入通知")},
        ]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._render(NoticeImportForm())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = NoticeImportForm(request.POST)
        if not form.is_valid():
            return self._render(form)
        text = form.cleaned_data["text"]
        try:
            if "save" in request.POST:
                calendar_import = calendar_year_import_notice(actor=request.user, year=self.year, text=text)
                messages.success(
                    request,
                    _("已导入%(year)s年节假日安排，该年数据标记为完整。") % {"year": calendar_import.year},
                )
                return HttpResponseRedirect(_url("year", self.year))
            parsed = calendar_notice_preview(year=self.year, text=text)
        except ServiceValidationError as exc:
            form.add_error("text", exc.message)
            return self._render(form)
        rows = [
            {
                "date": day.date,
                "weekday": WEEKDAY_LABELS[day.date.weekday()],
                "kind": str(day.kind),
                "kind_label": CalendarDayKind(str(day.kind)).label,
                "name": day.name,
            }
            for day in parsed.days
        ]
        return self._render(form, preview=rows, items=parsed.items)

    def _render(self, form: NoticeImportForm, **extra: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form, year=self.year, **extra))


class PlatformAdminMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return is_platform_admin(request.user)


class CalendarViewSet(ViewSet):
    """Registers the calendar screens and the 工作日历 menu item (shown to platform admins only)."""

    name = URL_NAMESPACE
    url_prefix = "calendar"  # type: ignore[assignment]
    icon = "calendar"
    menu_label = gettext_lazy("工作日历")
    menu_name = "calendar"
    menu_order = 8900
    add_to_admin_menu = True

    @cached_property
    def menu_item_class(self) -> type[MenuItem]:
        return PlatformAdminMenuItem

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", CalendarIndexView.as_view(), name="index"),
            path("<int:year>/", CalendarYearView.as_view(), name="year"),
            path("<int:year>/import/", NoticeImportView.as_view(), name="import"),
        ]


class CalendarAlertsPanel(Component):
    """Dashboard panel: years that computations needed without holiday data (platform admins only)."""

    name = "calendar_alerts"
    template_name = "core/admin/alerts_panel.html"
    order = 50  # before Wagtail's own panels: a missing year makes deadlines provisional

    def __init__(self, alerts: list[Any]) -> None:
        self.alerts = alerts

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        return {
            "alerts": [{"alert": alert, "url": _url("import", alert.year)} for alert in self.alerts],
            "index_url": _url("index"),
        }


def calendar_alerts_panel(request: HttpRequest) -> CalendarAlertsPanel | None:
    """The panel for this request, or None when it has nothing to say or the user is not a platform admin."""
    if not is_platform_admin(request.user):
        return None
    alerts = list(calendar_alert_list_open())
    return CalendarAlertsPanel(alerts) if alerts else None
