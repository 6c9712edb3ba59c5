"""Workbench forms for organizations and memberships. They only collect and check input: the views
hand the cleaned data to gongkai.orgs.services, which validate again, save and write the audit log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from gongkai.core.exceptions import ServicePermissionDenied, ServiceValidationError
from gongkai.core.permission_policies import user_roles
from gongkai.orgs.choices import Role
from gongkai.orgs.models import Organization
from gongkai.orgs.services import EDITABLE_FIELDS, credit_code_taken_errors
from gongkai.orgs.validators import validate_credit_code

# Moving an organization in the tree, changing its kind or closing it is the platform's decision
# (org_update refuses these changes to org_admins), so only platform admins get them as inputs.
PLATFORM_ONLY_FIELDS = ("parent", "kind", "is_active")


def add_service_errors(form: forms.BaseForm, exc: ServiceValidationError | ServicePermissionDenied) -> None:
    """Show a service's refusal on the form: each message on its field, the rest above the form."""
    errors = getattr(exc, "errors", None) or {}
    if not errors:
        form.add_error(None, exc.message)
        return
    for field_name, messages in errors.items():
        target = field_name if field_name in form.fields and not form.fields[field_name].disabled else None
        for message in messages:
            label = form.fields[field_name].label if field_name in form.fields else field_name
            form.add_error(target, message if target else f"{label}：{message}")


class OrganizationForm(WagtailAdminModelForm):
    """Create or edit an organization and its 信息公开指南 fields (条例第十二条)."""

    # Declared to give addresses typed without a scheme https:// (government sites are served over HTTPS).
    website = forms.URLField(label=_("网站"), required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = Organization
        fields = ["code", *EDITABLE_FIELDS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and "code" in self.fields:
            # The code is in URLs and index numbers (索引号) that must never change.
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("机构代码创建后不能修改。")
        if not user_roles(self.for_user).platform_admin:
            for name in PLATFORM_ONLY_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("只有平台管理员可以修改此项。")
        if "credit_code" in self.fields:
            # Checked in clean_credit_code, after spaces are removed and letters upper-cased.
            self.fields["credit_code"].validators = []
        if "parent" in self.fields:
            parents = Organization.objects.order_by("sort_order", "code")
            if self.instance.pk:
                parents = parents.exclude(pk=self.instance.pk)
            self.fields["parent"].queryset = parents  # type: ignore[attr-defined]

    def clean_credit_code(self) -> str:
        # People paste codes with spaces or in lower case; the rule is about the characters themselves.
        code = "".join(str(self.cleaned_data.get("credit_code") or "").split()).upper()
        if code:
            validate_credit_code(code)
            probe = Organization(pk=self.instance.pk, credit_code=code)
            for message in credit_code_taken_errors(probe).get("credit_code", []):
                raise forms.ValidationError(message, code="credit_code_taken")
        return code

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # Browsers submit textarea lines with CRLF; stored text uses LF, so an untouched 申请渠道 list
        # must not count as a change in the audit log.
        for name, value in cleaned.items():
            if isinstance(value, str) and "\r" in value:
                cleaned[name] = value.replace("\r\n", "\n").replace("\r", "\n")
        return cleaned

    def _get_validation_exclusions(self) -> set[str]:
        # The model's conditional unique constraint on credit_code would report a duplicate as a nameless
        # form-wide error; clean_credit_code checks it with a message on the field instead.
        return {*super()._get_validation_exclusions(), "credit_code"}

    def editable_changes(self, current: Organization, fields: tuple[str, ...]) -> dict[str, Any]:
        """The fields whose submitted value differs from ``current``, skipping the disabled ones."""
        changes: dict[str, Any] = {}
        for name in fields:
            if name not in self.fields or self.fields[name].disabled:
                continue
            value = self.cleaned_data.get(name)
            if getattr(current, name) != value:
                changes[name] = value
        return changes


class MembershipGrantForm(forms.Form):
    """Grant a role in an organization to an existing user or to a new one (角色授权)."""

    org = forms.ModelChoiceField(label=_("机构"), queryset=Organization.objects.none())
    role = forms.ChoiceField(label=_("角色"), choices=())
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        help_text=_("已有用户填写其用户名；填写新的用户名则同时创建该用户。"),
    )
    full_name = forms.CharField(label=_("姓名"), max_length=50, required=False, help_text=_("新用户必填。"))
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    password = forms.CharField(
        label=_("初始密码"),
        required=False,
        strip=False,
        # Never sent back to the browser, even after a failed submit.
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("新用户必填，至少10位；已有用户请留空。"),
    )

    def __init__(self, *args: Any, for_user: Any = None, instance: Any = None, **kwargs: Any) -> None:
        # ``instance`` comes from Wagtail's create view, which is written for model forms; unused here.
        super().__init__(*args, **kwargs)
        self.for_user = for_user
        roles = user_roles(for_user)
        orgs = Organization.objects.order_by("sort_order", "code")
        if not roles.platform_admin:
            orgs = orgs.filter(pk__in=roles.org_ids_with([Role.ORG_ADMIN]))
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        if not self.is_bound and "org" not in self.initial:
            only = list(orgs[:2])
            if len(only) == 1:  # an org_admin of one organization: nothing to choose
                self.initial["org"] = only[0].pk
        self.fields["role"].choices = [  # type: ignore[attr-defined]
            (value, label)
            for value, label in Role.choices
            if roles.platform_admin or value != Role.PLATFORM_ADMIN
        ]
        self.existing_user: Any = None

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        username = cleaned.get("username")
        if not username:
            return cleaned
        self.existing_user = get_user_model().objects.filter(username=username).first()
        if self.existing_user is not None:
            if cleaned.get("password"):
                # An org_admin must not be able to reset someone else's password by granting a role.
                self.add_error(
                    "password",
                    _("用户“%(username)s”已存在，不能在此设置其密码，请留空。") % {"username": username},
                )
        else:
            if not cleaned.get("full_name"):
                self.add_error("full_name", _("新用户必须填写姓名。"))
            if not cleaned.get("password"):
                self.add_error("password", _("新用户必须设置初始密码。"))
        return cleaned
