"""Writes of disclosure on request (依申请公开): registering applications and recording what happens to them.

A case is the sum of its events. Every write that changes its dates appends a :class:`FoiEvent`, replays
the whole history through the deadline engine (:func:`gongkai.foi.deadlines.compute_deadlines`) and
stores the results on the case; an event that the history does not allow (a second extension, a payment
without a fee notice, anything after the reply …) is refused with the engine's reason as a
:class:`StateConflict` (→ 409) and nothing is saved. The case row is locked while this happens, so two
staff recording events at once are served one after the other.

Every step checks the actor's role in the case's organization and writes an audit entry with the case's
state before and after (architecture rules 1, 4, 5)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core.audit import audit_log
from gongkai.core.exceptions import ServicePermissionDenied, ServiceValidationError, StateConflict
from gongkai.core.permissions import require_role
from gongkai.core.rules import rule
from gongkai.foi import engine_bridge
from gongkai.foi.choices import (
    CaseStatus,
    ConsultationAnswer,
    ConsultationParty,
    EventType,
    FeeMethod,
    Outcome,
)
from gongkai.foi.deadlines import Deadlines, EventNotAllowed
from gongkai.foi.models import (
    FoiCase,
    FoiConsultation,
    FoiEvent,
    FoiFeeNotice,
)
from gongkai.foi.services.common import HANDLER_ROLES, state, user_or_none

# --- Events -------------------------------------------------------------------------------------------


def foi_case_confirm(
    *, actor: Any, case: FoiCase, on: datetime.date, today: datetime.date | None = None
) -> FoiCase:
    """The receipt date of 条例第三十一条 for a letter, fax, e-mail or online application."""
    return foi_case_record_event(actor=actor, case=case, type=EventType.CONFIRM, on=on, today=today)


def foi_case_record_event(
    *,
    actor: Any,
    case: FoiCase,
    type: str,
    on: datetime.date,
    data: Mapping[str, Any] | None = None,
    today: datetime.date | None = None,
) -> FoiCase:
    """Record one event of contract.md's ``POST /foi/cases/{id}/events`` and recompute the case.

    ``data`` holds the event's parameters (period_workdays, party, addressee, consultation, answer,
    workdays, method, pages, amount, due_on, reason, outcome). Raises ServiceValidationError for a bad
    parameter, StateConflict (→ 409) for an event the case's history does not allow.
    """
    today = today or timezone.localdate()
    data = dict(data or {})
    if type not in EventType.values or type == EventType.SUBMITTED:
        raise ServiceValidationError(_("事件类型：不是允许的取值。"), {"type": [_("不是允许的取值。")]})
    _require_event_role(actor, case, type)
    if on > today:
        raise ServiceValidationError(_("日期：不能晚于今天。"), {"on": [_("不能晚于今天。")]})
    with transaction.atomic():
        case = FoiCase.objects.select_for_update().select_related("org").get(pk=case.pk)
        if case.status == CaseStatus.ARCHIVED:
            raise StateConflict(_("案件已归档，不能再记录事件。"))
        before = state(case)
        params = _event_params(case, type, on, data)
        append_event(case, type, on, params, actor)
        result = recompute_case(case, today=today)
        _after_event(case, type, on, params)
        store_deadlines(case, result)
        audit_log(
            instance=case,
            action="gongkai.foi.event",
            actor=actor,
            org_code=case.org.code,
            before=before,
            after=state(case),
            extra={"type": type, "on": on, "data": params},
        )
    return case


def _require_event_role(actor: Any, case: FoiCase, type: str) -> None:
    if actor is None:  # tick: lapses recorded by the system
        if type not in (EventType.CORRECTION_LAPSED, EventType.FEE_LAPSED):
            raise ServicePermissionDenied(_("该事件需要由工作人员记录。"))
        return
    require_role(actor, case.org, HANDLER_ROLES, action=_("办理政府信息公开申请"))


def _event_params(case: FoiCase, type: str, on: datetime.date, data: dict[str, Any]) -> dict[str, Any]:
    """The parameters stored with the event, validated; creates the consultation or fee notice rows the
    event brings (rolled back with the event if the engine refuses it)."""
    if type == EventType.CORRECTION_REQUESTED:
        period = data.get("period_workdays")
        # Not statutory: 第三十条 asks for a 合理的补正期限; 60 working days is a bound against typing errors.
        if period is not None and (not isinstance(period, int) or not 1 <= period <= 60):
            raise ServiceValidationError(
                _("补正期限：应为1至60之间的工作日数。"), {"period_workdays": [_("应为1至60之间的整数。")]}
            )
        return {"period_workdays": period, "items": str(data.get("items", ""))}
    if type == EventType.CONSULTATION_STARTED:
        return _consultation_start_params(case, on, data)
    if type == EventType.CONSULTATION_ENDED:
        return _consultation_end_params(case, on, data)
    if type == EventType.EXTENSION:
        workdays = data.get("workdays")
        most = rule("FOI_MAX_EXTENSION_WORKDAYS")  # 条例第三十三条第二款: at most 20 working days
        if not isinstance(workdays, int) or isinstance(workdays, bool) or not 1 <= workdays <= most:
            message = _("应为1至%(most)s之间的整数（条例第三十三条第二款）。") % {"most": most}
            raise ServiceValidationError(_("延期工作日：") + message, {"workdays": [message]})
        return {"workdays": workdays, "reason": str(data.get("reason", ""))}
    if type == EventType.FEE_NOTICE:
        return _fee_notice_params(case, on, data)
    if type == EventType.CUSTOM_DUE:
        return _custom_due_params(data)
    if type == EventType.REPLY:
        outcome = data.get("outcome")
        if outcome not in Outcome.values:
            raise ServiceValidationError(
                _("处理结果：必填，应为 statutory.md §3.3 的处理结果代码之一。"),
                {"outcome": [_("不是允许的取值。")]},
            )
        return {"outcome": outcome}
    return {}


def _consultation_start_params(case: FoiCase, on: datetime.date, data: dict[str, Any]) -> dict[str, Any]:
    party = data.get("party")
    if party not in ConsultationParty.values:
        raise ServiceValidationError(
            _("征求对象类型：应为第三方（third_party）或其他机关（agency）。"),
            {"party": [_("不是允许的取值。")]},
        )
    consultation = FoiConsultation.objects.create(
        case=case, party=party, addressee=str(data.get("addressee", ""))[:200], started_on=on
    )
    return {"party": party, "consultation": consultation.pk, "addressee": consultation.addressee}


def _consultation_end_params(case: FoiCase, on: datetime.date, data: dict[str, Any]) -> dict[str, Any]:
    open_ones = FoiConsultation.objects.filter(case=case, ended_on__isnull=True)
    wanted = data.get("consultation")
    if wanted is not None:
        consultation = open_ones.filter(pk=wanted).first()
        if consultation is None:
            raise StateConflict(_("没有编号为 %(id)s 的未结束征求意见。") % {"id": wanted})
    else:
        consultation = open_ones.order_by("-started_on", "-id").first()
        if consultation is None:
            raise StateConflict(_("本案没有未结束的征求意见。"))
    answer = data.get("answer") or ""
    if answer and answer not in ConsultationAnswer.values:
        raise ServiceValidationError(_("意见：不是允许的取值。"), {"answer": [_("不是允许的取值。")]})
    consultation.ended_on = on
    consultation.answer = answer
    consultation.answer_summary = str(data.get("answer_summary", ""))
    consultation.save(update_fields=["ended_on", "answer", "answer_summary"])
    return {"consultation": consultation.pk, "answer": answer}


def fee_amount_for(case: FoiCase, data: Mapping[str, Any]) -> Decimal:
    """The fee of a notice with ``data`` (method, pages, amount): the amount given, else the 国办函〔2020〕
    109号 standard — 按件 by this application's place in the applicant's month (第四条), 按量 by pages
    (第五条). Raises ServiceValidationError for a missing method or page count, or a fee of 0."""
    from gongkai.foi import fees

    method = data.get("method")
    if method not in FeeMethod.values:
        raise ServiceValidationError(
            _("计收方式：应为按件（per_item）或按量（per_page）。"), {"method": [_("不是允许的取值。")]}
        )
    pages = data.get("pages")
    if method == FeeMethod.PER_PAGE and (not isinstance(pages, int) or isinstance(pages, bool) or pages < 1):
        raise ServiceValidationError(_("页数：按量计收时必填，应为正整数。"), {"pages": [_("应为正整数。")]})
    amount = _decimal_or_none(data.get("amount"))
    if amount is None:
        if method == FeeMethod.PER_PAGE:
            amount = fees.per_page_fee(cast(int, pages))  # checked above
        else:
            amount = fees.per_item_fee(applications_in_month(case))
    amount = amount.quantize(Decimal("0.01"))
    if amount <= 0:
        raise ServiceValidationError(
            _("收费金额：按国办函〔2020〕109号的标准计算为0元，不应发出收费通知。"),
            {"amount": [_("应大于0。")]},
        )
    return amount


def _fee_notice_params(case: FoiCase, on: datetime.date, data: dict[str, Any]) -> dict[str, Any]:
    method = data.get("method")
    amount = fee_amount_for(case, data)
    pages = data.get("pages") if method == FeeMethod.PER_PAGE else None
    count = applications_in_month(case) if method == FeeMethod.PER_ITEM else None
    if FoiFeeNotice.objects.filter(case=case).exists():
        raise StateConflict(_("本案已发出过收费通知，一件申请只能收费一次。"))
    FoiFeeNotice.objects.create(
        case=case, method=str(method), pages=pages, count_in_month=count, amount=amount, notice_on=on
    )
    return {"method": method, "pages": pages, "count_in_month": count, "amount": str(amount)}


def _decimal_or_none(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as error:
        raise ServiceValidationError(_("收费金额：应为数字。"), {"amount": [_("应为数字。")]}) from error


def _custom_due_params(data: dict[str, Any]) -> dict[str, Any]:
    due_on = data.get("due_on")
    if isinstance(due_on, str):
        try:
            due_on = datetime.date.fromisoformat(due_on)
        except ValueError:
            due_on = None
    if not isinstance(due_on, datetime.date):
        raise ServiceValidationError(
            _("答复期限：必填，应为 YYYY-MM-DD 格式的日期。"), {"due_on": [_("必填。")]}
        )
    reason = str(data.get("reason", "")).strip()
    if not reason:
        # 条例第三十五条: the later date comes with its reasons, told to the applicant.
        raise ServiceValidationError(_("理由：必填，条例第三十五条要求说明理由。"), {"reason": [_("必填。")]})
    return {"due_on": due_on.isoformat(), "reason": reason}


def applications_in_month(case: FoiCase) -> int:
    """Which application of the same applicant in the natural month this is, counting this one
    (国办函〔2020〕109号第四条): the same ID number or credit code, else the same name and phone."""
    received = case.received_on or case.submitted_on
    same = FoiCase.objects.filter(received_on__year=received.year, received_on__month=received.month)
    if case.applicant_id_number:
        same = same.filter(applicant_id_number=case.applicant_id_number)
    elif case.applicant_credit_code:
        same = same.filter(applicant_credit_code=case.applicant_credit_code)
    else:
        same = same.filter(applicant_name=case.applicant_name, applicant_phone=case.applicant_phone)
    return same.filter(received_on__lte=received, pk__lte=case.pk).count() or 1


def _after_event(case: FoiCase, type: str, on: datetime.date, params: dict[str, Any]) -> None:
    """Rows that follow an accepted event: the fee notice's payment or lapse."""
    if type == EventType.FEE_PAID:
        FoiFeeNotice.objects.filter(case=case).update(paid_on=on, amount_paid=F("amount"))
    elif type == EventType.FEE_LAPSED:
        FoiFeeNotice.objects.filter(case=case).update(lapsed_on=on)


def append_event(
    case: FoiCase, type: str, on: datetime.date, params: Mapping[str, Any], actor: Any
) -> FoiEvent:
    last = case.events.order_by("-sequence").values_list("sequence", flat=True).first()
    return FoiEvent.objects.create(
        case=case,
        sequence=0 if last is None else last + 1,
        type=type,
        on=on,
        data=dict(params),
        actor=user_or_none(actor),
    )


def recompute_case(case: FoiCase, *, today: datetime.date) -> Deadlines:
    """The engine's result for the case's whole stored history; a refused event becomes a 409."""
    try:
        return engine_bridge.deadlines_of_case(case, today=today)
    except EventNotAllowed as refusal:
        raise StateConflict(refusal.reason) from refusal


def store_deadlines(case: FoiCase, result: Deadlines) -> None:
    engine_bridge.apply_to_case(case, result)
    case.save()
