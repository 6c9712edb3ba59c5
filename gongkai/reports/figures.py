"""The numbers of one annual report (sections 二, 三, 四 and the fee figures of 六), as plain data.

The computation (:mod:`gongkai.reports.computation`) fills them from the platform's records; the
renderers (page, DOCX, XLSX) and the API read them. ``to_contract`` gives exactly the JSON of contract.md
"Annual report". Nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gongkai.reports.choices import (
    SECTION3_COLUMNS,
    SECTION3_KINDS,
    SECTION3_ROWS,
    SECTION4_GROUPS,
    SECTION4_RESULT_KEYS,
)


@dataclass
class DocumentCounts:
    """One row of 第二十条第（一）项: documents made this year, repealed this year, in force at year end."""

    issued: int = 0
    repealed: int = 0
    in_force: int = 0


@dataclass
class Section2:
    """二、主动公开政府信息情况. ``rules`` and ``normative_documents`` come from the catalogue; the other four
    are entered by staff (the platform does not hold licensing, penalty or enforcement decisions, nor the
    amount of 行政事业性收费); ``entered`` names the fields staff have filled in."""

    rules: DocumentCounts = field(default_factory=DocumentCounts)
    normative_documents: DocumentCounts = field(default_factory=DocumentCounts)
    licensing: int | None = None
    penalty: int | None = None
    enforcement: int | None = None
    fees_10k_yuan: Decimal | None = None  # 万元
    entered: frozenset[str] = frozenset()


def _zero_columns() -> dict[str, int]:
    return dict.fromkeys(SECTION3_COLUMNS, 0)


@dataclass
class Section3:
    """三、收到和处理政府信息公开申请情况: ``rows[row_key][column_key]`` with the row keys of
    :data:`SECTION3_ROWS` and the column keys of :data:`SECTION3_COLUMNS` (the six applicant kinds and
    ``total``)."""

    rows: dict[str, dict[str, int]] = field(
        default_factory=lambda: {row: _zero_columns() for row in SECTION3_ROWS}
    )

    def add(self, row: str, kind: str, count: int) -> None:
        """Add ``count`` cases of applicant ``kind`` to ``row``, and to the row's 总计."""
        self.rows[row][kind] += count
        self.rows[row]["total"] += count

    def as_lists(self) -> dict[str, list[int]]:
        return {row: [self.rows[row][column] for column in SECTION3_COLUMNS] for row in SECTION3_ROWS}


def _zero_results() -> dict[str, int]:
    return dict.fromkeys(SECTION4_RESULT_KEYS, 0)


@dataclass
class Section4:
    """四、政府信息公开行政复议、行政诉讼情况: ``groups[appeal_kind][result_key]``."""

    groups: dict[str, dict[str, int]] = field(
        default_factory=lambda: {group: _zero_results() for group in SECTION4_GROUPS}
    )


@dataclass
class FeeFigures:
    """信息处理费 for section 六 (statutory.md §3.4): notices issued in the year, the amount they asked, the
    amount paid, in 元."""

    notices: int = 0
    amount_due: Decimal = Decimal("0.00")
    amount_collected: Decimal = Decimal("0.00")


@dataclass
class AnnualFigures:
    """Every number of one organization's (or a roll-up's) annual report for one year."""

    org_code: str
    org_name: str
    year: int
    section2: Section2 = field(default_factory=Section2)
    section3: Section3 = field(default_factory=Section3)
    section4: Section4 = field(default_factory=Section4)
    fees: FeeFigures = field(default_factory=FeeFigures)

    def to_contract(self, *, status: str) -> dict[str, Any]:
        """The JSON of contract.md "Annual report"."""
        s2 = self.section2
        return {
            "org": self.org_code,
            "year": self.year,
            "status": status,
            "section2": {
                "rules": vars(s2.rules).copy(),
                "normative_documents": vars(s2.normative_documents).copy(),
                "licensing": s2.licensing,
                "penalty": s2.penalty,
                "enforcement": s2.enforcement,
                "fees_10k_yuan": None if s2.fees_10k_yuan is None else str(s2.fees_10k_yuan),
            },
            "section3": {"columns": list(SECTION3_COLUMNS), "rows": self.section3.as_lists()},
            "section4": {group: dict(results) for group, results in self.section4.groups.items()},
            "fees": {
                "notices": self.fees.notices,
                "amount_due": str(self.fees.amount_due),
                "amount_collected": str(self.fees.amount_collected),
            },
        }


__all__ = [
    "SECTION3_KINDS",
    "AnnualFigures",
    "DocumentCounts",
    "FeeFigures",
    "Section2",
    "Section3",
    "Section4",
]
