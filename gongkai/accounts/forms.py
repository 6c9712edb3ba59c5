"""Forms of the account pages: two-factor codes and API tokens. Services do the checking and saving."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from gongkai.core.permission_policies import user_roles


class OtpCodeForm(forms.Form):
    """One code: the 6 digits of the authenticator app, or (when logging in) an 8-character backup code."""

    code = forms.CharField(
        label=_("验证码"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 10}
        ),
    )


class ApiTokenCreateForm(forms.Form):
    """A new API token: what it is for, and (platform admins only) whose it is."""

    name = forms.CharField(
        label=_("用途"),
        max_length=100,
        help_text=_("例如：OA公文系统推送、12345热线对接。便于日后辨认和吊销。"),
    )
    user = forms.ModelChoiceField(
        label=_("令牌所属用户"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("留空则为自己创建。令牌以该用户的角色调用接口。"),
    )

    def __init__(self, *args: Any, for_user: Any = None, instance: Any = None, **kwargs: Any) -> None:
        # ``instance`` comes from Wagtail's create view, which is written for model forms; unused here.
        super().__init__(*args, **kwargs)
        self.for_user = for_user
        if user_roles(for_user).platform_admin:
            users = get_user_model().objects.filter(is_active=True).order_by("username")
            self.fields["user"].queryset = users  # type: ignore[attr-defined]
        else:
            del self.fields["user"]
