"""The arithmetic checks (勾稽关系) of the annual report's tables, on an :class:`AnnualFigures`.

- 三, each column: 一 + 二 = 三（七） + 四 (the table's own header note, SECTION3_HEADER_NOTE);
- 三, each row: 总计 = the sum of the six applicant kinds;
- 三, each column: （七）总计 = the sum of the 21 outcome rows;
- 四, each group: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结;
- no number anywhere is negative.

The computation (gongkai.reports.computation) counts honestly, so on the platform's own records a failure
names a fault in the records (a closed case with no outcome, a case closed before it was received);
on figures that staff edited it names the edit that broke the table. Each failure carries the keys of the
cell it is about and a Chinese message naming the rows and columns by their printed labels.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from gongkai.reports.choices import (
    OUTCOME_GROUPS,
    OUTCOME_ORDER,
    SECTION2_DOCUMENT_COLUMNS,
    SECTION2_DOCUMENT_ROWS,
    SECTION2_ENTERED_LABELS,
    SECTION3_COLUMN_LABELS,
    SECTION3_COLUMNS,
    SECTION3_KINDS,
    SECTION3_ROW_LABELS,
    SECTION3_ROWS,
    SECTION4_GROUP_LABELS,
    SECTION4_RESULT_KEYS,
    SECTION4_RESULT_LABELS,
)
from gongkai.reports.figures import AnnualFigures, DocumentCounts

SECTION2 = "section2"
SECTION3 = "section3"
SECTION4 = "section4"
FEES = "fees"

# The short names of section 三's rows in messages: 一, 二, 三（七）, 四 and the outcome rows' printed
# labels ("（三）1.属于国家秘密").
_SHORT_ROW_NAMES = {"new": "一", "carried_in": "二", "total_handled": "三（七）", "carried_over": "四"}
_OUTCOME_LABELS = {
    str(code): f"{group.label}{item}" if item else group.label
    for group in OUTCOME_GROUPS
    for code, item in group.outcomes
}
_PENDING_PARTS = ("upheld", "corrected", "other", "pending")


@dataclass(frozen=True)
class IdentityFailure:
    """One check that does not hold: the section, the row and column keys it is about (``""`` where it
    is about a whole row or column), and what is wrong, in Chinese."""

    section: str
    row: str
    column: str
    message: str


def identity_failures(figures: AnnualFigures) -> list[IdentityFailure]:
    """Every check of the module docstring that fails on ``figures``; empty when the tables add up."""
    return [
        *_negatives(figures),
        *_row_totals(figures),
        *_outcome_totals(figures),
        *_balances(figures),
        *_section4_totals(figures),
    ]


def row_label(row: str) -> str:
    """The printed label of a row of section 三."""
    return SECTION3_ROW_LABELS.get(row) or _OUTCOME_LABELS[row]


def _short(row: str) -> str:
    return _SHORT_ROW_NAMES.get(row) or _OUTCOME_LABELS[row]


def _column(column: str) -> str:
    return SECTION3_COLUMN_LABELS[column]


def _negatives(figures: AnnualFigures) -> list[IdentityFailure]:
    failures = []
    rows = figures.section3.rows
    for row in SECTION3_ROWS:
        for column in SECTION3_COLUMNS:
            if rows[row][column] < 0:
                failures.append(
                    IdentityFailure(
                        SECTION3,
                        row,
                        column,
                        _("三、“%(row)s”行“%(column)s”列为负数（%(value)s）")
                        % {"row": row_label(row), "column": _column(column), "value": rows[row][column]},
                    )
                )
    for group, results in figures.section4.groups.items():
        for key in SECTION4_RESULT_KEYS:
            if results[key] < 0:
                failures.append(
                    IdentityFailure(
                        SECTION4,
                        group,
                        key,
                        _("四、“%(group)s”的“%(result)s”为负数（%(value)s）")
                        % {
                            "group": SECTION4_GROUP_LABELS[group],
                            "result": SECTION4_RESULT_LABELS[key],
                            "value": results[key],
                        },
                    )
                )
    return failures + _section2_negatives(figures) + _fee_negatives(figures)


def _section2_negatives(figures: AnnualFigures) -> list[IdentityFailure]:
    s2 = figures.section2
    documents: dict[str, DocumentCounts] = {"rules": s2.rules, "normative_documents": s2.normative_documents}
    column_labels = dict(zip(("issued", "repealed", "in_force"), SECTION2_DOCUMENT_COLUMNS, strict=True))
    labels = SECTION2_DOCUMENT_ROWS
    failures = [
        IdentityFailure(
            SECTION2,
            key,
            column,
            _("二、“%(row)s”的“%(column)s”为负数（%(value)s）")
            % {"row": labels[key], "column": column_labels[column], "value": getattr(counts, column)},
        )
        for key, counts in documents.items()
        for column in column_labels
        if getattr(counts, column) < 0
    ]
    for key, label in SECTION2_ENTERED_LABELS.items():
        value = getattr(s2, key)
        if value is not None and value < 0:
            failures.append(
                IdentityFailure(
                    SECTION2, key, "", _("二、“%(row)s”为负数（%(value)s）") % {"row": label, "value": value}
                )
            )
    return failures


def _fee_negatives(figures: AnnualFigures) -> list[IdentityFailure]:
    fees = figures.fees
    labels = {"notices": "收费通知件数", "amount_due": "应收金额", "amount_collected": "实收金额"}
    return [
        IdentityFailure(
            FEES,
            key,
            "",
            _("六、信息处理费“%(row)s”为负数（%(value)s）") % {"row": label, "value": getattr(fees, key)},
        )
        for key, label in labels.items()
        if getattr(fees, key) < 0
    ]


def _row_totals(figures: AnnualFigures) -> list[IdentityFailure]:
    failures = []
    for row in SECTION3_ROWS:
        cells = figures.section3.rows[row]
        kinds = sum(cells[kind] for kind in SECTION3_KINDS)
        if cells["total"] != kinds:
            failures.append(
                IdentityFailure(
                    SECTION3,
                    row,
                    "total",
                    _("“%(row)s”行：总计（%(total)s）≠ 六类申请人之和（%(sum)s）")
                    % {"row": row_label(row), "total": cells["total"], "sum": kinds},
                )
            )
    return failures


def _outcome_totals(figures: AnnualFigures) -> list[IdentityFailure]:
    failures = []
    rows = figures.section3.rows
    for column in SECTION3_COLUMNS:
        outcomes = sum(rows[outcome][column] for outcome in OUTCOME_ORDER)
        if rows["total_handled"][column] != outcomes:
            failures.append(
                IdentityFailure(
                    SECTION3,
                    "total_handled",
                    column,
                    _("“%(column)s”列：三（七）总计（%(total)s）≠ 三（一）至（六）各项之和（%(sum)s）")
                    % {"column": _column(column), "total": rows["total_handled"][column], "sum": outcomes},
                )
            )
    return failures


def _balances(figures: AnnualFigures) -> list[IdentityFailure]:
    """一 + 二 = 三（七） + 四 per column (the header note of the official table)."""
    failures = []
    rows = figures.section3.rows
    for column in SECTION3_COLUMNS:
        values = {row: rows[row][column] for row in ("new", "carried_in", "total_handled", "carried_over")}
        if values["new"] + values["carried_in"] != values["total_handled"] + values["carried_over"]:
            failures.append(
                IdentityFailure(
                    SECTION3,
                    "",
                    column,
                    _(
                        "“%(column)s”列：一（%(new)s）+ 二（%(carried_in)s）"
                        "≠ 三（七）总计（%(total_handled)s）+ 四（%(carried_over)s）"
                    )
                    % {"column": _column(column), **values},
                )
            )
    return failures


def _section4_totals(figures: AnnualFigures) -> list[IdentityFailure]:
    failures = []
    for group, results in figures.section4.groups.items():
        parts = sum(results[key] for key in _PENDING_PARTS)
        if results["total"] != parts:
            failures.append(
                IdentityFailure(
                    SECTION4,
                    group,
                    "total",
                    _("四、“%(group)s”：总计（%(total)s）≠ %(parts)s（%(sum)s）")
                    % {
                        "group": SECTION4_GROUP_LABELS[group],
                        "total": results["total"],
                        "parts": " + ".join(SECTION4_RESULT_LABELS[key] for key in _PENDING_PARTS),
                        "sum": parts,
                    },
                )
            )
    return failures
