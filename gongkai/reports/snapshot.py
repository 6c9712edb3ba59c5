"""The frozen figures of an approved annual report: :class:`AnnualFigures` to JSON and back.

The JSON is the report's ``to_contract`` answer (contract.md "Annual report") plus the names of the
staff-entered fields, so a published report answers the API with exactly what was approved.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from gongkai.reports.choices import SECTION3_COLUMNS
from gongkai.reports.figures import (
    AnnualFigures,
    DocumentCounts,
    FeeFigures,
    Section2,
    Section3,
    Section4,
)


def figures_to_snapshot(figures: AnnualFigures) -> dict[str, Any]:
    data = figures.to_contract(status="")
    data.pop("status")
    data["org_name"] = figures.org_name
    data["entered"] = sorted(figures.section2.entered)
    return data


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _section2(data: dict[str, Any], entered: list[str]) -> Section2:
    return Section2(
        rules=DocumentCounts(**data["rules"]),
        normative_documents=DocumentCounts(**data["normative_documents"]),
        licensing=data["licensing"],
        penalty=data["penalty"],
        enforcement=data["enforcement"],
        fees_10k_yuan=_decimal(data["fees_10k_yuan"]),
        entered=frozenset(entered),
    )


def _section3(data: dict[str, Any]) -> Section3:
    section = Section3()
    for row, values in data["rows"].items():
        section.rows[row] = dict(zip(SECTION3_COLUMNS, values, strict=True))
    return section


def figures_from_snapshot(data: dict[str, Any]) -> AnnualFigures:
    fees = data["fees"]
    return AnnualFigures(
        org_code=data["org"],
        org_name=data.get("org_name", ""),
        year=data["year"],
        section2=_section2(data["section2"], data.get("entered", [])),
        section3=_section3(data["section3"]),
        section4=Section4(groups={group: dict(values) for group, values in data["section4"].items()}),
        fees=FeeFigures(
            notices=fees["notices"],
            amount_due=Decimal(fees["amount_due"]),
            amount_collected=Decimal(fees["amount_collected"]),
        ),
    )
