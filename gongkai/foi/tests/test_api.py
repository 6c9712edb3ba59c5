"""contract.md "Disclosure requests (依申请公开)", driven with real Bearer tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from gongkai.accounts.services import api_token_create
from gongkai.core.testing import Region

pytestmark = pytest.mark.django_db

APPLICANT = {"kind": "person", "name": "张三", "id_type": "resident_id", "phone": "13812345678"}


class Api:
    """A client acting with one persona's token (none: anonymous)."""

    def __init__(self, user: Any = None) -> None:
        self.client = Client()
        self.headers: dict[str, str] = {}
        if user is not None:
            _record, token = api_token_create(actor=None, user=user)
            self.headers = {"Authorization": f"Bearer {token}"}

    def post(self, path: str, data: dict[str, Any] | None = None) -> Any:
        return self.client.post(
            f"/api/v1/foi{path}", data=data or {}, content_type="application/json", headers=self.headers
        )

    def get(self, path: str) -> Any:
        return self.client.get(f"/api/v1/foi{path}", headers=self.headers)


def _case(api: Api, **changes: Any) -> dict[str, Any]:
    payload = {
        "org": "fgw",
        "channel": "in_person",
        "submitted_on": "2026-03-02",
        "applicant": APPLICANT,
        "description": "示例市2025年度重大建设项目批准结果信息",
        **changes,
    }
    response = api.post("/cases", payload)
    assert response.status_code == 201, response.json()
    return response.json()


def test_it_registers_an_application_handed_in_and_computes_its_due_date(region: Region) -> None:
    api = Api(region.lisi)
    created = _case(api)
    assert created["received_on"] == "2026-03-02"  # 条例第三十一条: handed in
    assert created["due_on"] == "2026-03-30"  # statutory.md §3.2 worked example
    assert created["number"].startswith("FGW-2026-")
    assert len(created["query_code"]) == 8
    detail = api.get(f"/cases/{created['id']}").json()
    assert detail["status"] == "in_progress"
    assert detail["applicant_kind"] == "person"
    assert detail["correction_due_on"] == "2026-03-11"  # 第三十条: R + 7 working days
    assert detail["due_explanation"] and any("第三十三条" in line for line in detail["due_explanation"])
    assert [event["type"] for event in detail["events"]] == ["submitted"]


def test_it_waits_for_the_receipt_confirmation_of_a_letter(region: Region) -> None:
    api = Api(region.lisi)
    created = _case(api, channel="post_ordinary", submitted_on="2026-09-25")
    assert created["status"] == "pending_receipt"
    assert created["received_on"] is None and created["due_on"] is None
    confirmed = api.post(f"/cases/{created['id']}/confirm", {"on": "2026-09-28"}).json()
    assert confirmed["received_on"] == "2026-09-28"
    assert confirmed["due_on"] == "2026-10-30"  # across the National Day holiday and its 调休
    assert confirmed["correction_due_on"] == "2026-10-13"


def test_it_refuses_a_second_extension_with_409_and_the_reason(region: Region) -> None:
    api = Api(region.lisi)
    case_id = _case(api)["id"]
    first = api.post(f"/cases/{case_id}/events", {"type": "extension", "on": "2026-03-20", "workdays": 10})
    assert first.status_code == 200
    assert first.json()["due_on"] == "2026-04-14"  # 20 + 10 working days after 2 March (清明 4–6 April)
    second = api.post(f"/cases/{case_id}/events", {"type": "extension", "on": "2026-03-23", "workdays": 5})
    assert second.status_code == 409
    assert "只能延长一次" in second.json()["detail"]
    assert api.get(f"/cases/{case_id}").json()["extension_workdays"] == 10


def test_it_names_an_extension_beyond_twenty_days_as_a_field_error(region: Region) -> None:
    api = Api(region.lisi)
    case_id = _case(api)["id"]
    response = api.post(f"/cases/{case_id}/events", {"type": "extension", "on": "2026-03-20", "workdays": 21})
    assert response.status_code == 400
    assert "workdays" in response.json()["errors"]


@time_machine.travel(dt.datetime(2026, 3, 16, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False)
def test_it_returns_the_consultation_and_excludes_its_days(region: Region) -> None:
    api = Api(region.lisi)
    case_id = _case(api)["id"]
    started = api.post(
        f"/cases/{case_id}/events",
        {"type": "consultation_started", "on": "2026-03-09", "party": "third_party", "addressee": "某公司"},
    )
    assert started.status_code == 200
    consultation = started.json()["consultation"]
    assert isinstance(consultation, int)
    assert started.json()["status"] == "paused"
    ended = api.post(
        f"/cases/{case_id}/events",
        {"type": "consultation_ended", "on": "2026-03-13", "consultation": consultation},
    ).json()
    assert ended["excluded_workdays"] == 4  # 10–13 March: A < d <= B
    assert ended["due_on"] == "2026-04-03"
    assert ended["status"] == "in_progress"


def test_it_closes_a_case_with_its_reply_and_refuses_what_follows(region: Region) -> None:
    api = Api(region.lisi)
    case_id = _case(api)["id"]
    replied = api.post(
        f"/cases/{case_id}/events", {"type": "reply", "on": "2026-03-20", "outcome": "disclosed"}
    )
    assert replied.json()["status"] == "closed"
    assert replied.json()["outcome"] == "disclosed"
    assert replied.json()["closed_on"] == "2026-03-20"
    late = api.post(f"/cases/{case_id}/events", {"type": "extension", "on": "2026-03-23", "workdays": 5})
    assert late.status_code == 409
    bad = api.post(f"/cases/{case_id}/events", {"type": "reply", "on": "2026-03-20", "outcome": "maybe"})
    assert bad.status_code in (400, 409)


@time_machine.travel(dt.datetime(2026, 3, 16, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False)
def test_it_computes_a_per_page_fee_and_pauses_the_clock_until_payment(region: Region) -> None:
    api = Api(region.lisi)
    case_id = _case(api)["id"]
    noticed = api.post(
        f"/cases/{case_id}/events",
        {"type": "fee_notice", "on": "2026-03-05", "method": "per_page", "pages": 50},
    )
    assert noticed.status_code == 200, noticed.json()
    assert noticed.json()["events"][-1]["data"]["amount"] == "200.00"  # pages 31–50 at 10 元
    assert noticed.json()["status"] == "paused"
    paid = api.post(f"/cases/{case_id}/events", {"type": "fee_paid", "on": "2026-03-10"}).json()
    assert paid["excluded_workdays"] == 3  # 6, 9, 10 March
    assert paid["status"] == "in_progress"


def test_it_records_appeals_of_closed_cases_only(region: Region) -> None:
    api = Api(region.lisi)
    case_id = _case(api)["id"]
    early = api.post(f"/cases/{case_id}/appeals", {"kind": "reconsideration", "filed_on": "2026-03-20"})
    assert early.status_code == 409
    api.post(
        f"/cases/{case_id}/events", {"type": "reply", "on": "2026-03-20", "outcome": "withheld.process_info"}
    )
    appeal = api.post(
        f"/cases/{case_id}/appeals",
        {"kind": "reconsideration", "filed_on": "2026-04-01", "result": "upheld", "decided_on": "2026-05-20"},
    )
    assert appeal.status_code == 201
    assert appeal.json()["result"] == "upheld"
    bad = api.post(f"/cases/{case_id}/appeals", {"kind": "appeal", "filed_on": "2026-04-01"})
    assert bad.status_code == 400 and "kind" in bad.json()["errors"]


def test_it_hides_cases_from_other_organizations_and_the_public(region: Region) -> None:
    case_id = _case(Api(region.lisi))["id"]
    assert Api(region.zhaoliu).get(f"/cases/{case_id}").status_code == 404
    assert Api().get(f"/cases/{case_id}").status_code == 401
    refused = Api(region.zhaoliu).post(
        "/cases",
        {
            "org": "fgw",
            "channel": "in_person",
            "submitted_on": "2026-03-02",
            "applicant": APPLICANT,
            "description": "x",
        },
    )
    assert refused.status_code == 403


def test_it_names_bad_fields_in_chinese(region: Region) -> None:
    api = Api(region.lisi)
    response = api.post(
        "/cases",
        {
            "org": "fgw",
            "channel": "in_person",
            "submitted_on": "2026-03-02",
            "applicant": {"kind": "alien", "name": "", "phone": "12345"},
            "description": "",
        },
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"applicant.kind", "applicant.name", "applicant.phone", "description"} <= set(errors)
    assert "申请人类型" in response.json()["detail"]
