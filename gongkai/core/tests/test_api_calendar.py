"""The public calendar endpoints (contract.md "Calendar")."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from gongkai.core.models import CalendarAlert

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    return Client()


def test_it_adds_working_days_as_in_the_statutory_example(client: Client) -> None:
    response = client.get("/api/v1/calendar/add-workdays", {"date": "2026-03-02", "days": "20"})
    assert response.status_code == 200
    assert response.json() == {"date": "2026-03-30", "provisional": False}


def test_it_counts_the_adjusted_saturday_of_national_day(client: Client) -> None:
    response = client.get("/api/v1/calendar/add-workdays", {"date": "2026-09-28", "days": "7"})
    assert response.json() == {"date": "2026-10-13", "provisional": False}
    response = client.get("/api/v1/calendar/add-workdays", {"date": "2026-09-28", "days": "20"})
    assert response.json() == {"date": "2026-10-30", "provisional": False}


def test_it_returns_the_date_itself_for_zero_days(client: Client) -> None:
    response = client.get("/api/v1/calendar/add-workdays", {"date": "2026-10-01", "days": "0"})
    assert response.json() == {"date": "2026-10-01", "provisional": False}


def test_it_counts_working_days_after_start_through_end(client: Client) -> None:
    response = client.get("/api/v1/calendar/workdays", {"start": "2026-09-28", "end": "2026-10-30"})
    assert response.status_code == 200
    assert response.json() == {"workdays": 20, "provisional": False}
    response = client.get("/api/v1/calendar/workdays", {"start": "2026-10-30", "end": "2026-09-28"})
    assert response.json() == {"workdays": 0, "provisional": False}


def test_it_marks_a_year_without_data_as_provisional_and_alerts(client: Client) -> None:
    with time_machine.travel(datetime(2026, 12, 20, 9, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        response = client.get("/api/v1/calendar/add-workdays", {"date": "2026-12-20", "days": "20"})
        counted = client.get("/api/v1/calendar/workdays", {"start": "2026-12-20", "end": "2027-01-20"})
    assert response.json() == {"date": "2027-01-15", "provisional": True}
    assert counted.json()["provisional"] is True
    assert CalendarAlert.objects.get().times == 2


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date": "2026-02-30", "days": "5"}, "date"),
        ({"date": "yesterday", "days": "5"}, "date"),
        ({"date": "2026-03-02", "days": "twenty"}, "days"),
        ({"date": "2026-03-02", "days": -1}, "days"),
        ({"date": "2026-03-02", "days": "3651"}, "days"),
        ({"date": "9999-12-30", "days": "5"}, "date"),
        ({"days": "5"}, "date"),
        ({"date": "2026-03-02"}, "days"),
    ],
)
def test_it_answers_bad_input_with_422_and_a_chinese_message_naming_the_field(
    client: Client, params: dict[str, str | int], field: str
) -> None:
    response = client.get("/api/v1/calendar/add-workdays", params)
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert field in body["errors"]
    assert f"字段“{field}”" in body["detail"]
    assert any("\u4e00" <= char <= "\u9fff" for char in body["errors"][field][0])


def test_it_accepts_the_largest_span(client: Client) -> None:
    response = client.get("/api/v1/calendar/add-workdays", {"date": "2026-03-02", "days": "3650"})
    assert response.status_code == 200
    assert response.json()["provisional"] is True


@pytest.mark.parametrize("params", [{"start": "2026-13-01", "end": "2026-03-02"}, {"start": "2026-03-02"}])
def test_it_refuses_bad_spans_with_422(client: Client, params: dict[str, str]) -> None:
    response = client.get("/api/v1/calendar/workdays", params)
    assert response.status_code == 422
    assert response.json()["errors"]


def test_it_documents_both_endpoints_in_the_openapi_schema(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/calendar/add-workdays" in paths
    assert "/api/v1/calendar/workdays" in paths
    parameters = {p["name"] for p in paths["/api/v1/calendar/add-workdays"]["get"]["parameters"]}
    assert parameters == {"date", "days"}
