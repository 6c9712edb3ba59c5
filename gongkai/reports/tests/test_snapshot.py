"""The figures frozen at approval come back exactly as they were."""

from __future__ import annotations

import json
from decimal import Decimal

from gongkai.reports.figures import AnnualFigures, DocumentCounts, FeeFigures, Section2
from gongkai.reports.snapshot import figures_from_snapshot, figures_to_snapshot


def test_it_round_trips_every_number_through_json() -> None:
    figures = AnnualFigures(
        org_code="fgw",
        org_name="示例市发展和改革委员会",
        year=2025,
        section2=Section2(
            rules=DocumentCounts(1, 2, 3),
            normative_documents=DocumentCounts(4, 5, 6),
            licensing=7,
            penalty=None,
            enforcement=0,
            fees_10k_yuan=Decimal("1.2345"),
            entered=frozenset({"licensing", "enforcement", "fees_10k_yuan"}),
        ),
        fees=FeeFigures(notices=2, amount_due=Decimal("150.00"), amount_collected=Decimal("100.00")),
    )
    figures.section3.add("new", "company", 3)
    figures.section3.add("withheld.process_info", "person", 1)
    figures.section4.groups["litigation_direct"]["pending"] = 2
    stored = json.loads(json.dumps(figures_to_snapshot(figures)))  # as the JSON column keeps it
    again = figures_from_snapshot(stored)
    assert again == figures
    assert again.to_contract(status="approved") == figures.to_contract(status="approved")
