"""Registering an application (申请登记, 条例第二十九条, 第三十一条, 第四十五条)."""

from __future__ import annotations

import dataclasses
import datetime
import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core.audit import audit_log
from gongkai.core.exceptions import ServicePermissionDenied, ServiceValidationError
from gongkai.core.permissions import require_role
from gongkai.foi.choices import (
    ApplicantKind,
    CaseStatus,
    Channel,
    Delivery,
    EventType,
    IdType,
    InformationForm,
)
from gongkai.foi.models import (
    CaseSerial,
    FoiCase,
)
from gongkai.foi.services.common import HANDLER_ROLES, Errors, state, user_or_none
from gongkai.foi.services.events import append_event, recompute_case, store_deadlines
from gongkai.orgs.credit_code import credit_code_error
from gongkai.orgs.models import Organization
from gongkai.publications.serials import serial_take_next

# Unambiguous characters (no 0/O, 1/I/L): the query code is read off a receipt and typed by hand.
QUERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
QUERY_CODE_LENGTH = 8


@dataclass(frozen=True)
class ApplicantData:
    """The applicant as 条例第二十九条第二款第一项 asks: name, identity, contact."""

    kind: str
    name: str
    id_type: str = ""
    id_number: str = ""
    work_unit: str = ""
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


# --- Registration (登记) -------------------------------------------------------------------------------


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


def _clean_applicant(applicant: ApplicantData, errors: Errors) -> ApplicantData:
    """The applicant checked field by field (errors named by field), with numbers normalised."""
    from gongkai.foi import identity

    if applicant.kind not in ApplicantKind.values:
        errors.add("applicant.kind", _("申请人类型：请选择自然人或一种法人或其他组织类型。"))
    if not applicant.name.strip():
        errors.add("applicant.name", _("申请人姓名或名称：必填。"))
    id_type, id_number = applicant.id_type, applicant.id_number.strip()
    if applicant.kind == ApplicantKind.PERSON and id_number:
        id_type = id_type or IdType.RESIDENT_ID
        try:
            id_number = identity.clean_id_document(id_type=id_type, number=id_number)
        except ValidationError as error:
            errors.add("applicant.id_number", _("证件号码：") + _message(error))
    credit_code = identity.normalize_credit_code(applicant.credit_code)
    if applicant.kind != ApplicantKind.PERSON and credit_code:
        problem = credit_code_error(credit_code)
        if problem:
            errors.add("applicant.credit_code", _("统一社会信用代码%(error)s") % {"error": problem})
    phone = applicant.phone.strip()
    if phone:
        try:
            identity.validate_phone(phone)
            phone = identity.normalize_phone(phone)
        except ValidationError as error:
            errors.add("applicant.phone", _("联系电话：") + _message(error))
    _check_contact(applicant, errors)
    return dataclasses.replace(
        applicant, id_type=id_type, id_number=id_number, credit_code=credit_code, phone=phone
    )


def _check_contact(applicant: ApplicantData, errors: Errors) -> None:
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
    errors: Errors,
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


def _check_request(*, description: str, form: str, delivery: str, errors: Errors) -> None:
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
    return f"{org.code.upper()}-{year}-{serial_take_next(CaseSerial, org=org, year=year):05d}"


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
    errors = Errors()
    _check_dates(
        channel=channel, submitted_on=submitted_on, received_on=received_on, today=today, errors=errors
    )
    applicant = _clean_applicant(applicant, errors)
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
            applicant_work_unit=applicant.work_unit.strip(),
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
            created_by=user_or_none(actor),
        )
        case.save()
        append_event(case, EventType.SUBMITTED, submitted_on, {"channel": channel}, actor)
        if received_on is not None and channel != Channel.IN_PERSON:
            append_event(case, EventType.CONFIRM, received_on, {}, actor)
        result = recompute_case(case, today=today)
        store_deadlines(case, result)
        audit_log(
            instance=case,
            action="gongkai.foi.create",
            actor=actor,
            org_code=org.code,
            after=state(case),
            extra={"channel": channel},
        )
    return RegisteredCase(case=case, query_code=query_code)


def foi_case_check_query_code(*, case: FoiCase, query_code: str) -> bool:
    """True when ``query_code`` is the case's (the tracking page's second key); compared in constant time."""
    return bool(query_code) and check_password(query_code.strip().upper(), case.query_code_hash)
