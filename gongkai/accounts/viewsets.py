"""The 接口令牌 (API tokens) screen of the staff workbench.

Each person lists, creates and revokes their own tokens; platform admins see and revoke everyone's.
A new token is shown once, on the page that answers the create form, and never again: only its hash
is stored. Creating and revoking go through gongkai.accounts.services.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from gongkai.accounts.forms import ApiTokenCreateForm
from gongkai.accounts.models import ApiToken
from gongkai.accounts.selectors import api_token_list_for
from gongkai.accounts.services import api_token_create, api_token_revoke
from gongkai.core.exceptions import ServicePermissionDenied, ServiceValidationError
from gongkai.core.permission_policies import InstancePermissionMixin, OwnerPermissionPolicy
from gongkai.orgs.forms import add_service_errors
from gongkai.orgs.viewsets import CreateBreadcrumbMixin

# "delete" is the revoke action: the row stays, marked revoked, so the audit trail keeps its subject.
api_token_permission_policy = OwnerPermissionPolicy(
    ApiToken, owner_field="user", owner_actions=["view", "add", "delete"]
)


def _status(token: ApiToken) -> str:
    return _("有效") if token.is_active else _("已吊销")


class ApiTokenIndexView(generic.IndexView):
    page_title = gettext_lazy("接口令牌")

    def get_base_queryset(self) -> QuerySet[ApiToken]:
        return api_token_list_for(user=self.request.user)

    @cached_property
    def columns(self) -> list[Column]:
        title_class = self._get_title_column_class(TitleColumn)
        return [
            title_class(
                "prefix", label=_("令牌前缀"), accessor=lambda t: f"{t.prefix}…", get_url=lambda t: None
            ),
            Column("name", label=_("用途"), sort_key="name"),
            Column("user", label=_("所属用户"), accessor=lambda t: str(t.user), sort_key="user__username"),
            DateColumn("created_at", label=_("创建时间"), sort_key="created_at"),
            DateColumn("last_used_at", label=_("最后使用"), sort_key="last_used_at"),
            Column("status", label=_("状态"), accessor=_status),
            DateColumn("revoked_at", label=_("吊销时间"), sort_key="revoked_at"),
        ]

    def get_edit_url(self, instance: ApiToken) -> None:
        return None

    def get_copy_url(self, instance: ApiToken) -> None:
        return None

    def get_delete_url(self, instance: ApiToken) -> str | None:
        if instance.is_active and self.permission_policy.user_has_permission_for_instance(
            self.request.user, "delete", instance
        ):
            return reverse(self.delete_url_name, args=(quote(instance.pk),))
        return None

    def get_list_more_buttons(self, instance: ApiToken) -> list[Any]:
        url = self.get_delete_url(instance)
        return [MenuItem(_("吊销"), url=url, icon_name="bin", priority=30)] if url else []

    @cached_property
    def add_item_label(self) -> str:
        return _("创建接口令牌")


class ApiTokenCreateView(CreateBreadcrumbMixin, generic.CreateView):
    """Creates the token through api_token_create and shows it once (no redirect: nothing is kept)."""

    page_title = gettext_lazy("创建接口令牌")
    breadcrumb_label = gettext_lazy("创建接口令牌")
    submit_button_label = gettext_lazy("创建")
    submit_button_active_label = gettext_lazy("正在创建…")
    created_template_name = "accounts/apitoken/created.html"

    def get_page_subtitle(self) -> str:
        return _("创建接口令牌")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["for_user"] = self.request.user
        return kwargs

    def form_valid(self, form: ApiTokenCreateForm) -> HttpResponse:
        owner = form.cleaned_data.get("user") or self.request.user
        try:
            record, token = api_token_create(
                actor=self.request.user, user=owner, name=form.cleaned_data["name"]
            )
        except (ServiceValidationError, ServicePermissionDenied) as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        response = TemplateResponse(
            self.request,
            self.created_template_name,
            {
                "record": record,
                "token": token,
                "index_url": reverse(self.index_url_name),
                "header_title": _("接口令牌已创建"),
                "page_title": _("接口令牌已创建"),
            },
        )
        # The only time the token exists outside its owner's hands: keep it out of every cache.
        response["Cache-Control"] = "no-store"
        return response


class ApiTokenRevokeView(InstancePermissionMixin, generic.DeleteView):
    """吊销: the token stops working at once; the row stays, marked revoked."""

    instance_actions = ("delete",)
    page_title = gettext_lazy("吊销接口令牌")
    template_name = "accounts/apitoken/confirm_revoke.html"

    def get_object(self, queryset: Any = None) -> ApiToken:
        return self.check_instance_permission(super().get_object(queryset))  # type: ignore[return-value]

    @property
    def confirmation_message(self) -> str:
        return _(
            "确定要吊销令牌“%(prefix)s…”（%(name)s，属于%(user)s）吗？吊销后使用该令牌的系统将无法再调用接口。"
        ) % {
            "prefix": self.object.prefix,
            "name": self.object.name or _("未注明用途"),
            "user": self.object.user,
        }

    def get_success_message(self) -> str:
        return _("已吊销令牌“%(prefix)s…”。") % {"prefix": self.object.prefix}

    def delete_action(self) -> None:
        try:
            api_token_revoke(actor=self.request.user, token=self.object)
        except ServicePermissionDenied as exc:
            raise PermissionDenied(exc.message) from exc


class ApiTokenViewSet(ModelViewSet):
    model = ApiToken
    icon = "key"
    menu_label = gettext_lazy("接口令牌")
    name = "api_tokens"
    permission_policy = api_token_permission_policy
    index_view_class = ApiTokenIndexView
    add_view_class = ApiTokenCreateView
    delete_view_class = ApiTokenRevokeView
    copy_view_enabled = False
    add_to_reference_index = False
    search_fields = ["name", "prefix", "user__username", "user__full_name"]
    search_backend_name = None

    def get_form_class(self, for_update: bool = False) -> type[ApiTokenCreateForm]:
        return ApiTokenCreateForm
