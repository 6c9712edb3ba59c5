"""The letters of disclosure on request (gongkai.foi.letters): every kind and every outcome composes with
its legal basis and, for decisions, the remedies of 条例第五十一条 with the numbers from the settings; the
DOCX re-opens in the 公文 layout of GB/T 9704-2012."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph
from lxml import etree

from gongkai.foi.choices import ConsultationParty, FeeMethod, LetterKind, Outcome
from gongkai.foi.letters import REMEDY_KINDS, Letter, LetterContext, compose_letter, render_docx, render_text
from gongkai.foi.letters.wording import cn_date

REGULATION = "《中华人民共和国政府信息公开条例》"
FGW = "示例市发展和改革委员会"
RECONSIDERATION = "示例市人民政府"
COURT = "示例市中级人民法院"

# 张三 asks 市发展改革委 (the personas of gongkai.core.testing) for a list of projects.
CTX = LetterContext(
    issuer=FGW,
    applicant_name="张三",
    case_number="YSQ-2026-00012",
    received_on=date(2026, 3, 2),
    request_description="2025年示例市重大建设项目清单",
    letter_date=date(2026, 3, 20),
    doc_number="示发改依申〔2026〕12号",
    contact="联系人：李四，联系电话：0000-12345678",
    reconsideration_body=RECONSIDERATION,
    court=COURT,
    correction_items=("请写明所需政府信息的名称或者文号", "请提供身份证明"),
    correction_due=date(2026, 3, 27),
    extension_workdays=20,
    new_due=date(2026, 4, 28),
    extension_reason="您申请的政府信息涉及面广，需要进一步检索核实",
    consulted_party="示例建设有限公司",
    fee_method=FeeMethod.PER_ITEM,
    fee_quantity=12,
    fee_amount=Decimal("200"),
    fee_payment_due=date(2026, 4, 20),
    fee_payment_instructions="通过示例市非税收入缴款码在线缴纳",
    outcome=Outcome.DISCLOSED,
    custom_due=date(2026, 6, 1),
    custom_due_reason="您本月提出申请40件，需逐件检索",
    transfer_target="示例市自然资源和规划局",
)

# The article each outcome cites (statutory.md §3.3), as the letter's basis spells it.
OUTCOME_BASIS = {
    Outcome.DISCLOSED: "第三十六条第（二）项",
    Outcome.PARTIALLY_DISCLOSED: "第三十七条",
    Outcome.WITHHELD_STATE_SECRET: "第十四条、第三十六条第（三）项",
    Outcome.WITHHELD_LAW_PROHIBITED: "第十四条、第三十六条第（三）项",
    Outcome.WITHHELD_SECURITY_STABILITY: "第十四条、第三十六条第（三）项",
    Outcome.WITHHELD_THIRD_PARTY: "第十五条、第三十二条、第三十六条第（三）项",
    Outcome.WITHHELD_INTERNAL_AFFAIRS: "第十六条第一款、第三十六条第（三）项",
    Outcome.WITHHELD_PROCESS_INFO: "第十六条第二款、第三十六条第（三）项",
    Outcome.WITHHELD_ENFORCEMENT_FILE: "第十六条第二款、第三十六条第（三）项",
    Outcome.WITHHELD_QUERY_MATTER: "第三十六条第（七）项",
    Outcome.UNAVAILABLE_NOT_HELD: "第三十六条第（四）项",
    Outcome.UNAVAILABLE_NEEDS_CREATION: "第三十八条",
    Outcome.UNAVAILABLE_UNCLEAR_AFTER_CORRECTION: "第三十条",
    Outcome.NOT_PROCESSED_PETITION: "第三十九条第一款",
    Outcome.NOT_PROCESSED_DUPLICATE: "第三十六条第（六）项",
    Outcome.NOT_PROCESSED_PUBLICATION: "第三十九条第二款",
    Outcome.NOT_PROCESSED_EXCESSIVE: "第三十五条",
    Outcome.NOT_PROCESSED_CONFIRMATION: "第三十八条、第三十九条",
    Outcome.OTHER_CORRECTION_LAPSED: "第三十条",
    Outcome.OTHER_FEE_LAPSED: "第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
    Outcome.OTHER_OTHER: "的有关规定",
}

# What each outcome decides, in the letter's words.
OUTCOME_DECISION = {
    Outcome.DISCLOSED: "予以公开",
    Outcome.PARTIALLY_DISCLOSED: "作区分处理",
    Outcome.WITHHELD_STATE_SECRET: "国家秘密",
    Outcome.WITHHELD_LAW_PROHIBITED: "法律、行政法规禁止公开",
    Outcome.WITHHELD_SECURITY_STABILITY: "国家安全、公共安全、经济安全、社会稳定",
    Outcome.WITHHELD_THIRD_PARTY: "书面征求第三方意见",
    Outcome.WITHHELD_INTERNAL_AFFAIRS: "内部事务信息",
    Outcome.WITHHELD_PROCESS_INFO: "过程性信息",
    Outcome.WITHHELD_ENFORCEMENT_FILE: "行政执法案卷信息",
    Outcome.WITHHELD_QUERY_MATTER: "依照有关法律、行政法规的规定办理",
    Outcome.UNAVAILABLE_NOT_HELD: "该政府信息不存在",
    Outcome.UNAVAILABLE_NEEDS_CREATION: "加工、分析",
    Outcome.UNAVAILABLE_UNCLEAR_AFTER_CORRECTION: "补正后的申请内容仍不明确",
    Outcome.NOT_PROCESSED_PETITION: "不作为政府信息公开申请处理",
    Outcome.NOT_PROCESSED_DUPLICATE: "不予重复处理",
    Outcome.NOT_PROCESSED_PUBLICATION: "公开出版物",
    Outcome.NOT_PROCESSED_EXCESSIVE: "本机关不予处理",
    Outcome.NOT_PROCESSED_CONFIRMATION: "确认或者重新出具",
    Outcome.OTHER_CORRECTION_LAPSED: "逾期未补正",
    Outcome.OTHER_FEE_LAPSED: "逾期未按收费通知要求缴纳费用",
    Outcome.OTHER_OTHER: "您已于2026年3月10日撤回申请",
}

KIND_BASIS = {
    LetterKind.CORRECTION: "第三十条",
    LetterKind.EXTENSION: "第三十三条第二款",
    LetterKind.CONSULTATION: "第三十二条",
    LetterKind.FEE: "第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）第三条、第四条",
    LetterKind.REPLY: "第三十六条第（二）项",
    LetterKind.CUSTOM_DUE: "第三十五条",
    LetterKind.TRANSFER: "第三十六条第（五）项",
}


def reply(outcome: Outcome, **changes: object) -> Letter:
    withdrawn = outcome == Outcome.OTHER_OTHER
    changes.setdefault(
        "reasons", "您已于2026年3月10日撤回申请" if withdrawn else "其中涉及个人身份信息的部分不予公开"
    )
    return compose_letter(LetterKind.REPLY, replace(CTX, outcome=outcome, **changes))  # type: ignore[arg-type]


def text_of(letter: Letter) -> str:
    return "\n".join([*letter.paragraphs, letter.remedies])


# --- Composing ----------------------------------------------------------------------------------------------


def test_it_covers_every_outcome_and_every_kind() -> None:
    assert set(OUTCOME_BASIS) == set(Outcome) and len(OUTCOME_BASIS) == 21
    assert set(KIND_BASIS) == set(LetterKind)


@pytest.mark.parametrize("kind", list(LetterKind))
def test_it_composes_every_kind_with_its_basis(kind: LetterKind) -> None:
    letter = compose_letter(kind, CTX)
    assert letter.kind == kind
    assert letter.basis == REGULATION + KIND_BASIS[kind]
    # The body cites the basis it names.
    assert any(f"根据{letter.basis}的规定" in paragraph for paragraph in letter.paragraphs)
    assert letter.date == "2026年3月20日"
    assert letter.signature_org == FGW
    assert letter.issuer_mark == FGW
    assert letter.doc_number == "示发改依申〔2026〕12号"
    assert letter.seal == "（印章）"
    assert letter.addressee.endswith("：")
    assert letter.closing in {"特此告知。", "特此通知。", "请予函复。"}


@pytest.mark.parametrize("outcome", list(Outcome))
def test_it_composes_every_outcome_with_its_article_and_the_remedies(outcome: Outcome) -> None:
    letter = reply(outcome)
    assert letter.title == "政府信息公开申请答复告知书"
    assert letter.outcome == outcome
    assert letter.addressee == "张三："
    assert OUTCOME_BASIS[outcome] in letter.basis
    assert letter.basis in text_of(letter)
    assert OUTCOME_DECISION[outcome] in text_of(letter)
    assert "2026年3月2日收到您提出的政府信息公开申请（申请编号：YSQ-2026-00012）" in letter.paragraphs[0]
    assert "“2025年示例市重大建设项目清单”" in letter.paragraphs[0]
    assert letter.remedies == (
        "如对本答复不服，可以在收到本告知书之日起60日内向示例市人民政府申请行政复议，"
        "或者在6个月内向示例市中级人民法院提起行政诉讼。"
    )


@pytest.mark.parametrize("kind", list(LetterKind))
def test_it_states_the_remedies_on_the_decisions_affecting_the_applicant(kind: LetterKind) -> None:
    letter = compose_letter(kind, CTX)
    if kind in {LetterKind.REPLY, LetterKind.FEE, LetterKind.CUSTOM_DUE, LetterKind.CORRECTION}:
        assert kind in REMEDY_KINDS
        assert "60日内向示例市人民政府申请行政复议" in letter.remedies
        assert "6个月内向示例市中级人民法院提起行政诉讼" in letter.remedies
    else:
        assert letter.remedies == ""


def test_it_reads_the_remedy_periods_from_the_settings(settings: object) -> None:
    settings.GONGKAI_FOI_RECONSIDERATION_DAYS = 90  # type: ignore[attr-defined]
    settings.GONGKAI_FOI_LITIGATION_MONTHS = 3  # type: ignore[attr-defined]
    letter = reply(Outcome.WITHHELD_STATE_SECRET)
    assert "收到本告知书之日起90日内" in letter.remedies
    assert "在3个月内" in letter.remedies
    assert "60日" not in letter.remedies


def test_it_refuses_a_decision_without_the_remedy_bodies() -> None:
    with pytest.raises(ValueError, match=r"“行政复议机关”：.*条例第五十一条"):
        compose_letter(LetterKind.REPLY, replace(CTX, reconsideration_body=" "))
    with pytest.raises(ValueError, match="“人民法院”"):
        compose_letter(LetterKind.FEE, replace(CTX, court=""))
    # A letter that decides nothing does not need them.
    assert compose_letter(LetterKind.EXTENSION, replace(CTX, court="")).remedies == ""


def test_it_refuses_a_reply_without_an_outcome() -> None:
    with pytest.raises(ValueError, match="“处理结果”：答复告知书须写明处理结果（条例第三十六条）"):
        compose_letter(LetterKind.REPLY, replace(CTX, outcome=None))
    with pytest.raises(ValueError, match="“处理结果”"):
        compose_letter(LetterKind.REPLY, replace(CTX, outcome="withheld.unknown"))  # type: ignore[arg-type]


@pytest.mark.parametrize("amount", [None, Decimal("0"), Decimal("-5")])
def test_it_refuses_a_fee_notice_without_an_amount(amount: Decimal | None) -> None:
    with pytest.raises(ValueError, match="“收费金额”：收费通知书须写明收费数额"):
        compose_letter(LetterKind.FEE, replace(CTX, fee_amount=amount))


def test_it_refuses_a_fee_notice_without_a_method_or_a_way_to_pay() -> None:
    with pytest.raises(ValueError, match="“计收方式”"):
        compose_letter(LetterKind.FEE, replace(CTX, fee_method=None))
    with pytest.raises(ValueError, match="“缴纳方式”"):
        compose_letter(LetterKind.FEE, replace(CTX, fee_payment_instructions=""))


def test_it_refuses_what_each_kind_requires() -> None:
    cases = [
        (LetterKind.CORRECTION, {"correction_items": ()}, "“补正事项”"),
        (LetterKind.CORRECTION, {"correction_workdays": 0}, "“补正期限”"),
        (LetterKind.EXTENSION, {"extension_workdays": None}, "“延长期限”"),
        (LetterKind.EXTENSION, {"new_due": None}, "“延期后的答复期限”"),
        (LetterKind.CONSULTATION, {"consulted_party": ""}, "“被征求意见方”"),
        (LetterKind.CUSTOM_DUE, {"custom_due": None}, "“延迟答复期限”"),
        (LetterKind.CUSTOM_DUE, {"custom_due_reason": ""}, "“延迟答复理由”"),
        (LetterKind.CUSTOM_DUE, {"custom_due": date(2026, 3, 20)}, "须晚于告知书的日期"),
        (LetterKind.TRANSFER, {"transfer_target": ""}, "“转办机关”"),
        (LetterKind.REPLY, {"applicant_name": ""}, "“申请人”"),
        (LetterKind.REPLY, {"issuer": ""}, "“发文机关”"),
        (LetterKind.REPLY, {"outcome": Outcome.PARTIALLY_DISCLOSED, "reasons": ""}, "“不予公开的理由”"),
        (LetterKind.REPLY, {"outcome": Outcome.OTHER_OTHER, "reasons": ""}, "“处理理由”"),
    ]
    for kind, changes, message in cases:
        with pytest.raises(ValueError, match=message):
            compose_letter(kind, replace(CTX, **changes))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="“文书种类”"):
        compose_letter("notice", CTX)


def test_it_writes_the_fee_notice_with_basis_standard_amount_payment_and_period(settings: object) -> None:
    letter = compose_letter(LetterKind.FEE, CTX)
    text = text_of(letter)
    assert letter.title == "政府信息公开信息处理费收费通知书"
    assert "国办函〔2020〕109号" in letter.basis and "第四十二条" in letter.basis
    assert "收费依据：" in text
    assert "收费标准：按件计收，同一申请人一个自然月内累计申请10件以下（含10件）的，不收费" in text
    assert "计费数量：本自然月内您累计提出政府信息公开申请12件（含本件）" in text
    assert "收费金额：人民币200.00元" in text
    assert "缴纳方式：通过示例市非税收入缴款码在线缴纳" in text
    assert "收到本通知书次日起20个工作日内（即2026年4月20日前）缴纳费用" in text
    assert "视为放弃申请" in text
    assert "如对本收费决定不服，可以在收到本通知书之日起60日内" in letter.remedies
    settings.GONGKAI_FOI_FEE_PAYMENT_WORKDAYS = 15  # type: ignore[attr-defined]
    assert "次日起15个工作日内" in text_of(compose_letter(LetterKind.FEE, CTX))


def test_it_cites_the_per_page_standard_for_a_fee_by_pages() -> None:
    letter = compose_letter(
        LetterKind.FEE,
        replace(CTX, fee_method=FeeMethod.PER_PAGE, fee_quantity=150, fee_amount=Decimal("1700.5")),
    )
    text = text_of(letter)
    assert letter.basis.endswith("第三条、第五条")
    assert "按量计收，30页以下（含30页）的，不收费" in text
    assert "本次提供的政府信息共150页" in text
    assert "人民币1700.50元" in text
    custom = compose_letter(LetterKind.FEE, replace(CTX, fee_standard="按本省规定的标准计收。"))
    assert "收费标准：按本省规定的标准计收。" in text_of(custom)


def test_it_bounds_the_extension_by_the_settings(settings: object) -> None:
    letter = compose_letter(LetterKind.EXTENSION, CTX)
    assert "答复期限延长20个工作日，本机关将于2026年4月28日前向您作出答复" in text_of(letter)
    assert "经本机关政府信息公开工作机构负责人同意" in text_of(letter)
    with pytest.raises(ValueError, match="1至20个工作日"):
        compose_letter(LetterKind.EXTENSION, replace(CTX, extension_workdays=21))
    settings.GONGKAI_FOI_MAX_EXTENSION_WORKDAYS = 10  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="“延长期限”：延长的期限须为1至10个工作日（条例第三十三条第二款）"):
        compose_letter(LetterKind.EXTENSION, CTX)


def test_it_lists_the_correction_items_with_the_period_from_the_settings(settings: object) -> None:
    letter = compose_letter(LetterKind.CORRECTION, CTX)
    assert letter.title == "政府信息公开申请补正告知书"
    assert "（一）请写明所需政府信息的名称或者文号；" in letter.paragraphs
    assert "（二）请提供身份证明。" in letter.paragraphs
    assert "补正期限为15个工作日，请您于2026年3月27日前" in text_of(letter)
    assert "无正当理由逾期不补正的，视为放弃申请" in text_of(letter)
    settings.GONGKAI_FOI_CORRECTION_PERIOD_WORKDAYS = 10  # type: ignore[attr-defined]
    undated = compose_letter(LetterKind.CORRECTION, replace(CTX, correction_due=None))
    assert "请您自收到本告知书之日起10个工作日内" in text_of(undated)
    chosen = compose_letter(LetterKind.CORRECTION, replace(CTX, correction_workdays=5))
    assert "补正期限为5个工作日" in text_of(chosen)


def test_it_asks_the_third_party_without_naming_the_applicant(settings: object) -> None:
    letter = compose_letter(LetterKind.CONSULTATION, CTX)
    assert letter.title == "政府信息公开征求意见函"
    assert letter.addressee == "示例建设有限公司："
    assert "张三" not in render_text(letter)
    assert "自收到本函之日起15个工作日内提出书面意见" in text_of(letter)
    assert "不同意公开的，请说明理由" in text_of(letter)
    settings.GONGKAI_FOI_CONSULTATION_WORKDAYS = 10  # type: ignore[attr-defined]
    agency = compose_letter(
        LetterKind.CONSULTATION,
        replace(
            CTX,
            consulted_party="示例市统计局",
            consultation_party_kind=ConsultationParty.AGENCY,
            consultation_answer_by=date(2026, 4, 3),
        ),
    )
    assert agency.basis == REGULATION + "第三十四条"
    assert "共同制作" in text_of(agency)
    assert "10个工作日内（即2026年4月3日前）提出意见；逾期未提出意见的，视为同意公开" in text_of(agency)


def test_it_tells_where_public_information_is_and_who_holds_the_rest() -> None:
    public = reply(Outcome.DISCLOSED, public_location="示例市人民政府门户网站“政府信息公开”栏目")
    assert public.basis == REGULATION + "第三十六条第（一）项"
    assert "方式和途径：示例市人民政府门户网站“政府信息公开”栏目。" in text_of(public)
    elsewhere = reply(
        Outcome.UNAVAILABLE_NOT_HELD,
        responsible_agency="示例市自然资源和规划局",
        responsible_agency_contact="0000-87654321",
    )
    assert elsewhere.basis == REGULATION + "第三十六条第（五）项"
    assert "由示例市自然资源和规划局（联系方式：0000-87654321）负责公开" in text_of(elsewhere)
    registry = reply(Outcome.WITHHELD_QUERY_MATTER, responsible_agency="示例市不动产登记中心")
    assert "向示例市不动产登记中心查询" in text_of(registry)


def test_it_states_the_reasons_given_by_staff() -> None:
    partial = reply(Outcome.PARTIALLY_DISCLOSED, attachments=("项目清单（删除个人信息版）",))
    assert "对不予公开的内容，理由如下：其中涉及个人身份信息的部分不予公开。" in text_of(partial)
    assert partial.attachments == ["项目清单（删除个人信息版）"]
    withheld = reply(Outcome.WITHHELD_LAW_PROHIBITED, reasons="《中华人民共和国统计法》第三十九条规定……。")
    assert "《中华人民共和国统计法》第三十九条规定……。根据" in text_of(withheld)


def test_it_dates_letters_the_way_official_documents_do() -> None:
    assert cn_date(date(2026, 3, 2)) == "2026年3月2日"
    assert cn_date(date(2026, 10, 30)) == "2026年10月30日"


def test_it_renders_plain_text_in_document_order() -> None:
    letter = reply(Outcome.DISCLOSED, attachments=("2025年示例市重大建设项目清单", "说明"))
    text = render_text(letter)
    order = [
        FGW,
        "示发改依申〔2026〕12号",
        "政府信息公开申请答复告知书",
        "张三：",
        "\u3000\u3000本机关于2026年3月2日",
        "\u3000\u3000如对本答复不服",
        "\u3000\u3000特此告知。",
        "附件：1.2025年示例市重大建设项目清单",
        "\n\u3000\u3000\u3000\u3000\u30002.说明",
        f"\n{FGW}\n2026年3月20日\n",
        "（联系人：李四，联系电话：0000-12345678）",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert "（印章）" not in text


# --- The DOCX ----------------------------------------------------------------------------------------------


def reopen(letter: Letter) -> DocxDocument:
    return Document(io.BytesIO(render_docx(letter)))


def east_asia(paragraph: Paragraph) -> set[str | None]:
    faces = set()
    for run in paragraph.runs:
        r_pr = run._element.rPr
        assert r_pr is not None and r_pr.rFonts is not None
        faces.add(r_pr.rFonts.get(qn("w:eastAsia")))
    return faces


def find(docx: DocxDocument, text: str) -> Paragraph:
    return next(p for p in docx.paragraphs if p.text == text)


def red_line(paragraph: Paragraph) -> tuple[str | None, str | None] | None:
    """The paragraph's bottom border as (style, colour), or None."""
    p_pr = paragraph._p.pPr
    borders = None if p_pr is None else p_pr.find(qn("w:pBdr"))
    bottom = None if borders is None else borders.find(qn("w:bottom"))
    return None if bottom is None else (bottom.get(qn("w:val")), bottom.get(qn("w:color")))


def test_it_lays_out_the_page_as_gb_t_9704() -> None:
    section = reopen(reply(Outcome.DISCLOSED)).sections[0]
    sizes = (section.page_width, section.page_height)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in sizes if m is not None] == [210, 297]
    assert [round(m.mm, 1) for m in margins if m is not None] == [37.0, 35.0, 28.0, 26.0]


def test_it_prints_the_head_in_red_with_the_number_and_the_separator_line() -> None:
    docx = reopen(reply(Outcome.DISCLOSED))
    mark, number, title = docx.paragraphs[:3]
    assert mark.text == FGW
    assert mark.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert mark.runs[0].font.color.rgb == RGBColor(0xFF, 0x00, 0x00)
    assert east_asia(mark) == {"方正小标宋简体"}
    assert number.text == "示发改依申〔2026〕12号"
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert red_line(number) == ("single", "FF0000")
    assert title.text == "政府信息公开申请答复告知书"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.size == Pt(22)
    assert east_asia(title) == {"方正小标宋简体"}
    # Without a 文号 the red line goes under the 标志.
    bare = reopen(
        compose_letter(LetterKind.REPLY, replace(CTX, doc_number="", issuer_mark="示例市发展改革委"))
    )
    assert bare.paragraphs[0].text == "示例市发展改革委"
    assert red_line(bare.paragraphs[0]) == ("single", "FF0000")
    assert red_line(bare.paragraphs[1]) is None


def test_it_sets_the_body_in_fangsong_on_28_point_lines_with_a_two_character_indent() -> None:
    letter = reply(Outcome.WITHHELD_PROCESS_INFO)
    docx = reopen(letter)
    addressee = find(docx, "张三：")
    assert addressee.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert not addressee.paragraph_format.first_line_indent
    for text in [*letter.paragraphs, letter.remedies, letter.closing]:
        paragraph = find(docx, text)
        fmt = paragraph.paragraph_format
        assert fmt.line_spacing == Pt(28) and fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
        assert fmt.first_line_indent == Pt(32)
        p_pr = paragraph._p.pPr
        assert p_pr is not None and p_pr.ind is not None
        assert p_pr.ind.get(qn("w:firstLineChars")) == "200"
        assert paragraph.runs[0].font.size == Pt(16)
        assert east_asia(paragraph) == {"仿宋_GB2312"}
    normal = docx.styles["Normal"].element.rPr
    assert normal.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"


def test_it_signs_on_the_right_with_the_seal_placeholder_and_the_date() -> None:
    docx = reopen(reply(Outcome.DISCLOSED))
    seal, signature, day = docx.paragraphs[-4:-1]
    assert [seal.text, signature.text, day.text] == ["（印章）", FGW, "2026年3月20日"]
    for paragraph in (seal, signature, day):
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert seal.paragraph_format.keep_with_next and signature.paragraph_format.keep_with_next
    assert find(docx, "2026年3月20日").paragraph_format.right_indent == Pt(64)  # 右空四字
    assert docx.paragraphs[-1].text == "（联系人：李四，联系电话：0000-12345678）"


def test_it_numbers_the_pages_with_a_page_field_in_the_footer() -> None:
    docx = reopen(reply(Outcome.DISCLOSED))
    section = docx.sections[0]
    assert docx.settings.odd_and_even_pages_header_footer is True
    for footer, alignment in [
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ]:
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == alignment
        assert paragraph.text == "— 1 —"
        instructions = [node.text for node in paragraph._p.iter(qn("w:instrText"))]
        assert instructions == [" PAGE "]
        kinds = [node.get(qn("w:fldCharType")) for node in paragraph._p.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        assert {run.font.size for run in paragraph.runs} == {Pt(14)}
        assert east_asia(paragraph) == {"宋体"}


def test_it_names_a_fallback_for_the_chinese_faces() -> None:
    docx = reopen(reply(Outcome.DISCLOSED))
    fonts = etree.fromstring(docx.part.part_related_by(RT.FONT_TABLE).blob)
    fallbacks = {
        font.get(qn("w:name")): font.find(qn("w:altName")).get(qn("w:val"))
        for font in fonts.iter(qn("w:font"))
        if font.find(qn("w:altName")) is not None
    }
    assert fallbacks["方正小标宋简体"] == "宋体"
    assert fallbacks["仿宋_GB2312"] == "仿宋"


@pytest.mark.parametrize("kind", list(LetterKind))
def test_it_renders_every_kind_as_a_docx_that_reopens_with_all_its_text(kind: LetterKind) -> None:
    letter = compose_letter(kind, replace(CTX, attachments=("项目清单",)))
    texts = [p.text for p in reopen(letter).paragraphs]
    for part in [letter.title, letter.addressee, *letter.paragraphs, letter.closing, "附件：项目清单"]:
        assert part in texts
    if letter.remedies:
        assert letter.remedies in texts
