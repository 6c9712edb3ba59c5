"""Forms of the 依申请公开 workbench: the queue's filters, one small form per action on a case, the internal
note and the registration of paper, fax and e-mail applications (登记申请).

They only collect and check input, with messages that name the field; the views hand the cleaned data
to the services of gongkai.foi.services, which check again and decide. Field names are the services'
parameter names, so a service's field error lands on its field.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.widgets import AdminDateInput

from gongkai.core.rules import rule
from gongkai.foi.choices import (
    LAPSE_OUTCOMES,
    AppealKind,
    AppealResult,
    ApplicantKind,
    AttachmentKind,
    CaseStatus,
    Channel,
    ConsultationAnswer,
    ConsultationParty,
    Delivery,
    FeeMethod,
    IdType,
    InformationForm,
    Outcome,
)
from gongkai.foi.deadlines import DueStatus
from gongkai.foi.workbench.selectors import PENDING_RECEIPT, UNASSIGNED, QueueFilters

BLANK = ("", "---------")


# --- Fields with messages that name them --------------------------------------------------------------


def date_field(
    label: Any, *, required: bool = True, help_text: Any = "", today: bool = True
) -> forms.DateField:
    field = forms.DateField(
        label=label,
        required=required,
        widget=AdminDateInput,
        help_text=help_text,
        error_messages={
            "required": format_lazy(gettext_lazy("请填写“{label}”。"), label=label),
            "invalid": format_lazy(gettext_lazy("“{label}”应为日期，如2026-03-02。"), label=label),
        },
    )
    if today:
        field.initial = timezone.localdate
    return field


def int_field(
    label: Any,
    *,
    required: bool = True,
    min_value: int | None = None,
    max_value: int | None = None,
    **kw: Any,
) -> forms.IntegerField:
    if min_value is not None and max_value is not None:
        bounds = format_lazy(
            gettext_lazy("“{label}”应为{low}至{high}之间的整数。"), label=label, low=min_value, high=max_value
        )
    else:
        bounds = format_lazy(gettext_lazy("“{label}”应为正整数。"), label=label)
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=min_value,
        max_value=max_value,
        error_messages={
            "required": format_lazy(gettext_lazy("请填写“{label}”。"), label=label),
            "invalid": bounds,
            "min_value": bounds,
            "max_value": bounds,
        },
        **kw,
    )


def choice_field(label: Any, choices: Any, *, required: bool = True, **kw: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=choices,
        error_messages={
            "required": format_lazy(gettext_lazy("请选择“{label}”。"), label=label),
            "invalid_choice": format_lazy(gettext_lazy("“{label}”：请从列表中选择。"), label=label),
        },
        **kw,
    )


def text_field(
    label: Any, *, required: bool = True, max_length: int | None = None, rows: int = 0, **kw: Any
) -> forms.CharField:
    messages = {"required": format_lazy(gettext_lazy("请填写“{label}”。"), label=label)}
    if max_length:
        messages["max_length"] = format_lazy(
            gettext_lazy("“{label}”最多{n}个字。"), label=label, n=max_length
        )
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(
        label=label, required=required, max_length=max_length, widget=widget, error_messages=messages, **kw
    )


# --- The queue's filters --------------------------------------------------------------------------------

DUE_CHOICES = [
    BLANK,
    (DueStatus.OVERDUE.value, DueStatus.OVERDUE.label),
    (DueStatus.DUE_SOON.value, DueStatus.DUE_SOON.label),
    (DueStatus.NOT_DUE.value, DueStatus.NOT_DUE.label),
    (PENDING_RECEIPT, gettext_lazy("待确认收到")),
]


class QueueFilterForm(forms.Form):
    """案件队列's filters (GET): a value that is not on the list is reported and ignored."""

    q = forms.CharField(
        label=gettext_lazy("搜索"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("申请编号、所需信息或申请人")}),
    )
    org = choice_field(gettext_lazy("受理机关"), [], required=False)
    status = choice_field(gettext_lazy("状态"), [BLANK, *CaseStatus.choices], required=False)
    due = choice_field(gettext_lazy("到期状态"), DUE_CHOICES, required=False)
    handler = choice_field(gettext_lazy("经办人"), [], required=False)
    channel = choice_field(gettext_lazy("申请渠道"), [BLANK, *Channel.choices], required=False)
    applicant_kind = choice_field(gettext_lazy("申请人类型"), [BLANK, *ApplicantKind.choices], required=False)
    year = choice_field(gettext_lazy("年度"), [], required=False)

    def __init__(self, *args: Any, orgs: list[Any], handlers: list[Any], years: list[int], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.orgs = {str(org.pk): org for org in orgs}
        self.fields["org"].choices = [BLANK, *((str(org.pk), org.name) for org in orgs)]  # type: ignore[attr-defined]
        self.fields["handler"].choices = [  # type: ignore[attr-defined]
            BLANK,
            (UNASSIGNED, _("未分配")),
            *((str(user.pk), str(user)) for user in handlers),
        ]
        self.fields["year"].choices = [BLANK, *((str(year), str(year)) for year in years)]  # type: ignore[attr-defined]

    def filters(self) -> QueueFilters:
        """The valid filters (an invalid one is dropped, its error shown)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        year = data.get("year") or ""
        return QueueFilters(
            org=self.orgs.get(data.get("org") or ""),
            status=data.get("status") or "",
            due=data.get("due") or "",
            handler=data.get("handler") or "",
            channel=data.get("channel") or "",
            applicant_kind=data.get("applicant_kind") or "",
            year=int(year) if year else None,
            q=(data.get("q") or "").strip(),
        )


# --- Actions on a case (one form each; ``setup`` receives the case file) -----------------------------


class CaseActionForm(forms.Form):
    """Base of the action forms: ``case_file`` (gongkai.foi.workbench.selectors.CaseFile) gives the
    choices that depend on the case (its handlers, open consultations, pending appeals …)."""

    def __init__(self, *args: Any, case_file: Any = None, choices: dict[str, Any] | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self.case_file = case_file
        self.setup(case_file, choices or {})

    def setup(self, case_file: Any, choices: dict[str, Any]) -> None:
        """Fill choices that depend on the case."""


class OnDateForm(CaseActionForm):
    """Actions that are only a date (收到补正, 缴纳费用, 撤回申请 …)."""

    on = date_field(gettext_lazy("日期"))


class ConfirmForm(CaseActionForm):
    on = date_field(
        gettext_lazy("收到申请日期"),
        help_text=gettext_lazy(
            "条例第三十一条：邮寄需签收的，以签收之日为准；平常信函，以政府信息公开工作机构与申请人确认之日为准"
            "（应于收到当日确认）；传真、电子邮件，以双方确认之日为准。"
        ),
    )


class AssignForm(CaseActionForm):
    handler = choice_field(
        gettext_lazy("经办人"), [], help_text=gettext_lazy("本机构的依申请公开经办人或负责人。")
    )

    def setup(self, case_file: Any, choices: dict[str, Any]) -> None:
        handlers = choices.get("handlers", [])
        self.handlers = {str(user.pk): user for user in handlers}
        self.fields["handler"].choices = [BLANK, *((str(u.pk), str(u)) for u in handlers)]  # type: ignore[attr-defined]
        if case_file is not None and case_file.case.handler_id:
            self.fields["handler"].initial = str(case_file.case.handler_id)

    def chosen_handler(self) -> Any:
        return self.handlers.get(self.cleaned_data["handler"])


class CorrectionRequestForm(CaseActionForm):
    on = date_field(gettext_lazy("告知补正日期"), help_text=gettext_lazy("补正告知书发出之日。"))
    items = text_field(
        gettext_lazy("需要补正的事项"),
        rows=3,
        max_length=2000,
        help_text=gettext_lazy("条例第三十条：一次性告知申请人需要补正的事项。"),
    )
    period_workdays = int_field(
        gettext_lazy("补正期限（工作日）"),
        min_value=1,
        max_value=60,
        help_text=gettext_lazy("合理的补正期限，逾期无正当理由不补正的视为放弃申请（条例第三十条）。"),
    )

    def setup(self, case_file: Any, choices: dict[str, Any]) -> None:
        self.fields["period_workdays"].initial = rule("FOI_CORRECTION_PERIOD_WORKDAYS")


class ConsultationStartForm(CaseActionForm):
    on = date_field(gettext_lazy("发函日期"))
    party = choice_field(gettext_lazy("征求对象类型"), [BLANK, *ConsultationParty.choices])
    addressee = text_field(
        gettext_lazy("征求对象"),
        max_length=200,
        help_text=gettext_lazy("第三方或其他机关的名称；对方应自收到征求意见函之日起15个工作日内答复。"),
    )


class ConsultationEndForm(CaseActionForm):
    on = date_field(gettext_lazy("收到意见日期"))
    consultation = choice_field(gettext_lazy("征求意见"), [])
    answer = choice_field(gettext_lazy("意见"), [BLANK, *ConsultationAnswer.choices])
    answer_summary = text_field(gettext_lazy("意见摘要"), required=False, rows=3, max_length=2000)

    def setup(self, case_file: Any, choices: dict[str, Any]) -> None:
        open_ones = case_file.open_consultations if case_file is not None else []
        self.fields["consultation"].choices = [  # type: ignore[attr-defined]
            (str(c.pk), f"{c.get_party_display()}：{c.addressee or '—'}（{c.started_on:%Y-%m-%d}发函）")
            for c in open_ones
        ]


class ExtensionForm(CaseActionForm):
    on = date_field(gettext_lazy("负责人同意日期"))
    workdays = int_field(gettext_lazy("延长工作日数"), min_value=1, max_value=20)
    reason = text_field(
        gettext_lazy("延期理由"),
        rows=3,
        max_length=1000,
        help_text=gettext_lazy(
            "条例第三十三条第二款：经政府信息公开工作机构负责人同意并告知申请人，最长20个工作日，只能延长一次。"
        ),
    )

    def setup(self, case_file: Any, choices: dict[str, Any]) -> None:
        # 条例第三十三条第二款: at most 20 working days (the setting may say otherwise).
        most = rule("FOI_MAX_EXTENSION_WORKDAYS")
        self.fields["workdays"] = int_field(gettext_lazy("延长工作日数"), min_value=1, max_value=most)


class FeeNoticeForm(CaseActionForm):
    on = date_field(gettext_lazy("通知日期"))
    method = choice_field(
        gettext_lazy("计收方式"),
        [BLANK, *FeeMethod.choices],
        help_text=gettext_lazy("国办函〔2020〕109号：按件或按量，一件申请只能选择一种。"),
    )
    pages = int_field(
        gettext_lazy("页数"),
        required=False,
        min_value=1,
        help_text=gettext_lazy("按量计收时必填；金额按109号第五条的标准自动计算。"),
    )


class CustomDueForm(CaseActionForm):
    on = date_field(gettext_lazy("决定日期"))
    due_on = date_field(gettext_lazy("答复期限"), today=False)
    reason = text_field(
        gettext_lazy("理由"),
        rows=3,
        max_length=1000,
        help_text=gettext_lazy(
            "条例第三十五条：申请数量、频次明显超过合理范围，确定延迟答复的合理期限并告知申请人。"
        ),
    )


# The rows of section 三 of the annual report (statutory.md §3.3), each outcome under its heading.
OUTCOME_SECTIONS: list[tuple[str, Any]] = [
    ("disclosed", gettext_lazy("（一）予以公开")),
    ("partially_disclosed", gettext_lazy("（二）部分公开")),
    ("withheld", gettext_lazy("（三）不予公开")),
    ("unavailable", gettext_lazy("（四）无法提供")),
    ("not_processed", gettext_lazy("（五）不予处理")),
    ("other", gettext_lazy("（六）其他处理")),
]


def outcome_choices() -> list[Any]:
    """The reply's outcomes grouped by the report's sections; the lapses are their own events."""
    groups: list[Any] = [BLANK]
    for prefix, heading in OUTCOME_SECTIONS:
        options = [
            (value, label)
            for value, label in Outcome.choices
            if value.split(".")[0] == prefix and value not in LAPSE_OUTCOMES
        ]
        groups.append((heading, options))
    return groups


class ReplyForm(CaseActionForm):
    on = date_field(gettext_lazy("答复日期"), help_text=gettext_lazy("答复告知书出具之日。"))
    outcome = choice_field(
        gettext_lazy("处理结果"),
        [],
        help_text=gettext_lazy("按年度报告第三部分的统计口径选择一项；部分公开的只计部分公开。"),
    )

    def setup(self, case_file: Any, choices: dict[str, Any]) -> None:
        self.fields["outcome"].choices = outcome_choices()  # type: ignore[attr-defined]


class ConfirmOnlyForm(CaseActionForm):
    """An action without input (归档)."""


class AppealAddForm(CaseActionForm):
    kind = choice_field(gettext_lazy("类型"), [BLANK, *AppealKind.choices])
    filed_on = date_field(gettext_lazy("申请或起诉日期"))
    result = choice_field(
        gettext_lazy("结果"),
        [("", gettext_lazy("尚未审结")), *AppealResult.choices],
        required=False,
    )
    decided_on = date_field(gettext_lazy("决定或判决日期"), required=False, today=False)
    note = text_field(gettext_lazy("备注"), required=False, rows=2, max_length=2000)


class AppealDecideForm(CaseActionForm):
    appeal = choice_field(gettext_lazy("复议诉讼"), [])
    result = choice_field(gettext_lazy("结果"), [BLANK, *AppealResult.choices])
    decided_on = date_field(gettext_lazy("决定或判决日期"))

    def setup(self, case_file: Any, choices: dict[str, Any]) -> None:
        pending = case_file.pending_appeals if case_file is not None else []
        self.appeals = {str(a.pk): a for a in pending}
        self.fields["appeal"].choices = [  # type: ignore[attr-defined]
            (str(a.pk), f"{a.get_kind_display()}（{a.filed_on:%Y-%m-%d}）") for a in pending
        ]


class TransferForm(CaseActionForm):
    to_org = choice_field(
        gettext_lazy("转办机关"),
        [],
        help_text=gettext_lazy("本平台的其他机关；案件保留原申请编号和期限，由接收机关在原答复期限内答复。"),
    )
    reason = text_field(gettext_lazy("转办理由"), rows=2, max_length=1000)

    def setup(self, case_file: Any, choices: dict[str, Any]) -> None:
        orgs = choices.get("orgs", [])
        self.orgs = {str(org.pk): org for org in orgs}
        self.fields["to_org"].choices = [BLANK, *((str(o.pk), o.name) for o in orgs)]  # type: ignore[attr-defined]


class NoteForm(CaseActionForm):
    text = text_field(
        gettext_lazy("办理意见"),
        rows=3,
        max_length=5000,
        help_text=gettext_lazy("仅本机构工作人员可见，不会出现在答复或查询页面中。"),
    )


# --- 登记申请 ---------------------------------------------------------------------------------------------

# 条例第三十一条, channel by channel: what the receipt date is (the help under 收到申请日期).
RECEIPT_RULES: list[tuple[str, Any]] = [
    (Channel.IN_PERSON, gettext_lazy("当面提交：以提交之日为收到申请之日，无需另填。")),
    (Channel.POST_SIGNED, gettext_lazy("邮寄（需签收）：以本机关签收之日为收到申请之日。")),
    (
        Channel.POST_ORDINARY,
        gettext_lazy(
            "平常信函：以政府信息公开工作机构与申请人确认之日为收到申请之日，应于收到信函当日与申请人确认；"
            "尚未确认的，留空，确认后在案件页“确认收到申请”。"
        ),
    ),
    (
        Channel.FAX,
        gettext_lazy("传真：以双方确认之日为收到申请之日；尚未确认的，留空，确认后在案件页“确认收到申请”。"),
    ),
    (
        Channel.EMAIL,
        gettext_lazy(
            "电子邮件：以双方确认之日为收到申请之日；尚未确认的，留空，确认后在案件页“确认收到申请”。"
        ),
    ),
]

STAFF_CHANNELS = [(value, label) for value, label in Channel.choices if value != Channel.ONLINE]


def id_type_choices() -> list[Any]:
    """身份证明 document types (条例第二十九条第二款第一项)."""
    return [BLANK, *IdType.choices]


class IntakeForm(forms.Form):
    """登记申请: an application received in person, by post, fax or e-mail (条例第二十九条), typed in by staff
    from the paper, with the scans. The fields are those of the API's ApplicantData and CaseIn."""

    org = choice_field(gettext_lazy("受理机关"), [])
    channel = choice_field(gettext_lazy("申请渠道"), [BLANK, *STAFF_CHANNELS])
    submitted_on = date_field(
        gettext_lazy("提交日期"), help_text=gettext_lazy("申请人当面提交、寄出、发送传真或电子邮件之日。")
    )
    received_on = date_field(
        gettext_lazy("收到申请日期"),
        required=False,
        today=False,
        help_text=gettext_lazy(
            "条例第三十一条，按申请渠道确定（见下）。留空的，案件待确认，答复期限尚未起算。"
        ),
    )

    applicant_kind = choice_field(gettext_lazy("申请人类型"), [BLANK, *ApplicantKind.choices])
    applicant_name = text_field(gettext_lazy("申请人姓名或名称"), max_length=100)
    applicant_id_type = choice_field(gettext_lazy("证件类型"), [], required=False)
    applicant_id_number = text_field(gettext_lazy("证件号码"), required=False, max_length=40)
    applicant_credit_code = text_field(
        gettext_lazy("统一社会信用代码"),
        required=False,
        max_length=18,
        help_text=gettext_lazy("法人或其他组织填写。"),
    )
    applicant_legal_representative = text_field(
        gettext_lazy("法定代表人或负责人"), required=False, max_length=50
    )
    applicant_contact_name = text_field(gettext_lazy("联系人"), required=False, max_length=50)
    applicant_phone = text_field(gettext_lazy("联系电话"), required=False, max_length=30)
    applicant_email = text_field(gettext_lazy("电子邮箱"), required=False, max_length=254)
    applicant_address = text_field(gettext_lazy("通信地址"), required=False, max_length=200)
    applicant_postcode = text_field(gettext_lazy("邮政编码"), required=False, max_length=6)

    info_name = text_field(gettext_lazy("所需信息名称"), required=False, max_length=300)
    info_doc_number = text_field(gettext_lazy("所需信息文号"), required=False, max_length=100)
    description = text_field(
        gettext_lazy("所需信息的特征描述"),
        rows=4,
        max_length=5000,
        help_text=gettext_lazy("条例第二十九条：名称、文号或者便于行政机关查询的其他特征性描述。"),
    )
    form = choice_field(gettext_lazy("信息的指定提供形式"), [BLANK, *InformationForm.choices], required=False)
    delivery = choice_field(gettext_lazy("获取信息的方式"), [BLANK, *Delivery.choices], required=False)

    application_scan = forms.FileField(
        label=gettext_lazy("申请书扫描件"),
        required=False,
        help_text=gettext_lazy("PDF、OFD、图片或Word文件；仅本机构经办人可以查看。"),
    )
    envelope_scan = forms.FileField(
        label=gettext_lazy("信封或签收凭证"),
        required=False,
        help_text=gettext_lazy("邮寄的申请：信封、邮戳或签收凭证，是确定收到申请之日的依据。"),
    )

    APPLICANT_FIELDS = (
        "kind",
        "name",
        "id_type",
        "id_number",
        "credit_code",
        "legal_representative",
        "contact_name",
        "phone",
        "email",
        "address",
        "postcode",
    )

    def __init__(self, *args: Any, orgs: list[Any], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.orgs = {str(org.pk): org for org in orgs}
        self.fields["org"].choices = [BLANK, *((str(o.pk), o.name) for o in orgs)]  # type: ignore[attr-defined]
        if len(orgs) == 1:
            self.fields["org"].initial = str(orgs[0].pk)
        self.fields["applicant_id_type"].choices = id_type_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        channel = data.get("channel")
        submitted: datetime.date | None = data.get("submitted_on")
        if channel == Channel.IN_PERSON and submitted is not None:
            received = data.get("received_on")
            if received is not None and received != submitted:
                self.add_error(
                    "received_on",
                    _(
                        "收到申请日期：当面提交的申请，以提交之日为收到申请之日（条例第三十一条），请留空或填写提交日期。"
                    ),
                )
            data["received_on"] = None
        return data

    def chosen_org(self) -> Any:
        return self.orgs.get(self.cleaned_data["org"])

    def scans(self) -> list[tuple[str, Any]]:
        found = []
        if self.cleaned_data.get("application_scan"):
            found.append((AttachmentKind.APPLICATION.value, self.cleaned_data["application_scan"]))
        if self.cleaned_data.get("envelope_scan"):
            found.append((AttachmentKind.ENVELOPE.value, self.cleaned_data["envelope_scan"]))
        return found


def service_error_field(name: str) -> str:
    """The form field of a service's error key: ``applicant.phone`` → ``applicant_phone``."""
    return name.replace(".", "_")
