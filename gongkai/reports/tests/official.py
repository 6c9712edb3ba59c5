"""The official 2021 tables (国办公开办函〔2021〕30号) written out cell by cell, independently of
gongkai.reports.layout, for the renderers' tests to compare against; and sample figures in which every
number is distinct, so that a number in the wrong cell fails.

A cell is (row, column, rowspan, colspan, text), rows and columns 0-based from the table's top left.
"""

from __future__ import annotations

from decimal import Decimal

from gongkai.reports.figures import AnnualFigures, DocumentCounts, Section2

GridCell = tuple[int, int, int, int, str]

ORG_NAME = "某市发展和改革委员会"
YEAR = 2025
TITLE = "某市发展和改革委员会2025年政府信息公开工作年度报告"
TEXTS = {
    1: "本年度，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。\n\n全年主动公开政府信息一千余条。",
    5: "存在的主要问题：政策解读形式较单一。\n\n  \n改进情况：增加图解。",
    6: "本年度未收取信息处理费。",
}
TEXT_PARAGRAPHS = {
    1: ["本年度，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。", "全年主动公开政府信息一千余条。"],
    5: ["存在的主要问题：政策解读形式较单一。", "改进情况：增加图解。"],
    6: ["本年度未收取信息处理费。"],
}
SECTION_TITLES = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]

# Section 三: the columns left to right after the three label columns.
S3_KINDS = ("person", "company", "research", "nonprofit", "legal_service", "other_org", "total")
# Section 三's body, top to bottom: the row's key and its label cells as (column, rowspan, colspan, text).
S3_BODY: list[tuple[str, list[tuple[int, int, int, str]]]] = [
    ("new", [(0, 1, 3, "一、本年新收政府信息公开申请数量")]),
    ("carried_in", [(0, 1, 3, "二、上年结转政府信息公开申请数量")]),
    ("disclosed", [(0, 22, 1, "三、本年度办理结果"), (1, 1, 2, "（一）予以公开")]),
    ("partially_disclosed", [(1, 1, 2, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")]),
    ("withheld.state_secret", [(1, 8, 1, "（三）不予公开"), (2, 1, 1, "1.属于国家秘密")]),
    ("withheld.law_prohibited", [(2, 1, 1, "2.其他法律行政法规禁止公开")]),
    ("withheld.security_stability", [(2, 1, 1, "3.危及“三安全一稳定”")]),
    ("withheld.third_party", [(2, 1, 1, "4.保护第三方合法权益")]),
    ("withheld.internal_affairs", [(2, 1, 1, "5.属于三类内部事务信息")]),
    ("withheld.process_info", [(2, 1, 1, "6.属于四类过程性信息")]),
    ("withheld.enforcement_file", [(2, 1, 1, "7.属于行政执法案卷")]),
    ("withheld.query_matter", [(2, 1, 1, "8.属于行政查询事项")]),
    ("unavailable.not_held", [(1, 3, 1, "（四）无法提供"), (2, 1, 1, "1.本机关不掌握相关政府信息")]),
    ("unavailable.needs_creation", [(2, 1, 1, "2.没有现成信息需要另行制作")]),
    ("unavailable.unclear_after_correction", [(2, 1, 1, "3.补正后申请内容仍不明确")]),
    ("not_processed.petition", [(1, 5, 1, "（五）不予处理"), (2, 1, 1, "1.信访举报投诉类申请")]),
    ("not_processed.duplicate", [(2, 1, 1, "2.重复申请")]),
    ("not_processed.publication", [(2, 1, 1, "3.要求提供公开出版物")]),
    ("not_processed.excessive", [(2, 1, 1, "4.无正当理由大量反复申请")]),
    ("not_processed.confirmation", [(2, 1, 1, "5.要求行政机关确认或重新出具已获取信息")]),
    (
        "other.correction_lapsed",
        [
            (1, 3, 1, "（六）其他处理"),
            (2, 1, 1, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        ],
    ),
    (
        "other.fee_lapsed",
        [(2, 1, 1, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")],
    ),
    ("other.other", [(2, 1, 1, "3.其他")]),
    ("total_handled", [(1, 1, 2, "（七）总计")]),
    ("carried_over", [(0, 1, 3, "四、结转下年度继续办理")]),
]
S4_GROUPS = ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
S4_RESULTS = ("upheld", "corrected", "other", "pending", "total")
S4_RESULT_LABELS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def sample_figures() -> AnnualFigures:
    """Figures with a different non-zero number in every cell."""
    figures = AnnualFigures(org_code="310000-fgw", org_name=ORG_NAME, year=YEAR)
    figures.section2 = Section2(
        rules=DocumentCounts(issued=101, repealed=102, in_force=103),
        normative_documents=DocumentCounts(issued=104, repealed=105, in_force=106),
        licensing=107,
        penalty=108,
        enforcement=109,
        fees_10k_yuan=Decimal("110.25"),
        entered=frozenset({"licensing", "penalty", "enforcement", "fees_10k_yuan"}),
    )
    for row_index, (row, _labels) in enumerate(S3_BODY):
        for column_index, kind in enumerate(S3_KINDS):
            figures.section3.rows[row][kind] = 1000 + 10 * row_index + column_index
    for group_index, group in enumerate(S4_GROUPS):
        for result_index, result in enumerate(S4_RESULTS):
            figures.section4.groups[group][result] = 500 + 10 * group_index + result_index
    return figures


def section2_grid(figures: AnnualFigures) -> list[GridCell]:
    s2 = figures.section2

    def text(value: object) -> str:
        return "" if value is None else str(value)

    grid: list[GridCell] = [
        (0, 0, 1, 4, "第二十条第（一）项"),
        (1, 0, 1, 1, "信息内容"),
        (1, 1, 1, 1, "本年制发件数"),
        (1, 2, 1, 1, "本年废止件数"),
        (1, 3, 1, 1, "现行有效件数"),
        (2, 0, 1, 1, "规章"),
        (2, 1, 1, 1, text(s2.rules.issued)),
        (2, 2, 1, 1, text(s2.rules.repealed)),
        (2, 3, 1, 1, text(s2.rules.in_force)),
        (3, 0, 1, 1, "行政规范性文件"),
        (3, 1, 1, 1, text(s2.normative_documents.issued)),
        (3, 2, 1, 1, text(s2.normative_documents.repealed)),
        (3, 3, 1, 1, text(s2.normative_documents.in_force)),
        (4, 0, 1, 4, "第二十条第（五）项"),
        (5, 0, 1, 1, "信息内容"),
        (5, 1, 1, 3, "本年处理决定数量"),
        (6, 0, 1, 1, "行政许可"),
        (6, 1, 1, 3, text(s2.licensing)),
        (7, 0, 1, 4, "第二十条第（六）项"),
        (8, 0, 1, 1, "信息内容"),
        (8, 1, 1, 3, "本年处理决定数量"),
        (9, 0, 1, 1, "行政处罚"),
        (9, 1, 1, 3, text(s2.penalty)),
        (10, 0, 1, 1, "行政强制"),
        (10, 1, 1, 3, text(s2.enforcement)),
        (11, 0, 1, 4, "第二十条第（八）项"),
        (12, 0, 1, 1, "信息内容"),
        (12, 1, 1, 3, "本年收费金额（单位：万元）"),
        (13, 0, 1, 1, "行政事业性收费"),
        (13, 1, 1, 3, text(s2.fees_10k_yuan)),
    ]
    return grid


def section3_grid(figures: AnnualFigures) -> list[GridCell]:
    grid: list[GridCell] = [
        (0, 0, 3, 3, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
        (0, 3, 1, 7, "申请人情况"),
        (1, 3, 2, 1, "自然人"),
        (1, 4, 1, 5, "法人或其他组织"),
        (1, 9, 2, 1, "总计"),
        (2, 4, 1, 1, "商业企业"),
        (2, 5, 1, 1, "科研机构"),
        (2, 6, 1, 1, "社会公益组织"),
        (2, 7, 1, 1, "法律服务机构"),
        (2, 8, 1, 1, "其他"),
    ]
    for index, (row, labels) in enumerate(S3_BODY):
        grid_row = 3 + index
        grid += [(grid_row, column, rowspan, colspan, text) for column, rowspan, colspan, text in labels]
        grid += [
            (grid_row, 3 + offset, 1, 1, str(figures.section3.rows[row][kind]))
            for offset, kind in enumerate(S3_KINDS)
        ]
    return grid


def section4_grid(figures: AnnualFigures) -> list[GridCell]:
    grid: list[GridCell] = [(0, 0, 1, 5, "行政复议"), (0, 5, 1, 10, "行政诉讼")]
    grid += [(1, column, 2, 1, label) for column, label in enumerate(S4_RESULT_LABELS)]
    grid += [(1, 5, 1, 5, "未经复议直接起诉"), (1, 10, 1, 5, "复议后起诉")]
    grid += [(2, 5 + column, 1, 1, label) for column, label in enumerate(S4_RESULT_LABELS * 2)]
    grid += [
        (3, 5 * group_index + result_index, 1, 1, str(figures.section4.groups[group][result]))
        for group_index, group in enumerate(S4_GROUPS)
        for result_index, result in enumerate(S4_RESULTS)
    ]
    return grid


def official_grids(figures: AnnualFigures) -> dict[int, list[GridCell]]:
    """The three tables by section number."""
    return {2: section2_grid(figures), 3: section3_grid(figures), 4: section4_grid(figures)}


TABLE_SHAPES = {2: (14, 4), 3: (28, 10), 4: (4, 15)}  # rows, columns
