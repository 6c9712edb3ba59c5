"""The workbench dashboard (工作台首页): "我的待办" and "我的机构和角色".

Apps add what their staff have to do with :func:`register_task_panel`, usually in their AppConfig.ready()
or wagtail_hooks.py, e.g. the FOI app lists cases due for a reply::

    register_task_panel(
        "foi.due", label=_("待答复的依申请公开"), provider=foi_tasks_for, order=10,
    )

A provider takes the signed-in user and returns :class:`TaskItem` objects through the app's own
selectors, so every app keeps deciding who may see what (architecture rule 2). The panels are added to
Wagtail's dashboard by the ``construct_homepage_panels`` hook in gongkai.portal.wagtail_hooks.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from wagtail.admin.ui.components import Component

from gongkai.core.permissions import is_platform_admin
from gongkai.orgs.choices import Role
from gongkai.orgs.models import Membership
from gongkai.orgs.selectors import org_list_for

logger = logging.getLogger(__name__)

TASK_PANEL_LIMIT = 10  # items shown per provider; the rest are counted and reached through the app's list


@dataclass(frozen=True)
class TaskItem:
    """One thing the user has to do: a case to answer, a document to review, a report to finish."""

    title: str
    url: str
    org: str = ""
    due_on: datetime.date | None = None
    overdue: bool = False
    note: str = ""


TaskProvider = Callable[[Any], Iterable[TaskItem]]


@dataclass(frozen=True)
class TaskSource:
    key: str
    label: str
    provider: TaskProvider
    order: int = 100
    more_url: str = ""


@dataclass
class TaskGroup:
    label: str
    items: list[TaskItem] = field(default_factory=list)
    hidden_count: int = 0
    more_url: str = ""
    failed: bool = False


_sources: dict[str, TaskSource] = {}


def register_task_panel(
    key: str, *, label: Any, provider: TaskProvider, order: int = 100, more_url: str = ""
) -> None:
    """Add a group of "my tasks" to the dashboard. Registering the same key again replaces it."""
    _sources[key] = TaskSource(key=key, label=label, provider=provider, order=order, more_url=more_url)


def unregister_task_panel(key: str) -> None:
    """Remove a group (tests, or an installation that switches an app's panel off)."""
    _sources.pop(key, None)


def task_groups_for(*, user: Any) -> list[TaskGroup]:
    """The user's tasks, one group per registered source that has any, in the sources' order."""
    groups: list[TaskGroup] = []
    for source in sorted(_sources.values(), key=lambda s: (s.order, s.key)):
        try:
            items = list(source.provider(user))
        except Exception:
            # One app's broken provider must not take the whole workbench home page down with it.
            logger.exception("task panel %s failed", source.key)
            groups.append(TaskGroup(label=str(source.label), failed=True))
            continue
        if items:
            groups.append(
                TaskGroup(
                    label=str(source.label),
                    items=items[:TASK_PANEL_LIMIT],
                    hidden_count=max(0, len(items) - TASK_PANEL_LIMIT),
                    more_url=source.more_url,
                )
            )
    return groups


@dataclass
class OrgRoles:
    org_name: str
    org_code: str
    roles: list[str] = field(default_factory=list)


def own_memberships(*, user: Any) -> QuerySet[Membership]:
    """The user's own roles: everyone may see their own (the selectors in gongkai.orgs list others')."""
    return (
        Membership.objects.filter(user=user)
        .select_related("org")
        .order_by("org__sort_order", "org__code", "role")
    )


def org_roles_for(*, user: Any) -> list[OrgRoles]:
    """The user's organizations, each with the roles held in it, in directory order (one query)."""
    by_org: dict[int, OrgRoles] = {}
    for membership in own_memberships(user=user):
        entry = by_org.setdefault(
            membership.org_id, OrgRoles(org_name=membership.org.name, org_code=membership.org.code)
        )
        entry.roles.append(str(membership.get_role_display()))
    return list(by_org.values())


class MyTasksPanel(Component):
    """我的待办: what the registered apps say this user has to do, with an empty state."""

    name = "gongkai_my_tasks"
    template_name = "core/dashboard/my_tasks.html"
    order = 10  # first: before Wagtail's own panels (200 and up)

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
        user = parent_context["request"].user if parent_context else None
        return {"groups": task_groups_for(user=user)}


class MyOrgsPanel(Component):
    """我的机构和角色: where the user works and what each role lets them do."""

    name = "gongkai_my_orgs"
    template_name = "core/dashboard/my_orgs.html"
    order = 20

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
        user = parent_context["request"].user if parent_context else None
        platform_admin = is_platform_admin(user)
        return {
            "org_roles": [entry for entry in org_roles_for(user=user) if entry.roles],
            "platform_admin": platform_admin,
            "all_org_count": org_list_for(user=user).count() if platform_admin else 0,
            "platform_admin_label": Role.PLATFORM_ADMIN.label,
        }
