"""Registers the audit actions of gongkai.core and the apps without a workbench screen of their own."""

from __future__ import annotations

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
