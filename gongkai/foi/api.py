"""Disclosure-request endpoints, contract.md "Disclosure requests (依申请公开)".

Mounted at /api/v1/foi. Staff only (Bearer token of a foi_handler or foi_head of the case's
organization); every write calls a service, every read a selector. A case the token's user may not see
is a 404, so that case numbers of other organizations are not confirmed.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from gongkai.api.auth import token_auth
from gongkai.core.exceptions import ServiceValidationError
from gongkai.foi import services
from gongkai.foi.choices import EventType
from gongkai.foi.models import FoiAppeal, FoiCase
from gongkai.foi.selectors import foi_case_deadlines, foi_case_get_for
from gongkai.orgs.models import Organization
from gongkai.orgs.selectors import org_get_public

router = Router(tags=["依申请公开"], auth=token_auth)

NOT_FOUND = "未找到该政府信息公开申请。"


class ApplicantIn(Schema):
    kind: str = Field(description="person | company | research | nonprofit | legal_service | other_org")
    name: str
    id_type: str = ""
    id_number: str = ""
    credit_code: str = ""
    legal_representative: str = ""
    contact_name: str = ""
    work_unit: str = Field(default="", description="自然人的工作单位（选填）")
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""


class CaseIn(Schema):
    org: str = Field(description="受理机关的机构代码")
    channel: str = Field(description="online | in_person | post_signed | post_ordinary | fax | email")
    submitted_on: datetime.date
    received_on: datetime.date | None = Field(
        default=None,
        description="签收或确认之日（条例第三十一条）；当面提交时等于 submitted_on；留空则待确认",
    )
    applicant: ApplicantIn
    description: str
    info_name: str = ""
    info_doc_number: str = ""
    form: str = ""
    delivery: str = ""


class CaseCreatedOut(Schema):
    id: int
    number: str
    status: str
    received_on: datetime.date | None
    due_on: datetime.date | None
    query_code: str = Field(description="查询码：与申请编号一起在 /foi/track/ 查询办理进度；只在此返回一次")


class ConfirmIn(Schema):
    on: datetime.date


class EventIn(Schema):
    type: str = Field(description="事件类型，见 contract.md")
    on: datetime.date
    period_workdays: int | None = None
    items: str = ""
    party: str | None = None
    addressee: str = ""
    consultation: int | None = None
    answer: str = ""
    answer_summary: str = ""
    workdays: int | None = None
    reason: str = ""
    method: str | None = None
    pages: int | None = None
    amount: str | float | None = None
    due_on: datetime.date | None = None
    outcome: str | None = None


class EventOut(Schema):
    sequence: int
    type: str
    on: datetime.date
    data: dict[str, Any]


class CaseOut(Schema):
    id: int
    number: str
    org: str
    status: str
    applicant_kind: str
    channel: str
    submitted_on: datetime.date
    received_on: datetime.date | None
    due_on: datetime.date | None
    statutory_due_on: datetime.date | None
    due_status: str
    due_explanation: list[str]
    correction_due_on: datetime.date | None
    correction_period_ends_on: datetime.date | None
    extension_workdays: int
    excluded_workdays: int
    closed_on: datetime.date | None
    outcome: str | None
    provisional: bool
    events: list[EventOut]
    consultation: int | None = Field(default=None, description="consultation_started 事件新建的征求意见编号")


class AppealIn(Schema):
    kind: str = Field(description="reconsideration | litigation_direct | litigation_after_reconsideration")
    filed_on: datetime.date
    result: str | None = Field(default=None, description="upheld | corrected | other；留空为尚未审结")
    decided_on: datetime.date | None = None
    note: str = ""


class AppealOut(Schema):
    id: int
    case: int
    kind: str
    filed_on: datetime.date
    result: str | None
    decided_on: datetime.date | None


def _org(code: str) -> Organization:
    try:
        return org_get_public(code=code)
    except Organization.DoesNotExist:
        raise ServiceValidationError(
            _("机构代码“%(code)s”不存在。") % {"code": code}, {"org": [_("不是有效的机构代码。")]}
        ) from None


def _case(request: HttpRequest, case_id: int) -> FoiCase:
    try:
        return foi_case_get_for(user=request.auth, case_id=case_id)  # type: ignore[attr-defined]
    except FoiCase.DoesNotExist:
        raise HttpError(404, NOT_FOUND) from None


def case_detail(case: FoiCase) -> dict[str, Any]:
    """The case as contract.md's ``GET /foi/cases/{id}`` answers."""
    deadlines = foi_case_deadlines(case=case)
    return {
        "id": case.pk,
        "number": case.number,
        "org": case.org.code,
        "status": case.status,
        "applicant_kind": case.applicant_kind,
        "channel": case.channel,
        "submitted_on": case.submitted_on,
        "received_on": deadlines.received_on,
        "due_on": deadlines.due_on,
        "statutory_due_on": deadlines.statutory_due_on,
        "due_status": deadlines.due_status.value if deadlines.due_status else "",
        "due_explanation": deadlines.explanation_text(),
        "correction_due_on": deadlines.correction_notice_due_on,
        "correction_period_ends_on": deadlines.correction_period_ends_on,
        "extension_workdays": deadlines.extension_workdays,
        "excluded_workdays": deadlines.excluded_workdays,
        "closed_on": deadlines.closed_on,
        "outcome": deadlines.outcome.value if deadlines.outcome else None,
        "provisional": deadlines.provisional,
        "events": [
            {"sequence": event.sequence, "type": event.type, "on": event.on, "data": event.data}
            for event in case.events.order_by("sequence")
        ],
    }


@router.post("/cases", response={201: CaseCreatedOut}, summary="登记政府信息公开申请（经办人）")
def create_case(request: HttpRequest, payload: CaseIn) -> Status[dict[str, Any]]:
    registered = services.foi_case_create(
        actor=request.auth,  # type: ignore[attr-defined]
        org=_org(payload.org),
        channel=payload.channel,
        submitted_on=payload.submitted_on,
        received_on=payload.received_on,
        applicant=services.ApplicantData(**payload.applicant.dict()),
        description=payload.description,
        info_name=payload.info_name,
        info_doc_number=payload.info_doc_number,
        form=payload.form,
        delivery=payload.delivery,
    )
    case = registered.case
    return Status(
        201,
        {
            "id": case.pk,
            "number": case.number,
            "status": case.status,
            "received_on": case.received_on,
            "due_on": case.due_on,
            "query_code": registered.query_code,
        },
    )


@router.get("/cases/{case_id}", response=CaseOut, summary="案件详情：期限、期限说明和事件")
def get_case(request: HttpRequest, case_id: int) -> dict[str, Any]:
    return case_detail(_case(request, case_id))


@router.post("/cases/{case_id}/confirm", response=CaseOut, summary="确认收到申请之日（条例第三十一条）")
def confirm_case(request: HttpRequest, case_id: int, payload: ConfirmIn) -> dict[str, Any]:
    case = services.foi_case_confirm(actor=request.auth, case=_case(request, case_id), on=payload.on)  # type: ignore[attr-defined]
    return case_detail(case)


@router.post(
    "/cases/{case_id}/events", response=CaseOut, summary="记录办理事件（补正、征求意见、延期、收费、答复等）"
)
def record_event(request: HttpRequest, case_id: int, payload: EventIn) -> dict[str, Any]:
    case = _case(request, case_id)
    data = payload.dict(exclude={"type", "on"}, exclude_none=True)
    case = services.foi_case_record_event(
        actor=request.auth,  # type: ignore[attr-defined]
        case=case,
        type=payload.type,
        on=payload.on,
        data=data,
    )
    answer = case_detail(case)
    if payload.type == EventType.CONSULTATION_STARTED:
        answer["consultation"] = case.events.order_by("-sequence").first().data.get("consultation")  # type: ignore[union-attr]
    return answer


@router.post("/cases/{case_id}/appeals", response={201: AppealOut}, summary="登记行政复议或行政诉讼")
def add_appeal(request: HttpRequest, case_id: int, payload: AppealIn) -> Status[dict[str, Any]]:
    appeal: FoiAppeal = services.foi_appeal_add(
        actor=request.auth,  # type: ignore[attr-defined]
        case=_case(request, case_id),
        kind=payload.kind,
        filed_on=payload.filed_on,
        result=payload.result or "",
        decided_on=payload.decided_on,
        note=payload.note,
    )
    return Status(
        201,
        {
            "id": appeal.pk,
            "case": appeal.case_id,
            "kind": appeal.kind,
            "filed_on": appeal.filed_on,
            "result": appeal.result or None,
            "decided_on": appeal.decided_on,
        },
    )
