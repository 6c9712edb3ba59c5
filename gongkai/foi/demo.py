"""Demo applications of 依申请公开 for the demo region, made through the services staff use.

The cases are dated back from the day the demo is loaded, so that the workbench shows every state a
real office has at once: an online application awaiting confirmation, cases running, due soon and
overdue, one waiting for a correction, one paused for a third party's opinion, replies with their letters
(one appealed), a fee notice, and three applications asking for the same information (依申请转主动).
Idempotent: nothing is added when the demo organization already has cases.

The cases of 市发展改革委 get a known query code, DEMO_QUERY_CODE, so that /foi/track/ can be tried
with the numbers the workbench shows (the demo's passwords are public too).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.core.calendar import current_calendar
from gongkai.core.workdays import is_workday
from gongkai.foi import services
from gongkai.foi.choices import Channel, EventType, LetterKind, Outcome
from gongkai.foi.models import FoiCase
from gongkai.orgs.credit_code import complete_credit_code
from gongkai.orgs.models import Organization

DEMO_QUERY_CODE = "DEMO2026"

PERSON = services.ApplicantData(
    kind="person",
    name="张三",
    id_type="resident_id",
    id_number="11010519491231002X",
    phone="13812345678",
    email="zhangsan@example.com",
    address="示例市建设路1号",
    postcode="999001",
)
COMPANY = services.ApplicantData(
    kind="company",
    name="示例市某某建设工程有限公司",
    credit_code=complete_credit_code("91999001", "MA000004"),
    contact_name="钱九",
    phone="0999-12345678",
    address="示例市工业园区8号",
)


def _back(today: datetime.date, workdays: int) -> datetime.date:
    """The working day ``workdays`` working days before ``today``."""
    calendar = current_calendar()
    day = today
    counted = 0
    while counted < workdays:
        day -= datetime.timedelta(days=1)
        if is_workday(day, calendar):
            counted += 1
    return day


def load_demo_cases(orgs: Mapping[str, Organization], today: datetime.date | None = None) -> int:
    """Load the demo cases unless 市发展改革委 has some already; returns how many were made."""
    fgw, edu = orgs["fgw"], orgs["edu"]
    if FoiCase.objects.filter(org=fgw).exists():
        return 0
    today = today or timezone.localdate()
    lisi, wangwu = User.objects.get(username="lisi"), User.objects.get(username="wangwu")
    zhaoliu = User.objects.get(username="zhaoliu")
    with transaction.atomic():
        made = [
            *_running(fgw, lisi, today),
            *_handled(fgw, lisi, wangwu, today),
            *_repeated(fgw, lisi, wangwu, today),
            _create(
                edu,
                zhaoliu,
                today,
                Channel.IN_PERSON,
                _back(today, 4),
                PERSON,
                "2025年全市中小学招生计划及学区划分",
            ),
        ]
        FoiCase.objects.filter(org=fgw).update(query_code_hash=make_password(DEMO_QUERY_CODE))
    return len(made)


def _create(
    org: Organization,
    actor: User,
    today: datetime.date,
    channel: str,
    on: datetime.date,
    applicant: services.ApplicantData,
    info: str,
    *,
    received: bool = True,
) -> FoiCase:
    case = services.foi_case_create(
        actor=actor,
        org=org,
        channel=channel,
        submitted_on=on,
        received_on=on if received and channel != Channel.IN_PERSON else None,
        applicant=applicant,
        info_name=info,
        description=f"申请公开{info}。",
        form="electronic",
        delivery="email",
        today=today,
    ).case
    if received:
        services.foi_case_assign(actor=actor, case=case, handler=actor)
    return case


def _event(
    case: FoiCase, actor: User, type: str, on: datetime.date, today: datetime.date, **data: Any
) -> None:
    services.foi_case_record_event(actor=actor, case=case, type=type, on=on, data=data, today=today)


def _letter(
    case: FoiCase,
    handler: User,
    head: User,
    kind: str,
    on: datetime.date,
    today: datetime.date,
    **fields: Any,
) -> None:
    letter = services.foi_letter_draft(actor=handler, case=case, kind=kind, fields=fields, today=on)
    services.foi_letter_approve(actor=head, letter=letter)
    services.foi_letter_send(actor=handler, letter=letter, on=on, delivery="email", today=today)
    case.refresh_from_db()


def _running(fgw: Organization, lisi: User, today: datetime.date) -> list[FoiCase]:
    online = _create(
        fgw,
        lisi,
        today,
        Channel.ONLINE,
        today - datetime.timedelta(days=1),
        PERSON,
        "2025年度价格监测报告",
        received=False,
    )
    due_soon = _create(
        fgw, lisi, today, Channel.IN_PERSON, _back(today, 17), COMPANY, "示例市工业园区扩区规划环评批复"
    )
    overdue = _create(
        fgw, lisi, today, Channel.POST_SIGNED, _back(today, 23), PERSON, "2024年全市重点项目投资计划"
    )
    consulted = _create(
        fgw, lisi, today, Channel.EMAIL, _back(today, 8), PERSON, "某公司光伏项目核准申请材料"
    )
    _event(
        consulted,
        lisi,
        EventType.CONSULTATION_STARTED,
        _back(today, 5),
        today,
        party="third_party",
        addressee="示例市某某新能源有限公司",
    )
    return [online, due_soon, overdue, consulted]


def _handled(fgw: Organization, lisi: User, wangwu: User, today: datetime.date) -> list[FoiCase]:
    correction = _create(fgw, lisi, today, Channel.ONLINE, _back(today, 6), PERSON, "有关部门的文件")
    _letter(
        correction,
        lisi,
        wangwu,
        LetterKind.CORRECTION,
        _back(today, 4),
        today,
        correction_items=["请写明所需文件的名称、文号或者制作年份等便于查询的特征"],
    )
    disclosed = _create(
        fgw, lisi, today, Channel.IN_PERSON, _back(today, 30), PERSON, "2025年度重大建设项目批准结果"
    )
    _letter(
        disclosed,
        lisi,
        wangwu,
        LetterKind.REPLY,
        _back(today, 20),
        today,
        outcome=Outcome.DISCLOSED,
        disclosure_manner="以电子邮件方式提供",
        attachments=["2025年度重大建设项目批准结果汇总表"],
    )
    withheld = _create(
        fgw, lisi, today, Channel.POST_SIGNED, _back(today, 45), COMPANY, "某项目审批过程中的内部会议纪要"
    )
    _letter(
        withheld,
        lisi,
        wangwu,
        LetterKind.REPLY,
        _back(today, 28),
        today,
        outcome=Outcome.WITHHELD_PROCESS_INFO,
        reasons="所申请的会议纪要属于行政机关在履行行政管理职能过程中形成的讨论记录。",
    )
    services.foi_appeal_add(
        actor=lisi, case=withheld, kind="reconsideration", filed_on=_back(today, 15), today=today
    )
    fee = _create(
        fgw, lisi, today, Channel.IN_PERSON, _back(today, 12), COMPANY, "2016年至2025年全部价格听证会材料"
    )
    _letter(
        fee,
        lisi,
        wangwu,
        LetterKind.FEE,
        _back(today, 10),
        today,
        fee_method="per_page",
        fee_pages=120,
        fee_payment_instructions="请持本通知书到本机关政务服务窗口缴纳，或通过示例市非税收入缴款系统缴纳。",
    )
    return [correction, disclosed, withheld, fee]


def _repeated(fgw: Organization, lisi: User, wangwu: User, today: datetime.date) -> list[FoiCase]:
    """Three applications for the same information: the workbench suggests converting the answer."""
    cases = [
        _create(
            fgw,
            lisi,
            today,
            Channel.ONLINE if back < 40 else Channel.IN_PERSON,
            _back(today, back),
            PERSON,
            "示例市2025年征地补偿标准",
        )
        for back in (40, 9, 3)
    ]
    _letter(
        cases[0],
        lisi,
        wangwu,
        LetterKind.REPLY,
        _back(today, 35),
        today,
        outcome=Outcome.DISCLOSED,
        disclosure_manner="以电子邮件方式提供",
    )
    return cases
