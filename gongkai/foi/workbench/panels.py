"""依申请公开 on the workbench home page: the cases given to me (a group of 我的待办), and for the heads of
disclosure offices a panel of the cases about to fall due or overdue, with their due-date colours."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component

from gongkai.core.dashboard import TaskItem
from gongkai.foi.models import FoiCase
from gongkai.foi.workbench.selectors import foi_cases_assigned_to, foi_cases_due_for_head
from gongkai.foi.workbench.views import CASES, case_url, due_badge

PANEL_FETCH_LIMIT = 200  # items a provider hands over; the dashboard shows the first few and counts the rest
DUE_PANEL_LIMIT = 10


def case_title(case: FoiCase) -> str:
    return f"{case.number} {case.info_name or case.description[:30]}"


def my_cases(user: Any) -> list[TaskItem]:
    """我的待办: the open cases assigned to ``user``, the soonest due first, with their due status."""
    items = []
    for case in foi_cases_assigned_to(user=user)[:PANEL_FETCH_LIMIT]:
        badge = due_badge(case)
        items.append(
            TaskItem(
                title=case_title(case),
                url=case_url(case),
                org=case.org.name,
                due_on=case.due_on,
                overdue=case.due_status == "overdue",
                note=f"{badge['label']} · {case.get_status_display()}",
            )
        )
    return items


def my_cases_url() -> str:
    return reverse(f"{CASES}:queue")


class DueCasesPanel(Component):
    """即将到期/已逾期: for a foi_head, the open cases of their organizations that are overdue or due soon."""

    name = "gongkai_foi_due"
    template_name = "foi/workbench/due_panel.html"
    order = 15  # after 我的待办 (10), before 我的机构和角色 (20)

    def __init__(self, user: Any) -> None:
        self.user = user
        self._rows: list[dict[str, Any]] | None = None
        self._total = 0

    def rows(self) -> list[dict[str, Any]]:
        if self._rows is None:
            cases = foi_cases_due_for_head(user=self.user)
            self._total = cases.count()
            self._rows = [
                {"case": case, "title": case_title(case), "url": case_url(case), "badge": due_badge(case)}
                for case in cases[:DUE_PANEL_LIMIT]
            ]
        return self._rows

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
        rows = self.rows()
        return {
            "rows": rows,
            "hidden_count": max(0, self._total - len(rows)),
            "overdue_url": reverse(f"{CASES}:queue") + "?due=overdue",
            "due_soon_url": reverse(f"{CASES}:queue") + "?due=due_soon",
            "heading": _("即将到期/已逾期"),
        }
