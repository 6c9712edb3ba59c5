"""The login form of the staff workbench (/staff/login/)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm


class StaffLoginForm(LoginForm):
    """Wagtail's login form with a translatable label on the password field.

    Wagtail redeclares ``password`` without a label, so Django falls back to the field's name,
    "Password", which no translation catalogue can reach. Used through
    settings.WAGTAILADMIN_USER_LOGIN_FORM.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("密码")
