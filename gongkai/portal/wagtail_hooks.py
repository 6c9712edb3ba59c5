"""The workbench's home page and menus: our dashboard panels in, Wagtail's outward links out."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.models import Page

from gongkai.core.dashboard import MyOrgsPanel, MyTasksPanel
from gongkai.portal.models import ColumnPage

# Help-menu entries that open wagtail.org's English guides; our staff get the Chinese user guide instead
# (docs/), and the keyboard shortcuts entry stays.
HIDDEN_HELP_ITEM_PREFIXES = ("editor-guide", "whats-new-in-wagtail")


@hooks.register("register_log_actions")
def register_portal_log_actions(actions: Any) -> None:
    actions.register_action(
        "gongkai.org_columns.ensure", gettext_lazy("创建标准栏目"), gettext_lazy("创建了机构的标准栏目")
    )


# Wagtail's own "awaiting your review" panel lists what 我的待办 already lists (the documents of the
# 保密审查 workflow, gongkai.publications.viewsets.awaiting_my_review); one list, not two.
DUPLICATE_PANELS = frozenset({"workflow_objects_to_moderate"})


@hooks.register("construct_homepage_panels")
def add_gongkai_dashboard_panels(request: HttpRequest, panels: list[Any]) -> None:
    panels[:] = [MyTasksPanel(), MyOrgsPanel(), *(p for p in panels if p.name not in DUPLICATE_PANELS)]


@hooks.register("construct_help_menu")
def hide_external_help_items(request: HttpRequest, menu_items: list[Any]) -> None:
    menu_items[:] = [item for item in menu_items if not item.name.startswith(HIDDEN_HELP_ITEM_PREFIXES)]


# --- Standard columns stay -----------------------------------------------------------------------------


def standard_column_refusal(user: Any, pages: Iterable[Page]) -> str | None:
    """Why ``user`` may not delete ``pages``, or None: standard columns, or pages holding them, stay.

    The platform creates the standard columns of every organization (issue 3 item 6); organization staff
    may retitle and describe them but not delete them. Platform administrators (superusers) may.
    """
    if getattr(user, "is_superuser", False):
        return None
    for page in pages:
        standard = ColumnPage.objects.descendant_of(page, inclusive=True).filter(is_standard=True).first()
        if standard is not None:
            if standard.pk == page.pk:
                return _("“%(title)s”是平台设定的标准栏目，机构工作人员不能删除；可以修改其标题和说明。") % {
                    "title": page.title
                }
            return _("“%(title)s”下有平台设定的标准栏目“%(column)s”，机构工作人员不能删除。") % {
                "title": page.title,
                "column": standard.title,
            }
    return None


@hooks.register("before_delete_page")
def keep_standard_columns(request: HttpRequest, page: Page) -> HttpResponse | None:
    refusal = standard_column_refusal(request.user, [page])
    if refusal is None:
        return None
    messages.error(request, refusal)
    return redirect("wagtailadmin_explore", page.get_parent().pk)


@hooks.register("before_bulk_action")
def keep_standard_columns_in_bulk(
    request: HttpRequest, action_type: str, objects: list[Any], action_class_instance: Any
) -> HttpResponse | None:
    if action_type != "delete":
        return None
    pages = [obj for obj in objects if isinstance(obj, Page)]
    refusal = standard_column_refusal(request.user, pages)
    if refusal is None:
        return None
    messages.error(request, refusal)
    return redirect("wagtailadmin_explore", pages[0].get_parent().pk)
