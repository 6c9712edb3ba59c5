"""The wording of the letters sent while a case runs: 补正 (条例第三十条), 延期 (第三十三条第二款), 征求意见
(第三十二条, 第三十四条), 收费 (第四十二条, 国办函〔2020〕109号), 延迟答复 (第三十五条) and 转办."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from gongkai.core.rules import rule
from gongkai.foi.choices import ConsultationParty, FeeMethod
from gongkai.foi.letters.wording import (
    Body,
    case_ref,
    clause,
    cn_date,
    fee_measures,
    numbered,
    regulation,
    required,
    sentence,
)

if TYPE_CHECKING:
    from gongkai.foi.letters.content import LetterContext


def _intro(ctx: LetterContext) -> str:
    return _(
        "本机关于%(received)s收到您提出的政府信息公开申请%(ref)s，您申请获取“%(description)s”的政府信息。"
    ) % {
        "received": cn_date(ctx.received_on),
        "ref": case_ref(ctx.case_number),
        "description": clause(ctx.request_description),
    }


def _according_to(articles: str) -> str:
    return _("根据%(regulation)s%(articles)s的规定") % {"regulation": regulation(), "articles": articles}


def correction_body(ctx: LetterContext) -> Body:
    """补正告知书 (条例第三十条): what to correct, the period, and the lapse if nothing comes."""
    required(
        ctx.correction_items,
        field_name=_("补正事项"),
        rule=_("补正告知书须一次性说明需要补正的事项（条例第三十条）。"),
    )
    workdays = (
        rule("FOI_CORRECTION_PERIOD_WORKDAYS") if ctx.correction_workdays is None else ctx.correction_workdays
    )
    if workdays < 1:
        raise ValueError(_("“补正期限”：补正期限须为合理的工作日数（条例第三十条），至少1个工作日。"))
    first = _intro(ctx) + _(
        "经审查，您的申请内容不明确，本机关无法据此确定您所申请的政府信息。"
        "%(according)s，请您对下列事项作出补正："
    ) % {"according": _according_to(_("第三十条"))}
    if ctx.correction_due:
        period = _("补正期限为%(n)d个工作日，请您于%(due)s前向本机关提交补正后的申请。") % {
            "n": workdays,
            "due": cn_date(ctx.correction_due),
        }
    else:
        period = _(
            "补正期限为%(n)d个工作日，请您自收到本告知书之日起%(n)d个工作日内向本机关提交补正后的申请。"
        ) % {"n": workdays}
    lapse = _(
        "答复期限自本机关收到补正的申请之日起计算。您无正当理由逾期不补正的，视为放弃申请，"
        "本机关将不再处理该政府信息公开申请。"
    )
    return Body(
        title=_("政府信息公开申请补正告知书"),
        paragraphs=[first, *numbered(ctx.correction_items), period + lapse],
        closing=_("特此告知。"),
        basis=regulation() + _("第三十条"),
    )


def extension_body(ctx: LetterContext) -> Body:
    """延期答复告知书 (条例第三十三条第二款): approved by the head of the disclosure office, at most the
    setting FOI_MAX_EXTENSION_WORKDAYS, with the new due date."""
    most = rule("FOI_MAX_EXTENSION_WORKDAYS")
    workdays = ctx.extension_workdays
    if workdays is None or not 1 <= workdays <= most:
        raise ValueError(
            _("“延长期限”：延长的期限须为1至%(most)d个工作日（条例第三十三条第二款）。") % {"most": most}
        )
    required(ctx.new_due, field_name=_("延期后的答复期限"), rule=_("延期答复告知书须写明新的答复期限。"))
    assert ctx.new_due is not None
    reason = clause(ctx.extension_reason)
    cannot = _("本机关不能在法定期限内作出答复。")
    if reason:
        cannot = _("因%(reason)s，本机关不能在法定期限内作出答复。") % {"reason": reason}
    decision = _(
        "经本机关政府信息公开工作机构负责人同意，%(according)s，答复期限延长%(n)d个工作日，"
        "本机关将于%(due)s前向您作出答复。"
    ) % {"according": _according_to(_("第三十三条第二款")), "n": workdays, "due": cn_date(ctx.new_due)}
    return Body(
        title=_("政府信息公开申请延期答复告知书"),
        paragraphs=[_intro(ctx), cannot + decision],
        closing=_("特此告知。"),
        basis=regulation() + _("第三十三条第二款"),
    )


def consultation_body(ctx: LetterContext) -> Body:
    """征求意见函, to the third party (条例第三十二条) or to the agency that made the information jointly
    (第三十四条), who answer within the setting FOI_CONSULTATION_WORKDAYS. The applicant is not named."""
    required(
        ctx.consulted_party,
        field_name=_("被征求意见方"),
        rule=_("征求意见函须写明被征求意见的第三方或者机关。"),
    )
    workdays = rule("FOI_CONSULTATION_WORKDAYS")
    by = _("（即%(d)s前）") % {"d": cn_date(ctx.consultation_answer_by)} if ctx.consultation_answer_by else ""
    first = _(
        "本机关于%(received)s收到申请人提出的政府信息公开申请%(ref)s，申请获取“%(description)s”的政府信息。"
    ) % {
        "received": cn_date(ctx.received_on),
        "ref": case_ref(ctx.case_number),
        "description": clause(ctx.request_description),
    }
    if ctx.consultation_party_kind == ConsultationParty.AGENCY:
        articles = _("第三十四条")
        ask = _("经审查，该政府信息由本机关与贵机关共同制作。%(according)s，现征求贵机关意见。") % {
            "according": _according_to(articles)
        }
        answer = _(
            "请贵机关自收到本函之日起%(n)d个工作日内%(by)s提出意见；逾期未提出意见的，视为同意公开。"
        ) % {"n": workdays, "by": by}
        paragraphs = [first, ask, answer]
    else:
        articles = _("第三十二条")
        ask = _(
            "经审查，该政府信息涉及贵方的商业秘密、个人隐私等，公开可能损害贵方的合法权益。"
            "%(according)s，现书面征求贵方意见。"
        ) % {"according": _according_to(articles)}
        answer = _(
            "请贵方自收到本函之日起%(n)d个工作日内%(by)s提出书面意见；不同意公开的，请说明理由。"
            "逾期未提出意见的，由本机关依照%(regulation)s的规定决定是否公开。"
        ) % {"n": workdays, "by": by, "regulation": regulation()}
        public_interest = _(
            "第三方不同意公开且有合理理由的，本机关不予公开。本机关认为不公开可能对公共利益造成重大影响的，"
            "可以决定予以公开，并将决定公开的政府信息内容和理由书面告知贵方。"
        )
        paragraphs = [first, ask, answer, public_interest]
    return Body(
        title=_("政府信息公开征求意见函"),
        addressee=ctx.consulted_party,
        paragraphs=[*paragraphs],
        closing=_("请予函复。"),
        basis=regulation() + articles,
    )


def fee_standard(method: FeeMethod) -> str:
    """The national standard of the method (国办函〔2020〕109号 第四条 按件, 第五条 按量)."""
    if method == FeeMethod.PER_ITEM:
        return _(
            "按件计收，同一申请人一个自然月内累计申请10件以下（含10件）的，不收费；11—30件（含30件）的部分，"
            "100元/件；31件以上的部分，以10件为一档，每增加一档，收费标准提高100元/件"
        )
    return _(
        "按量计收，30页以下（含30页）的，不收费；31—100页（含100页）的部分，10元/页；101—200页（含200页）"
        "的部分，20元/页；201页以上的部分，40元/页"
    )


def fee_body(ctx: LetterContext) -> Body:
    """收费通知书 (条例第四十二条, 国办函〔2020〕109号): basis, standard, amount, how to pay, and the period
    of the setting FOI_FEE_PAYMENT_WORKDAYS after which the application lapses."""
    required(
        ctx.fee_method,
        field_name=_("计收方式"),
        rule=_("收费通知书须写明按件或者按量计收（国办函〔2020〕109号第三条）。"),
    )
    amount_rule = _("收费通知书须写明收费数额（国办函〔2020〕109号），请填写大于零的金额。")
    required(ctx.fee_amount, field_name=_("收费金额"), rule=amount_rule)
    try:
        amount = Decimal(str(ctx.fee_amount))
    except InvalidOperation:
        amount = Decimal(0)
    if not amount.is_finite() or amount <= 0:
        raise ValueError(_("“收费金额”：%(rule)s") % {"rule": amount_rule})
    required(
        ctx.fee_payment_instructions,
        field_name=_("缴纳方式"),
        rule=_("收费通知书须写明缴纳方式（国办函〔2020〕109号）。"),
    )
    assert ctx.fee_method is not None
    method = FeeMethod(ctx.fee_method)
    per_item = method == FeeMethod.PER_ITEM
    articles = _("第三条、第四条") if per_item else _("第三条、第五条")
    basis = _("%(regulation)s第四十二条和%(measures)s%(articles)s") % {
        "regulation": regulation(),
        "measures": fee_measures(),
        "articles": articles,
    }
    decision = _(
        "经审查，您申请公开政府信息的数量、频次明显超过合理范围。根据%(basis)s的规定，本机关决定对该申请"
        "%(method)s信息处理费。现将有关事项通知如下："
    ) % {"basis": basis, "method": method.label}
    items = [
        _("收费依据：%(basis)s") % {"basis": basis},
        _("收费标准：%(standard)s") % {"standard": clause(ctx.fee_standard) or fee_standard(method)},
    ]
    if ctx.fee_quantity is not None:
        quantity = (
            _("本自然月内您累计提出政府信息公开申请%(n)d件（含本件）")
            if per_item
            else _("本次提供的政府信息共%(n)d页")
        ) % {"n": ctx.fee_quantity}
        items.append(_("计费数量：%(quantity)s") % {"quantity": quantity})
    due = _("（即%(d)s前）") % {"d": cn_date(ctx.fee_payment_due)} if ctx.fee_payment_due else ""
    items += [
        _("收费金额：人民币%(amount)s元") % {"amount": f"{amount:.2f}"},
        _("缴纳方式：%(how)s") % {"how": clause(ctx.fee_payment_instructions)},
        _(
            "缴纳期限：请您在收到本通知书次日起%(n)d个工作日内%(due)s缴纳费用。逾期未缴纳的，视为放弃申请，"
            "本机关将不再处理该政府信息公开申请"
        )
        % {"n": rule("FOI_FEE_PAYMENT_WORKDAYS"), "due": due},
    ]
    clock = _(
        "自本机关发出本通知书之日至您缴纳费用之日的期间，不计算在答复期限内。本机关收到费用后继续处理您的申请。"
    )
    return Body(
        title=_("政府信息公开信息处理费收费通知书"),
        paragraphs=[_intro(ctx), decision, *numbered(items, separator="。"), clock],
        closing=_("特此通知。"),
        basis=basis,
    )


def custom_due_body(ctx: LetterContext) -> Body:
    """延迟答复告知书 (条例第三十五条): reasonable reasons, but too many to answer within the limit of
    第三十三条."""
    required(
        ctx.custom_due, field_name=_("延迟答复期限"), rule=_("须确定延迟答复的合理期限（条例第三十五条）。")
    )
    required(
        ctx.custom_due_reason,
        field_name=_("延迟答复理由"),
        rule=_("须说明无法在法定期限内答复的理由（条例第三十五条）。"),
    )
    assert ctx.custom_due is not None
    if ctx.custom_due <= ctx.letter_date:
        raise ValueError(_("“延迟答复期限”：延迟答复的期限须晚于告知书的日期（条例第三十五条）。"))
    finding = _(
        "经审查，您申请公开政府信息的数量、频次明显超过合理范围。本机关已要求您说明理由，经审查，"
        "本机关认为申请理由合理，但是无法在%(regulation)s第三十三条规定的期限内答复您。%(reason)s"
    ) % {"regulation": regulation(), "reason": sentence(ctx.custom_due_reason)}
    decision = _("%(according)s，本机关确定延迟答复的合理期限，将于%(due)s前向您作出答复。") % {
        "according": _according_to(_("第三十五条")),
        "due": cn_date(ctx.custom_due),
    }
    return Body(
        title=_("政府信息公开申请延迟答复告知书"),
        paragraphs=[_intro(ctx), finding, decision],
        closing=_("特此告知。"),
        basis=regulation() + _("第三十五条"),
    )


def transfer_body(ctx: LetterContext) -> Body:
    """转办告知书: the application reached an organization of the region that does not make the information;
    it went on to the responsible agency (条例第三十六条(五)), whose reply period starts on its receipt."""
    required(
        ctx.transfer_target,
        field_name=_("转办机关"),
        rule=_("转办告知书须写明负责公开该政府信息的行政机关。"),
    )
    target = clause(ctx.transfer_target)
    contact = clause(ctx.transfer_target_contact)
    finding = _("经审查，您申请获取的政府信息不属于本机关负责公开的政府信息，由%(target)s负责公开。") % {
        "target": target
    }
    decision = _(
        "%(according)s，为方便您获取政府信息，本机关已于%(on)s将您的申请转交%(target)s办理%(contact)s。"
    ) % {
        "according": _according_to(_("第三十六条第（五）项")),
        "on": cn_date(ctx.transferred_on or ctx.letter_date),
        "target": target,
        "contact": _("（联系方式：%(c)s）") % {"c": contact} if contact else "",
    }
    if ctx.transfer_reply_due:
        # Handed on within the platform, dates kept: the applicant learns the date that still holds.
        decision += _("答复期限不因转办重新计算，该机关将于%(due)s前依法向您作出答复。") % {
            "due": cn_date(ctx.transfer_reply_due)
        }
    else:
        decision += _("该机关将依法向您作出答复，答复期限自该机关收到申请之日起计算。")
    return Body(
        title=_("政府信息公开申请转办告知书"),
        paragraphs=[_intro(ctx), finding + decision],
        closing=_("特此告知。"),
        basis=regulation() + _("第三十六条第（五）项"),
    )
