"""Registers the audit actions of gongkai.core and the apps without a workbench screen of their own, and
what every workbench page loads."""

from __future__ import annotations

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_gongkai_log_actions(actions):  # type: ignore[no-untyped-def]
    actions.register_action("gongkai.org.create", _("创建机构"), _("创建了机构"))
    actions.register_action("gongkai.org.update", _("修改机构"), _("修改了机构"))
    actions.register_action("gongkai.membership.grant", _("授予角色"), _("授予了角色"))
    actions.register_action("gongkai.membership.revoke", _("撤销角色"), _("撤销了角色"))
    actions.register_action("gongkai.user.create", _("创建用户"), _("创建了用户"))
    actions.register_action("gongkai.user.update", _("修改用户"), _("修改了用户"))
    actions.register_action("gongkai.token.create", _("创建接口令牌"), _("创建了接口令牌"))
    actions.register_action("gongkai.token.revoke", _("吊销接口令牌"), _("吊销了接口令牌"))
    actions.register_action("gongkai.personal_data.view", _("查看个人信息"), _("查看了个人信息"))
    actions.register_action("gongkai.portal_settings.update", _("修改门户设置"), _("修改了门户设置"))


# --- Working-day calendar (工作日历) -----------------------------------------------------------------


@hooks.register("register_log_actions")
def register_calendar_log_actions(actions):  # type: ignore[no-untyped-def]
    actions.register_action("gongkai.calendar.update", _("修改工作日历"), _("修改了工作日历中的一天"))
    actions.register_action("gongkai.calendar.clear", _("删除日历录入"), _("删除了工作日历中一天的录入"))
    actions.register_action("gongkai.calendar.import", _("导入节假日通知"), _("导入了节假日安排通知"))
    actions.register_action("gongkai.calendar.year", _("修改日历年份"), _("修改了日历年份的完整状态"))
    actions.register_action("gongkai.calendar.alert", _("日历缺少数据"), _("记录了日历缺少数据的年份"))


@hooks.register("register_admin_viewset")
def register_calendar_viewset():  # type: ignore[no-untyped-def]
    from gongkai.core.viewsets import CalendarViewSet

    return CalendarViewSet()


@hooks.register("construct_homepage_panels")
def add_calendar_alerts_panel(request, panels):  # type: ignore[no-untyped-def]
    from gongkai.core.viewsets import calendar_alerts_panel

    panel = calendar_alerts_panel(request)
    if panel is not None:
        panels.append(panel)


@hooks.register("insert_global_admin_js")
def draftail_flush_on_submit() -> SafeString:
    """Rich text typed just before 保存 is saved too (Draftail writes it to the form after a delay)."""
    return format_html('<script src="{}" defer></script>', static("core/admin/draftail-flush.js"))
