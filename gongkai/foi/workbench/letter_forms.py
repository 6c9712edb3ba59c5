"""Forms of the case page's 告知书 section: one draft form per kind of letter (only the fields that kind's
wording uses, named as gongkai.foi.services.letters and LetterContext name them), approval and 送达.

They only collect and check input; foi_letter_draft composes the letter and refuses, with the reason,
what the case's state does not allow or what the letter lacks.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core.rules import rule
from gongkai.foi.choices import LAPSE_OUTCOMES, ConsultationParty, Delivery, FeeMethod, LetterKind, Outcome
from gongkai.foi.workbench.forms import (
    BLANK,
    CaseActionForm,
    choice_field,
    date_field,
    int_field,
    outcome_choices,
    text_field,
)

# Typed by staff at the end of every letter (GB/T 9704-2012: 文号 under the issuer's mark, 附注).
COMMON_FIELDS = ("doc_number", "contact")


def lines(text: str) -> list[str]:
    """One item a line (附件, 补正事项), blank lines dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class LetterDraftForm(CaseActionForm):
    """Base of the draft forms: the kind's own fields first, then 文号 and 联系方式."""

    kind: ClassVar[LetterKind]
    # Fields typed one item a line, handed to the service as a list.
    LINE_FIELDS: ClassVar[tuple[str, ...]] = ()
    # A service error's key (the event's parameter) → the form field it is about.
    SERVICE_FIELDS: ClassVar[dict[str, str]] = {}

    doc_number = text_field(
        gettext_lazy("文号"),
        required=False,
        max_length=60,
        help_text=gettext_lazy("如：示发改依申〔2026〕12号；没有文号的留空。"),
    )
    contact = text_field(
        gettext_lazy("联系人及联系方式"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("印在成文日期下方（附注）。"),
    )

    def setup(self, case_file: Any, choices: dict[str, Any]) -> None:
        for name in COMMON_FIELDS:  # after the kind's own fields
            self.fields[name] = self.fields.pop(name)
        org = case_file.case.org if case_file is not None else None
        if org is not None and org.office_phone:
            office = org.office_name or org.name
            self.fields["contact"].initial = _("联系部门：%(office)s，联系电话：%(phone)s") % {
                "office": office,
                "phone": org.office_phone,
            }
        self.setup_kind(case_file, choices)

    def setup_kind(self, case_file: Any, choices: dict[str, Any]) -> None:
        """Fill what depends on the case or the settings."""

    def letter_fields(self) -> dict[str, Any]:
        """The cleaned input as foi_letter_draft takes it (``fields``)."""
        values: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if name in self.LINE_FIELDS:
                value = lines(value or "")
            if value in (None, "", []):
                continue
            values[name] = value
        return values

    def error_field(self, key: str) -> str | None:
        """The field a service error keyed ``key`` belongs on, None for above the form."""
        name = self.SERVICE_FIELDS.get(key, key)
        return name if name in self.fields else None


class CorrectionLetterForm(LetterDraftForm):
    kind = LetterKind.CORRECTION
    LINE_FIELDS = ("correction_items",)
    SERVICE_FIELDS = {"period_workdays": "correction_workdays", "items": "correction_items"}

    correction_items = text_field(
        gettext_lazy("需要补正的事项"),
        rows=4,
        max_length=2000,
        help_text=gettext_lazy("每行一项。条例第三十条：一次性告知申请人需要补正的事项。"),
    )
    correction_workdays = int_field(
        gettext_lazy("补正期限（工作日）"),
        min_value=1,
        max_value=60,
        help_text=gettext_lazy("合理的补正期限；无正当理由逾期不补正的，视为放弃申请（条例第三十条）。"),
    )

    def setup_kind(self, case_file: Any, choices: dict[str, Any]) -> None:
        self.fields["correction_workdays"].initial = rule("FOI_CORRECTION_PERIOD_WORKDAYS")


class ExtensionLetterForm(LetterDraftForm):
    kind = LetterKind.EXTENSION
    SERVICE_FIELDS = {"workdays": "extension_workdays", "reason": "extension_reason"}

    extension_workdays = int_field(gettext_lazy("延长工作日数"), min_value=1, max_value=20)
    extension_reason = text_field(
        gettext_lazy("延期理由"),
        rows=3,
        max_length=1000,
        help_text=gettext_lazy("写入告知书：“因……，本机关不能在法定期限内作出答复”。"),
    )

    def setup_kind(self, case_file: Any, choices: dict[str, Any]) -> None:
        most = rule("FOI_MAX_EXTENSION_WORKDAYS")  # 条例第三十三条第二款
        self.fields["extension_workdays"] = int_field(
            gettext_lazy("延长工作日数"),
            min_value=1,
            max_value=most,
            help_text=_("最长%(n)d个工作日，只能延长一次（条例第三十三条第二款）。") % {"n": most},
        )


class ConsultationLetterForm(LetterDraftForm):
    kind = LetterKind.CONSULTATION
    SERVICE_FIELDS = {"party": "consultation_party_kind", "addressee": "consulted_party"}

    consultation_party_kind = choice_field(
        gettext_lazy("征求对象类型"),
        [BLANK, *ConsultationParty.choices],
        help_text=gettext_lazy("第三方：条例第三十二条；共同制作信息的其他机关：第三十四条。"),
    )
    consulted_party = text_field(
        gettext_lazy("被征求意见方"),
        max_length=200,
        help_text=gettext_lazy("征求意见函的主送单位或个人；申请人的姓名不写入此函。"),
    )


class FeeLetterForm(LetterDraftForm):
    kind = LetterKind.FEE
    SERVICE_FIELDS = {"method": "fee_method", "pages": "fee_pages"}

    fee_method = choice_field(
        gettext_lazy("计收方式"),
        [BLANK, *FeeMethod.choices],
        help_text=gettext_lazy("国办函〔2020〕109号：按件或按量，一件申请只能选择一种；金额按标准自动计算。"),
    )
    fee_pages = int_field(
        gettext_lazy("页数"),
        required=False,
        min_value=1,
        help_text=gettext_lazy("按量计收时必填。"),
    )
    fee_payment_instructions = text_field(
        gettext_lazy("缴纳方式"),
        rows=2,
        max_length=1000,
        help_text=gettext_lazy("收款账户、缴款码或缴费地点等。"),
    )

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("fee_method") == FeeMethod.PER_PAGE and not data.get("fee_pages"):
            self.add_error("fee_pages", _("“页数”：按量计收时必填（国办函〔2020〕109号第五条）。"))
        return data


class CustomDueLetterForm(LetterDraftForm):
    kind = LetterKind.CUSTOM_DUE
    SERVICE_FIELDS = {"due_on": "custom_due", "reason": "custom_due_reason"}

    custom_due = date_field(gettext_lazy("延迟答复的期限"), today=False)
    custom_due_reason = text_field(
        gettext_lazy("延迟答复理由"),
        rows=3,
        max_length=1000,
        help_text=gettext_lazy(
            "条例第三十五条：申请数量、频次明显超过合理范围，申请人说明的理由合理，但无法在法定期限内答复的。"
        ),
    )


# The reply's own fields each outcome's wording uses (gongkai.foi.letters.replies); the page shows only
# these once an outcome is chosen. 理由 is offered for every outcome: the letter adds it after the finding.
REPLY_OPTIONAL_FIELDS = [
    "reasons",
    "public_location",
    "disclosure_manner",
    "attachments",
    "responsible_agency",
    "responsible_agency_contact",
    "other_channel",
    "previous_reply",
    "other_basis",
]
REPLY_FIELDS_BY_OUTCOME: dict[str, list[str]] = {
    outcome.value: ["reasons"] for outcome in Outcome if outcome not in LAPSE_OUTCOMES
}
REPLY_FIELDS_BY_OUTCOME.update(
    {
        Outcome.DISCLOSED.value: ["reasons", "public_location", "disclosure_manner", "attachments"],
        Outcome.PARTIALLY_DISCLOSED.value: ["reasons", "disclosure_manner", "attachments"],
        Outcome.WITHHELD_QUERY_MATTER.value: ["reasons", "responsible_agency"],
        Outcome.UNAVAILABLE_NOT_HELD.value: ["reasons", "responsible_agency", "responsible_agency_contact"],
        Outcome.NOT_PROCESSED_PETITION.value: ["reasons", "other_channel"],
        Outcome.NOT_PROCESSED_DUPLICATE.value: ["reasons", "previous_reply"],
        Outcome.NOT_PROCESSED_PUBLICATION.value: ["reasons", "public_location"],
        Outcome.OTHER_OTHER.value: ["reasons", "other_basis"],
    }
)


class ReplyLetterForm(LetterDraftForm):
    kind = LetterKind.REPLY
    LINE_FIELDS = ("attachments",)

    outcome = choice_field(
        gettext_lazy("处理结果"),
        [],
        help_text=gettext_lazy("按年度报告第三部分的统计口径选择一项；告知书按所选结果引用条例条款。"),
    )
    reasons = text_field(
        gettext_lazy("理由"),
        required=False,
        rows=3,
        max_length=3000,
        help_text=gettext_lazy("本案的具体理由；部分公开和“其他处理：其他”必填，不予公开的应当说明。"),
    )
    public_location = text_field(
        gettext_lazy("已公开的位置"),
        required=False,
        max_length=300,
        help_text=gettext_lazy(
            "已主动公开的（第三十六条第（一）项）或公开出版物（第三十九条第二款）：获取的途径。"
        ),
    )
    disclosure_manner = text_field(
        gettext_lazy("提供方式"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("予以公开、部分公开的：如“以电子邮件方式提供”；留空时写“随本告知书提供”。"),
    )
    attachments = text_field(
        gettext_lazy("附件"),
        required=False,
        rows=3,
        max_length=2000,
        help_text=gettext_lazy("随告知书提供的文件名称，每行一个。"),
    )
    responsible_agency = text_field(
        gettext_lazy("负责公开的机关"),
        required=False,
        max_length=200,
        help_text=gettext_lazy(
            "不属于本机关负责公开的（第三十六条第（五）项），或行政查询事项的办理机关（第三十六条第（七）项）。"
        ),
    )
    responsible_agency_contact = text_field(gettext_lazy("该机关的联系方式"), required=False, max_length=200)
    other_channel = text_field(
        gettext_lazy("信访、投诉、举报渠道"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("以申请形式信访、投诉、举报的（第三十九条第一款）。"),
    )
    previous_reply = text_field(
        gettext_lazy("此前的答复"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("重复申请的（第三十六条第（六）项）：此前答复的日期和文号。"),
    )
    other_basis = text_field(
        gettext_lazy("其他处理的依据"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("“其他处理：其他”的依据，如申请人撤回申请。"),
    )

    class Media:
        js = ["foi/letter_form.js"]

    def setup_kind(self, case_file: Any, choices: dict[str, Any]) -> None:
        self.fields["outcome"].choices = outcome_choices()  # type: ignore[attr-defined]
        attrs = self.fields["outcome"].widget.attrs
        attrs["data-gk-outcome-fields"] = json.dumps(REPLY_FIELDS_BY_OUTCOME)
        attrs["data-gk-optional-fields"] = json.dumps(REPLY_OPTIONAL_FIELDS)


class TransferLetterForm(LetterDraftForm):
    kind = LetterKind.TRANSFER

    transfer_target = text_field(
        gettext_lazy("转办机关"),
        max_length=200,
        help_text=gettext_lazy("告知书写明的负责公开该政府信息的机关，即接收转办的本机关。"),
    )
    transfer_target_contact = text_field(gettext_lazy("转办机关的联系方式"), required=False, max_length=200)

    def setup_kind(self, case_file: Any, choices: dict[str, Any]) -> None:
        if case_file is None:
            return
        org = case_file.case.org
        self.fields["transfer_target"].initial = org.name
        if org.office_phone:
            self.fields["transfer_target_contact"].initial = org.office_phone


DRAFT_FORMS: dict[str, type[LetterDraftForm]] = {
    form.kind.value: form
    for form in (
        CorrectionLetterForm,
        ExtensionLetterForm,
        ConsultationLetterForm,
        FeeLetterForm,
        CustomDueLetterForm,
        ReplyLetterForm,
        TransferLetterForm,
    )
}


class LetterApproveForm(forms.Form):
    """审批: nothing to type; the head's click is the approval (and, for 延期, the 负责人同意)."""


class LetterDiscardForm(forms.Form):
    """作废: why a letter that has not gone out will not go out (kept on the case's record)."""

    reason = text_field(
        gettext_lazy("作废原因"),
        max_length=200,
        help_text=gettext_lazy("例如：内容有误需重新拟制；情况变化不再需要。作废后可重新拟制同类文书。"),
    )


class LetterSendForm(forms.Form):
    """送达: when and how the approved letter reached its addressee."""

    on = date_field(
        gettext_lazy("送达日期"),
        help_text=gettext_lazy("告知书发出之日；其所带的办理事项（补正、延期、答复等）记在这一天。"),
    )
    delivery = choice_field(gettext_lazy("送达方式"), [BLANK, *Delivery.choices])
    tracking_number = text_field(
        gettext_lazy("邮件号码"),
        required=False,
        max_length=60,
        help_text=gettext_lazy("邮寄送达时必填，以便查证送达日期。"),
    )
    note = text_field(gettext_lazy("送达说明"), required=False, max_length=200)

    def __init__(self, *args: Any, case: Any = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        if case is not None and case.delivery in Delivery.values:
            self.fields["delivery"].initial = case.delivery

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("delivery") == Delivery.POST and not (data.get("tracking_number") or "").strip():
            self.add_error("tracking_number", _("“邮件号码”：邮寄送达时必填，以便查证送达日期。"))
        return data
