"""The 规范性文件清理 screens of the staff workbench (/staff/publications/cleanup/): the 清理 of one's
organizations, starting one, putting currently valid 规范性文件 on its result list with the outcome
(继续有效, 修改, 废止, 宣布失效) and a note, and publishing the list, which applies the outcomes to the
documents' 有效性 (statutory.md §9). Every write is a service of gongkai.publications.normative, which
checks the role again (reviewer or org_admin; a region-wide 清理: platform admin) and audits.

Who sees what: cleanup_campaign_list_for — the 清理 of one's organizations, region-wide ones once
published; anything else is a 404.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages

from gongkai.core.exceptions import ServiceValidationError, StateConflict
from gongkai.core.permission_policies import user_roles
from gongkai.orgs.models import Organization
from gongkai.orgs.selectors import org_list_for
from gongkai.publications.choices import CleanupResult, PublicationStatus
from gongkai.publications.models import CleanupCampaign, Document
from gongkai.publications.normative import (
    NORMATIVE_ROLES,
    cleanup_campaign_create,
    cleanup_campaign_list_for,
    cleanup_campaign_publish,
    cleanup_candidates,
    cleanup_item_add,
    cleanup_item_remove,
    cleanup_items,
)
from gongkai.publications.search_select import SearchSelect, SearchSource, document_labels, register_source
from gongkai.publications.workbench import (
    OneRecordMixin,
    WorkbenchView,
    forbidden_as_page,
    holds_role_anywhere,
    paginate,
    report_refusal,
)

URL_NAMESPACE = "cleanup_workbench"
REGION_WIDE = "region"


def url(name: str, *args: Any) -> str:
    return reverse(f"{URL_NAMESPACE}:{name}", args=args)


def _candidate_rows(user: Any, params: Any) -> Any:
    campaign_id = str(params.get("campaign", ""))
    campaign = (
        cleanup_campaign_list_for(user=user).filter(pk=campaign_id).first() if campaign_id.isdigit() else None
    )
    return cleanup_candidates(campaign) if campaign is not None else Document.objects.none()


register_source(
    SearchSource(
        "cleanup-documents", _candidate_rows, ("title", "doc_number", "registration_no"), document_labels
    )
)


# --- Forms ------------------------------------------------------------------------------------------------


class CampaignForm(forms.Form):
    """标题, 年度 and 清理机构 of a new 清理 (cleanup_campaign_create's arguments)."""

    title = forms.CharField(
        label=gettext_lazy("标题"),
        max_length=200,
        help_text=gettext_lazy("例如：示例市发展和改革委员会2026年行政规范性文件清理。"),
        error_messages={
            "required": gettext_lazy("请填写“标题”。"),
            "max_length": gettext_lazy("“标题”最多200个字。"),
        },
    )
    year = forms.IntegerField(
        label=gettext_lazy("年度"),
        min_value=1950,
        max_value=2999,
        error_messages={
            "required": gettext_lazy("请填写“年度”。"),
            "invalid": gettext_lazy("“年度”应为四位数字年份，如2026。"),
            "min_value": gettext_lazy("“年度”应为四位数字年份，如2026。"),
            "max_value": gettext_lazy("“年度”应为四位数字年份，如2026。"),
        },
    )
    org = forms.ChoiceField(
        label=gettext_lazy("清理机构"),
        error_messages={
            "required": gettext_lazy("请选择“清理机构”。"),
            "invalid_choice": gettext_lazy("“清理机构”：请选择您可以开展清理的机构。"),
        },
    )

    def __init__(self, *args: Any, orgs: list[Organization], region_wide: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.orgs = {str(org.pk): org for org in orgs}
        choices = [(str(org.pk), org.name) for org in orgs]
        if region_wide:
            choices.insert(0, (REGION_WIDE, _("全区域统一清理")))
        org_field: Any = self.fields["org"]
        org_field.choices = choices
        if len(choices) == 1:
            org_field.initial = choices[0][0]
        self.fields["year"].initial = timezone.localdate().year

    def chosen_org(self) -> Organization | None:
        return self.orgs.get(self.cleaned_data["org"])


class CleanupItemForm(forms.Form):
    """One 规范性文件 of the list, its outcome and a note (cleanup_item_add's arguments)."""

    document = forms.ModelChoiceField(
        label=gettext_lazy("规范性文件"),
        queryset=Document.objects.none(),
        help_text=gettext_lazy(
            "现行有效、尚未列入本次清理的行政规范性文件；输入标题、发文字号或登记号检索。"
        ),
        error_messages={
            "required": gettext_lazy("请选择“规范性文件”。"),
            "invalid_choice": gettext_lazy(
                "“规范性文件”：所选文件不是可清理的现行有效规范性文件，或已列入本次清理。"
            ),
        },
    )
    result = forms.ChoiceField(
        label=gettext_lazy("清理结果"),
        choices=[("", "---------"), *CleanupResult.choices],
        error_messages={
            "required": gettext_lazy("请选择“清理结果”。"),
            "invalid_choice": gettext_lazy("“清理结果”：请从列表中选择。"),
        },
    )
    note = forms.CharField(
        label=gettext_lazy("说明"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("如修改或废止的理由、替代文件；会随清理结果公布。"),
        error_messages={"max_length": gettext_lazy("“说明”最多500个字。")},
    )

    def __init__(self, *args: Any, campaign: CleanupCampaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        document: Any = self.fields["document"]
        document.queryset = cleanup_candidates(campaign)
        document.widget = SearchSelect(
            "cleanup-documents",
            params={"campaign": campaign.pk},
            placeholder=_("输入标题、发文字号或登记号检索"),
        )
        document.widget.choices = document.choices


# --- Screens ----------------------------------------------------------------------------------------------


def _editable_orgs(user: Any) -> list[Organization]:
    return list(org_list_for(user=user, roles=list(NORMATIVE_ROLES)))


class CleanupView(WorkbenchView):
    section_label = gettext_lazy("规范性文件清理")
    section_url_name = f"{URL_NAMESPACE}:list"
    header_icon = "list-ul"


class CampaignListView(CleanupView):
    template_name = "publications/workbench/cleanup_list.html"
    page_title = gettext_lazy("规范性文件清理")

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.section_crumbs()[:1], {"url": "", "label": str(self.section_label)}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page, page_range = paginate(self.request, cleanup_campaign_list_for(user=self.request.user))
        context.update(
            campaigns=page,
            elided_page_range=page_range,
            can_create=holds_role_anywhere(self.request.user, NORMATIVE_ROLES),
            add_url=url("add"),
        )
        return context


class CampaignCreateView(CleanupView):
    template_name = "publications/workbench/form.html"
    page_title = gettext_lazy("开展规范性文件清理")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.orgs = _editable_orgs(request.user) if request.user.is_authenticated else []
        self.region_wide = user_roles(request.user).platform_admin
        if not self.orgs and not self.region_wide:
            raise PermissionDenied(_("只有审查员或机构管理员可以开展规范性文件清理。"))
        return super().dispatch(request, *args, **kwargs)

    def make_form(self, data: Any = None) -> CampaignForm:
        return CampaignForm(data, orgs=self.orgs, region_wide=self.region_wide)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_form(self.make_form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        try:
            campaign = cleanup_campaign_create(
                actor=request.user,
                title=form.cleaned_data["title"],
                year=form.cleaned_data["year"],
                org=form.chosen_org(),
            )
        except ServiceValidationError as exc:
            report_refusal(request, exc, form)
            return self.render_form(form)
        messages.success(request, _("已开展“%(title)s”，请逐件填写清理结果。") % {"title": campaign.title})
        return redirect(url("detail", campaign.pk))

    def render_form(self, form: forms.Form) -> HttpResponse:
        context = self.get_context_data(form=form, submit_label=_("开展清理"), cancel_url=url("list"))
        return self.render_to_response(context)


class CampaignMixin(OneRecordMixin):
    """Screens of one 清理: only one of the person's organizations exists (404 otherwise)."""

    edit_roles = NORMATIVE_ROLES

    def records(self) -> QuerySet[CleanupCampaign]:
        return cleanup_campaign_list_for(user=self.request.user)

    @property
    def campaign(self) -> CleanupCampaign:
        record: CleanupCampaign = self.record
        return record


class CampaignDetailView(CampaignMixin, CleanupView):
    """A 清理's result list; on a draft also: add a document with its outcome, remove one, publish."""

    template_name = "publications/workbench/cleanup_detail.html"

    def get_page_title(self) -> str:
        return self.campaign.title

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = CleanupItemForm(campaign=self.campaign) if self.can_edit() else None
        return self.render_campaign(form)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = CleanupItemForm(request.POST, campaign=self.campaign)
        if not form.is_valid():
            return self.render_campaign(form)
        document = form.cleaned_data["document"]
        try:
            cleanup_item_add(
                actor=request.user,
                campaign=self.campaign,
                document=document,
                result=form.cleaned_data["result"],
                note=form.cleaned_data["note"],
            )
        except (ServiceValidationError, StateConflict) as exc:
            if not report_refusal(request, exc, form):
                form.add_error(None, exc.message)
            return self.render_campaign(form)
        messages.success(request, _("已将“%(title)s”列入清理结果。") % {"title": document.title})
        return redirect(url("detail", self.campaign.pk))

    def render_campaign(self, form: CleanupItemForm | None) -> HttpResponse:
        items = list(cleanup_items(self.campaign))
        editable = self.can_edit()
        context = self.get_context_data(
            campaign=self.campaign,
            items=items,
            form=form if editable else None,
            editable=editable,
            publish_url=url("publish", self.campaign.pk),
            public_url=(
                reverse("normative:cleanup", args=[self.campaign.pk])
                if self.campaign.status == PublicationStatus.PUBLISHED
                else ""
            ),
        )
        return self.render_to_response(context)


class CleanupItemRemoveView(CampaignMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
        campaign = self.campaign
        item = cleanup_items(campaign).filter(pk=item_pk).first()
        if item is None:
            raise Http404
        try:
            cleanup_item_remove(actor=request.user, item=item)
        except (ServiceValidationError, StateConflict) as exc:
            report_refusal(request, exc)
        else:
            messages.success(request, _("已从清理结果中移除“%(title)s”。") % {"title": item.document.title})
        return redirect(url("detail", campaign.pk))


class CampaignPublishView(CampaignMixin, CleanupView):
    """发布清理结果: says what will change, then cleanup_campaign_publish applies it."""

    template_name = "publications/workbench/cleanup_publish.html"

    def get_page_title(self) -> str:
        return _("发布清理结果：%(title)s") % {"title": self.campaign.title}

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.section_crumbs(),
            {"url": url("detail", self.campaign.pk), "label": self.campaign.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.can_edit():
            return redirect(url("detail", self.campaign.pk))
        counts = Counter(cleanup_items(self.campaign).values_list("result", flat=True))
        summary = [(label, counts.get(value, 0)) for value, label in CleanupResult.choices]
        context = self.get_context_data(
            campaign=self.campaign,
            summary=summary,
            total=sum(counts.values()),
            cancel_url=url("detail", self.campaign.pk),
        )
        return self.render_to_response(context)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            campaign = cleanup_campaign_publish(actor=request.user, campaign=self.campaign)
        except (ServiceValidationError, StateConflict) as exc:
            report_refusal(request, exc)
            return redirect(url("detail", self.campaign.pk))
        messages.success(
            request, _("已发布“%(title)s”的清理结果，相关文件的有效性已更新。") % {"title": campaign.title}
        )
        return redirect(url("detail", campaign.pk))


def urlpatterns() -> list[Any]:
    return [
        path("", forbidden_as_page(CampaignListView.as_view()), name="list"),
        path("add/", forbidden_as_page(CampaignCreateView.as_view()), name="add"),
        path("<int:pk>/", forbidden_as_page(CampaignDetailView.as_view()), name="detail"),
        path("<int:pk>/publish/", forbidden_as_page(CampaignPublishView.as_view()), name="publish"),
        path(
            "<int:pk>/items/<int:item_pk>/remove/",
            forbidden_as_page(CleanupItemRemoveView.as_view()),
            name="remove",
        ),
    ]
