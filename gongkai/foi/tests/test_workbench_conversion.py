"""The 依申请转主动 and 典型案例库 screens of the workbench."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.core.testing import Region, client_for
from gongkai.foi import services
from gongkai.foi.choices import EventType, Outcome
from gongkai.foi.models import FoiCase, FoiLibraryEntry
from gongkai.publications.choices import DocumentStatus
from gongkai.publications.models import Document
from gongkai.publications.tests.helpers import SUBJECT

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_off")]


def _case(region: Region, *, day: int, name: str, outcome: str | None = None) -> FoiCase:
    today = timezone.localdate()
    case = services.foi_case_create(
        actor=region.lisi,
        org=region.fgw,
        channel="in_person",
        submitted_on=today - dt.timedelta(days=day),
        applicant=services.ApplicantData(kind="person", name=name, phone="13812345678"),
        info_name="示例市2025年征地补偿标准",
        description="申请公开示例市2025年征地补偿标准",
    ).case
    if outcome:
        case = services.foi_case_record_event(
            actor=region.lisi,
            case=case,
            type=EventType.REPLY,
            on=today - dt.timedelta(days=day - 1),
            data={"outcome": outcome},
        )
    return case


def test_it_lists_repeated_requests_and_drafts_a_proactive_document(region: Region) -> None:
    disclosed = _case(region, day=20, name="张三", outcome=Outcome.DISCLOSED)
    _case(region, day=10, name="李某")
    _case(region, day=5, name="王某")
    page = client_for(region.lisi).get(reverse("foi_repeated:index"))
    text = page.content.decode()
    assert page.status_code == 200 and "3 件申请" in text and "征地" in text
    convert_url = reverse("foi_repeated:convert", args=(disclosed.pk,))
    assert convert_url in text
    response = client_for(region.lisi).post(
        convert_url,
        {
            "title": "示例市2025年征地补偿标准",
            "genre": "通知",
            "subject": SUBJECT,
            "summary": "",
            "body": "<p>标准如下。</p>",
        },
    )
    assert response.status_code == 302
    document = Document.objects.get(title="示例市2025年征地补偿标准")
    assert document.status == DocumentStatus.DRAFT
    again = client_for(region.lisi).post(
        convert_url, {"title": "再次", "genre": "通知", "subject": SUBJECT, "body": "x"}
    )
    assert again.status_code == 409 and "已转为主动公开" in again.content.decode()
    assert (
        "本组申请所需的信息已转为主动公开"
        in client_for(region.lisi).get(reverse("foi_repeated:index")).content.decode()
    )


def test_it_hides_another_organizations_cases_from_the_suggestions(region: Region) -> None:
    disclosed = _case(region, day=20, name="张三", outcome=Outcome.DISCLOSED)
    _case(region, day=10, name="李某")
    _case(region, day=5, name="王某")
    page = client_for(region.zhaoliu).get(reverse("foi_repeated:index"))
    assert disclosed.number not in page.content.decode()
    assert (
        client_for(region.zhaoliu).get(reverse("foi_repeated:convert", args=(disclosed.pk,))).status_code
        == 404
    )


def test_it_adds_a_closed_case_to_the_library_without_the_applicant(region: Region) -> None:
    case = _case(region, day=20, name="张三", outcome=Outcome.DISCLOSED)
    add_url = reverse("foi_library:add", args=(case.pk,))
    assert add_url in client_for(region.lisi).get(reverse("foi_library:index")).content.decode()
    response = client_for(region.lisi).post(
        add_url,
        {
            "title": "张三申请征地补偿标准案",
            "request_summary": "张三申请公开征地补偿标准",
            "handling": "核查后公开，电话13812345678",
        },
    )
    assert response.status_code == 302
    entry = FoiLibraryEntry.objects.get()
    assert "张三" not in entry.title + entry.request_summary and "13812345678" not in entry.handling
    library = client_for(region.zhaoliu).get(reverse("foi_library:index")).content.decode()
    assert entry.title in library  # the library is the region's: anonymized, for every FOI staff member
    refused = client_for(region.lisi).post(add_url, {"title": "", "request_summary": "x", "handling": "y"})
    assert refused.status_code == 400
