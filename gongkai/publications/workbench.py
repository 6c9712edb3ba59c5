"""What the 政府公报 and 规范性文件清理 screens of the workbench share: the page furniture, pagination, the
roles read from the request's cached memberships, and turning a service's refusal into a message."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import wraps
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from gongkai.core.exceptions import ServiceValidationError, StateConflict
from gongkai.core.permission_policies import user_roles
from gongkai.orgs.forms import add_service_errors
from gongkai.publications.choices import PublicationStatus

PER_PAGE = 50


def holds_role(user: Any, org_id: int | None, roles: Iterable[str]) -> bool:
    """Whether to offer an action (from the cached roles, no query); the service decides for real.
    ``org_id`` None is a region-wide record: platform admins only."""
    held = user_roles(user)
    if held.platform_admin:
        return True
    return org_id is not None and bool(held.by_org.get(org_id, frozenset()) & set(roles))


def holds_role_anywhere(user: Any, roles: Iterable[str]) -> bool:
    """Whether the user holds one of ``roles`` in some organization (platform admins: yes), cached."""
    held = user_roles(user)
    return held.platform_admin or bool(held.org_ids_with(list(roles)))


def paginate(request: HttpRequest, rows: Any) -> tuple[Page[Any], list[Any]]:
    """The page ``?p=`` of ``rows`` (out-of-range and junk numbers give the nearest page)."""
    paginator = Paginator(rows, PER_PAGE)
    page = paginator.get_page(request.GET.get("p"))
    return page, list(paginator.get_elided_page_range(page.number))


def report_refusal(request: HttpRequest, exc: Exception, form: forms.Form | None = None) -> bool:
    """Show a service's refusal: validation errors on the form's fields when it has them (True), anything
    else as a message (False). Permission refusals are not caught here: they become 403."""
    if isinstance(exc, ServiceValidationError) and form is not None and set(exc.errors) & set(form.fields):
        add_service_errors(form, exc)
        return True
    if isinstance(exc, ServiceValidationError | StateConflict):
        messages.error(request, exc.message)
    return False


def holds_any_role(user: Any) -> bool:
    """Whether the user holds a role somewhere (platform admins included), from the cached roles."""
    held = user_roles(user)
    return held.platform_admin or any(held.by_org.values())


class RoleHolderMenuItem(MenuItem):
    """A menu entry for staff who hold a role in some organization; answered from the roles cached on
    the request's user, so the menu adds no query to any page."""

    def is_shown(self, request: HttpRequest) -> bool:
        return holds_any_role(request.user)


def forbidden(request: HttpRequest, exc: PermissionDenied) -> TemplateResponse:
    """A 403 page that says why (the service's Chinese reason), instead of Wagtail's redirect to the
    dashboard with a generic message."""
    title = _("无权操作")
    context = {
        "reason": str(exc) or _("您没有执行此操作的权限。"),
        "page_title": title,
        "header_title": title,
        "header_icon": "warning",
        "breadcrumbs_items": [
            {"url": reverse("wagtailadmin_home"), "label": _("工作台")},
            {"url": "", "label": title},
        ],
    }
    return TemplateResponse(request, "publications/workbench/forbidden.html", context, status=403)


def forbidden_as_page(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Wraps a view so that a PermissionDenied (from the view or a service) becomes the 403 page above."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            return forbidden(request, exc)

    return guarded


class StaffOnly:
    """Only staff who hold a role in some organization (403 for anyone else)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not holds_any_role(request.user):
            raise PermissionDenied(_("只有在机构中担任角色的工作人员可以使用此功能。"))
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc,no-any-return]


class WorkbenchView(StaffOnly, WagtailAdminTemplateMixin, TemplateView):
    """A workbench screen for staff who hold a role in some organization."""

    header_icon = "doc-full"
    section_label: Any = ""
    section_url_name = ""

    def section_crumbs(self) -> list[dict[str, Any]]:
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("工作台")},
            {"url": reverse(self.section_url_name), "label": str(self.section_label)},
        ]

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.section_crumbs(), {"url": "", "label": self.get_page_title()}]


class OneRecordMixin:
    """Screens of one record (a 公报 issue, a 清理) of the person's organizations; any other is a 404.

    The record is loaded from ``records()`` (a selector that owns visibility) before the view runs;
    ``can_edit`` says whether this person may still change it (a draft, and one of ``edit_roles`` in
    its organization). The services check both again.
    """

    request: HttpRequest
    record: Any
    edit_roles: Sequence[str] = ()

    def records(self) -> QuerySet[Any]:
        raise NotImplementedError

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:  # anybody else is sent to the login page by the view
            record = self.records().filter(pk=kwargs["pk"]).first()
            if record is None:
                raise Http404
            self.record = record
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc,no-any-return]

    def can_edit(self) -> bool:
        return self.record.status == PublicationStatus.DRAFT and holds_role(
            self.request.user, self.record.org_id, self.edit_roles
        )
