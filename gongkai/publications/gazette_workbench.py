"""The 政府公报 screens of the staff workbench (/staff/publications/gazette/): the issues of one's
organizations, a new issue, composing it from published documents (add, reorder, remove while a draft)
and publishing it to the reading room. Every write is a service of gongkai.publications.gazette, which
checks the role again (editor or org_admin of the issue's organization) and writes the audit entry.

Who sees what: staff see the issues of the organizations where they hold any role (platform admins all);
an issue of another organization is a 404. Those without the editing role read but get no buttons, and a
POST of theirs is refused by the service (403).
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.widgets import AdminDateInput

from gongkai.core.exceptions import ServiceValidationError, StateConflict
from gongkai.orgs.models import Organization
from gongkai.orgs.selectors import org_list_for
from gongkai.publications.choices import PublicationStatus
from gongkai.publications.gazette import (
    GAZETTE_ROLES,
    gazette_documents_printable,
    gazette_issue_add_document,
    gazette_issue_create,
    gazette_issue_list_for,
    gazette_issue_publish,
    gazette_issue_remove_document,
    gazette_issue_reorder,
    gazette_items,
)
from gongkai.publications.models import GazetteIssue
from gongkai.publications.search_select import (
    SearchSelectMultiple,
    SearchSource,
    document_labels,
    register_source,
)
from gongkai.publications.workbench import (
    OneRecordMixin,
    WorkbenchView,
    forbidden_as_page,
    holds_role_anywhere,
    paginate,
    report_refusal,
)

URL_NAMESPACE = "gazette_workbench"
FIRST_YEAR = 1950


def url(name: str, *args: Any) -> str:
    return reverse(f"{URL_NAMESPACE}:{name}", args=args)


register_source(
    SearchSource(
        "gazette-documents",
        lambda user, params: gazette_documents_printable(),
        ("title", "doc_number"),
        document_labels,
    )
)


# --- Forms ------------------------------------------------------------------------------------------------


class IssueForm(forms.Form):
    """年度, 期号, 标题 and the planned 出版日期 of a new issue (gazette_issue_create's arguments)."""

    org = forms.ModelChoiceField(
        label=gettext_lazy("编辑机构"),
        queryset=Organization.objects.none(),
        error_messages={
            "required": gettext_lazy("请选择“编辑机构”。"),
            "invalid_choice": gettext_lazy("“编辑机构”：请选择您可以编辑公报的机构。"),
        },
    )
    year = forms.IntegerField(
        label=gettext_lazy("年度"),
        min_value=FIRST_YEAR,
        max_value=2999,
        error_messages={
            "required": gettext_lazy("请填写“年度”。"),
            "invalid": gettext_lazy("“年度”应为四位数字年份，如2026。"),
            "min_value": gettext_lazy("“年度”应为四位数字年份，如2026。"),
            "max_value": gettext_lazy("“年度”应为四位数字年份，如2026。"),
        },
    )
    number = forms.IntegerField(
        label=gettext_lazy("期号"),
        required=False,
        min_value=1,
        help_text=gettext_lazy("留空则取该年度的下一期。"),
        error_messages={
            "invalid": gettext_lazy("“期号”应为正整数。"),
            "min_value": gettext_lazy("“期号”应为正整数。"),
        },
    )
    title = forms.CharField(
        label=gettext_lazy("标题"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("留空则为“<机构>公报 <年度>年第<期号>期”。"),
        error_messages={"max_length": gettext_lazy("“标题”最多200个字。")},
    )
    published_on = forms.DateField(
        label=gettext_lazy("出版日期"),
        required=False,
        widget=AdminDateInput,
        help_text=gettext_lazy("计划出版的日期，出版时还可修改；留空则为出版当天。"),
        error_messages={"invalid": gettext_lazy("“出版日期”应为日期，如2026-03-15。")},
    )

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org_field: Any = self.fields["org"]
        org_field.queryset = orgs
        only = list(orgs[:2])
        if len(only) == 1:
            org_field.initial = only[0].pk
        self.fields["year"].initial = timezone.localdate().year


class AddDocumentsForm(forms.Form):
    """Published documents to print in the issue, in the order chosen."""

    documents = forms.ModelMultipleChoiceField(
        label=gettext_lazy("添加文件"),
        queryset=gazette_documents_printable(),
        widget=SearchSelectMultiple(
            "gazette-documents", placeholder=gettext_lazy("输入标题或发文字号检索已发布的文件")
        ),
        help_text=gettext_lazy("只能选择已发布、尚未刊登在任何一期公报上的文件；按选择的顺序排在本期末尾。"),
        error_messages={
            "required": gettext_lazy("请先在“添加文件”中选择要刊登的文件。"),
            "invalid_choice": gettext_lazy("“添加文件”：所选文件不存在、尚未发布或已刊登在其他一期公报上。"),
            "invalid_pk_value": gettext_lazy("“添加文件”：所选文件不存在。"),
        },
    )

    def ordered_documents(self) -> list[Any]:
        """The chosen documents in the order they were chosen (the queryset returns them in its own)."""
        chosen = self.cleaned_data["documents"]
        by_pk = {str(doc.pk): doc for doc in chosen}
        order = [value for value in self.data.getlist("documents") if value in by_pk]  # type: ignore[attr-defined]
        return [by_pk[pk] for pk in dict.fromkeys(order)]


class PublishIssueForm(forms.Form):
    published_on = forms.DateField(
        label=gettext_lazy("出版日期"),
        widget=AdminDateInput,
        error_messages={
            "required": gettext_lazy("请填写“出版日期”。"),
            "invalid": gettext_lazy("“出版日期”应为日期，如2026-03-15。"),
        },
    )


# --- Screens ----------------------------------------------------------------------------------------------


class GazetteView(WorkbenchView):
    section_label = gettext_lazy("政府公报")
    section_url_name = f"{URL_NAMESPACE}:list"
    header_icon = "doc-full-inverse"

    def editable_orgs(self) -> Any:
        return org_list_for(user=self.request.user, roles=list(GAZETTE_ROLES))


class IssueListView(GazetteView):
    template_name = "publications/workbench/gazette_list.html"
    page_title = gettext_lazy("政府公报")

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.section_crumbs()[:1], {"url": "", "label": str(self.section_label)}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page, page_range = paginate(self.request, gazette_issue_list_for(user=self.request.user))
        context.update(
            issues=page,
            page_obj=page,
            elided_page_range=page_range,
            can_create=holds_role_anywhere(self.request.user, GAZETTE_ROLES),
            add_url=url("add"),
        )
        return context


class IssueCreateView(GazetteView):
    template_name = "publications/workbench/form.html"
    page_title = gettext_lazy("新建一期政府公报")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.orgs = self.editable_orgs()
        if not self.orgs.exists():
            raise PermissionDenied(_("只有编辑或机构管理员可以新建政府公报。"))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_form(IssueForm(orgs=self.orgs))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = IssueForm(request.POST, orgs=self.orgs)
        if not form.is_valid():
            return self.render_form(form)
        data = form.cleaned_data
        try:
            issue = gazette_issue_create(
                actor=request.user,
                org=data["org"],
                year=data["year"],
                number=data["number"],
                title=data["title"],
                published_on=data["published_on"],
            )
        except ServiceValidationError as exc:
            report_refusal(request, exc, form)
            return self.render_form(form)
        messages.success(request, _("已新建《%(title)s》，请添加本期刊登的文件。") % {"title": issue.title})
        return redirect(url("detail", issue.pk))

    def render_form(self, form: forms.Form) -> HttpResponse:
        context = self.get_context_data(form=form, submit_label=_("新建"), cancel_url=url("list"))
        return self.render_to_response(context)


class IssueMixin(OneRecordMixin):
    """Screens of one issue: only one of the person's organizations exists (404 otherwise)."""

    edit_roles = GAZETTE_ROLES

    def records(self) -> QuerySet[GazetteIssue]:
        return gazette_issue_list_for(user=self.request.user)

    @property
    def issue(self) -> GazetteIssue:
        record: GazetteIssue = self.record
        return record


class IssueDetailView(IssueMixin, GazetteView):
    """An issue and its documents in order; on a draft also: add, move, remove, publish."""

    template_name = "publications/workbench/gazette_detail.html"

    def get_page_title(self) -> str:
        return self.issue.title

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_issue(AddDocumentsForm() if self.can_edit() else None)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = AddDocumentsForm(request.POST)
        if not form.is_valid():
            return self.render_issue(form)
        documents = form.ordered_documents()
        try:
            # All or nothing: a refused document leaves the issue as it was and the choice on the form.
            with transaction.atomic():
                for document in documents:
                    gazette_issue_add_document(actor=request.user, issue=self.issue, document=document)
        except (ServiceValidationError, StateConflict) as exc:
            if isinstance(exc, ServiceValidationError):
                form.add_error("documents", exc.message)
            else:
                form.add_error(None, exc.message)
            return self.render_issue(form)
        messages.success(request, _("已在本期添加%(count)s件文件。") % {"count": len(documents)})
        return redirect(url("detail", self.issue.pk))

    def render_issue(self, form: AddDocumentsForm | None) -> HttpResponse:
        items = list(gazette_items(self.issue))
        editable = self.can_edit()
        context = self.get_context_data(
            issue=self.issue,
            items=items,
            form=form if editable else None,
            editable=editable,
            publish_url=url("publish", self.issue.pk),
            public_url=self.issue.get_url() if self.issue.status == PublicationStatus.PUBLISHED else "",
        )
        return self.render_to_response(context)


class IssueItemActionView(IssueMixin, View):
    """POST-only buttons on one document of a draft issue: 上移, 下移, 移除. The result is a message."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, item_pk: int, action: str) -> HttpResponse:
        issue = self.issue
        items = list(gazette_items(issue))
        item = next((i for i in items if i.pk == item_pk), None)
        if item is None or action not in ("up", "down", "remove"):
            raise Http404
        try:
            if action == "remove":
                gazette_issue_remove_document(actor=request.user, issue=issue, item=item)
                messages.success(request, _("已从本期移除“%(title)s”。") % {"title": item.document.title})
            else:
                order = [i.pk for i in items]
                at = order.index(item.pk)
                to = at - 1 if action == "up" else at + 1
                if 0 <= to < len(order):
                    order[at], order[to] = order[to], order[at]
                    gazette_issue_reorder(actor=request.user, issue=issue, item_ids=order)
        except (ServiceValidationError, StateConflict) as exc:
            report_refusal(request, exc)
        return redirect(
            f"{url('detail', issue.pk)}#item-{item.pk}" if action != "remove" else url("detail", pk)
        )


class IssuePublishView(IssueMixin, GazetteView):
    """出版: the date, then gazette_issue_publish; the issue is in the reading room at once."""

    template_name = "publications/workbench/form.html"

    def get_page_title(self) -> str:
        return _("出版：%(title)s") % {"title": self.issue.title}

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.section_crumbs(),
            {"url": url("detail", self.issue.pk), "label": self.issue.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.can_edit():
            return redirect(url("detail", self.issue.pk))
        day: datetime.date = self.issue.published_on or timezone.localdate()
        return self.render_form(PublishIssueForm(initial={"published_on": day}))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = PublishIssueForm(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        try:
            issue = gazette_issue_publish(
                actor=request.user, issue=self.issue, published_on=form.cleaned_data["published_on"]
            )
        except (ServiceValidationError, StateConflict) as exc:
            report_refusal(request, exc)
            return redirect(url("detail", self.issue.pk))
        messages.success(request, _("《%(title)s》已出版，已在网上公报室公开。") % {"title": issue.title})
        return redirect(url("detail", issue.pk))

    def render_form(self, form: forms.Form) -> HttpResponse:
        count = self.issue.items.count()
        notice = _(
            "出版后，本期公报及其%(count)s件文件将在网上公报室公开并可下载DOCX，之后不能再增减或调整文件。"
        ) % {"count": count}
        context = self.get_context_data(
            form=form,
            notice=notice,
            submit_label=_("出版"),
            cancel_url=url("detail", self.issue.pk),
        )
        return self.render_to_response(context)


def urlpatterns() -> list[Any]:
    return [
        path("", forbidden_as_page(IssueListView.as_view()), name="list"),
        path("add/", forbidden_as_page(IssueCreateView.as_view()), name="add"),
        path("<int:pk>/", forbidden_as_page(IssueDetailView.as_view()), name="detail"),
        path("<int:pk>/publish/", forbidden_as_page(IssuePublishView.as_view()), name="publish"),
        path(
            "<int:pk>/items/<int:item_pk>/<str:action>/",
            forbidden_as_page(IssueItemActionView.as_view()),
            name="item",
        ),
    ]
