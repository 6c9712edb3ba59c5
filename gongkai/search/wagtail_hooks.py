"""Registers the 搜索词典 screen (under 设置) and the search app's audit actions."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from gongkai.search.viewsets import SearchTermViewSet


@hooks.register("register_admin_viewset")
def register_search_term_screen() -> SearchTermViewSet:
    return SearchTermViewSet()


@hooks.register("register_log_actions")
def register_search_log_actions(actions: Any) -> None:
    actions.register_action("gongkai.search.term_add", _("添加搜索词语"), _("向搜索词典添加了词语"))
    actions.register_action("gongkai.search.term_remove", _("删除搜索词语"), _("从搜索词典删除了词语"))
