"""Writes of disclosure on request (依申请公开): registering applications and recording what happens to them.

A case is the sum of its events. Every write that changes its dates appends a :class:`FoiEvent`, replays
the whole history through the deadline engine (:func:`gongkai.foi.deadlines.compute_deadlines`) and
stores the results on the case; an event that the history does not allow (a second extension, a payment
without a fee notice, anything after the reply …) is refused with the engine's reason as a
:class:`StateConflict` (→ 409) and nothing is saved. The case row is locked while this happens, so two
staff recording events at once are served one after the other.

Every step checks the actor's role in the case's organization and writes an audit entry with the case's
state before and after (architecture rules 1, 4, 5).
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core.audit import audit_log, snapshot
from gongkai.core.exceptions import ServicePermissionDenied, ServiceValidationError, StateConflict
from gongkai.core.permissions import has_role, require_role
from gongkai.core.rules import rule
from gongkai.foi import engine_bridge
from gongkai.foi.choices import (
    AppealKind,
    AppealResult,
    ApplicantKind,
    CaseStatus,
    Channel,
    ConsultationAnswer,
    ConsultationParty,
    Delivery,
    EventType,
    FeeMethod,
    InformationForm,
    Outcome,
)
from gongkai.foi.deadlines import Deadlines, EventNotAllowed
from gongkai.foi.models import (
    CaseSerial,
    FoiAppeal,
    FoiCase,
    FoiConsultation,
    FoiEvent,
    FoiFeeNotice,
    FoiNote,
)
from gongkai.orgs.choices import Role
from gongkai.orgs.credit_code import credit_code_error
from gongkai.orgs.models import Organization

HANDLER_ROLES = [Role.FOI_HANDLER, Role.FOI_HEAD]
HEAD_ROLES = [Role.FOI_HEAD]

# Unambiguous characters (no 0/O, 1/I/L): the query code is read off a receipt and typed by hand.
QUERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
QUERY_CODE_LENGTH = 8

# The case fields the engine sets: the before/after of every audit entry of an event.
STATE_FIELDS = (
    "status",
    "received_on",
    "due_on",
    "statutory_due_on",
    "correction_due_on",
    "correction_period_ends_on",
    "extension_workdays",
    "excluded_workdays",
    "due_status",
    "closed_on",
    "outcome",
    "replied_late",
    "handler",
    "org",
)


@dataclass(frozen=True)
class ApplicantData:
    """The applicant as 条例第二十九条第二款第一项 asks: name, identity, contact."""

    kind: str
    name: str
    id_type: str = ""
    id_number: str = ""
    credit_code: str = ""
    legal_representative: str = ""
    contact_name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""


@dataclass(frozen=True)
class RegisteredCase:
    """A new case and its query code, which exists in clear only here (the case keeps a hash of it)."""

    case: FoiCase
    query_code: str


@dataclass
class _Errors:
    by_field: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.by_field.setdefault(name, []).append(message)

    def raise_if_any(self) -> None:
        if self.by_field:
            _first_field, messages = next(iter(self.by_field.items()))
            raise ServiceValidationError(messages[0], self.by_field)


# --- Registration (登记) -------------------------------------------------------------------------------


def _check_applicant(applicant: ApplicantData, errors: _Errors) -> None:
    from gongkai.foi import identity

    if applicant.kind not in ApplicantKind.values:
        errors.add("applicant.kind", _("申请人类型：请选择自然人或一种法人或其他组织类型。"))
    if not applicant.name.strip():
        errors.add("applicant.name", _("申请人姓名或名称：必填。"))
    if applicant.kind == ApplicantKind.PERSON:
        if applicant.id_number:
            message = identity.id_number_error(applicant.id_type, applicant.id_number)
            if message:
                errors.add("applicant.id_number", message)
    elif applicant.kind in ApplicantKind.values and applicant.credit_code:
        problem = credit_code_error(applicant.credit_code)
        if problem:
            errors.add("applicant.credit_code", _("统一社会信用代码%(error)s") % {"error": problem})
    if applicant.phone:
        message = identity.phone_error(applicant.phone)
        if message:
            errors.add("applicant.phone", message)
    if applicant.email:
        try:
            validate_email(applicant.email)
        except ValidationError:
            errors.add("applicant.email", _("电子邮箱：格式不正确，应如 name@example.com。"))
    if applicant.postcode and not (len(applicant.postcode) == 6 and applicant.postcode.isdigit()):
        errors.add("applicant.postcode", _("邮政编码：应为6位数字。"))
    if not (applicant.phone or applicant.email or applicant.address):
        # 条例第二十九条第二款第一项: 联系方式 is part of the application.
        errors.add(
            "applicant.phone", _("联系方式：联系电话、电子邮箱、通信地址至少填写一项（条例第二十九条）。")
        )


def _check_dates(
    *,
    channel: str,
    submitted_on: datetime.date,
    received_on: datetime.date | None,
    today: datetime.date,
    errors: _Errors,
) -> None:
    if channel not in Channel.values:
        errors.add("channel", _("申请渠道：不是允许的取值。"))
    if submitted_on > today:
        errors.add("submitted_on", _("提交日期：不能晚于今天。"))
    if received_on is not None:
        if received_on > today:
            errors.add("received_on", _("收到申请日期：不能晚于今天。"))
        if received_on < submitted_on:
            errors.add("received_on", _("收到申请日期：不能早于提交日期。"))
        if channel == Channel.IN_PERSON and received_on != submitted_on:
            # 条例第三十一条第一项: an application handed in is received the day it is handed in.
            errors.add(
                "received_on", _("收到申请日期：当面提交的申请，以提交之日为收到申请之日（条例第三十一条）。")
            )


def _check_request(*, description: str, form: str, delivery: str, errors: _Errors) -> None:
    if not description.strip():
        # 条例第二十九条第二款第二项.
        errors.add("description", _("所需信息的特征描述：必填，请写明信息名称、文号或便于查询的其他特征。"))
    if form and form not in InformationForm.values:
        errors.add("form", _("信息的指定提供形式：不是允许的取值。"))
    if delivery and delivery not in Delivery.values:
        errors.add("delivery", _("获取信息的方式：不是允许的取值。"))


def _new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _i in range(QUERY_CODE_LENGTH))


def _take_case_number(org: Organization, year: int) -> str:
    """The next 申请编号 of ``org`` in ``year``: the serial row stays locked until the caller commits."""
    rows = CaseSerial.objects.select_for_update()
    try:
        serial = rows.get(org=org, year=year)
    except CaseSerial.DoesNotExist:
        CaseSerial.objects.get_or_create(org=org, year=year)
        serial = rows.get(org=org, year=year)
    serial.last += 1
    serial.save(update_fields=["last"])
    return f"{org.code.upper()}-{year}-{serial.last:05d}"


def foi_case_create(
    *,
    actor: Any,
    org: Organization,
    channel: str,
    submitted_on: datetime.date,
    applicant: ApplicantData,
    description: str,
    received_on: datetime.date | None = None,
    info_name: str = "",
    info_doc_number: str = "",
    form: str = "",
    delivery: str = "",
    applicant_user: Any = None,
    today: datetime.date | None = None,
) -> RegisteredCase:
    """Register an application (申请登记, 条例第四十五条).

    ``actor`` None is the public form (online only); staff register applications received in person, by
    post, fax or e-mail as foi_handler or foi_head of ``org``. The receipt date follows 条例第三十一条: in
    person it is the day of submission; otherwise ``received_on`` is the day of signing or confirmation,
    and without it the case waits for :func:`foi_case_confirm` (待确认) and no clock runs.
    """
    today = today or timezone.localdate()
    if actor is None:
        if channel != Channel.ONLINE:
            raise ServicePermissionDenied(_("只有网上申请可以不经工作人员登记。"))
    else:
        require_role(actor, org, HANDLER_ROLES, action=_("登记政府信息公开申请"))
    if not org.is_active:
        raise ServiceValidationError(
            _("受理机关：该机构已停用，不能受理申请。"), {"org": [_("该机构已停用。")]}
        )
    errors = _Errors()
    _check_dates(
        channel=channel, submitted_on=submitted_on, received_on=received_on, today=today, errors=errors
    )
    _check_applicant(applicant, errors)
    _check_request(description=description, form=form, delivery=delivery, errors=errors)
    errors.raise_if_any()
    if channel == Channel.IN_PERSON:
        received_on = submitted_on
    query_code = _new_query_code()
    with transaction.atomic():
        case = FoiCase(
            org=org,
            number=_take_case_number(org, submitted_on.year),
            query_code_hash=make_password(query_code),
            channel=channel,
            submitted_on=submitted_on,
            applicant_kind=applicant.kind,
            applicant_name=applicant.name.strip(),
            applicant_id_type=applicant.id_type,
            applicant_id_number=applicant.id_number.strip().upper(),
            applicant_credit_code=applicant.credit_code.strip().upper(),
            applicant_legal_representative=applicant.legal_representative.strip(),
            applicant_contact_name=applicant.contact_name.strip(),
            applicant_phone=applicant.phone.strip(),
            applicant_email=applicant.email.strip(),
            applicant_address=applicant.address.strip(),
            applicant_postcode=applicant.postcode.strip(),
            applicant_user=applicant_user if getattr(applicant_user, "is_authenticated", False) else None,
            info_name=info_name.strip(),
            info_doc_number=info_doc_number.strip(),
            description=description.strip(),
            form=form,
            delivery=delivery,
            status=CaseStatus.PENDING_RECEIPT,
            created_by=_user_or_none(actor),
        )
        case.save()
        _append(case, EventType.SUBMITTED, submitted_on, {"channel": channel}, actor)
        if received_on is not None and channel != Channel.IN_PERSON:
            _append(case, EventType.CONFIRM, received_on, {}, actor)
        result = _recompute(case, today=today)
        _store(case, result)
        audit_log(
            instance=case,
            action="gongkai.foi.create",
            actor=actor,
            org_code=org.code,
            after=_state(case),
            extra={"channel": channel},
        )
    return RegisteredCase(case=case, query_code=query_code)


def foi_case_check_query_code(*, case: FoiCase, query_code: str) -> bool:
    """True when ``query_code`` is the case's (the tracking page's second key); compared in constant time."""
    return bool(query_code) and check_password(query_code.strip().upper(), case.query_code_hash)


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
        before = _state(case)
        params = _event_params(case, type, on, data)
        _append(case, type, on, params, actor)
        result = _recompute(case, today=today)
        _after_event(case, type, on, params)
        _store(case, result)
        audit_log(
            instance=case,
            action="gongkai.foi.event",
            actor=actor,
            org_code=case.org.code,
            before=before,
            after=_state(case),
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


def _fee_notice_params(case: FoiCase, on: datetime.date, data: dict[str, Any]) -> dict[str, Any]:
    from gongkai.foi import fees

    method = data.get("method")
    if method not in FeeMethod.values:
        raise ServiceValidationError(
            _("计收方式：应为按件（per_item）或按量（per_page）。"), {"method": [_("不是允许的取值。")]}
        )
    pages = data.get("pages")
    count = None
    if method == FeeMethod.PER_PAGE:
        if not isinstance(pages, int) or pages < 1:
            raise ServiceValidationError(
                _("页数：按量计收时必填，应为正整数。"), {"pages": [_("应为正整数。")]}
            )
        computed = fees.per_page_fee(pages)
    else:
        count = applications_in_month(case)
        computed = fees.per_item_fee(count)
    amount = _decimal_or_none(data.get("amount"))
    if amount is None:
        amount = computed
    if amount <= 0:
        raise ServiceValidationError(
            _("收费金额：按国办函〔2020〕109号的标准计算为0元，不应发出收费通知。"),
            {"amount": [_("应大于0。")]},
        )
    if FoiFeeNotice.objects.filter(case=case).exists():
        raise StateConflict(_("本案已发出过收费通知，一件申请只能收费一次。"))
    FoiFeeNotice.objects.create(
        case=case, method=method, pages=pages, count_in_month=count, amount=amount, notice_on=on
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


def _append(case: FoiCase, type: str, on: datetime.date, params: Mapping[str, Any], actor: Any) -> FoiEvent:
    last = case.events.order_by("-sequence").values_list("sequence", flat=True).first()
    return FoiEvent.objects.create(
        case=case,
        sequence=0 if last is None else last + 1,
        type=type,
        on=on,
        data=dict(params),
        actor=_user_or_none(actor),
    )


def _recompute(case: FoiCase, *, today: datetime.date) -> Deadlines:
    """The engine's result for the case's whole stored history; a refused event becomes a 409."""
    events = list(case.events.order_by("sequence"))
    try:
        return engine_bridge.deadlines_of(events, today=max(today, events[-1].on))
    except EventNotAllowed as refusal:
        raise StateConflict(refusal.reason) from refusal


def _store(case: FoiCase, result: Deadlines) -> None:
    engine_bridge.apply_to_case(case, result)
    case.save()


def _state(case: FoiCase) -> dict[str, Any]:
    return snapshot(case, STATE_FIELDS)


def _user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


# --- Assignment, transfer, notes, archive ------------------------------------------------------------


def foi_case_assign(*, actor: Any, case: FoiCase, handler: Any) -> FoiCase:
    """Give the case to a 经办人 of its organization (foi_head or foi_handler may assign)."""
    require_role(actor, case.org, HANDLER_ROLES, action=_("分配政府信息公开申请"))
    if handler is not None and not has_role(handler, case.org, HANDLER_ROLES):
        raise ServiceValidationError(
            _("经办人：%(name)s 不是本机构的依申请公开经办人。") % {"name": handler},
            {"handler": [_("不是本机构的经办人。")]},
        )
    with transaction.atomic():
        case = FoiCase.objects.select_for_update().select_related("org").get(pk=case.pk)
        before = _state(case)
        case.handler = handler
        case.save(update_fields=["handler", "updated_at"])
        audit_log(
            instance=case,
            action="gongkai.foi.assign",
            actor=actor,
            org_code=case.org.code,
            before=before,
            after=_state(case),
        )
    return case


def foi_case_archive(*, actor: Any, case: FoiCase) -> FoiCase:
    """归档, the last stage of 条例第四十五条: only a closed case; afterwards nothing more is recorded."""
    require_role(actor, case.org, HANDLER_ROLES, action=_("归档政府信息公开申请"))
    with transaction.atomic():
        case = FoiCase.objects.select_for_update().select_related("org").get(pk=case.pk)
        if case.status != CaseStatus.CLOSED:
            raise StateConflict(
                _("只有已办结的案件可以归档；本案状态为“%(status)s”。")
                % {"status": case.get_status_display()}
            )
        before = _state(case)
        case.status = CaseStatus.ARCHIVED
        case.archived_at = timezone.now()
        case.save(update_fields=["status", "archived_at", "updated_at"])
        audit_log(
            instance=case,
            action="gongkai.foi.archive",
            actor=actor,
            org_code=case.org.code,
            before=before,
            after=_state(case),
        )
    return case


# --- Appeals (条例第五十一条) ----------------------------------------------------------------------------


def foi_appeal_add(
    *,
    actor: Any,
    case: FoiCase,
    kind: str,
    filed_on: datetime.date,
    result: str = "",
    decided_on: datetime.date | None = None,
    note: str = "",
    today: datetime.date | None = None,
) -> FoiAppeal:
    """Record a reconsideration or lawsuit about a case, with its result once decided (section 四 of the
    annual report counts them by kind and result)."""
    require_role(actor, case.org, HANDLER_ROLES, action=_("登记行政复议或行政诉讼"))
    errors = _Errors()
    _check_appeal(
        kind=kind, filed_on=filed_on, result=result, decided_on=decided_on, today=today, errors=errors
    )
    errors.raise_if_any()
    if case.status not in (CaseStatus.CLOSED, CaseStatus.ARCHIVED):
        raise StateConflict(_("案件尚未办结，不能登记行政复议或行政诉讼。"))
    with transaction.atomic():
        appeal = FoiAppeal.objects.create(
            case=case, kind=kind, filed_on=filed_on, result=result, decided_on=decided_on, note=note.strip()
        )
        audit_log(
            instance=case,
            action="gongkai.foi.appeal",
            actor=actor,
            org_code=case.org.code,
            after=snapshot(appeal, ("kind", "filed_on", "result", "decided_on")),
        )
    return appeal


def foi_appeal_decide(
    *,
    actor: Any,
    appeal: FoiAppeal,
    result: str,
    decided_on: datetime.date,
    today: datetime.date | None = None,
) -> FoiAppeal:
    """Record the result of a pending appeal."""
    case = appeal.case
    require_role(actor, case.org, HANDLER_ROLES, action=_("登记复议诉讼结果"))
    errors = _Errors()
    _check_appeal(
        kind=appeal.kind,
        filed_on=appeal.filed_on,
        result=result,
        decided_on=decided_on,
        today=today,
        errors=errors,
    )
    if not result:
        errors.add("result", _("结果：必填。"))
    errors.raise_if_any()
    with transaction.atomic():
        before = snapshot(appeal, ("result", "decided_on"))
        appeal.result = result
        appeal.decided_on = decided_on
        appeal.save(update_fields=["result", "decided_on"])
        audit_log(
            instance=case,
            action="gongkai.foi.appeal",
            actor=actor,
            org_code=case.org.code,
            before=before,
            after=snapshot(appeal, ("result", "decided_on")),
        )
    return appeal


def _check_appeal(
    *,
    kind: str,
    filed_on: datetime.date,
    result: str,
    decided_on: datetime.date | None,
    today: datetime.date | None,
    errors: _Errors,
) -> None:
    today = today or timezone.localdate()
    if kind not in AppealKind.values:
        errors.add("kind", _("类型：应为行政复议、直接起诉或复议后起诉之一。"))
    if filed_on > today:
        errors.add("filed_on", _("申请或起诉日期：不能晚于今天。"))
    if result and result not in AppealResult.values:
        errors.add("result", _("结果：应为维持（upheld）、纠正（corrected）或其他（other）。"))
    if result and decided_on is None:
        errors.add("decided_on", _("决定或判决日期：有结果时必填。"))
    if decided_on is not None:
        if not result:
            errors.add("result", _("结果：有决定或判决日期时必填。"))
        if decided_on < filed_on:
            errors.add("decided_on", _("决定或判决日期：不能早于申请或起诉日期。"))
        if decided_on > today:
            errors.add("decided_on", _("决定或判决日期：不能晚于今天。"))


# --- Internal notes -----------------------------------------------------------------------------------


def foi_note_add(*, actor: Any, case: FoiCase, text: str) -> FoiNote:
    """An internal note (办理意见, 内部会商): staff of the organization only; never shown to the applicant."""
    require_role(actor, case.org, HANDLER_ROLES, action=_("填写办理意见"))
    if not text.strip():
        raise ServiceValidationError(_("办理意见：必填。"), {"text": [_("必填。")]})
    with transaction.atomic():
        note = FoiNote.objects.create(case=case, author=_user_or_none(actor), text=text.strip())
        audit_log(
            instance=case,
            action="gongkai.foi.note",
            actor=actor,
            org_code=case.org.code,
            extra={"note": note.pk},
        )
    return note
