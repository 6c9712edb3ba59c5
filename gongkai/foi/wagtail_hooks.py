"""The 依申请公开 app in the staff workbench: audit actions, the 依申请公开 menu and screens
(gongkai.foi.viewsets, views in gongkai.foi.workbench) and the dashboard panels."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from gongkai.core.dashboard import register_task_panel


@hooks.register("register_log_actions")
def register_foi_log_actions(actions):  # type: ignore[no-untyped-def]
    actions.register_action("gongkai.foi.create", _("登记申请"), _("登记了政府信息公开申请"))
    actions.register_action("gongkai.foi.event", _("办理事件"), _("记录了办理事件"))
    actions.register_action("gongkai.foi.assign", _("分配经办人"), _("分配了经办人"))
    actions.register_action("gongkai.foi.transfer", _("转办"), _("转办至其他机关"))
    actions.register_action("gongkai.foi.archive", _("归档"), _("归档了案件"))
    actions.register_action("gongkai.foi.appeal", _("复议诉讼"), _("登记了行政复议或行政诉讼"))
    actions.register_action("gongkai.foi.note", _("办理意见"), _("填写了办理意见"))
    actions.register_action("gongkai.foi.attachment", _("上传附件"), _("上传了案件附件"))
    actions.register_action("gongkai.foi.letter_draft", _("拟制告知书"), _("拟制了告知书"))
    actions.register_action("gongkai.foi.letter_approve", _("审批告知书"), _("审批了告知书"))
    actions.register_action("gongkai.foi.letter_send", _("送达告知书"), _("送达了告知书"))
    actions.register_action("gongkai.foi.letter_discard", _("作废告知书"), _("作废了未送达的告知书"))
    actions.register_action("gongkai.foi.convert", _("依申请转主动"), _("将公开的信息转为主动公开"))
    actions.register_action("gongkai.foi.library", _("编入案例库"), _("编入了典型案例库"))


# --- Workbench screens and dashboard panels (issue 5 items 3, 4, 9) --------------------------------------


@hooks.register("register_admin_viewset")
def register_foi_screens() -> Any:
    from gongkai.foi.viewsets import FoiGroup

    return FoiGroup()


def _my_cases(user: Any) -> Any:
    from gongkai.foi.workbench.panels import my_cases

    return my_cases(user)


register_task_panel(
    "foi.mine",
    label=_("我经办的依申请公开案件"),
    provider=_my_cases,
    order=10,
    more_url=reverse_lazy("foi_cases:queue"),  # type: ignore[arg-type]
)


@hooks.register("construct_homepage_panels")
def add_foi_due_panel(request: HttpRequest, panels: list[Any]) -> None:
    from gongkai.core.permission_policies import user_roles
    from gongkai.orgs.choices import Role

    if user_roles(request.user).org_ids_with([Role.FOI_HEAD]):
        from gongkai.foi.workbench.panels import DueCasesPanel

        panels.append(DueCasesPanel(request.user))
