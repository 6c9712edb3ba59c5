"""Workbench screens for organizations (机构) and the roles people hold in them (角色授权).

Both are Wagtail ModelViewSets whose saves go through gongkai.orgs.services (never ``Model.save``), and
whose permission policy answers from memberships: a platform admin sees and edits every organization;
an org_admin edits their own organization (not its place in the tree, kind or status) and grants roles
in it; everybody else with a role sees their organizations read-only.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import django_filters
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, StatusFlagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import HeaderButton

from gongkai.core.exceptions import ServicePermissionDenied, ServiceValidationError
from gongkai.core.permission_policies import InstancePermissionMixin, OrgScopedPermissionPolicy
from gongkai.orgs.choices import Role
from gongkai.orgs.forms import MembershipGrantForm, OrganizationForm, add_service_errors
from gongkai.orgs.models import Membership, Organization
from gongkai.orgs.selectors import membership_list_for
from gongkai.orgs.services import (
    EDITABLE_FIELDS,
    membership_grant,
    membership_revoke,
    org_create_or_update,
    org_update,
)

# Every role sees its organizations; org_admins edit them; only platform admins add organizations.
# Organizations are closed (is_active), never deleted: numbers and letters refer to them for years.
organization_permission_policy = OrgScopedPermissionPolicy(
    Organization,
    org_lookup="pk",
    action_roles={"view": Role.values, "change": [Role.ORG_ADMIN]},
    forbidden_actions=["delete"],
)
# An org_admin sees, grants and revokes the roles of their own organizations. Memberships are never
# edited in place: a role is granted or revoked.
membership_permission_policy = OrgScopedPermissionPolicy(
    Membership,
    org_lookup="org_id",
    action_roles={"view": [Role.ORG_ADMIN], "add": [Role.ORG_ADMIN], "delete": [Role.ORG_ADMIN]},
    forbidden_actions=["change"],
)


class ServiceFormMixin:
    """Create/edit views whose save calls a service: a refusal puts the service's Chinese messages on the
    form fields and shows the form again with everything the user typed."""

    form: Any
    produced_error_message: str | None

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            return super().form_valid(form)  # type: ignore[misc,no-any-return]
        except (ServiceValidationError, ServicePermissionDenied) as exc:
            add_service_errors(form, exc)
            self.produced_error_message = exc.message
            return self.form_invalid(form)  # type: ignore[attr-defined,no-any-return]


class CreateBreadcrumbMixin:
    """Names the last breadcrumb of a create view in Chinese (Wagtail's "New: …" has no translation)."""

    breadcrumb_label: Any = None

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = super().get_breadcrumbs_items()  # type: ignore[misc]
        if items and self.breadcrumb_label:
            items[-1] = {**items[-1], "label": str(self.breadcrumb_label)}
        return items


# --- 机构 -------------------------------------------------------------------------------------------------


def org_tree_positions(visible: set[int] | None = None) -> dict[int, tuple[int, int]]:
    """Every organization's (position, depth) in the depth-first order of the tree (one small query).

    The depth counts only the ``visible`` ancestors (all when None), so that an org_admin who sees only
    their own department gets it flush left, not indented under a government they cannot see.
    """
    rows = list(Organization.objects.order_by("sort_order", "code").values_list("pk", "parent_id"))
    known = {pk for pk, _parent in rows}
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in rows:
        children[parent_id if parent_id in known else None].append(pk)
    positions: dict[int, tuple[int, int]] = {}
    stack = [(pk, 0) for pk in reversed(children[None])]
    while stack:
        pk, depth = stack.pop()
        if pk in positions:  # defensive: a cycle can never be saved through the services
            continue
        positions[pk] = (len(positions), depth)
        child_depth = depth + 1 if visible is None or pk in visible else depth
        stack.extend((child, child_depth) for child in reversed(children[pk]))
    return positions


class OrganizationIndexView(generic.IndexView):
    """The organizations a person may see, as an indented tree unless sorted by a column."""

    page_title = gettext_lazy("机构")
    history_url_name: str | None = None  # filled in by the viewset (IndexView itself has no history link)

    def get_base_queryset(self) -> QuerySet[Organization]:
        return self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["view", "change"]
        ).select_related("parent")

    @cached_property
    def tree_positions(self) -> dict[int, tuple[int, int]]:
        return org_tree_positions(self.permission_policy.org_ids_for(self.request.user, ["view", "change"]))

    def order_queryset(self, queryset: QuerySet[Organization]) -> QuerySet[Organization]:
        if self.ordering:
            return super().order_queryset(queryset)  # type: ignore[no-any-return]
        positions = self.tree_positions
        tree_order = Case(
            *[When(pk=pk, then=Value(position)) for pk, (position, _depth) in positions.items()],
            default=Value(len(positions)),
            output_field=IntegerField(),
        )
        return queryset.order_by(tree_order, "code")

    def indented_name(self, org: Organization) -> str:
        if self.ordering or self.is_searching or self.is_filtering:
            return org.name  # a sorted or narrowed list is not a tree: indentation would mislead
        depth = self.tree_positions.get(org.pk, (0, 0))[1]
        return f"{'　' * (depth - 1)}└ {org.name}" if depth else org.name

    @cached_property
    def columns(self) -> list[Column]:
        title_class = self._get_title_column_class(TitleColumn)
        return [
            title_class(
                "name",
                label=_("机构名称"),
                accessor=self.indented_name,
                sort_key="name",
                get_url=lambda org: self.get_edit_url(org) or self.get_inspect_url(org),
            ),
            Column("code", label=_("机构代码"), sort_key="code"),
            Column("kind", label=_("机构类型"), accessor="get_kind_display", sort_key="kind"),
            Column("credit_code", label=_("统一社会信用代码"), sort_key="credit_code"),
            StatusFlagColumn("is_active", label=_("状态"), true_label=None, false_label=_("已停用")),
        ]

    def get_edit_url(self, instance: Organization) -> str | None:
        if self.permission_policy.user_has_permission_for_instance(self.request.user, "change", instance):
            return reverse(self.edit_url_name, args=(quote(instance.pk),))
        return None

    def get_inspect_url(self, instance: Organization) -> str | None:
        if self.inspect_url_name and self.permission_policy.user_has_permission_for_instance(
            self.request.user, "view", instance
        ):
            return reverse(self.inspect_url_name, args=(quote(instance.pk),))
        return None

    def get_history_url(self, instance: Organization) -> str | None:
        return reverse(self.history_url_name, args=(quote(instance.pk),))

    def get_list_more_buttons(self, instance: Organization) -> list[Any]:
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            MenuItem(_("历史"), url=self.get_history_url(instance), icon_name="history", priority=40)
        )
        return buttons


class OrganizationCreateView(CreateBreadcrumbMixin, ServiceFormMixin, generic.CreateView):
    """Only platform admins reach this view (the policy's ``add``); the save is org_create_or_update."""

    breadcrumb_label = gettext_lazy("新建机构")

    def save_instance(self) -> Organization:
        data = self.form.cleaned_data
        guide = {
            name: data[name]
            for name in EDITABLE_FIELDS
            if name in data and name not in {"name", "parent", "kind", "credit_code"}
        }
        org, _created = org_create_or_update(
            actor=self.request.user,
            code=data["code"],
            name=data["name"],
            parent=data.get("parent"),
            kind=data.get("kind"),
            credit_code=data.get("credit_code") or "",
            **guide,
        )
        return org


class OrganizationEditView(ServiceFormMixin, InstancePermissionMixin, generic.EditView):
    instance_actions = ("change",)

    def get_object(self, queryset: Any = None) -> Organization:
        return self.check_instance_permission(super().get_object(queryset))  # type: ignore[return-value]

    def save_instance(self) -> Organization:
        # The form has already written the input onto self.object; the service compares against the
        # stored row, so it gets a fresh copy and only the fields that really changed.
        current = Organization.objects.get(pk=self.object.pk)
        changes = self.form.editable_changes(current, EDITABLE_FIELDS)
        if not changes:
            return current
        return org_update(actor=self.request.user, org=current, **changes)


class OrganizationInspectView(InstancePermissionMixin, generic.InspectView):
    """Read-only view of an organization and its 指南 for the people who may see but not edit it."""

    instance_actions = ("view", "change")

    def get_object(self, queryset: Any = None) -> Organization:
        return self.check_instance_permission(super().get_object(queryset))  # type: ignore[return-value]

    def get_edit_url(self) -> str | None:
        if self.permission_policy.user_has_permission_for_instance(self.request.user, "change", self.object):
            return super().get_edit_url()  # type: ignore[no-any-return]
        return None

    def get_delete_url(self) -> None:
        return None


class OrganizationHistoryView(InstancePermissionMixin, history.HistoryView):
    """The organization's audit entries (who changed what, before/after) from Wagtail's log."""

    any_permission_required = ["view", "change"]
    instance_actions = ("view", "change")

    def get_object(self) -> Organization:
        return self.check_instance_permission(super().get_object())  # type: ignore[return-value]

    def get_edit_url(self, instance: Organization) -> str | None:
        if self.permission_policy.user_has_permission_for_instance(self.request.user, "change", instance):
            return super().get_edit_url(instance)  # type: ignore[no-any-return]
        return None

    @cached_property
    def header_buttons(self) -> list[HeaderButton]:
        url = self.get_edit_url(self.object)
        return [HeaderButton(label=_("编辑"), url=url, icon_name="edit")] if url else []


class OrganizationViewSet(ModelViewSet):
    model = Organization
    icon = "group"
    menu_label = gettext_lazy("机构")
    name = "orgs"
    permission_policy = organization_permission_policy
    index_view_class = OrganizationIndexView
    add_view_class = OrganizationCreateView
    edit_view_class = OrganizationEditView
    inspect_view_class = OrganizationInspectView
    history_view_class = OrganizationHistoryView
    inspect_view_enabled = True
    copy_view_enabled = False
    # Organizations are not content other objects are found "used in"; saves stay cheap without it.
    add_to_reference_index = False
    search_fields = ["name", "short_name", "code", "credit_code"]
    search_backend_name = None
    list_filter = ["kind", "is_active"]
    list_per_page = 100
    inspect_view_fields = ["code", *(name for name in EDITABLE_FIELDS if name != "sort_order")]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("code"),
                    FieldPanel("name"),
                    FieldPanel("short_name"),
                    FieldPanel("kind"),
                    FieldPanel("parent"),
                    FieldPanel("credit_code"),
                    FieldPanel("sort_order"),
                    FieldPanel("is_active"),
                ],
                heading=gettext_lazy("基本信息"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("office_name"),
                    FieldPanel("office_address"),
                    FieldPanel("office_postcode"),
                    FieldPanel("office_hours"),
                    FieldPanel("office_phone"),
                    FieldPanel("office_fax"),
                    FieldPanel("office_email"),
                    FieldPanel("website"),
                    FieldPanel("application_channels"),
                    FieldPanel("responsible_leader"),
                    FieldPanel("guide_notes"),
                ],
                heading=gettext_lazy("信息公开指南（条例第十二条）"),
            ),
            MultiFieldPanel(
                [FieldPanel("reconsideration_body"), FieldPanel("litigation_court")],
                heading=gettext_lazy("救济途径（条例第五十一条）"),
            ),
        ],
        base_form_class=OrganizationForm,
    )


# --- 角色授权 ---------------------------------------------------------------------------------------------


def _grantable_orgs(request: Any) -> QuerySet[Organization]:
    orgs = Organization.objects.order_by("sort_order", "code")
    ids = membership_permission_policy.org_ids_for(request.user if request else None, ["view"])
    return orgs if ids is None else orgs.filter(pk__in=ids)


class MembershipFilterSet(WagtailFilterSet):
    org = django_filters.ModelChoiceFilter(label=gettext_lazy("机构"), queryset=_grantable_orgs)
    role = django_filters.ChoiceFilter(label=gettext_lazy("角色"), choices=Role.choices)

    class Meta:
        model = Membership
        fields = ["org", "role"]


class MembershipIndexView(generic.IndexView):
    """The roles held in the organizations this person administers, grouped by organization."""

    page_title = gettext_lazy("角色授权")
    filterset_class = MembershipFilterSet

    def get_base_queryset(self) -> QuerySet[Membership]:
        return membership_list_for(user=self.request.user)

    @cached_property
    def columns(self) -> list[Column]:
        title_class = self._get_title_column_class(TitleColumn)
        return [
            title_class(
                "user",
                label=_("用户"),
                accessor=lambda m: str(m.user),
                sort_key="user__username",
                get_url=lambda m: None,
            ),
            Column("org", label=_("机构"), accessor=lambda m: m.org.name, sort_key="org__code"),
            Column("role", label=_("角色"), accessor="get_role_display", sort_key="role"),
            DateColumn("granted_at", label=_("授予时间"), sort_key="granted_at"),
            Column("granted_by", label=_("授予人"), accessor=lambda m: str(m.granted_by or _("系统"))),
        ]

    def get_edit_url(self, instance: Membership) -> None:
        return None

    def get_copy_url(self, instance: Membership) -> None:
        return None

    def get_delete_url(self, instance: Membership) -> str | None:
        if self.permission_policy.user_has_permission_for_instance(self.request.user, "delete", instance):
            return reverse(self.delete_url_name, args=(quote(instance.pk),))
        return None

    def get_list_more_buttons(self, instance: Membership) -> list[Any]:
        url = self.get_delete_url(instance)
        return [MenuItem(_("撤销"), url=url, icon_name="bin", priority=30)] if url else []

    @cached_property
    def add_item_label(self) -> str:
        return _("授予角色")


class MembershipGrantView(CreateBreadcrumbMixin, ServiceFormMixin, generic.CreateView):
    """Grant a role, creating the user first when the username is new (both through the services)."""

    page_title = gettext_lazy("授予角色")
    breadcrumb_label = gettext_lazy("授予角色")
    submit_button_label = gettext_lazy("授予")
    submit_button_active_label = gettext_lazy("正在授予…")
    success_message = None

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["for_user"] = self.request.user
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        # "授予角色" links may name the organization (?org=<id>); the form only offers permitted ones.
        initial = super().get_initial()
        if self.request.GET.get("org", "").isdigit():
            initial["org"] = int(self.request.GET["org"])
        return initial

    def get_page_subtitle(self) -> str:
        return _("授予角色")

    def save_instance(self) -> Membership:
        from gongkai.accounts.services import user_ensure

        data = self.form.cleaned_data
        user = self.form.existing_user
        if user is None:
            user, _created = user_ensure(
                actor=self.request.user,
                username=data["username"],
                password=data["password"],
                full_name=data["full_name"],
                email=data.get("email") or "",
            )
        membership, created = membership_grant(
            actor=self.request.user, user=user, org=data["org"], role=data["role"]
        )
        self.granted = created
        return membership

    def save_action(self) -> HttpResponse:
        text = (
            _("已授予%(user)s在“%(org)s”的角色：%(role)s。")
            if self.granted
            else _("%(user)s已拥有“%(org)s”的角色：%(role)s，无需重复授予。")
        )
        messages.success(
            self.request,
            text
            % {
                "user": self.object.user,
                "org": self.object.org.name,
                "role": self.object.get_role_display(),
            },
        )
        return redirect(self.get_success_url())


class MembershipRevokeView(InstancePermissionMixin, generic.DeleteView):
    """Revoke a role through membership_revoke (the user's workbench permissions shrink at once)."""

    instance_actions = ("delete",)
    page_title = gettext_lazy("撤销角色")
    template_name = "orgs/membership/confirm_revoke.html"

    def get_object(self, queryset: Any = None) -> Membership:
        return self.check_instance_permission(super().get_object(queryset))  # type: ignore[return-value]

    @property
    def confirmation_message(self) -> str:
        return _("确定要撤销%(user)s在“%(org)s”的角色“%(role)s”吗？") % {
            "user": self.object.user,
            "org": self.object.org.name,
            "role": self.object.get_role_display(),
        }

    def get_success_message(self) -> str:
        return _("已撤销%(user)s在“%(org)s”的角色“%(role)s”。") % {
            "user": self.object.user,
            "org": self.object.org.name,
            "role": self.object.get_role_display(),
        }

    def delete_action(self) -> None:
        try:
            membership_revoke(actor=self.request.user, membership=self.object)
        except ServicePermissionDenied as exc:
            raise PermissionDenied(exc.message) from exc


class MembershipViewSet(ModelViewSet):
    model = Membership
    icon = "key"
    menu_label = gettext_lazy("角色授权")
    name = "memberships"
    permission_policy = membership_permission_policy
    index_view_class = MembershipIndexView
    add_view_class = MembershipGrantView
    delete_view_class = MembershipRevokeView
    copy_view_enabled = False
    add_to_reference_index = False
    search_fields = ["user__username", "user__full_name", "org__name"]
    search_backend_name = None
    list_per_page = 50

    def get_form_class(self, for_update: bool = False) -> type[MembershipGrantForm]:
        return MembershipGrantForm


class OrganizationsGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("机构与人员")
    menu_icon = "group"
    menu_order = 8000
    items = (OrganizationViewSet, MembershipViewSet)
