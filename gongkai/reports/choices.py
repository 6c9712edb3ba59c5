"""The vocabulary of the 政府信息公开工作年度报告 in the 2021 format (statutory.md §5): section titles, the
rows and columns of the tables of sections 二, 三 and 四 with their labels exactly as the official tables
print them, and the keys that the JSON of contract.md "Annual report" uses for them.

Renderers (page, DOCX, XLSX) and the computation all read their rows from here, so that a label is spelt
once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.foi.choices import AppealKind, ApplicantKind, Outcome

# 条例第四十九条: departments publish their report by 31 January, the 本级政府 by 31 March.
DEPARTMENT_REPORT_DUE = (1, 31)
GOVERNMENT_REPORT_DUE = (3, 31)

SECTION_TITLES: tuple[str, ...] = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)


class ReportStatus(models.TextChoices):
    """An annual report is drafted from the data, approved by the org_admin, then published."""

    DRAFT = "draft", _("草稿")
    APPROVED = "approved", _("已审核")
    PUBLISHED = "published", _("已发布")


# ---- Section 三 ------------------------------------------------------------------------------------

# Column keys of section 三 in the order of the official table and of contract.md: the six applicant
# kinds (statutory.md §3.3), then 总计 = their sum (there is no official subtotal column).
SECTION3_KINDS: tuple[str, ...] = tuple(ApplicantKind.values)
SECTION3_COLUMNS: tuple[str, ...] = (*SECTION3_KINDS, "total")
SECTION3_COLUMN_LABELS: dict[str, str] = {
    "person": "自然人",
    "company": "商业企业",
    "research": "科研机构",
    "nonprofit": "社会公益组织",
    "legal_service": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
}
SECTION3_HEADER_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
# The two spanning headers over the number columns: 申请人情况 over all seven, 法人或其他组织 over the
# five organization kinds (自然人 and 总计 stand beside it, each merged down over two header rows).
SECTION3_APPLICANT_HEADER = "申请人情况"
SECTION3_ORG_HEADER = "法人或其他组织"
SECTION3_ORG_KINDS: tuple[str, ...] = tuple(kind for kind in SECTION3_KINDS if kind != "person")


@dataclass(frozen=True)
class OutcomeGroup:
    """One of the six groups （一）…（六） of 三、本年度办理结果. A group with a single outcome and no
    numbered items (（一）予以公开, （二）部分公开) is one row; the others print their label once, merged
    down beside their numbered items."""

    label: str
    outcomes: tuple[tuple[str, str], ...]  # (outcome code, the item's label as printed)

    @property
    def single(self) -> bool:
        return len(self.outcomes) == 1 and self.outcomes[0][1] == ""


OUTCOME_GROUPS: tuple[OutcomeGroup, ...] = (
    OutcomeGroup("（一）予以公开", ((Outcome.DISCLOSED, ""),)),
    OutcomeGroup(
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ((Outcome.PARTIALLY_DISCLOSED, ""),),
    ),
    OutcomeGroup(
        "（三）不予公开",
        (
            (Outcome.WITHHELD_STATE_SECRET, "1.属于国家秘密"),
            (Outcome.WITHHELD_LAW_PROHIBITED, "2.其他法律行政法规禁止公开"),
            (Outcome.WITHHELD_SECURITY_STABILITY, "3.危及“三安全一稳定”"),
            (Outcome.WITHHELD_THIRD_PARTY, "4.保护第三方合法权益"),
            (Outcome.WITHHELD_INTERNAL_AFFAIRS, "5.属于三类内部事务信息"),
            (Outcome.WITHHELD_PROCESS_INFO, "6.属于四类过程性信息"),
            (Outcome.WITHHELD_ENFORCEMENT_FILE, "7.属于行政执法案卷"),
            (Outcome.WITHHELD_QUERY_MATTER, "8.属于行政查询事项"),
        ),
    ),
    OutcomeGroup(
        "（四）无法提供",
        (
            (Outcome.UNAVAILABLE_NOT_HELD, "1.本机关不掌握相关政府信息"),
            (Outcome.UNAVAILABLE_NEEDS_CREATION, "2.没有现成信息需要另行制作"),
            (Outcome.UNAVAILABLE_UNCLEAR_AFTER_CORRECTION, "3.补正后申请内容仍不明确"),
        ),
    ),
    OutcomeGroup(
        "（五）不予处理",
        (
            (Outcome.NOT_PROCESSED_PETITION, "1.信访举报投诉类申请"),
            (Outcome.NOT_PROCESSED_DUPLICATE, "2.重复申请"),
            (Outcome.NOT_PROCESSED_PUBLICATION, "3.要求提供公开出版物"),
            (Outcome.NOT_PROCESSED_EXCESSIVE, "4.无正当理由大量反复申请"),
            (Outcome.NOT_PROCESSED_CONFIRMATION, "5.要求行政机关确认或重新出具已获取信息"),
        ),
    ),
    OutcomeGroup(
        "（六）其他处理",
        (
            (
                Outcome.OTHER_CORRECTION_LAPSED,
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            ),
            (
                Outcome.OTHER_FEE_LAPSED,
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            ),
            (Outcome.OTHER_OTHER, "3.其他"),
        ),
    ),
)
OUTCOME_ORDER: tuple[str, ...] = tuple(
    str(code) for group in OUTCOME_GROUPS for code, _label in group.outcomes
)

# Row keys of section 三 in table order, as contract.md names them.
SECTION3_ROWS: tuple[str, ...] = ("new", "carried_in", *OUTCOME_ORDER, "total_handled", "carried_over")
SECTION3_ROW_LABELS: dict[str, str] = {
    "new": "一、本年新收政府信息公开申请数量",
    "carried_in": "二、上年结转政府信息公开申请数量",
    "results": "三、本年度办理结果",
    "total_handled": "（七）总计",
    "carried_over": "四、结转下年度继续办理",
}

# ---- Section 二 ------------------------------------------------------------------------------------

SECTION2_ITEM_HEADERS = {
    "item1": "第二十条第（一）项",
    "item5": "第二十条第（五）项",
    "item6": "第二十条第（六）项",
    "item8": "第二十条第（八）项",
}
SECTION2_CONTENT_LABEL = "信息内容"
SECTION2_DOCUMENT_COLUMNS = ("本年制发件数", "本年废止件数", "现行有效件数")
SECTION2_DOCUMENT_ROWS = {"rules": "规章", "normative_documents": "行政规范性文件"}
SECTION2_DECISIONS_COLUMN = "本年处理决定数量"
SECTION2_FEES_COLUMN = "本年收费金额（单位：万元）"
SECTION2_ENTERED_LABELS = {
    "licensing": "行政许可",
    "penalty": "行政处罚",
    "enforcement": "行政强制",
    "fees_10k_yuan": "行政事业性收费",
}

# ---- Section 四 ------------------------------------------------------------------------------------

SECTION4_GROUPS: tuple[str, ...] = tuple(AppealKind.values)
SECTION4_RESULT_KEYS: tuple[str, ...] = ("upheld", "corrected", "other", "pending", "total")
SECTION4_RESULT_LABELS: dict[str, str] = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}
SECTION4_GROUP_LABELS: dict[str, str] = {
    "reconsideration": "行政复议",
    "litigation": "行政诉讼",
    "litigation_direct": "未经复议直接起诉",
    "litigation_after_reconsideration": "复议后起诉",
}
