"""Public forms of disclosure on request: the online application (条例第二十九条) and tracking.

Every message names its field and the rule it breaks (architecture rule 12). The forms only validate
input; the views hand it to gongkai.foi.services, whose own checks are the last word.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.core.forms import AccessibleForm
from gongkai.foi import identity, ratelimit
from gongkai.foi.captcha import CaptchaField
from gongkai.foi.choices import ApplicantKind, AttachmentKind, Delivery, IdType, InformationForm
from gongkai.foi.selectors import OrgChoiceGroup
from gongkai.foi.services.attachments import (
    IDENTITY_TYPES,
    attachment_file_error,
    attachment_max_bytes,
)
from gongkai.foi.services.registration import ApplicantData
from gongkai.orgs.credit_code import credit_code_error

DESCRIPTION_MAX_LENGTH = 2000
HONEYPOT_FIELD = "homepage"

# The fields each kind of applicant fills in (条例第二十九条第二款第一项); the template shows them in
# two groups and the view builds ApplicantData from them.
PERSON_FIELDS = ("person_name", "id_type", "id_number", "work_unit")
ORGANIZATION_FIELDS = ("org_name", "credit_code", "legal_representative", "contact_name")
CONTACT_FIELDS = ("phone", "email", "address", "postcode")
REQUEST_FIELDS = ("info_name", "info_doc_number", "description", "form", "delivery")

# A service error's field (gongkai.foi.services.registration) → the form's field, per applicant kind.
SERVICE_FIELDS = {
    "applicant.kind": "applicant_kind",
    "applicant.id_number": "id_number",
    "applicant.credit_code": "credit_code",
    "applicant.phone": "phone",
    "applicant.email": "email",
    "applicant.postcode": "postcode",
    "description": "description",
    "form": "form",
    "delivery": "delivery",
    "org": "org",
}


def _required(label: Any) -> dict[str, Any]:
    return {"required": format_lazy(_("{label}：必填。"), label=label)}


def _max_length(label: Any) -> dict[str, Any]:
    return {
        "required": format_lazy(_("{label}：必填。"), label=label),
        "max_length": format_lazy(
            _("{label}：最多%(limit_value)d个字，现为%(show_value)d个字。"), label=label
        ),
    }


def _named(label: str, message: str) -> str:
    """``message`` with the field's label in front, unless it already begins with it."""
    if message.startswith(label):
        return message
    return gettext("%(label)s：%(message)s") % {"label": label, "message": message}


class ApplicationForm(AccessibleForm):
    """政府信息公开申请表 (条例第二十九条): who applies, what information, in what form, to which agency."""

    org = forms.ChoiceField(
        label=_("受理机关"),
        help_text=_(
            "向制作或保存该政府信息的行政机关提出申请。不清楚向哪个机关申请时，请先查阅机构目录中各机关的信息公开指南。"
        ),
        error_messages={
            "required": _("受理机关：请选择向哪个行政机关提出申请。"),
            "invalid_choice": _("受理机关：所选机关不存在或已停用，请重新选择。"),
        },
    )
    applicant_kind = forms.ChoiceField(
        label=_("申请人类型"),
        choices=ApplicantKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("申请人类型：请选择自然人或一种法人或其他组织类型。"),
            "invalid_choice": _("申请人类型：请选择自然人或一种法人或其他组织类型。"),
        },
    )

    # 自然人
    person_name = forms.CharField(
        label=_("姓名"), max_length=100, required=False, error_messages=_max_length(_("姓名"))
    )
    id_type = forms.ChoiceField(
        label=_("证件类型"),
        choices=IdType.choices,
        required=False,
        initial=IdType.RESIDENT_ID,
        error_messages={"invalid_choice": _("证件类型：请从列表中选择。")},
    )
    id_number = forms.CharField(
        label=_("证件号码"),
        max_length=40,
        required=False,
        help_text=_("居民身份证号码为18位，最后一位可能是字母X；系统会核对校验位。"),
        error_messages=_max_length(_("证件号码")),
    )
    work_unit = forms.CharField(
        label=_("工作单位"), max_length=100, required=False, error_messages=_max_length(_("工作单位"))
    )

    # 法人或其他组织
    org_name = forms.CharField(
        label=_("名称"), max_length=100, required=False, error_messages=_max_length(_("名称"))
    )
    credit_code = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=30,
        required=False,
        help_text=_("18位，见营业执照或登记证书；系统会核对校验位。"),
        error_messages=_max_length(_("统一社会信用代码")),
    )
    legal_representative = forms.CharField(
        label=_("法定代表人或负责人"),
        max_length=50,
        required=False,
        error_messages=_max_length(_("法定代表人或负责人")),
    )
    contact_name = forms.CharField(
        label=_("联系人"), max_length=50, required=False, error_messages=_max_length(_("联系人"))
    )

    # 联系方式 (both)
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=30,
        help_text=_("手机号码，或“区号-电话号码”形式的固定电话。受理机关通过此电话与您确认收到申请。"),
        error_messages=_max_length(_("联系电话")),
    )
    email = forms.EmailField(
        label=_("电子邮箱"),
        required=False,
        max_length=254,
        help_text=_("填写后，申请编号和查询码会同时发送到此邮箱。"),
        error_messages={
            "invalid": _("电子邮箱：格式不正确，应如 name@example.com。"),
            "max_length": _("电子邮箱：最多%(limit_value)d个字符。"),
        },
    )
    address = forms.CharField(
        label=_("通信地址"), max_length=200, required=False, error_messages=_max_length(_("通信地址"))
    )
    postcode = forms.CharField(
        label=_("邮政编码"),
        max_length=6,
        required=False,
        error_messages={"max_length": _("邮政编码：应为6位数字。")},
    )

    identity_file = forms.FileField(
        label=_("身份证明"),
        help_text=format_lazy(
            _("自然人上传身份证件，法人或其他组织上传营业执照或登记证书。{types}格式，不超过{mb}MB。"),
            types="、".join(t.upper() for t in IDENTITY_TYPES),
            mb=attachment_max_bytes() // (1024 * 1024),
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"}
        ),
        error_messages={
            "required": _("身份证明：请上传身份证明文件（条例第二十九条）。"),
            "invalid": _("身份证明：没有收到文件，请重新选择。"),
            "empty": _("身份证明：文件是空的，请重新选择。"),
        },
    )

    # 所需政府信息 (条例第二十九条第二款第二项)
    info_name = forms.CharField(
        label=_("所需信息名称"), max_length=300, required=False, error_messages=_max_length(_("所需信息名称"))
    )
    info_doc_number = forms.CharField(
        label=_("文号"),
        max_length=100,
        required=False,
        help_text=_("如：示政办发〔2025〕12号。不知道可以不填。"),
        error_messages=_max_length(_("文号")),
    )
    description = forms.CharField(
        label=_("所需信息的特征描述"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("请尽量写明信息的内容、形成时间、制作机关等便于查询的特征（条例第二十九条）。"),
        error_messages={
            "required": _(
                "所需信息的特征描述：必填，请写明信息名称、文号或便于查询的其他特征（条例第二十九条）。"
            ),
            "max_length": format_lazy(
                _("所需信息的特征描述：最多{n}个字，现为%(show_value)d个字。"), n=DESCRIPTION_MAX_LENGTH
            ),
        },
    )
    form = forms.ChoiceField(
        label=_("信息的指定提供形式"),
        choices=InformationForm.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("信息的指定提供形式：请选择纸质、电子或均可（条例第二十九条）。"),
            "invalid_choice": _("信息的指定提供形式：请从列出的选项中选择。"),
        },
    )
    delivery = forms.ChoiceField(
        label=_("获取信息的方式"),
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("获取信息的方式：请选择一种方式（条例第二十九条）。"),
            "invalid_choice": _("获取信息的方式：请从列出的选项中选择。"),
        },
    )

    captcha = CaptchaField(label=_("验证码：请输入图中算式的结果"))
    # A field people never see (hidden by foi.css, skipped by screen readers and the keyboard): what fills
    # it in is a program.
    homepage = forms.CharField(label=_("请勿填写此项"), required=False)

    def __init__(self, *args: Any, org_groups: list[OrgChoiceGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org_field = self.fields["org"]
        assert isinstance(org_field, forms.ChoiceField)
        org_field.choices = [
            ("", gettext("请选择受理机关")),
            *[(group.label, [(org.code, org.name) for org in group.orgs]) for group in org_groups],
        ]
        self.orgs_by_code = {org.code: org for group in org_groups for org in group.orgs}
        honeypot = self.fields[HONEYPOT_FIELD]
        honeypot.widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        for name in ("email",):
            self.fields[name].widget.attrs.setdefault("autocomplete", "email")
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["postcode"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "postal-code"})
        self.fields["address"].widget.attrs.setdefault("autocomplete", "street-address")
        self.fields["person_name"].widget.attrs.setdefault("autocomplete", "name")
        self.fields["org_name"].widget.attrs.setdefault("autocomplete", "organization")
        self._describe_fields()

    # --- field by field ---------------------------------------------------------------------------------

    def clean_phone(self) -> str:
        value = self.cleaned_data.get("phone", "")
        try:
            identity.validate_phone(value)
        except ValidationError as error:
            raise ValidationError(_named(gettext("联系电话"), " ".join(error.messages))) from None
        return identity.normalize_phone(value)

    def clean_postcode(self) -> str:
        value: str = self.cleaned_data.get("postcode", "").strip()
        if value and not re.fullmatch(r"\d{6}", value):
            raise ValidationError(_("邮政编码：应为6位数字。"))
        return value

    def clean_identity_file(self) -> Any:
        file = self.cleaned_data.get("identity_file")
        if file is not None:
            problem = attachment_file_error(
                kind=AttachmentKind.IDENTITY, file=file, label=gettext("身份证明")
            )
            if problem:
                raise ValidationError(problem)
        return file

    # --- across fields ------------------------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get(HONEYPOT_FIELD):
            self.add_error(
                None,
                ValidationError(
                    _(
                        "提交未通过自动提交检查。如果您是本人填写，请刷新页面后重新提交，"
                        "或通过信函、当面提交等方式申请。"
                    ),
                    code="honeypot",
                ),
            )
        kind = cleaned.get("applicant_kind")
        if kind == ApplicantKind.PERSON:
            self._clean_person(cleaned)
        elif kind in ApplicantKind.values:
            self._clean_organization(cleaned)
        delivery = cleaned.get("delivery")
        if delivery == Delivery.POST and not cleaned.get("address"):
            self.add_error("address", _("通信地址：选择邮寄获取信息时必填。"))
        if delivery == Delivery.POST and cleaned.get("address") and not cleaned.get("postcode"):
            self.add_error("postcode", _("邮政编码：选择邮寄获取信息时必填。"))
        if delivery == Delivery.EMAIL and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", _("电子邮箱：选择以电子邮件获取信息时必填。"))
        return cleaned

    def _require(self, cleaned: dict[str, Any], name: str, message: Any) -> bool:
        if name in self.errors:
            return False
        if not str(cleaned.get(name) or "").strip():
            self.add_error(name, message)
            return False
        return True

    def _clean_person(self, cleaned: dict[str, Any]) -> None:
        self._require(cleaned, "person_name", _("姓名：自然人申请时必填。"))
        if not self._require(cleaned, "id_type", _("证件类型：自然人申请时必填，请选择证件类型。")):
            return
        if not self._require(
            cleaned, "id_number", _("证件号码：自然人申请时必填（条例第二十九条：身份证明）。")
        ):
            return
        try:
            cleaned["id_number"] = identity.clean_id_document(
                id_type=cleaned["id_type"], number=cleaned["id_number"]
            )
        except ValidationError as error:
            self.add_error("id_number", _named(gettext("证件号码"), " ".join(error.messages)))

    def _clean_organization(self, cleaned: dict[str, Any]) -> None:
        self._require(cleaned, "org_name", _("名称：法人或其他组织申请时必填。"))
        self._require(cleaned, "legal_representative", _("法定代表人或负责人：法人或其他组织申请时必填。"))
        if not self._require(
            cleaned,
            "credit_code",
            _("统一社会信用代码：法人或其他组织申请时必填（条例第二十九条：身份证明）。"),
        ):
            return
        code = identity.normalize_credit_code(cleaned["credit_code"])
        problem = credit_code_error(code)
        if problem:
            self.add_error("credit_code", gettext("统一社会信用代码：%(error)s") % {"error": problem})
        else:
            cleaned["credit_code"] = code

    # --- for the view -------------------------------------------------------------------------------------

    def applicant(self) -> ApplicantData:
        """The applicant as the service takes it (only the fields of the chosen kind)."""
        data = self.cleaned_data
        contact = {name: data.get(name, "") for name in CONTACT_FIELDS}
        if data["applicant_kind"] == ApplicantKind.PERSON:
            return ApplicantData(
                kind=ApplicantKind.PERSON,
                name=data["person_name"],
                id_type=data["id_type"],
                id_number=data["id_number"],
                work_unit=data.get("work_unit", ""),
                **contact,
            )
        return ApplicantData(
            kind=data["applicant_kind"],
            name=data["org_name"],
            credit_code=data["credit_code"],
            legal_representative=data["legal_representative"],
            contact_name=data.get("contact_name", ""),
            **contact,
        )

    def applicant_rate_key(self) -> str:
        """Whom the per-applicant rate limit counts: the ID number or the credit code."""
        data = self.cleaned_data
        if data["applicant_kind"] == ApplicantKind.PERSON:
            return ratelimit.applicant_key(id_type=data["id_type"], number=data["id_number"])
        return ratelimit.applicant_key(id_type="credit_code", number=data["credit_code"])

    def add_service_errors(self, errors: dict[str, list[str]], message: str) -> None:
        """Show the service's field errors on the form's fields (a rule the form did not check)."""
        kind = self.cleaned_data.get("applicant_kind")
        name_field = "person_name" if kind == ApplicantKind.PERSON else "org_name"
        for key, messages in errors.items():
            field = SERVICE_FIELDS.get(key) or (name_field if key == "applicant.name" else None)
            for text in messages:
                self.add_error(field if field in self.fields else None, text)
        if not errors:
            self.add_error(None, message)


class TrackForm(AccessibleForm):
    """申请编号 and 查询码: both printed on the receipt; together they open the case's tracking page."""

    number = forms.CharField(
        label=_("申请编号"),
        max_length=40,
        help_text=_("提交申请后回执上的编号，如 FGW-2026-00001。"),
        error_messages=_required(_("申请编号")),
    )
    query_code = forms.CharField(
        label=_("查询码"),
        max_length=20,
        help_text=_("回执上的8位查询码，不区分大小写。"),
        error_messages=_required(_("查询码")),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("number", "query_code"):
            self.fields[name].widget.attrs.update(
                {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
            )

    def clean_number(self) -> str:
        return identity.normalize_id_number(self.cleaned_data.get("number", ""))

    def clean_query_code(self) -> str:
        return identity.normalize_id_number(self.cleaned_data.get("query_code", ""))
