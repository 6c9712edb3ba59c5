"""The workbench dashboard: 我的待办 from registered providers, and the user's organizations and roles."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from gongkai.core import dashboard
from gongkai.core.dashboard import TaskItem, register_task_panel, task_groups_for, unregister_task_panel
from gongkai.core.testing import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry() -> Iterator[None]:
    """Leave the process-wide registry as it was: apps register real panels there."""
    saved = dict(dashboard._sources)
    yield
    dashboard._sources.clear()
    dashboard._sources.update(saved)


def panel_html(html: str, panel_id: str) -> str:
    """The markup of one dashboard panel (Wagtail renders each as <section id="<id>-section">)."""
    return html.split(f'id="{panel_id}-section"', 1)[1].split("</section>", 1)[0]


def dashboard_html(client: Client, user: Any) -> str:
    client.force_login(user)
    response = client.get("/staff/")
    assert response.status_code == 200
    return response.content.decode()


def test_it_lists_the_personas_organization_and_roles(region: Region, client: Client) -> None:
    orgs = panel_html(dashboard_html(client, region.lisi), "gongkai-my-orgs")

    assert "我的机构和角色" in orgs
    assert region.fgw.name in orgs
    assert "信息编辑、依申请公开经办人" in orgs
    assert region.edu.name not in orgs


def test_it_tells_a_platform_admin_they_manage_every_organization(region: Region, client: Client) -> None:
    orgs = panel_html(dashboard_html(client, region.admin), "gongkai-my-orgs")

    assert "您是平台管理员，可以管理本地区全部 3 个机构。" in orgs


def test_it_says_there_is_nothing_to_do(region: Region, client: Client, registry: None) -> None:
    dashboard._sources.clear()

    tasks = panel_html(dashboard_html(client, region.lisi), "gongkai-my-tasks")

    assert "我的待办" in tasks
    assert "暂无待办事项。" in tasks


def _cases_for(user: Any) -> list[TaskItem]:
    if user.username != "lisi":
        return []
    return [
        TaskItem(
            title="2026-0001 张三申请公开规划文件",
            url="/staff/foi/1/",
            org="示例市发展和改革委员会",
            due_on=datetime.date(2026, 3, 2),
            overdue=True,
        ),
        TaskItem(title="2026-0002 申请公开项目批复", url="/staff/foi/2/", due_on=datetime.date(2026, 4, 1)),
    ]


def test_it_lists_the_tasks_a_registered_provider_gives_the_user(
    region: Region, client: Client, registry: None
) -> None:
    register_task_panel("foi.due", label="待答复的依申请公开", provider=_cases_for, order=10)

    mine = panel_html(dashboard_html(client, region.lisi), "gongkai-my-tasks")
    others = panel_html(dashboard_html(client, region.zhaoliu), "gongkai-my-tasks")

    assert "待答复的依申请公开" in mine
    assert '<a href="/staff/foi/1/">2026-0001 张三申请公开规划文件</a>' in mine
    assert "已逾期" in mine and "2026-03-02 前" in mine
    assert "暂无待办事项" not in mine
    assert "2026-0001" not in others and "暂无待办事项。" in others


def test_it_orders_groups_and_caps_long_lists(registry: None, region: Region) -> None:
    many = [TaskItem(title=f"事项{n}", url=f"/staff/x/{n}/") for n in range(dashboard.TASK_PANEL_LIMIT + 3)]
    register_task_panel("b", label="第二组", provider=lambda user: many, order=20, more_url="/staff/x/")
    register_task_panel("a", label="第一组", provider=lambda user: [many[0]], order=10)
    register_task_panel("empty", label="空组", provider=lambda user: [], order=5)

    groups = [g for g in task_groups_for(user=region.lisi) if g.label in {"第一组", "第二组", "空组"}]

    assert [g.label for g in groups] == ["第一组", "第二组"]
    assert len(groups[1].items) == dashboard.TASK_PANEL_LIMIT
    assert groups[1].hidden_count == 3 and groups[1].more_url == "/staff/x/"


def test_it_shows_how_many_more_tasks_there_are(region: Region, client: Client, registry: None) -> None:
    dashboard._sources.clear()
    many = [TaskItem(title=f"事项{n}", url=f"/staff/x/{n}/") for n in range(dashboard.TASK_PANEL_LIMIT + 2)]
    register_task_panel("many", label="待审查信息", provider=lambda user: many, more_url="/staff/x/")

    tasks = panel_html(dashboard_html(client, region.lisi), "gongkai-my-tasks")

    assert '<a href="/staff/x/">还有 2 项，查看全部</a>' in tasks


def test_it_keeps_the_dashboard_up_when_a_provider_fails(
    region: Region, client: Client, registry: None
) -> None:
    def broken(user: Any) -> list[TaskItem]:
        raise RuntimeError("the FOI app's database view is missing")

    register_task_panel("broken", label="出错的一组", provider=broken)

    tasks = panel_html(dashboard_html(client, region.lisi), "gongkai-my-tasks")

    assert "出错的一组" in tasks
    assert "这一类待办暂时无法加载" in tasks


def test_it_replaces_and_removes_a_registration(registry: None, region: Region) -> None:
    register_task_panel("x", label="旧", provider=lambda user: [TaskItem(title="a", url="/a/")])
    register_task_panel("x", label="新", provider=lambda user: [TaskItem(title="a", url="/a/")])
    assert [g.label for g in task_groups_for(user=region.lisi) if g.label in {"旧", "新"}] == ["新"]

    unregister_task_panel("x")

    assert [g.label for g in task_groups_for(user=region.lisi) if g.label in {"旧", "新"}] == []
