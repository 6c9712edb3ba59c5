"""The wording of the reply letter (政府信息公开申请答复告知书) for each of the 21 outcome codes of
statutory.md §3.3, each citing its article of the 条例 (or of 国办函〔2020〕109号)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from gongkai.foi.choices import Outcome
from gongkai.foi.letters.wording import (
    Body,
    case_ref,
    clause,
    cn_date,
    fee_measures,
    regulation,
    required,
    sentence,
)

if TYPE_CHECKING:
    from gongkai.foi.letters.content import LetterContext

# What one outcome says: the finding, the decision with its citation, and the basis cited.
Decision = tuple[str, str, str]


def _cite(articles: str) -> str:
    return regulation() + articles


def _decide(articles: str, decision: str) -> str:
    return _("根据%(basis)s的规定，%(decision)s") % {"basis": _cite(articles), "decision": decision}


def _withheld(finding: str, article: str) -> Decision:
    # 条例第三十六条(三): 行政机关依据本条例的规定决定不予公开的，告知申请人不予公开并说明理由。
    articles = _("%(article)s、第三十六条第（三）项") % {"article": article}
    return finding, _decide(articles, _("本机关决定不予公开。")), _cite(articles)


def _disclosed(ctx: LetterContext) -> Decision:
    if ctx.public_location.strip():
        # 第三十六条(一): 已经主动公开的，告知申请人获取该政府信息的方式、途径。
        articles = _("第三十六条第（一）项")
        decision = _("现告知您获取该政府信息的方式和途径：%(where)s。") % {
            "where": clause(ctx.public_location)
        }
        return (
            _("经查，您申请获取的政府信息本机关已经主动公开。"),
            _decide(articles, decision),
            _cite(articles),
        )
    # 第三十六条(二): 可以公开的，向申请人提供该政府信息，或者告知获取的方式、途径和时间。
    articles = _("第三十六条第（二）项")
    manner = clause(ctx.disclosure_manner) or (
        _("现随本告知书向您提供该政府信息（见附件）") if ctx.attachments else _("现向您提供该政府信息")
    )
    decision = _("本机关予以公开，%(manner)s。") % {"manner": manner}
    return _("经审查，您申请获取的政府信息属于公开范围。"), _decide(articles, decision), _cite(articles)


def _partially_disclosed(ctx: LetterContext) -> Decision:
    # 第三十七条: 能够作区分处理的，提供可以公开的内容，并对不予公开的内容说明理由。
    required(
        ctx.reasons,
        field_name=_("不予公开的理由"),
        rule=_("部分公开的，须对不予公开的内容说明理由（条例第三十七条）。"),
    )
    articles = _("第三十七条")
    manner = clause(ctx.disclosure_manner) or (
        _("现随本告知书向您提供") if ctx.attachments else _("现向您提供")
    )
    decision = _(
        "本机关对该政府信息作区分处理，%(manner)s可以公开的政府信息内容；对不予公开的内容，理由如下：%(reasons)s"
    ) % {
        "manner": manner,
        "reasons": sentence(ctx.reasons),
    }
    finding = _("经审查，您申请获取的政府信息中含有不应当公开的内容，但是能够作区分处理。")
    return finding, _decide(articles, decision), _cite(articles)


def _not_held(ctx: LetterContext) -> Decision:
    if ctx.responsible_agency.strip():
        # 第三十六条(五): 不属于本机关负责公开的，告知并说明理由；能确定负责机关的，告知其名称、联系方式。
        articles = _("第三十六条第（五）项")
        contact = clause(ctx.responsible_agency_contact)
        agency = clause(ctx.responsible_agency) + (
            _("（联系方式：%(c)s）") % {"c": contact} if contact else ""
        )
        decision = _("该政府信息由%(agency)s负责公开，请您向该机关咨询或者提出申请。") % {"agency": agency}
        finding = _("经审查，您申请获取的政府信息不属于本机关负责公开的政府信息。")
        return finding, _decide(articles, decision), _cite(articles)
    # 第三十六条(四): 经检索没有所申请公开信息的，告知申请人该政府信息不存在。
    articles = _("第三十六条第（四）项")
    finding = _("经检索，本机关没有制作或者获取您申请获取的政府信息。")
    return finding, _decide(articles, _("现告知您该政府信息不存在。")), _cite(articles)


def _query_matter(ctx: LetterContext) -> Decision:
    # 第三十六条(七): 工商、不动产登记资料等，有关法律、行政法规对信息的获取有特别规定的，告知依照其规定办理。
    articles = _("第三十六条第（七）项")
    where = clause(ctx.responsible_agency)
    decision = _("请您依照有关法律、行政法规的规定办理。")
    if where:
        decision = _("请您依照有关法律、行政法规的规定向%(where)s查询。") % {"where": where}
    finding = _(
        "经审查，您申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对该信息的获取有特别规定。"
    )
    return finding, _decide(articles, decision), _cite(articles)


def _petition(ctx: LetterContext) -> Decision:
    # 第三十九条第一款: 以申请形式进行信访、投诉、举报等活动的，不作为申请处理，可以告知通过相应渠道提出。
    articles = _("第三十九条第一款")
    channel = clause(ctx.other_channel) or _("信访、投诉、举报等相应渠道")
    decision = _("本机关不作为政府信息公开申请处理，您可以通过%(channel)s提出。") % {"channel": channel}
    finding = _("经审查，您提出的申请实质上是以政府信息公开申请的形式进行信访、投诉、举报等活动。")
    return finding, _decide(articles, decision), _cite(articles)


def _duplicate(ctx: LetterContext) -> Decision:
    # 第三十六条(六): 已就申请作出答复、申请人重复申请公开相同政府信息的，告知不予重复处理。
    articles = _("第三十六条第（六）项")
    previous = clause(ctx.previous_reply)
    finding = _(
        "经查，本机关已就您提出的相同政府信息公开申请作出答复%(previous)s，您本次申请系重复申请公开相同政府信息。"
    ) % {"previous": _("（%(p)s）") % {"p": previous} if previous else ""}
    return finding, _decide(articles, _("本机关不予重复处理。")), _cite(articles)


def _publication(ctx: LetterContext) -> Decision:
    # 第三十九条第二款: 要求提供政府公报、报刊、书籍等公开出版物的，可以告知获取的途径。
    articles = _("第三十九条第二款")
    decision = _("本机关不作为政府信息公开申请处理。")
    if ctx.public_location.strip():
        decision += _("您可以通过%(where)s获取。") % {"where": clause(ctx.public_location)}
    finding = _("经审查，您申请获取的是政府公报、报刊、书籍等公开出版物。")
    return finding, _decide(articles, decision), _cite(articles)


def _correction_lapsed(ctx: LetterContext) -> Decision:
    # 第三十条: 申请人无正当理由逾期不补正的，视为放弃申请，行政机关不再处理该政府信息公开申请。
    articles = _("第三十条")
    due = _("（补正期限至%(d)s）") % {"d": cn_date(ctx.correction_due)} if ctx.correction_due else ""
    finding = _("本机关已依法一次性告知您对申请内容作出补正%(due)s，您无正当理由逾期未补正。") % {"due": due}
    decision = _("视为您放弃申请，本机关不再处理该政府信息公开申请。")
    return finding, _decide(articles, decision), _cite(articles)


def _fee_lapsed(ctx: LetterContext) -> Decision:
    # 条例第四十二条 and 国办函〔2020〕109号: 逾期未缴纳信息处理费的，视为放弃申请。
    due = _("（缴费期限至%(d)s）") % {"d": cn_date(ctx.fee_payment_due)} if ctx.fee_payment_due else ""
    finding = _("本机关已向您发出信息处理费收费通知书%(due)s，您逾期未按收费通知要求缴纳费用。") % {
        "due": due
    }
    basis = _("%(regulation)s第四十二条和%(measures)s") % {
        "regulation": regulation(),
        "measures": fee_measures(),
    }
    decision = _("根据%(basis)s的规定，视为您放弃申请，本机关不再处理该政府信息公开申请。") % {"basis": basis}
    return finding, decision, basis


def _other(ctx: LetterContext) -> Decision:
    required(
        ctx.reasons,
        field_name=_("处理理由"),
        rule=_("以“其他”情形终止处理的，须向申请人说明理由（条例第三十六条）。"),
    )
    basis = clause(ctx.other_basis) or _("%(regulation)s的有关规定") % {"regulation": regulation()}
    decision = _("根据%(basis)s，本机关不再处理该政府信息公开申请。") % {"basis": basis}
    return sentence(ctx.reasons), decision, basis


def _fixed(finding: str, articles: str, decision: str) -> Callable[[LetterContext], Decision]:
    def wording(ctx: LetterContext) -> Decision:
        return finding, _decide(articles, decision), _cite(articles)

    return wording


def _withholding(finding: str, article: str) -> Callable[[LetterContext], Decision]:
    def wording(ctx: LetterContext) -> Decision:
        return _withheld(finding, article)

    return wording


def _wordings() -> dict[str, Callable[[LetterContext], Decision]]:
    # Built per call so that gettext translates into the language active at the time.
    return {
        Outcome.DISCLOSED: _disclosed,
        Outcome.PARTIALLY_DISCLOSED: _partially_disclosed,
        # 第十四条: 国家秘密、法律行政法规禁止公开、危及“三安全一稳定”的，不予公开。
        Outcome.WITHHELD_STATE_SECRET: _withholding(
            _("经审查，您申请获取的政府信息属于依法确定为国家秘密的政府信息。"), _("第十四条")
        ),
        Outcome.WITHHELD_LAW_PROHIBITED: _withholding(
            _("经审查，您申请获取的政府信息属于法律、行政法规禁止公开的政府信息。"), _("第十四条")
        ),
        Outcome.WITHHELD_SECURITY_STABILITY: _withholding(
            _("经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定。"),
            _("第十四条"),
        ),
        # 第十五条 and 第三十二条: 第三方不同意公开且有合理理由的，不予公开。
        Outcome.WITHHELD_THIRD_PARTY: _withholding(
            _(
                "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害。"
                "本机关已依法书面征求第三方意见，第三方不同意公开且理由合理，"
                "本机关认为不公开不会对公共利益造成重大影响。"
            ),
            _("第十五条、第三十二条"),
        ),
        # 第十六条第一款: 内部事务信息，包括人事管理、后勤管理、内部工作流程等方面的信息，可以不予公开。
        Outcome.WITHHELD_INTERNAL_AFFAIRS: _withholding(
            _("经审查，您申请获取的政府信息属于本机关人事管理、后勤管理、内部工作流程等方面的内部事务信息。"),
            _("第十六条第一款"),
        ),
        # 第十六条第二款: 讨论记录、过程稿、磋商信函、请示报告等过程性信息以及行政执法案卷信息，可以不予公开。
        Outcome.WITHHELD_PROCESS_INFO: _withholding(
            _(
                "经审查，您申请获取的政府信息属于本机关在履行行政管理职能过程中形成的讨论记录、过程稿、"
                "磋商信函、请示报告等过程性信息。"
            ),
            _("第十六条第二款"),
        ),
        Outcome.WITHHELD_ENFORCEMENT_FILE: _withholding(
            _("经审查，您申请获取的政府信息属于行政执法案卷信息。"), _("第十六条第二款")
        ),
        Outcome.WITHHELD_QUERY_MATTER: _query_matter,
        Outcome.UNAVAILABLE_NOT_HELD: _not_held,
        # 第三十八条: 需要对现有政府信息进行加工、分析的，可以不予提供。
        Outcome.UNAVAILABLE_NEEDS_CREATION: _fixed(
            _(
                "经审查，本机关没有您所申请的现成政府信息，您的申请需要本机关对现有政府信息进行加工、"
                "分析后另行制作。"
            ),
            _("第三十八条"),
            _("本机关不予提供。"),
        ),
        # 第三十条: 补正后申请内容仍不明确。
        Outcome.UNAVAILABLE_UNCLEAR_AFTER_CORRECTION: _fixed(
            _(
                "本机关已依法一次性告知您对申请内容作出补正。经审查，您补正后的申请内容仍不明确，"
                "本机关无法据此确定您所申请的政府信息。"
            ),
            _("第三十条"),
            _(
                "本机关无法按照您的申请提供政府信息。您可以在明确所需政府信息的名称、文号或者其他"
                "特征性描述后重新提出申请。"
            ),
        ),
        Outcome.NOT_PROCESSED_PETITION: _petition,
        Outcome.NOT_PROCESSED_DUPLICATE: _duplicate,
        Outcome.NOT_PROCESSED_PUBLICATION: _publication,
        # 第三十五条: 数量、频次明显超过合理范围，申请理由不合理的，告知申请人不予处理。
        Outcome.NOT_PROCESSED_EXCESSIVE: _fixed(
            _(
                "您申请公开政府信息的数量、频次明显超过合理范围。本机关已要求您说明理由，经审查，"
                "本机关认为申请理由不合理。"
            ),
            _("第三十五条"),
            _("本机关不予处理。"),
        ),
        # 第三十八条、第三十九条 (practice): a request to confirm or re-issue what one already holds.
        Outcome.NOT_PROCESSED_CONFIRMATION: _fixed(
            _(
                "经审查，您的申请是要求本机关对您已经获取的信息予以确认或者重新出具，"
                "不属于获取本机关已制作或者获取的政府信息的申请。"
            ),
            _("第三十八条、第三十九条"),
            _("本机关不作为政府信息公开申请处理。"),
        ),
        Outcome.OTHER_CORRECTION_LAPSED: _correction_lapsed,
        Outcome.OTHER_FEE_LAPSED: _fee_lapsed,
        Outcome.OTHER_OTHER: _other,
    }


# Outcomes whose wording places the reasons itself; the others add them after the finding.
_REASONS_INSIDE = frozenset({Outcome.PARTIALLY_DISCLOSED, Outcome.OTHER_OTHER})


def reply_body(ctx: LetterContext) -> Body:
    """The reply letter: receipt, the finding, the reasons of this case, the decision with its basis."""
    required(
        ctx.outcome,
        field_name=_("处理结果"),
        rule=_("答复告知书须写明处理结果（条例第三十六条），请选择处理结果。"),
    )
    assert ctx.outcome is not None
    try:
        outcome = Outcome(ctx.outcome)
    except ValueError:
        raise ValueError(
            _("“处理结果”：%(outcome)s 不是年度报告所列的处理结果（条例第三十六条）。")
            % {"outcome": ctx.outcome}
        ) from None
    finding, decision, basis = _wordings()[outcome](ctx)
    reasons = "" if outcome in _REASONS_INSIDE else sentence(ctx.reasons)
    intro = _(
        "本机关于%(received)s收到您提出的政府信息公开申请%(ref)s，"
        "您申请获取“%(description)s”的政府信息。现答复如下："
    ) % {
        "received": cn_date(ctx.received_on),
        "ref": case_ref(ctx.case_number),
        "description": clause(ctx.request_description),
    }
    return Body(
        title=_("政府信息公开申请答复告知书"),
        paragraphs=[intro, finding + reasons + decision],
        closing=_("特此告知。"),
        basis=basis,
    )
