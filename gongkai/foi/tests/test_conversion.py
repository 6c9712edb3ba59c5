"""依申请转主动 (条例第四十四条): repeated applications found, a released answer drafted as a proactive
document; and the anonymized case library."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.core.exceptions import StateConflict
from gongkai.core.testing import Region
from gongkai.foi import services
from gongkai.foi.choices import EventType, Outcome
from gongkai.foi.models import FoiCase
from gongkai.foi.selectors import foi_repeated_requests
from gongkai.foi.similarity import jaccard, request_words, similar_groups
from gongkai.publications.choices import DocumentStatus
from gongkai.publications.tests.helpers import SUBJECT

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 30)


def _case(region: Region, description: str, *, name: str = "张三", day: int = 2) -> FoiCase:
    return services.foi_case_create(
        actor=region.lisi,
        org=region.fgw,
        channel="in_person",
        submitted_on=dt.date(2026, 6, day),
        applicant=services.ApplicantData(kind="person", name=name, phone="13812345678"),
        description=description,
        today=TODAY,
    ).case


def _reply(region: Region, case: FoiCase, outcome: str) -> FoiCase:
    return services.foi_case_record_event(
        actor=region.lisi, case=case, type=EventType.REPLY, on=TODAY, data={"outcome": outcome}, today=TODAY
    )


def test_it_leaves_the_words_of_the_genre_out_of_the_comparison() -> None:
    words = request_words("申请公开示例市2025年征地补偿标准的相关文件")
    assert "征地" in words and "补偿" in words
    assert not words & {"申请", "公开", "相关", "文件"}


def test_it_groups_descriptions_that_ask_for_the_same_information() -> None:
    texts = [
        (1, "请提供示例市2025年征地补偿标准"),
        (2, "申请公开2025年示例市征地补偿标准文件"),
        (3, "本人要求获取示例市征地补偿标准（2025年）"),
        (4, "申请公开示例市第三中学校舍改造项目的招标文件"),
        (5, "请提供示例市第三中学校舍改造项目招标文件"),
    ]
    groups = similar_groups(texts, min_size=3)
    assert [group.keys for group in groups] == [(1, 2, 3)]
    assert "征地" in groups[0].shared_words
    assert similar_groups(texts, min_size=2)[1].keys == (4, 5)
    assert jaccard(frozenset(), frozenset({"a"})) == 0.0


def test_it_suggests_repeated_requests_to_their_organizations_staff_only(region: Region) -> None:
    for day, name in ((2, "张三"), (3, "李某"), (4, "王某")):
        _case(region, "申请公开示例市2025年征地补偿标准", name=name, day=day)
    _case(region, "申请公开发展改革委2025年部门预算", day=5)
    groups = foi_repeated_requests(user=region.lisi, today=TODAY)
    assert len(groups) == 1 and len(groups[0].cases) == 3
    assert not groups[0].releasable
    assert foi_repeated_requests(user=region.zhaoliu, today=TODAY) == []


def test_it_drafts_a_proactive_document_from_a_disclosed_answer_once(region: Region) -> None:
    case = _reply(region, _case(region, "申请公开示例市2025年征地补偿标准"), Outcome.DISCLOSED)
    document = services.foi_case_convert_to_proactive(
        actor=region.lisi,
        case=case,
        title="示例市2025年征地补偿标准",
        genre="通知",
        subject=SUBJECT,
        body="<p>征地补偿标准如下。</p>",
    )
    assert document.status == DocumentStatus.DRAFT and document.org == region.fgw
    case.refresh_from_db()
    assert case.converted_document == document
    with pytest.raises(StateConflict):
        services.foi_case_convert_to_proactive(
            actor=region.lisi, case=case, title="再次", genre="通知", subject=SUBJECT, body=""
        )


def test_it_converts_only_answers_that_released_information(region: Region) -> None:
    case = _reply(
        region, _case(region, "申请公开某项目审批过程中的内部讨论记录"), Outcome.WITHHELD_PROCESS_INFO
    )
    with pytest.raises(StateConflict):
        services.foi_case_convert_to_proactive(
            actor=region.lisi, case=case, title="x", genre="通知", subject=SUBJECT, body=""
        )


def test_it_removes_the_applicants_identity_from_library_entries(region: Region) -> None:
    case = _reply(region, _case(region, "申请公开示例市2025年征地补偿标准"), Outcome.DISCLOSED)
    entry = services.foi_library_add(
        actor=region.lisi,
        case=case,
        title="张三申请公开征地补偿标准案",
        request_summary="张三（身份证号110101199003071234，电话13812345678）申请公开征地补偿标准。",
        handling="经核查予以公开，联系 zhangsan@example.com 送达。",
        basis="《条例》第三十六条第二项",
    )
    text = entry.title + entry.request_summary + entry.handling
    for secret in ("张三", "110101199003071234", "13812345678", "zhangsan@example.com"):
        assert secret not in text
    assert entry.outcome == Outcome.DISCLOSED and entry.year == 2026
