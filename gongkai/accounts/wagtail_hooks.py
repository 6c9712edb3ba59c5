"""The account screens of the workbench (账户安全: 双因素认证, 接口令牌) and their audit actions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from gongkai.accounts.viewsets import ApiTokenViewSet

api_token_viewset = ApiTokenViewSet()


@hooks.register("register_admin_viewset")
def register_api_token_screen() -> ApiTokenViewSet:
    return api_token_viewset


@hooks.register("register_admin_menu_item")
def register_account_security_menu() -> SubmenuMenuItem:
    menu = Menu(
        items=[
            MenuItem(
                _("双因素认证"),
                reverse_lazy("accounts:two_factor"),
                name="two-factor",
                icon_name="lock",
                order=1,
            ),
            api_token_viewset.get_menu_item(order=2),
        ]
    )
    return SubmenuMenuItem(_("账户安全"), menu, name="account-security", icon_name="lock", order=9500)


@hooks.register("register_account_menu_item")
def register_two_factor_account_item(request: HttpRequest) -> dict[str, Any]:
    # Shown on the account page (右上角“账户” → 更多操作) next to the password change.
    return {
        "url": reverse("accounts:two_factor"),
        "label": _("双因素认证"),
        "help_text": _("用手机身份验证器保护您的账户：登录时除密码外还需输入验证码。"),
    }


@hooks.register("register_log_actions")
def register_account_log_actions(actions: Any) -> None:
    actions.register_action("gongkai.2fa.enable", _("启用双因素认证"), _("启用了双因素认证"))
    actions.register_action("gongkai.2fa.disable", _("关闭双因素认证"), _("关闭了双因素认证"))
    actions.register_action("gongkai.2fa.backup_codes", _("重新生成备用验证码"), _("重新生成了备用验证码"))
