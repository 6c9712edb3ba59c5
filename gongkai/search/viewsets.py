"""The 搜索词典 screen of the staff workbench: platform administrators list, add and remove the terms that
segmentation keeps whole. Saves go through gongkai.search.services (never ``Model.save``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from gongkai.core.exceptions import ServicePermissionDenied, ServiceValidationError
from gongkai.core.permissions import is_platform_admin
from gongkai.orgs.choices import Role
from gongkai.orgs.forms import add_service_errors
from gongkai.search.models import SearchTerm
from gongkai.search.selectors import search_term_list
from gongkai.search.services import search_term_add, search_term_remove

TERM_ACTIONS = frozenset({"add", "delete"})


class PlatformAdminPermissionPolicy(BasePermissionPolicy):
    """Only platform administrators maintain the dictionary; terms are added or removed, never edited."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        return self.user_has_any_permission(user, [action])

    def user_has_any_permission(self, user: Any, actions: Iterable[str]) -> bool:
        return bool(set(actions) & TERM_ACTIONS) and is_platform_admin(user)

    def users_with_any_permission(self, actions: Iterable[str]) -> QuerySet[Any]:
        users = get_user_model().objects.filter(is_active=True)
        if not set(actions) & TERM_ACTIONS:
            return users.none()
        return (
            users.filter(is_superuser=True) | users.filter(memberships__role=Role.PLATFORM_ADMIN).distinct()
        )

    def user_has_permission_for_instance(self, user: Any, action: str, instance: Model) -> bool:
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(
        self, user: Any, actions: Iterable[str], instance: Model
    ) -> bool:
        return self.user_has_any_permission(user, actions)

    def instances_user_has_any_permission_for(self, user: Any, actions: Iterable[str]) -> QuerySet[Any]:
        queryset = search_term_list()
        return queryset if self.user_has_any_permission(user, actions) else queryset.none()


search_term_permission_policy = PlatformAdminPermissionPolicy(SearchTerm)


class SearchTermForm(forms.ModelForm):
    class Meta:
        model = SearchTerm
        fields = ["term"]
        help_texts = {
            "term": gettext_lazy(
                "例如本地的地名、工程或口号，检索时作为一个整体的词语（2至30个字，不含空格和标点）。"
            )
        }


class SearchTermIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet[SearchTerm]:
        return search_term_list()


class SearchTermCreateView(generic.CreateView):
    def save_instance(self) -> SearchTerm:
        return search_term_add(actor=self.request.user, term=self.form.cleaned_data["term"])

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            return super().form_valid(form)
        except (ServiceValidationError, ServicePermissionDenied) as exc:
            add_service_errors(form, exc)
            self.produced_error_message = exc.message  # Wagtail shows it above the form
            return self.form_invalid(form)

    def get_success_message(self, instance: SearchTerm) -> str:
        return _("已将“%(term)s”加入搜索词典，包含它的信息将在后台重新索引。") % {"term": instance.term}


class SearchTermDeleteView(generic.DeleteView):
    def delete_action(self) -> None:
        try:
            search_term_remove(actor=self.request.user, search_term=self.object)
        except ServicePermissionDenied as exc:
            raise PermissionDenied(exc.message) from exc


class SearchTermViewSet(ModelViewSet):
    model = SearchTerm
    icon = "search"
    menu_label = gettext_lazy("搜索词典")
    name = "search_terms"
    add_to_settings_menu = True
    permission_policy = search_term_permission_policy
    index_view_class = SearchTermIndexView
    add_view_class = SearchTermCreateView
    delete_view_class = SearchTermDeleteView
    form_fields = ["term"]
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    search_fields = ["term"]
    search_backend_name = None
    list_display = [
        Column("term", label=gettext_lazy("词语")),
        Column("added_by", label=gettext_lazy("添加人")),
        DateColumn("created_at", label=gettext_lazy("添加时间")),
    ]

    def get_form_class(self, for_update: bool = False) -> type[SearchTermForm]:
        return SearchTermForm
