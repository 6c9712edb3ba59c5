"""Workbench screens of the catalogue (政府信息): a snippet viewset whose saves and workflow steps go
through gongkai.publications.services, whose listing comes from document_list_for, and whose permission
policy answers from memberships (editors draft, reviewers review and publish, everybody with a role in
the organization reads). Also the dashboard task panels of 主动公开.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any

import django_filters
from django import forms
from django.contrib.admin.utils import quote
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views import snippets

from gongkai.core.dashboard import TaskItem
from gongkai.core.exceptions import ServicePermissionDenied, ServiceValidationError, StateConflict
from gongkai.core.permission_policies import InstancePermissionMixin, OrgScopedPermissionPolicy, user_roles
from gongkai.orgs.choices import Role
from gongkai.orgs.forms import add_service_errors
from gongkai.orgs.models import Organization
from gongkai.publications.choices import DocumentKind, DocumentStatus, Genre
from gongkai.publications.forms import ConfirmForm, DocumentForm, PublishForm, ReasonForm
from gongkai.publications.import_views import DocumentImportDocxView, docx_import_initial, may_import
from gongkai.publications.models import Document, Subject
from gongkai.publications.selectors import document_list_for
from gongkai.publications.services import (
    EDITOR_ROLES,
    PUBLISHER_ROLES,
    REVIEWER_ROLES,
    WITHDRAWER_ROLES,
    document_approve,
    document_attachment_add,
    document_attachment_remove,
    document_create,
    document_publish,
    document_return,
    document_submit,
    document_update,
    document_withdraw,
)
from gongkai.publications.workbench_panels import AttachmentsPanel
from gongkai.publications.workflows import document_ids_awaiting

URL_NAMESPACE = "wagtailsnippets_publications_document"

# Editors draft; reviewers and org_admins open documents to review, publish and withdraw them (the
# services check each step's role again); every role of the organization reads. Wagtail's own
# publish/unpublish are refused to everyone: a document changes state only through the workflow
# buttons below, which call the services (four-eyes, 索引号, audit). Documents are withdrawn, never deleted.
document_permission_policy = OrgScopedPermissionPolicy(
    Document,
    org_lookup="org_id",
    action_roles={
        "view": Role.values,
        "add": EDITOR_ROLES,
        "change": [Role.EDITOR, Role.REVIEWER, Role.ORG_ADMIN],
    },
    forbidden_actions=["delete", "publish", "unpublish"],
)


def edit_url(document: Document) -> str:
    return reverse(f"{URL_NAMESPACE}:edit", args=(quote(document.pk),))


# --- Workflow steps -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkflowStep:
    """One button of the editorial workflow: when it is offered and which service it calls."""

    name: str
    label: Any
    icon: str
    roles: tuple[str, ...]
    statuses: tuple[str, ...]
    form_class: type[forms.Form]
    done_message: Any
    run: Callable[[Any, Document, dict[str, Any]], Document]
    confirm_text: Any = ""

    def offered_to(self, user: Any, document: Document) -> bool:
        """Whether to show the button (from cached roles: no query). The service decides for real."""
        if document.status not in self.statuses:
            return False
        roles = user_roles(user)
        if not (roles.platform_admin or roles.by_org.get(document.org_id, frozenset()) & set(self.roles)):
            return False
        # Four-eyes (条例第十七条, statutory.md §1): the submitter is never offered 审查通过.
        return not (self.name == "approve" and document.submitted_by_id == getattr(user, "pk", None))


def _submit(user: Any, document: Document, data: dict[str, Any]) -> Document:
    return document_submit(actor=user, document=document)


def _approve(user: Any, document: Document, data: dict[str, Any]) -> Document:
    return document_approve(actor=user, document=document)


def _return(user: Any, document: Document, data: dict[str, Any]) -> Document:
    return document_return(actor=user, document=document, reason=data["reason"])


def _publish(user: Any, document: Document, data: dict[str, Any]) -> Document:
    return document_publish(actor=user, document=document, publish_at=data.get("publish_at"))


def _withdraw(user: Any, document: Document, data: dict[str, Any]) -> Document:
    return document_withdraw(actor=user, document=document, reason=data["reason"])


WORKFLOW_STEPS: dict[str, WorkflowStep] = {
    step.name: step
    for step in (
        WorkflowStep(
            name="submit",
            label=gettext_lazy("提交审查"),
            icon="resubmit",
            roles=tuple(EDITOR_ROLES),
            statuses=(DocumentStatus.DRAFT,),
            form_class=ConfirmForm,
            done_message=gettext_lazy("已提交保密审查：“%(title)s”。"),
            confirm_text=gettext_lazy("提交后文件不能再修改，由本机构的审查员进行保密审查。"),
            run=_submit,
        ),
        WorkflowStep(
            name="approve",
            label=gettext_lazy("审查通过"),
            icon="check",
            roles=tuple(REVIEWER_ROLES),
            statuses=(DocumentStatus.SUBMITTED,),
            form_class=ConfirmForm,
            done_message=gettext_lazy("保密审查通过：“%(title)s”，可以发布。"),
            confirm_text=gettext_lazy("确认该文件已经过保密审查，可以公开。"),
            run=_approve,
        ),
        WorkflowStep(
            name="return",
            label=gettext_lazy("退回"),
            icon="undo",
            roles=tuple(REVIEWER_ROLES),
            statuses=(DocumentStatus.SUBMITTED, DocumentStatus.APPROVED, DocumentStatus.SCHEDULED),
            form_class=ReasonForm,
            done_message=gettext_lazy("已退回修改：“%(title)s”。"),
            confirm_text=gettext_lazy("文件将退回起草人修改；定时发布随之取消。"),
            run=_return,
        ),
        WorkflowStep(
            name="publish",
            label=gettext_lazy("发布"),
            icon="upload",
            roles=tuple(PUBLISHER_ROLES),
            statuses=(DocumentStatus.APPROVED,),
            form_class=PublishForm,
            done_message=gettext_lazy("已发布：“%(title)s”。"),
            run=_publish,
        ),
        WorkflowStep(
            name="withdraw",
            label=gettext_lazy("撤回"),
            icon="cross",
            roles=tuple(WITHDRAWER_ROLES),
            statuses=(DocumentStatus.PUBLISHED,),
            form_class=ReasonForm,
            done_message=gettext_lazy("已撤回：“%(title)s”。"),
            confirm_text=gettext_lazy("撤回后原网址仍可访问，显示撤回说明和原因。"),
            run=_withdraw,
        ),
    )
}


def steps_offered(user: Any, document: Document) -> list[WorkflowStep]:
    return [step for step in WORKFLOW_STEPS.values() if step.offered_to(user, document)]


def step_url(step: WorkflowStep, document: Document) -> str:
    return reverse(f"{URL_NAMESPACE}:{step.name}", args=(quote(document.pk),))


class DocumentStepView(View):
    """A workflow step on one document: GET shows the confirmation (with the reason or date form),
    POST (CSRF-protected by Django's middleware) calls the service. A refusal becomes a message."""

    step: WorkflowStep = WORKFLOW_STEPS["submit"]  # each URL gets its own step through as_view()
    template_name = "publications/admin/document_step.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # Only documents this person may see exist for them (no leak of other organizations' drafts).
        pk = str(kwargs["pk"])
        document = document_list_for(user=request.user).filter(pk=pk).first() if pk.isdigit() else None
        if document is None:
            raise Http404
        self.document = document
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, pk: str) -> HttpResponse:
        return self.render(self.step.form_class())

    def post(self, request: HttpRequest, pk: str) -> HttpResponse:
        form = self.step.form_class(request.POST)
        if not form.is_valid():
            return self.render(form)
        try:
            document = self.step.run(request.user, self.document, form.cleaned_data)
        except ServiceValidationError as exc:
            if set(exc.errors) <= set(form.fields):
                add_service_errors(form, exc)
                return self.render(form)
            messages.error(request, exc.message)
        except (ServicePermissionDenied, StateConflict) as exc:
            messages.error(request, exc.message)
        else:
            message = self.step.done_message % {"title": document.title}
            if document.status == DocumentStatus.SCHEDULED and document.go_live_at:
                message = _("已设定定时发布：“%(title)s”将于%(at)s发布。") % {
                    "title": document.title,
                    "at": document.go_live_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                }
            messages.success(request, message)
        return redirect(edit_url(self.document))

    def render(self, form: forms.Form) -> HttpResponse:
        context = {
            "document": self.document,
            "step": self.step,
            "form": form,
            "edit_url": edit_url(self.document),
            "action_url": step_url(self.step, self.document),
            "page_title": f"{self.step.label}：{self.document.title}",
            "header_title": f"{self.step.label}：{self.document.title}",
            "header_icon": "doc-full",
            "breadcrumbs_items": [
                {"url": reverse("wagtailadmin_home"), "label": _("工作台")},
                {"url": reverse(f"{URL_NAMESPACE}:list"), "label": _("政府信息")},
                {"url": edit_url(self.document), "label": self.document.title},
                {"url": "", "label": str(self.step.label)},
            ],
        }
        return TemplateResponse(self.request, self.template_name, context)


# --- Listing --------------------------------------------------------------------------------------------


def _visible_orgs(request: Any) -> QuerySet[Organization]:
    orgs = Organization.objects.order_by("sort_order", "code")
    ids = document_permission_policy.org_ids_for(request.user if request else None, ["view"])
    return orgs if ids is None else orgs.filter(pk__in=ids)


class SubjectFilterChoice(django_filters.ModelChoiceFilter):
    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if not value:
            return qs
        # A top level (综合政务) finds its second levels too, as in the public catalogue.
        return qs.filter(subject__in=[value.pk, *value.children.values_list("pk", flat=True)])


class DocumentFilterSet(WagtailFilterSet):
    org = django_filters.ModelChoiceFilter(label=gettext_lazy("机构"), queryset=_visible_orgs)
    status = django_filters.ChoiceFilter(label=gettext_lazy("状态"), choices=DocumentStatus.choices)
    kind = django_filters.ChoiceFilter(label=gettext_lazy("类别"), choices=DocumentKind.choices)
    genre = django_filters.ChoiceFilter(label=gettext_lazy("体裁"), choices=Genre.choices)
    subject = SubjectFilterChoice(
        label=gettext_lazy("主题分类"),
        queryset=Subject.objects.select_related("parent").order_by("sort"),
    )

    class Meta:
        model = Document
        fields = ["org", "status", "kind", "genre", "subject"]


def _published_on(document: Document) -> str:
    return document.published_on.isoformat() if document.published_on else ""


def _updated_at(document: Document) -> str:
    return timezone.localtime(document.updated_at).strftime("%Y-%m-%d %H:%M")


class DocumentIndexView(snippets.IndexView):
    """The documents of the organizations where the person holds a role (document_list_for)."""

    page_title = gettext_lazy("政府信息")
    filterset_class = DocumentFilterSet

    @cached_property
    def visible_documents(self) -> QuerySet[Document]:
        # Wagtail asks for the base queryset several times per page; the roles are read once.
        return document_list_for(user=self.request.user)

    def get_base_queryset(self) -> QuerySet[Document]:
        return self.visible_documents.all()

    @cached_property
    def columns(self) -> list[Column]:
        title_class = self._get_title_column_class(TitleColumn)
        return [
            title_class(
                "title",
                label=_("标题"),
                sort_key="title",
                get_url=lambda doc: self.get_edit_url(doc) or self.get_inspect_url(doc),
            ),
            Column("org", label=_("机构"), accessor=lambda doc: doc.org.name),
            Column("genre", label=_("体裁"), accessor="get_genre_display", sort_key="genre"),
            Column("status", label=_("状态"), accessor="get_status_display", sort_key="status"),
            Column("index_no", label=_("索引号"), sort_key="index_no"),
            # Plain dates: Wagtail's DateColumn would say "9 小时之前" of a date without time.
            Column("published_on", label=_("发布日期"), accessor=_published_on, sort_key="published_on"),
            Column("updated_at", label=_("更新时间"), accessor=_updated_at, sort_key="updated_at"),
        ]

    @cached_property
    def header_buttons(self) -> list[HeaderButton]:
        buttons: list[HeaderButton] = super().header_buttons
        if may_import(self.request.user):
            url = reverse(f"{URL_NAMESPACE}:import_docx")
            buttons.append(HeaderButton(label=_("从Word导入"), url=url, icon_name="upload"))
        return buttons

    def get_edit_url(self, instance: Document) -> str | None:
        if self.permission_policy.user_has_permission_for_instance(self.request.user, "change", instance):
            return edit_url(instance)
        return None

    def get_inspect_url(self, instance: Document) -> str | None:
        if self.permission_policy.user_has_permission_for_instance(self.request.user, "view", instance):
            return reverse(f"{URL_NAMESPACE}:inspect", args=(quote(instance.pk),))
        return None

    def get_list_more_buttons(self, instance: Document) -> list[Any]:
        buttons: list[Any] = []
        if url := self.get_edit_url(instance):
            buttons.append(MenuItem(_("编辑"), url=url, icon_name="edit", priority=10))
        for order, step in enumerate(steps_offered(self.request.user, instance)):
            buttons.append(
                MenuItem(
                    str(step.label), url=step_url(step, instance), icon_name=step.icon, priority=20 + order
                )
            )
        history = reverse(f"{URL_NAMESPACE}:history", args=(quote(instance.pk),))
        buttons.append(MenuItem(_("历史"), url=history, icon_name="history", priority=90))
        return buttons


# --- Create and edit ------------------------------------------------------------------------------------


class ServiceSaveMixin:
    """Create/edit views whose save calls a service: a refusal puts the service's Chinese messages on the
    form fields and shows the form again with everything the user typed."""

    form: Any
    request: Any
    produced_error_message: str | None

    def setup(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)  # type: ignore[misc]
        # No autosave: every save is a service call with its own revision and audit entry, and an
        # audit log that records each pause in typing would drown the steps that matter.
        self.autosave_enabled = False

    def get_available_actions(self) -> list[str]:
        # Saving is the only action of the form: publication goes through the workflow steps.
        return [self.view_name]  # type: ignore[attr-defined]

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            return super().form_valid(form)  # type: ignore[misc,no-any-return]
        except (ServiceValidationError, ServicePermissionDenied, StateConflict) as exc:
            if isinstance(exc, ServiceValidationError):
                add_service_errors(form, exc)
            else:
                form.add_error(None, exc.message)
            self.produced_error_message = exc.message
            return self.form_invalid(form)  # type: ignore[attr-defined,no-any-return]

    def _service_saved(self, document: Document) -> Document:
        # The service kept the revision and wrote the audit entry; Wagtail's views read these.
        self.new_revision = document.latest_revision
        self.has_content_changes = True
        return document


class ReadOnlyNotice:
    """Stands in for the action menu of a document that is no longer a draft."""

    media = forms.Media()

    def __init__(self, document: Document) -> None:
        self.document = document

    def render_html(self) -> str:
        status = self.document.get_status_display()
        if self.document.status in (DocumentStatus.PUBLISHED, DocumentStatus.WITHDRAWN):
            # A published catalogue entry is never edited in place (its 索引号 and URL are permanent):
            # a correction is a new document, and the old one is withdrawn with the reason.
            text = _("该文件%(status)s，不能修改；如内容有误，请撤回并说明原因，再起草发布更正后的文件。") % {
                "status": status
            }
            return format_html(
                '<p class="help-block help-info w-mt-4">{} '
                '<a href="{}" target="_blank" rel="noopener">{}</a></p>',
                text,
                self.document.get_url(),
                _("查看公开页面"),
            )
        text = _("该文件当前状态为“%(status)s”，不能修改；如需修改，请由审查员退回后再编辑。") % {
            "status": status
        }
        return format_html('<p class="help-block help-info w-mt-4">{}</p>', text)


class DocumentCreateView(ServiceSaveMixin, snippets.CreateView):
    def get_initial(self) -> dict[str, Any]:
        # 从Word导入 (import_views): the suggestions read from an uploaded 公文 fill the blank form.
        initial: dict[str, Any] = super().get_initial()
        if self.request.method == "GET":
            initial.update(docx_import_initial(self.request))
        return initial

    def save_instance(self) -> Document:
        values = self.form.service_values()
        document = document_create(actor=self.request.user, org=self.form.cleaned_data["org"], **values)
        return self._service_saved(document)

    def get_success_url(self) -> str:
        return edit_url(self.object)


class DocumentEditView(ServiceSaveMixin, InstancePermissionMixin, snippets.EditView):
    instance_actions = ("change",)

    def get_object(self, queryset: Any = None) -> Document:
        document: Document = super().get_object(document_list_for(user=self.request.user))
        return self.check_instance_permission(document)  # type: ignore[return-value]

    def save_instance(self) -> Document:
        current = Document.objects.select_related("org").get(pk=self.object.pk)
        changes = self.form.changes_against(current)
        if changes or current.status != DocumentStatus.DRAFT:
            # Also called without changes on a submitted or published document: the service says why it
            # cannot be edited (StateConflict), which the form shows.
            current = self._service_saved(
                document_update(actor=self.request.user, document=current, **changes)
            )
        save_attachments(self.request.user, current, self.form)
        return current

    def get_success_url(self) -> str:
        return edit_url(self.object)

    @cached_property
    def header_buttons(self) -> list[HeaderButton]:
        return [
            HeaderButton(label=str(step.label), url=step_url(step, self.object), icon_name=step.icon)
            for step in steps_offered(self.request.user, self.object)
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        if self.object.status != DocumentStatus.DRAFT:
            # Only drafts are edited (document_update): instead of a save button that can only be
            # refused, say why the form is read-only and what the buttons above can do.
            context["action_menu"] = ReadOnlyNotice(self.object)
        return context


def save_attachments(user: Any, document: Document, form: Any) -> None:
    """The attachment part of the edit form, through the services (same transaction as the edit: a
    refused upload undoes the whole save and the form comes back with everything typed)."""
    if "attachment_file" not in form.fields:
        return
    remove, upload, title = form.attachment_changes()
    for attachment in remove:
        document_attachment_remove(actor=user, attachment=attachment)
    if upload is None:
        return
    try:
        document_attachment_add(actor=user, document=document, file=upload, title=title)
    except ServiceValidationError as exc:
        # The service names its input "file"; on this form it is the upload field. A browser never
        # re-fills a file input, so the message says to choose the file again.
        messages_ = [*exc.errors.get("file", []), _("请重新选择要上传的文件。")]
        raise ServiceValidationError(exc.message, {"attachment_file": messages_}) from exc


class DocumentInspectView(InstancePermissionMixin, snippets.InspectView):
    instance_actions = ("view",)

    def get_object(self, queryset: Any = None) -> Document:
        document: Document = super().get_object(document_list_for(user=self.request.user))
        return self.check_instance_permission(document)  # type: ignore[return-value]


class DocumentHistoryView(InstancePermissionMixin, snippets.HistoryView):
    instance_actions = ("view",)
    any_permission_required = ["view", "change"]

    def get_object(self) -> Document:
        return self.check_instance_permission(super().get_object())  # type: ignore[return-value]


def visible_documents_only(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Guard for every per-document screen Wagtail adds (revisions, comparison, preview, lock, usage,
    workflow history): many check only the model-level permission, so a document outside
    document_list_for is answered with 404 here, before the view runs."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        pk = str(kwargs.get("pk", ""))
        if not (pk.isdigit() and document_list_for(user=request.user).filter(pk=pk).exists()):
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


class VisibleDocumentsMixin:
    """The snippet chooser's lists and choice: only documents the person may see."""

    request: Any

    def get_object_list(self) -> QuerySet[Document]:
        return document_list_for(user=self.request.user)

    def get_object(self, pk: Any) -> Document:
        return document_list_for(user=self.request.user).get(pk=pk)


class DocumentChooseView(VisibleDocumentsMixin, snippet_chooser.ChooseView):
    pass


class DocumentChooseResultsView(VisibleDocumentsMixin, snippet_chooser.ChooseResultsView):
    pass


class DocumentChosenView(VisibleDocumentsMixin, snippet_chooser.SnippetChosenView):
    pass


class DocumentChosenMultipleView(snippet_chooser.SnippetChosenMultipleView):
    def get_objects(self, pks: list[Any]) -> QuerySet[Document]:
        return document_list_for(user=self.request.user).filter(pk__in=pks)


class DocumentChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = DocumentChooseView
    choose_results_view_class = DocumentChooseResultsView
    chosen_view_class = DocumentChosenView
    chosen_multiple_view_class = DocumentChosenMultipleView

    def get_urlpatterns(self) -> list[Any]:
        # No "create" tab: a document is drafted through document_create, never by a chooser's form.
        return [p for p in super().get_urlpatterns() if getattr(p, "name", "") != "create"]


class DocumentViewSet(snippets.SnippetViewSet):
    model = Document
    icon = "doc-full"
    menu_label = gettext_lazy("政府信息")
    menu_name = "government-information"  # "documents" is the name of Wagtail's own 文档 menu
    menu_order = 200
    add_to_admin_menu = True
    permission_policy = document_permission_policy
    chooser_viewset_class = DocumentChooserViewSet
    index_view_class = DocumentIndexView
    add_view_class = DocumentCreateView
    edit_view_class = DocumentEditView
    inspect_view_class = DocumentInspectView
    history_view_class = DocumentHistoryView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    search_fields = ["title", "doc_number"]
    search_backend_name = None
    list_per_page = 50
    ordering = ["-updated_at", "-id"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("title"),
                    FieldPanel("org"),
                    FieldPanel("kind"),
                    FieldPanel("doc_number"),
                    FieldPanel("joint_issuers"),
                    FieldPanel("summary"),
                    FieldPanel("keywords"),
                ],
                heading=gettext_lazy("基本信息"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("genre"),
                    FieldPanel("subject"),
                    FieldPanel("validity"),
                    FieldPanel("valid_until"),
                    FieldPanel("registration_no"),
                ],
                heading=gettext_lazy("分类"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("written_on"),
                    FieldPanel("formed_on"),
                    FieldPanel("effective_on"),
                    FieldPanel("repealed_on"),
                ],
                heading=gettext_lazy("日期"),
            ),
            MultiFieldPanel(
                [FieldPanel("disclosure"), FieldPanel("withheld_ground")],
                heading=gettext_lazy("公开属性"),
            ),
            MultiFieldPanel(
                [FieldPanel("statutory_items")],
                heading=gettext_lazy("第二十条事项"),
            ),
            MultiFieldPanel(
                [FieldPanel("interprets"), FieldPanel("interpretation_form")],
                heading=gettext_lazy("政策解读"),
            ),
            MultiFieldPanel([FieldPanel("columns")], heading=gettext_lazy("所属栏目")),
            MultiFieldPanel([FieldPanel("body")], heading=gettext_lazy("正文")),
            AttachmentsPanel(heading=gettext_lazy("附件")),
        ],
        base_form_class=DocumentForm,
    )

    def get_urlpatterns(self) -> list[Any]:
        patterns: list[Any] = super().get_urlpatterns()
        for pattern in patterns:
            if "<" in str(pattern.pattern) and "pk>" in str(pattern.pattern):
                pattern.callback = visible_documents_only(pattern.callback)
        for step in WORKFLOW_STEPS.values():
            view = DocumentStepView.as_view(step=step)
            patterns.append(path(f"{step.name}/<str:pk>/", view, name=step.name))
        patterns.append(path("import-docx/", DocumentImportDocxView.as_view(), name="import_docx"))
        return patterns


# --- Dashboard (我的待办) --------------------------------------------------------------------------------

# Items a provider hands over; the dashboard shows the first few and counts the rest.
PANEL_FETCH_LIMIT = 200


def _items(documents: Iterable[Document], note: Callable[[Document], str] | None = None) -> list[TaskItem]:
    return [
        TaskItem(title=doc.title, url=edit_url(doc), org=doc.org.name, note=note(doc) if note else "")
        for doc in documents
    ]


def my_drafts(user: Any) -> list[TaskItem]:
    drafts = document_list_for(user=user, status=DocumentStatus.DRAFT).filter(
        created_by=user, returned_reason=""
    )
    return _items(drafts[:PANEL_FETCH_LIMIT])


def awaiting_my_review(user: Any) -> list[TaskItem]:
    """The submitted documents whose current review step is this person's to decide (Wagtail's
    workflow answers, with the four-eyes rule of ConfidentialityReviewTask)."""
    submitted = document_list_for(user=user, status=DocumentStatus.SUBMITTED).exclude(submitted_by=user)
    ids = document_ids_awaiting(user)
    if ids is not None:
        submitted = submitted.filter(pk__in=[int(pk) for pk in ids])
    else:
        roles = user_roles(user)
        if not roles.platform_admin:
            submitted = submitted.filter(org_id__in=roles.org_ids_with(REVIEWER_ROLES))
    return _items(submitted.order_by("submitted_at", "id")[:PANEL_FETCH_LIMIT])


def scheduled_of_my_orgs(user: Any) -> list[TaskItem]:
    scheduled = document_list_for(user=user, status=DocumentStatus.SCHEDULED).order_by("go_live_at", "id")
    return _items(
        scheduled[:PANEL_FETCH_LIMIT],
        note=lambda doc: (
            _("定于%(at)s发布")
            % {"at": doc.go_live_at.astimezone().strftime("%Y-%m-%d %H:%M") if doc.go_live_at else ""}
        ),
    )


def returned_to_me(user: Any) -> list[TaskItem]:
    returned = (
        document_list_for(user=user, status=DocumentStatus.DRAFT)
        .filter(created_by=user)
        .exclude(returned_reason="")
    )
    return _items(
        returned[:PANEL_FETCH_LIMIT],
        note=lambda doc: _("退回原因：%(reason)s") % {"reason": doc.returned_reason},
    )
