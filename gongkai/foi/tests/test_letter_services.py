"""Letters of a case: drafted by the handler, approved by the head, sent with their event."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest

from gongkai.core.exceptions import ServicePermissionDenied, ServiceValidationError, StateConflict
from gongkai.core.testing import Region
from gongkai.foi import services
from gongkai.foi.choices import CaseStatus, LetterKind, LetterStatus, Outcome
from gongkai.foi.models import FoiCase

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 31)


def _case(region: Region) -> FoiCase:
    return services.foi_case_create(
        actor=region.lisi,
        org=region.fgw,
        channel="in_person",
        submitted_on=dt.date(2026, 3, 2),
        applicant=services.ApplicantData(kind="person", name="张三", phone="13812345678"),
        description="示例市2025年度重大建设项目批准结果信息",
        today=dt.date(2026, 3, 2),
    ).case


def _text_of(data: bytes) -> str:
    return "\n".join(paragraph.text for paragraph in docx.Document(io.BytesIO(data)).paragraphs)


def test_it_takes_an_extension_letter_from_draft_to_sent_and_records_the_extension(region: Region) -> None:
    case = _case(region)
    letter = services.foi_letter_draft(
        actor=region.lisi,
        case=case,
        kind=LetterKind.EXTENSION,
        fields={"extension_workdays": 10, "extension_reason": "需要调取多个年度的档案"},
        today=dt.date(2026, 3, 20),
    )
    assert letter.status == LetterStatus.DRAFT
    assert "2026年4月14日" in letter.content["text"]  # the engine's new reply date, quoted
    with pytest.raises(ServicePermissionDenied):  # only the head of the disclosure office approves
        services.foi_letter_approve(actor=region.lisi, letter=letter)
    with pytest.raises(StateConflict):  # not before approval
        services.foi_letter_send(
            actor=region.lisi, letter=letter, on=dt.date(2026, 3, 20), delivery="email", today=TODAY
        )
    services.foi_letter_approve(actor=region.wangwu, letter=letter)
    sent = services.foi_letter_send(
        actor=region.lisi, letter=letter, on=dt.date(2026, 3, 20), delivery="email", today=TODAY
    )
    assert sent.status == LetterStatus.SENT and sent.sent_on == dt.date(2026, 3, 20)
    case.refresh_from_db()
    assert case.extension_workdays == 10 and case.due_on == dt.date(2026, 4, 14)
    text = _text_of(services.foi_letter_docx(sent))
    assert "延期" in text and "第三十三条" in text and "2026年4月14日" in text


def test_it_refuses_a_letter_the_case_does_not_allow_before_it_is_written(region: Region) -> None:
    case = _case(region)
    services.foi_case_record_event(
        actor=region.lisi,
        case=case,
        type="extension",
        on=dt.date(2026, 3, 10),
        data={"workdays": 5},
        today=TODAY,
    )
    with pytest.raises(StateConflict, match="只能延长一次"):
        services.foi_letter_draft(
            actor=region.lisi,
            case=case,
            kind=LetterKind.EXTENSION,
            fields={"extension_workdays": 3},
            today=TODAY,
        )


def test_it_closes_the_case_when_the_reply_letter_is_sent_with_the_remedies(region: Region) -> None:
    case = _case(region)
    letter = services.foi_letter_draft(
        actor=region.lisi,
        case=case,
        kind=LetterKind.REPLY,
        fields={
            "outcome": Outcome.DISCLOSED,
            "disclosure_manner": "以电子邮件方式提供",
            "attachments": ["批准结果.pdf"],
        },
        today=dt.date(2026, 3, 25),
    )
    assert (
        "示例市人民政府" in letter.content["remedies"]
    )  # the department's government (行政复议法第二十四条)
    services.foi_letter_approve(actor=region.wangwu, letter=letter)
    services.foi_letter_send(
        actor=region.lisi,
        letter=letter,
        on=dt.date(2026, 3, 25),
        delivery="post",
        tracking_number="EMS1234",
        today=TODAY,
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.outcome == Outcome.DISCLOSED
    assert case.closed_on == dt.date(2026, 3, 25) and case.replied_late is False


def test_it_names_what_a_letter_lacks_and_the_post_tracking_number(region: Region) -> None:
    case = _case(region)
    with pytest.raises(ServiceValidationError):
        services.foi_letter_draft(actor=region.lisi, case=case, kind="memo", fields={}, today=TODAY)
    with pytest.raises((ServiceValidationError, StateConflict)):
        services.foi_letter_draft(actor=region.lisi, case=case, kind=LetterKind.REPLY, fields={}, today=TODAY)
    letter = services.foi_letter_draft(
        actor=region.lisi,
        case=case,
        kind=LetterKind.CORRECTION,
        fields={"correction_items": ["请写明所需信息的年度"]},
        today=dt.date(2026, 3, 4),
    )
    services.foi_letter_approve(actor=region.wangwu, letter=letter)
    with pytest.raises(ServiceValidationError) as error:
        services.foi_letter_send(
            actor=region.lisi, letter=letter, on=dt.date(2026, 3, 4), delivery="post", today=TODAY
        )
    assert "tracking_number" in error.value.errors


def test_it_uses_the_remedy_bodies_the_organization_configured(region: Region) -> None:
    region.fgw.reconsideration_body = "示例省发展和改革委员会"
    region.fgw.litigation_court = "示例市中级人民法院"
    region.fgw.save()
    case = _case(region)
    letter = services.foi_letter_draft(
        actor=region.lisi,
        case=case,
        kind=LetterKind.REPLY,
        fields={"outcome": Outcome.UNAVAILABLE_NOT_HELD},
        today=TODAY,
    )
    assert (
        "示例省发展和改革委员会" in letter.content["remedies"]
        and "示例市中级人民法院" in letter.content["remedies"]
    )


def test_it_discards_an_unsent_letter_with_its_reason_and_refuses_a_sent_one(region: Region) -> None:
    case = _case(region)
    letter = services.foi_letter_draft(
        actor=region.lisi,
        case=case,
        kind=LetterKind.EXTENSION,
        fields={"extension_workdays": 10, "extension_reason": "需要调取多个年度的档案"},
        today=dt.date(2026, 3, 20),
    )
    with pytest.raises(ServiceValidationError) as missing:
        services.foi_letter_discard(actor=region.lisi, letter=letter, reason="  ")
    assert "作废原因" in missing.value.message
    with pytest.raises(ServicePermissionDenied):  # 赵六 of another organization
        services.foi_letter_discard(actor=region.zhaoliu, letter=letter, reason="内容有误")
    discarded = services.foi_letter_discard(actor=region.lisi, letter=letter, reason="延期天数有误")
    assert discarded.status == LetterStatus.DISCARDED and discarded.discard_reason == "延期天数有误"
    assert discarded.discarded_by == region.lisi
    with pytest.raises(StateConflict):  # a discarded letter is neither approved nor sent
        services.foi_letter_approve(actor=region.wangwu, letter=discarded)
    case.refresh_from_db()
    assert case.extension_workdays == 0  # its step was never recorded

    reply = services.foi_letter_draft(
        actor=region.lisi,
        case=case,
        kind=LetterKind.REPLY,
        fields={"outcome": Outcome.DISCLOSED},
        today=TODAY,
    )
    services.foi_letter_approve(actor=region.wangwu, letter=reply)
    sent = services.foi_letter_send(actor=region.lisi, letter=reply, on=TODAY, delivery="email", today=TODAY)
    with pytest.raises(StateConflict) as conflict:
        services.foi_letter_discard(actor=region.lisi, letter=sent, reason="发错了")
    assert "未送达" in conflict.value.message
