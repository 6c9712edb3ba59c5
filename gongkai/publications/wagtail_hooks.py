"""Registers the audit actions of 主动公开, so its entries show in the history and the 操作日志 report."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_document_log_actions(actions):  # type: ignore[no-untyped-def]
    actions.register_action("gongkai.document.create", _("起草政府信息"), _("起草了政府信息"))
    actions.register_action("gongkai.document.update", _("修改政府信息"), _("修改了政府信息"))
    actions.register_action("gongkai.document.submit", _("送审"), _("送交保密审查"))
    actions.register_action("gongkai.document.approve", _("审查通过"), _("保密审查通过"))
    actions.register_action("gongkai.document.return", _("退回"), _("退回修改"))
    actions.register_action("gongkai.document.schedule", _("定时发布"), _("设定了定时发布"))
    actions.register_action("gongkai.document.publish", _("发布"), _("发布了政府信息"))
    actions.register_action("gongkai.document.withdraw", _("撤回"), _("撤回了政府信息"))
