"""contract.md "Annual report": GET /api/v1/reports/annual/{org_code}/{year}, with real Bearer tokens."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client

from gongkai.accounts.services import api_token_create
from gongkai.core.testing import Region
from gongkai.reports.computation import annual_figures
from gongkai.reports.services import annual_report_approve, annual_report_publish, annual_report_update
from gongkai.reports.tests.flow import NOW, YEAR, add_late_case, admins, draft, fgw_year

pytestmark = pytest.mark.django_db
URL = f"/api/v1/reports/annual/fgw/{YEAR}"
OUTCOMES = 21  # statutory.md §3.3


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def get(url: str = URL, user: Any = None, token: str | None = None) -> Any:
    headers = {}
    if user is not None:
        _record, token = api_token_create(actor=None, user=user)
    if token is not None:
        headers = {"Authorization": f"Bearer {token}"}
    return Client().get(url, headers=headers)


def test_it_answers_the_organizations_staff_with_live_figures_before_any_report_exists(
    region: Region,
) -> None:
    fgw_year(region)
    response = get(user=region.lisi)
    assert response.status_code == 200
    data = response.json()
    assert data == annual_figures(org=region.fgw, year=YEAR).to_contract(status="draft")
    assert data["org"] == "fgw" and data["year"] == YEAR and data["status"] == "draft"
    assert set(data) == {"org", "year", "status", "section2", "section3", "section4", "fees"}
    assert set(data["section2"]) == {
        "rules",
        "normative_documents",
        "licensing",
        "penalty",
        "enforcement",
        "fees_10k_yuan",
    }
    assert data["section2"]["rules"] == {"issued": 0, "repealed": 0, "in_force": 0}
    columns = ["person", "company", "research", "nonprofit", "legal_service", "other_org", "total"]
    assert data["section3"]["columns"] == columns
    rows = data["section3"]["rows"]
    assert len(rows) == 2 + OUTCOMES + 2 and all(len(values) == 7 for values in rows.values())
    assert rows["new"] == [3, 1, 0, 0, 0, 0, 4]
    assert rows["carried_in"][-1] == 1 and rows["carried_over"][-1] == 1
    assert rows["disclosed"][-1] == 3 and rows["partially_disclosed"] == [0, 1, 0, 0, 0, 0, 1]
    assert set(data["section4"]) == {
        "reconsideration",
        "litigation_direct",
        "litigation_after_reconsideration",
    }
    assert data["section4"]["reconsideration"] == {
        "upheld": 0,
        "corrected": 0,
        "other": 0,
        "pending": 0,
        "total": 0,
    }
    assert data["fees"] == {"notices": 1, "amount_due": "100.00", "amount_collected": "100.00"}


def test_it_shows_a_drafts_entered_figures(region: Region) -> None:
    annual_report_update(actor=region.lisi, report=draft(region), licensing=7, fees_10k_yuan="1.5")
    section2 = get(user=region.wangwu).json()["section2"]
    assert (section2["licensing"], section2["penalty"], section2["fees_10k_yuan"]) == (7, None, "1.50")


def test_it_hides_an_unpublished_report(region: Region) -> None:
    draft(region)
    assert get().status_code == 404
    assert "尚未发布" in get().json()["detail"]
    refused = get(user=region.zhaoliu)  # staff of 市教育局
    assert refused.status_code == 403 and "无权查看" in refused.json()["detail"]
    assert get(user=region.zhangsan).status_code == 403
    assert get(token="not-a-token").status_code == 401


def test_the_organizations_above_and_platform_admins_see_a_draft(region: Region) -> None:
    assert get(user=admins(region).gkb).status_code == 200  # org_admin of 示例市人民政府
    assert get(user=region.admin).status_code == 200


def test_a_published_report_is_public_with_the_figures_approved(region: Region) -> None:
    fgw_year(region)
    sunqi = admins(region).sunqi
    report = annual_report_approve(actor=sunqi, report=draft(region))
    approved = get(user=region.lisi).json()
    assert approved["status"] == "approved"
    annual_report_publish(actor=sunqi, report=report)
    add_late_case(region)
    public = get()
    assert public.status_code == 200
    data = public.json()
    assert data["status"] == "published"
    assert data["section3"] == approved["section3"]
    assert data["section3"]["rows"]["new"][-1] == 4  # not the 5 the data now hold
    assert get(user=region.zhaoliu).json()["status"] == "published"


def test_it_answers_404_for_an_unknown_organization_and_422_for_a_bad_year(region: Region) -> None:
    assert get(f"/api/v1/reports/annual/nowhere/{YEAR}", user=region.admin).status_code == 404
    bad = get("/api/v1/reports/annual/fgw/1900", user=region.admin)
    assert bad.status_code == 422 and "year" in bad.json()["errors"]


def test_it_is_in_the_openapi_schema(region: Region) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/reports/annual/{org_code}/{year}" in schema["paths"]
