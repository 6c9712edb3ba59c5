"""The content of a letter of disclosure on request (依申请公开, statutory.md §3): what a letter needs
(:class:`LetterContext`), the composed letter (:class:`Letter`) and :func:`compose_letter`.

Pure: no models, no database. The case services fill a :class:`LetterContext` from a case and render the
result with :func:`gongkai.foi.letters.docx.render_docx` or :func:`gongkai.foi.letters.text.render_text`.
The numbers the letters quote are settings read through :func:`gongkai.core.rules.rule`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from gongkai.core.rules import rule
from gongkai.foi.choices import ConsultationParty, FeeMethod, LetterKind, Outcome
from gongkai.foi.letters import notices, replies
from gongkai.foi.letters.wording import Body, clause, cn_date, required

SEAL_PLACEHOLDER = "（印章）"

# Letters that are decisions affecting the applicant: they state the remedies of 条例第五十一条.
REMEDY_KINDS = frozenset({LetterKind.REPLY, LetterKind.FEE, LetterKind.CUSTOM_DUE, LetterKind.CORRECTION})


@dataclass(frozen=True)
class LetterContext:
    """Everything a letter of a case says; the fields a kind does not use stay empty."""

    issuer: str  # 发文机关: the organization that signs the letter
    applicant_name: str  # 申请人, the addressee of every letter but the consultation letter
    case_number: str  # 申请编号
    received_on: date  # 收到申请之日 (条例第三十一条)
    request_description: str  # 申请公开的政府信息的名称、文号或者特征性描述 (条例第二十九条)
    letter_date: date  # 成文日期
    issuer_mark: str = ""  # 发文机关标志; the issuer's name when empty (信函格式, GB/T 9704-2012 10.1)
    doc_number: str = ""  # 文号, e.g. 示发改依申〔2026〕12号
    contact: str = ""  # 联系人及联系方式, printed after the body
    attachments: tuple[str, ...] = ()  # 附件 names, e.g. the documents disclosed
    # Remedies (条例第五十一条), configured per organization.
    reconsideration_body: str = ""  # 行政复议机关
    court: str = ""  # the 人民法院 of 行政诉讼
    # 补正 (条例第三十条)
    correction_items: tuple[str, ...] = ()  # 需要补正的事项
    correction_workdays: int | None = None  # 补正期限; the setting FOI_CORRECTION_PERIOD_WORKDAYS when None
    correction_due: date | None = None  # the day the period ends
    # 延期 (条例第三十三条第二款)
    extension_workdays: int | None = None
    extension_reason: str = ""
    new_due: date | None = None
    # 征求意见 (条例第三十二条 第三方, 第三十四条 其他机关)
    consulted_party: str = ""  # the addressee of the consultation letter
    consultation_party_kind: ConsultationParty = ConsultationParty.THIRD_PARTY
    consultation_answer_by: date | None = None
    # 信息处理费 (条例第四十二条, 国办函〔2020〕109号)
    fee_method: FeeMethod | None = None
    fee_quantity: int | None = None  # 件 in the natural month (按件) or 页 (按量)
    fee_standard: str = ""  # the standard as the notice states it; the national one when empty
    fee_amount: Decimal | None = None  # 元
    fee_payment_due: date | None = None
    fee_payment_instructions: str = ""  # 缴纳方式: account, payment code, counter …
    # 答复 (条例第三十六条 to 第三十九条)
    outcome: Outcome | None = None
    reasons: str = ""  # the reasons of this case, in the staff's words
    public_location: str = ""  # where it is already public (第三十六条(一)) or published (第三十九条第二款)
    disclosure_manner: str = ""  # how and when it is provided (第三十六条(二), 第三十七条)
    responsible_agency: str = ""  # 第三十六条(五); for 第三十六条(七) the registration authority
    responsible_agency_contact: str = ""
    other_channel: str = ""  # the 信访、投诉、举报 channel for 第三十九条第一款
    previous_reply: str = ""  # the earlier reply of a repeated application (第三十六条(六))
    other_basis: str = ""  # the basis of other.other, e.g. the applicant's withdrawal
    # 第三十五条
    custom_due: date | None = None
    custom_due_reason: str = ""
    # 转办
    transfer_target: str = ""
    transfer_target_contact: str = ""
    transferred_on: date | None = None
    # The reply date the receiving agency keeps when the platform hands the case on with its dates
    # (gongkai.foi.services.transfer); empty for a transfer whose period starts at the other agency.
    transfer_reply_due: date | None = None


@dataclass(frozen=True)
class Letter:
    """A composed letter, ready to render: the parts in the order a 公文 prints them."""

    kind: LetterKind
    title: str  # 标题
    addressee: str  # 主送: the name followed by a full-width colon
    paragraphs: list[str]  # 正文, without indent
    basis: str  # the legal basis the letter cites
    remedies: str  # 条例第五十一条 paragraph, empty for letters that are not decisions
    closing: str  # 特此告知。/ 特此通知。/ 请予函复。, the last line of the body
    signature_org: str  # 发文机关署名
    date: str  # 成文日期, 2026年3月2日
    seal: str = SEAL_PLACEHOLDER
    issuer_mark: str = ""  # 发文机关标志
    doc_number: str = ""  # 文号
    contact: str = ""
    attachments: list[str] = field(default_factory=list)
    outcome: Outcome | None = None


def remedies_paragraph(kind: LetterKind, ctx: LetterContext) -> str:
    """The remedies of 条例第五十一条: 行政复议 within the days of 《行政复议法》第二十条, 行政诉讼 within the
    months of 《行政诉讼法》第四十六条, before the bodies the organization configured."""
    rule_text = _("决定类告知书须写明救济途径（条例第五十一条）")
    required(
        ctx.reconsideration_body.strip(),
        field_name=_("行政复议机关"),
        rule=rule_text + _("，请填写复议机关名称。"),
    )
    required(
        ctx.court.strip(), field_name=_("人民法院"), rule=rule_text + _("，请填写受理行政诉讼的法院名称。")
    )
    if kind == LetterKind.REPLY:
        act, document = _("本答复"), _("本告知书")
    elif kind == LetterKind.FEE:
        act, document = _("本收费决定"), _("本通知书")
    else:
        act, document = _("本告知"), _("本告知书")
    return _(
        "如对%(act)s不服，可以在收到%(document)s之日起%(days)d日内向%(body)s申请行政复议，"
        "或者在%(months)d个月内向%(court)s提起行政诉讼。"
    ) % {
        "act": act,
        "document": document,
        "days": rule("FOI_RECONSIDERATION_DAYS"),
        "body": clause(ctx.reconsideration_body),
        "months": rule("FOI_LITIGATION_MONTHS"),
        "court": clause(ctx.court),
    }


def _body(kind: LetterKind, ctx: LetterContext) -> Body:
    if kind == LetterKind.REPLY:
        return replies.reply_body(ctx)
    if kind == LetterKind.CORRECTION:
        return notices.correction_body(ctx)
    if kind == LetterKind.EXTENSION:
        return notices.extension_body(ctx)
    if kind == LetterKind.CONSULTATION:
        return notices.consultation_body(ctx)
    if kind == LetterKind.FEE:
        return notices.fee_body(ctx)
    if kind == LetterKind.CUSTOM_DUE:
        return notices.custom_due_body(ctx)
    if kind == LetterKind.TRANSFER:
        return notices.transfer_body(ctx)
    raise ValueError(_("“文书种类”：不支持的文书种类 %(kind)s。") % {"kind": kind})


def compose_letter(kind: LetterKind | str, ctx: LetterContext) -> Letter:
    """The letter of ``kind`` for the case in ``ctx``, with its legal basis and, for a decision affecting
    the applicant (:data:`REMEDY_KINDS`), the remedies. Raises ValueError (a Chinese message naming the
    field and the rule) when ``ctx`` lacks what the kind requires."""
    try:
        kind = LetterKind(kind)
    except ValueError:
        raise ValueError(_("“文书种类”：不支持的文书种类 %(kind)s。") % {"kind": kind}) from None
    required(ctx.issuer.strip(), field_name=_("发文机关"), rule=_("告知书须写明作出告知的行政机关。"))
    required(ctx.applicant_name.strip(), field_name=_("申请人"), rule=_("告知书须写明申请人的姓名或者名称。"))
    body = _body(kind, ctx)
    remedies = remedies_paragraph(kind, ctx) if kind in REMEDY_KINDS else ""
    addressee = body.addressee or ctx.applicant_name
    return Letter(
        kind=kind,
        title=body.title,
        addressee=clause(addressee) + "：",
        paragraphs=body.paragraphs,
        basis=body.basis,
        remedies=remedies,
        closing=body.closing,
        signature_org=ctx.issuer.strip(),
        date=cn_date(ctx.letter_date),
        seal=_("（印章）"),
        issuer_mark=ctx.issuer_mark.strip() or ctx.issuer.strip(),
        doc_number=ctx.doc_number.strip(),
        contact=ctx.contact.strip(),
        attachments=[a.strip() for a in ctx.attachments if a.strip()],
        outcome=ctx.outcome if kind == LetterKind.REPLY else None,
    )
