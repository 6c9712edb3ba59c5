"""Every event in every state of a case: accepted, or refused with a reason (409) — never an error.

The states are built through the services as staff would reach them; each event is then tried on a fresh
copy of that state with valid parameters, so that a refusal can only come from the state (the engine's
rules, statutory.md §3.2), not from bad input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import transaction

from gongkai.core.exceptions import StateConflict
from gongkai.core.testing import Region
from gongkai.foi import services
from gongkai.foi.choices import EventType
from gongkai.foi.models import FoiCase

pytestmark = pytest.mark.django_db

SUBMITTED = dt.date(2026, 3, 2)  # a Monday; every date below is a working day before the reply is due
TODAY = dt.date(2026, 3, 20)
ON = dt.date(2026, 3, 13)  # the day each event is tried

# Valid parameters of each event (contract.md); a refusal is then the state's.
DATA: dict[str, dict[str, object]] = {
    EventType.CONFIRM: {},
    EventType.CORRECTION_REQUESTED: {"period_workdays": 10},
    EventType.CORRECTION_RECEIVED: {},
    EventType.CORRECTION_LAPSED: {},
    EventType.CONSULTATION_STARTED: {"party": "third_party", "addressee": "某公司"},
    EventType.CONSULTATION_ENDED: {},
    EventType.EXTENSION: {"workdays": 10},
    EventType.FEE_NOTICE: {"method": "per_page", "pages": 50},
    EventType.FEE_PAID: {},
    EventType.FEE_LAPSED: {},
    EventType.CUSTOM_DUE: {"due_on": "2026-05-29", "reason": "申请数量明显超过合理范围"},
    EventType.REPLY: {"outcome": "disclosed"},
    EventType.WITHDRAWN: {},
}
EVENTS = list(DATA)


def _case(region: Region, channel: str = "in_person") -> FoiCase:
    return services.foi_case_create(
        actor=region.lisi,
        org=region.fgw,
        channel=channel,
        submitted_on=SUBMITTED,
        applicant=services.ApplicantData(kind="person", name="张三", phone="13812345678"),
        description="示例市2025年度重大建设项目批准结果",
        today=SUBMITTED,
    ).case


def _then(region: Region, case: FoiCase, type: str, on: dt.date, **data: object) -> FoiCase:
    return services.foi_case_record_event(
        actor=region.lisi, case=case, type=type, on=on, data=data, today=TODAY
    )


STATES: dict[str, Callable[[Region], FoiCase]] = {
    "待确认": lambda r: _case(r, "post_ordinary"),
    "办理中": lambda r: _case(r),
    "征求意见中": lambda r: _then(
        r, _case(r), EventType.CONSULTATION_STARTED, dt.date(2026, 3, 5), party="agency"
    ),
    "待缴费": lambda r: _then(
        r, _case(r), EventType.FEE_NOTICE, dt.date(2026, 3, 5), method="per_page", pages=40
    ),
    "待补正": lambda r: _then(r, _case(r), EventType.CORRECTION_REQUESTED, dt.date(2026, 3, 5)),
    "已延期": lambda r: _then(r, _case(r), EventType.EXTENSION, dt.date(2026, 3, 5), workdays=5),
    "已办结": lambda r: _then(r, _case(r), EventType.REPLY, dt.date(2026, 3, 5), outcome="disclosed"),
    "已归档": lambda r: services.foi_case_archive(
        actor=r.lisi, case=_then(r, _case(r), EventType.REPLY, dt.date(2026, 3, 5), outcome="disclosed")
    ),
}

# What each state allows (statutory.md §3.2 and the engine's decisions in docs/foi.md 十); the rest is 409.
ALLOWED: dict[str, set[str]] = {
    "待确认": {EventType.CONFIRM, EventType.WITHDRAWN},
    "办理中": {
        EventType.CORRECTION_REQUESTED,
        EventType.CONSULTATION_STARTED,
        EventType.EXTENSION,
        EventType.FEE_NOTICE,
        EventType.CUSTOM_DUE,
        EventType.REPLY,
        EventType.WITHDRAWN,
    },
    "征求意见中": {
        EventType.CORRECTION_REQUESTED,
        EventType.CONSULTATION_STARTED,
        EventType.CONSULTATION_ENDED,
        EventType.EXTENSION,
        EventType.FEE_NOTICE,
        EventType.CUSTOM_DUE,
        EventType.REPLY,
        EventType.WITHDRAWN,
    },
    "待缴费": {
        EventType.CORRECTION_REQUESTED,
        EventType.CONSULTATION_STARTED,
        EventType.EXTENSION,
        EventType.FEE_PAID,
        EventType.CUSTOM_DUE,
        EventType.REPLY,
        EventType.WITHDRAWN,
    },
    # A consultation or fee notice while the correction is awaited is recorded; its days count only from
    # the restart (docs/foi.md 十, 3).
    "待补正": {
        EventType.CORRECTION_RECEIVED,
        EventType.CONSULTATION_STARTED,
        EventType.FEE_NOTICE,
        EventType.REPLY,
        EventType.WITHDRAWN,
    },
    # Once extended: no second extension, no correction notice (docs/foi.md 十, 4); a 第三十五条 date later
    # than the extended one may still replace it.
    "已延期": {
        EventType.CONSULTATION_STARTED,
        EventType.FEE_NOTICE,
        EventType.CUSTOM_DUE,
        EventType.REPLY,
        EventType.WITHDRAWN,
    },
    "已办结": set(),
    "已归档": set(),
}


def _outcome(region: Region, state: str, event: str) -> str:
    case = STATES[state](region)
    try:
        _then(region, case, event, ON, **DATA[event])
    except StateConflict:
        return "409"
    return "ok"


@pytest.mark.parametrize("state", list(STATES))
def test_it_accepts_exactly_the_events_each_state_allows(region: Region, state: str) -> None:
    outcomes = {}
    for event in EVENTS:
        point = transaction.savepoint()
        outcomes[event] = _outcome(region, state, event)
        transaction.savepoint_rollback(point)
    accepted = {event for event, result in outcomes.items() if result == "ok"}
    assert accepted == ALLOWED[state], (sorted(accepted - ALLOWED[state]), sorted(ALLOWED[state] - accepted))
