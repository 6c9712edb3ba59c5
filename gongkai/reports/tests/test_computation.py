"""annual_figures and rollup_figures (statutory.md §5) on hand-built records."""

from __future__ import annotations

import pytest

from gongkai.core.testing import Region
from gongkai.reports.computation import annual_figures
from gongkai.reports.tests.builders import D, case, save_cases

pytestmark = pytest.mark.django_db


def test_it_counts_a_case_received_and_closed_in_the_year(region: Region) -> None:
    save_cases([case(region.fgw, received=D(2025, 3, 1), closed=D(2025, 3, 20))])
    rows = annual_figures(org=region.fgw, year=2025).section3.rows
    assert rows["new"]["person"] == 1
    assert rows["disclosed"]["person"] == 1
    assert rows["total_handled"]["total"] == 1
    assert rows["carried_over"]["total"] == 0
