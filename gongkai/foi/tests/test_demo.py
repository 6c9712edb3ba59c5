"""The demo region's applications show every state of the workbench, and load once."""

from __future__ import annotations

import pytest

from gongkai.foi.choices import CaseStatus, LetterStatus
from gongkai.foi.demo import DEMO_QUERY_CODE
from gongkai.foi.models import FoiAppeal, FoiCase, FoiLetter
from gongkai.foi.services import foi_case_check_query_code
from gongkai.portal.demo.loader import load_demo_region

pytestmark = pytest.mark.django_db


def test_it_loads_cases_in_every_state_once() -> None:
    counts = load_demo_region()
    assert counts["foi_cases"] == FoiCase.objects.count() >= 10
    statuses = set(FoiCase.objects.values_list("status", flat=True))
    assert {
        CaseStatus.PENDING_RECEIPT,
        CaseStatus.IN_PROGRESS,
        CaseStatus.PAUSED,
        CaseStatus.AWAITING_CORRECTION,
        CaseStatus.CLOSED,
    } <= statuses
    due = set(FoiCase.objects.values_list("due_status", flat=True))
    assert {"due_soon", "overdue", "not_due"} <= due
    assert FoiLetter.objects.filter(status=LetterStatus.SENT).count() >= 4
    assert FoiAppeal.objects.exists()
    case = FoiCase.objects.get(
        number__startswith="FGW-", status=CaseStatus.CLOSED, outcome="withheld.process_info"
    )
    assert foi_case_check_query_code(case=case, query_code=DEMO_QUERY_CODE)
    assert load_demo_region()["foi_cases"] == 0
