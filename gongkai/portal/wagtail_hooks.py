"""The workbench's home page and menus: our dashboard panels in, Wagtail's outward links out."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from wagtail import hooks

from gongkai.core.dashboard import MyOrgsPanel, MyTasksPanel

# Help-menu entries that open wagtail.org's English guides; our staff get the Chinese user guide instead
# (docs/), and the keyboard shortcuts entry stays.
HIDDEN_HELP_ITEM_PREFIXES = ("editor-guide", "whats-new-in-wagtail")


@hooks.register("construct_homepage_panels")
def add_gongkai_dashboard_panels(request: HttpRequest, panels: list[Any]) -> None:
    panels[:0] = [MyTasksPanel(), MyOrgsPanel()]


@hooks.register("construct_help_menu")
def hide_external_help_items(request: HttpRequest, menu_items: list[Any]) -> None:
    menu_items[:] = [item for item in menu_items if not item.name.startswith(HIDDEN_HELP_ITEM_PREFIXES)]
